"""Join PDF parts into one file with pypdf: bookmarks, page stamps, form fields, metadata."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, NameObject, TextStringObject

from handouts import __version__, fonts
from handouts.errors import InputFileError
from handouts.pdfin import open_pdf
from handouts.pdfout import DocInfo, compact

# The page stamp sits in the bottom margin, right-aligned: below the handout's footer
# (which starts 30 pt up) and clear of the tracker's grid.
STAMP_RIGHT = 36.0
STAMP_BASELINE = 18.0


@dataclass(frozen=True)
class Piece:
    """One part ready to merge: its PDF, bookmark title, and whether we made it (and stamp it)."""

    title: str
    data: bytes
    pages: int
    own: bool = True
    children: tuple[tuple[str, int], ...] = ()  # nested bookmarks: (title, page within the part)


def read_external(path: Path) -> bytes:
    """Read a PDF made elsewhere, or fail naming the file and what is wrong with it."""
    if not path.exists():
        raise InputFileError(path, "PDF not found (a relative path is read from the spec's folder)")
    if not path.is_file():
        raise InputFileError(path, "is not a file")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputFileError(path, f"cannot read: {e.strerror}") from e
    open_pdf(data, str(path), allow_encrypted=False)
    return data


def stamp_pages(sizes: Sequence[tuple[float, float]], labels: Sequence[str], size: float) -> bytes:
    """One page per stamp, the same size as the page it goes on, with its label at bottom right."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    fonts.check_coverage([("page stamp", label) for label in labels])
    rl_config.invariant = 1
    buf = BytesIO()
    canv = Canvas(buf, invariant=1)
    for (w, h), label in zip(sizes, labels, strict=True):
        canv.setPageSize((w, h))
        canv.setFont(fonts.REGULAR, size)
        canv.drawRightString(w - STAMP_RIGHT, STAMP_BASELINE, label)
        canv.showPage()
    canv.save()
    return buf.getvalue()


def merge(pieces: Sequence[Piece], info: DocInfo, stamps: Sequence[str], stamp_size: float) -> bytes:
    """Join the pieces; stamp our own pages with `stamps` (one label per such page, in order)."""
    writer = PdfWriter()
    starts: list[int] = []
    need_appearances = False
    for piece in pieces:
        starts.append(len(writer.pages))
        reader = PdfReader(BytesIO(piece.data))
        form = reader.root_object.get("/AcroForm")
        if not piece.own and form is not None:
            # A form made elsewhere may rely on the viewer to draw its fields.
            flag = form.get_object().get("/NeedAppearances")
            need_appearances |= isinstance(flag, BooleanObject) and flag.value
        writer.append(reader, import_outline=False)

    own_pages = [writer.pages[s + i] for p, s in zip(pieces, starts, strict=True) if p.own
                 for i in range(p.pages)]
    if own_pages:
        sizes = [(float(pg.mediabox.width), float(pg.mediabox.height)) for pg in own_pages]
        overlay = PdfReader(BytesIO(stamp_pages(sizes, stamps, stamp_size)))
        for page, stamp in zip(own_pages, overlay.pages, strict=True):
            page.merge_page(stamp)
            page.compress_content_streams()  # merging leaves the page's stream uncompressed

    for piece, start in zip(pieces, starts, strict=True):
        parent = writer.add_outline_item(title=piece.title, page_number=start)
        for title, offset in piece.children:
            writer.add_outline_item(title=title, page_number=start + offset, parent=parent)

    form = writer.root_object.get("/AcroForm")
    if form is not None:
        form.get_object()[NameObject("/NeedAppearances")] = BooleanObject(need_appearances)
    writer.add_metadata({
        "/Title": info.title, "/Author": info.author, "/Subject": info.subject,
        "/Creator": f"handouts {__version__}", "/Producer": f"handouts {__version__} (pypdf)",
    })
    writer.root_object[NameObject("/Lang")] = TextStringObject(info.lang)
    writer.page_mode = "/UseOutlines"
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buf = BytesIO()
    writer.write(buf)
    # compact() also gives the file an /ID derived from its content: same parts, same bytes.
    return compact(buf.getvalue())
