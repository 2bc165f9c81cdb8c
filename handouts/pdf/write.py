"""Turn a story into PDF bytes (deterministic, with metadata) and write files atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from handouts import __version__
from handouts.errors import InputFileError, LayoutError
from handouts.layout import fonts


@dataclass(frozen=True)
class DocInfo:
    """PDF metadata for one document."""

    title: str
    author: str
    subject: str
    lang: str = "en"


def render(
    story: Sequence[Any],
    info: DocInfo,
    pagesize: tuple[float, float],
    margins: tuple[float, float, float, float],
    on_page: Callable[[Any, Any], None] | None = None,
    packed: bool = False,
) -> tuple[bytes, int]:
    """Lay the story out into a tagged PDF; return its bytes and the number of pages used.

    Every flowable is tagged by its role (see layout/tagging.py) and the structure tree is
    written with the file (pdf/structtree.py). `on_page` draws on each page after its
    content, as an artifact unless what it draws is tagged. `packed` puts the objects in
    object streams (smaller, slower to write: for form-heavy pages, see `compact`).
    """
    from reportlab import rl_config
    from reportlab.platypus import Frame, PageTemplate

    from handouts.layout.tagging import canvas_maker, tag_story
    from handouts.pdf.tags import Tags

    fonts.register()
    tags = Tags()
    tag_story(story)
    rl_config.invariant = 1  # no timestamps or random ids: same input, same bytes
    rl_config.useA85 = 0  # binary streams: ASCII85 would add a quarter to every page
    buf = BytesIO()
    left, right, top, bottom = margins
    doc = _guarded_doc_class()(
        buf, pagesize=pagesize, leftMargin=left, rightMargin=right, topMargin=top,
        bottomMargin=bottom, title=info.title, author=info.author, subject=info.subject,
        creator=f"handouts {__version__}", producer=f"handouts {__version__}", lang=info.lang,
        invariant=1, initialFontName=fonts.REGULAR,
    )
    # No frame padding: the layout code measures against exactly the width and height it is given.
    frame = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    hook = on_page or _no_hook

    def end_page(canv: Any, doc: Any) -> None:
        hook(canv, doc)
        tags.end_page(canv)

    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_begin_page, onPageEnd=end_page)])
    doc.build_guarded(list(story), info.title, canvasmaker=canvas_maker(tags))
    data = buf.getvalue()
    return (compact(data) if packed else data), doc.page


@cache
def _guarded_doc_class() -> Any:
    from reportlab.platypus import BaseDocTemplate
    from reportlab.platypus.doctemplate import LayoutError as RLLayoutError

    class GuardedDoc(BaseDocTemplate):  # type: ignore[misc]
        """A doc template that turns ReportLab's LayoutError into ours, naming what overflowed.

        Flowables that carry a `where` attribute (a stretch and its file:line) are remembered
        as they are placed, so the message can say which one did not fit.
        """

        where: str | None = None

        def handle_flowable(self, flowables: list[Any]) -> None:
            if flowables and getattr(flowables[0], "where", None):
                self.where = flowables[0].where
            super().handle_flowable(flowables)

        def build_guarded(self, story: list[Any], title: str, **kwargs: Any) -> None:
            try:
                self.build(story, **kwargs)
            except RLLayoutError as e:
                what = self.where or f"a part of '{title}'"
                raise LayoutError(f"{what} is too long to fit on one page; shorten it "
                                  "or split it in two") from e

    return GuardedDoc


def compact(data: bytes) -> bytes:
    """Pack a PDF's objects into compressed object streams (qpdf, through pikepdf).

    Forms with hundreds of fields are mostly small dictionaries that ReportLab writes as
    plain text; packed, a four-week tracker shrinks to about a quarter. Read from memory
    (pdf/memory.py): a third less time than through a BytesIO, the same bytes.
    """
    from handouts.pdf.memory import open_bytes

    with open_bytes(data) as pdf:
        return save_packed(pdf)


def save_packed(pdf: Any) -> bytes:
    """Save a pikepdf document small and reproducibly: object streams, one copy of each
    font that several parts embed alike (see `share_alike`).

    The file /ID is derived from the content: same input, same bytes.
    """
    import pikepdf

    share_alike(pdf)
    out = BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             compress_streams=True, recompress_flate=False, deterministic_id=True)
    return out.getvalue()


def share_alike(pdf: Any) -> None:
    """Point every use of identical fonts at one object: font file, descriptor, ToUnicode
    map and font dictionary.

    Parts built separately embed the same font subset (see fonts.SEED), each with its own
    dictionary, descriptor and ToUnicode map; kept once, a packet loses 2 to 3 KB a part.
    Page-content streams are not shared, though a packet wraps every page in the same two
    (join._stamp): pypdf copies a shared stream once per page when it fills the form, and
    warns that the file has more objects than it says.
    """
    import pikepdf

    same: dict[tuple[Any, ...], Any] = {}

    def one(obj: Any) -> Any:
        if isinstance(obj, pikepdf.Stream):
            head = tuple(sorted((str(k), repr(v)) for k, v in obj.items() if k != "/Length"))
            key: tuple[Any, ...] = ("stream", head, obj.read_raw_bytes())
        else:
            key = ("dict", obj.unparse(resolved=True))
        return same.setdefault(key, obj)

    for font in _fonts(pdf):
        for part in (font, *font.get("/DescendantFonts", ())):
            descriptor = part.get("/FontDescriptor")
            if descriptor is not None and descriptor.is_indirect:
                file = descriptor.get("/FontFile2")
                if file is not None:
                    descriptor.FontFile2 = one(file)
                part.FontDescriptor = one(descriptor)
        if font.get("/ToUnicode") is not None:
            font.ToUnicode = one(font.ToUnicode)
        if "/Name" in font:  # the part's own resource name (F1, F2+0): optional since PDF 1.1
            del font.Name
    for res in _resources(pdf):
        fonts = res.get("/Font")
        if fonts is not None:
            for name in list(fonts.keys()):
                if fonts[name].is_indirect:
                    fonts[name] = one(fonts[name])


def _resources(pdf: Any) -> list[Any]:
    """The resource dictionaries of the pages and of the form XObjects they draw (figures,
    stamps, filled placeholders), each once, in the order first met.

    Walking the pages' resources reads a few dozen objects; walking `pdf.objects` made a
    Python object of each of a packet's thousands (a tracker's boxes and structure).
    """
    found: list[Any] = []
    seen: set[tuple[int, int]] = set()

    def walk(res: Any) -> None:
        if res is None:
            return
        if res.is_indirect:
            if res.objgen in seen:
                return
            seen.add(res.objgen)
        found.append(res)
        for xobject in res.get("/XObject", {}).values():
            if xobject.objgen in seen or xobject.get("/Subtype") != "/Form":
                continue
            seen.add(xobject.objgen)
            walk(xobject.get("/Resources"))

    for page in pdf.pages:
        walk(page.obj.get("/Resources"))
    return found


def _fonts(pdf: Any) -> list[Any]:
    """The indirect font dictionaries the pages use, each once, in object-number order."""
    found: dict[tuple[int, int], Any] = {}
    for res in _resources(pdf):
        for font in res.get("/Font", {}).values():
            if font.is_indirect:
                found.setdefault(font.objgen, font)
    return [found[k] for k in sorted(found)]


def seed_and_close(pdf_doc: Any) -> None:
    """Seed each face's first subset (fonts.seed_subsets) in a ReportLab PDFDocument, and
    close that subset: a letter outside the seed (the 'ı' of Yılmaz) then goes into a
    second, small subset, and the first stays the same font file in every part of a
    packet, stored once (it would otherwise be a second 17 KB copy of the face)."""
    from reportlab.pdfbase import pdfmetrics

    fonts.seed_subsets(pdf_doc)
    for name in (fonts.REGULAR, fonts.BOLD):
        state = pdfmetrics.getFont(name).state[pdf_doc]
        state.nextCode = max(state.nextCode, 256)


def _begin_page(canv: Any, doc: Any) -> None:
    if doc.page == 1:
        seed_and_close(canv._doc)
    canv.handouts_tags.begin_page(canv)


def _no_hook(canv: Any, doc: Any) -> None:
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, then rename: never a half-written file.
    A link is followed: the file it names is replaced, not the link.

    Raises InputFileError when `path` is a folder, a device or a pipe (or a link to one, as
    /dev/stdout is), or cannot be written.
    """
    given = path
    if path.is_symlink():
        path = path.resolve()
    if path.is_dir():
        raise InputFileError(given, "is a folder; give a file name ending in .pdf")
    if (path.exists() and not path.is_file()) or path.parts[1:2] in (("dev",), ("proc",)):
        # Renaming over a device or a pipe (/dev/full, /dev/stdout) would replace it.
        raise InputFileError(given, "is a device or a pipe, not a file; give a file name "
                                   "ending in .pdf (-o - prints the PDF to standard output)")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise InputFileError(folder, f"cannot write here: {e.strerror}") from e
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise InputFileError(path, f"cannot write: {e.strerror}") from e
        raise
