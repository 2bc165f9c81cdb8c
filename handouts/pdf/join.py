"""Join PDF parts into one file: bookmarks, page stamps, form fields, metadata.

The join is done by qpdf (through pikepdf), which copies a part's objects without parsing
them in Python: a four-week tracker has about 500 form fields, and pypdf took 300 ms to
clone them against qpdf's 40 ms. pypdf still checks outside PDFs and reads filled forms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts import __version__
from handouts.errors import InputFileError
from handouts.layout import fonts
from handouts.layout.slots import SlotMark, draw_fill
from handouts.pdf.memory import open_bytes
from handouts.pdf.read import open_pdf
from handouts.pdf.structmerge import TreeMerger
from handouts.pdf.write import DocInfo, save_packed, seed_and_close

if TYPE_CHECKING:
    from handouts.context import Caches

# The page stamp sits at the bottom right, its lowest ink (a 'g') 0.4 in above the edge, where
# every common printer still prints: right of the handout's one-line footer, below the room a
# tracker in a packet leaves (packet.STAMP_ROOM), below the flowing pages' footer space.
MIN_EDGE = 0.4 * 72
STAMP_RIGHT = 36.0
STAMP_BASELINE = MIN_EDGE + 4.0


@dataclass(frozen=True)
class Piece:
    """One part ready to merge: its PDF, bookmark title, and whether we made it (and stamp it)."""

    title: str
    data: bytes
    pages: int
    own: bool = True
    children: tuple[tuple[str, int], ...] = ()  # nested bookmarks: (title, page within the part)
    marks: tuple[SlotMark, ...] = ()  # placeholders for the patient's details (see slots.py)
    # (old, new): form fields named "<old>_..." are renamed "<new>_..." as the part is joined,
    # so each patient's tracker has its own names even when staff join many packets. A sheet
    # laid out for this patient already has them: (new, new), nothing to rename.
    rename: tuple[str, str] | None = None


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


@dataclass(frozen=True)
class Fill:
    """One placeholder to fill: the page it is on (in the packet), that page's size, the text."""

    page: int
    size: tuple[float, float]
    mark: SlotMark
    text: str


def stamp_pages(sizes: Sequence[tuple[float, float]], labels: Sequence[str], size: float,
                fills: Sequence[Fill] = ()) -> bytes:
    """One page per stamp, the same size as the page it goes on, with its label at bottom right;
    then one page per fill, with its text where its placeholder is."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    fonts.check_coverage([("page stamp", label) for label in labels])
    fonts.check_coverage([(f.mark.key, f.text) for f in fills])
    rl_config.invariant = 1
    buf = BytesIO()
    canv = Canvas(buf, invariant=1)
    fonts.register()
    seed_and_close(canv._doc)  # the same subset as the parts, so the packet keeps one copy
    for (w, h), label in zip(sizes, labels, strict=True):
        canv.setPageSize((w, h))
        canv.setFont(fonts.REGULAR, size)
        canv.drawRightString(w - STAMP_RIGHT, STAMP_BASELINE, label)
        canv.showPage()
    for fill in fills:
        canv.setPageSize(fill.size)
        draw_fill(canv, fill.mark, fill.text)
        canv.showPage()
    canv.save()
    return buf.getvalue()


def _base(pieces: Sequence[Piece]) -> int | None:
    """The part the packet is opened from rather than copied into: our largest part (a
    tracker's thousands of objects), when only our own parts come before it (qpdf can put
    copied pages before a page, but an outside PDF's pages only after the last)."""
    best: int | None = None
    for i, piece in enumerate(pieces):
        if not piece.own:
            break
        if best is None or len(piece.data) > len(pieces[best].data):
            best = i
    return best


def _adopt(pdf: Any) -> tuple[Any, Any]:
    """Empty the catalog of the part `pdf` was opened from, down to its pages, as a new
    packet's is; return its structure tree root and its form (either may be None)."""
    root = pdf.Root
    tree, form = root.get("/StructTreeRoot"), root.get("/AcroForm")
    for key in list(root.keys()):
        if key not in ("/Type", "/Pages"):
            del root[key]
    return tree, form


def _append_own(pdf: Any, src: Any, at: int, rename: tuple[str, str] | None = None) -> int:
    """Copy a part we made into `pdf` at page index `at`, list its form fields in the
    packet's form (see _list_fields), and return its page count.

    pikepdf's add_pages_from (used for outside PDFs) also untangles field hierarchies and
    renames clashing fields, which for a tracker's 500 boxes takes longer than the copy.
    Our parts need none of that: every field is a top-level widget whose name is unique by
    construction (each tracker of a packet has its own prefix).
    """
    count = len(src.pages)
    for i, page in enumerate(src.pages):
        pdf.pages.insert(at + i, page)
    _list_fields(pdf, src.Root.get("/AcroForm"), at, count, rename, copied=True)
    return count


def _list_fields(pdf: Any, form: Any, at: int, count: int, rename: tuple[str, str] | None,
                 copied: bool) -> None:
    """List the form fields on pages `at` to `at + count` in the packet's /AcroForm, in page
    order, renamed from "<old>_..." to "<new>_..." by `rename`, with the part's default
    appearance and fonts (`form`, the part's /AcroForm; None: the part has no fields).
    `copied`: whether the part was copied in (its fonts then are copied too).
    """
    import pikepdf

    if form is None:
        return
    if "/AcroForm" not in pdf.Root:
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array()))
    acro = pdf.Root.AcroForm
    if "/DA" in form and "/DA" not in acro:
        acro.DA = form.DA
    theirs = form.get("/DR", {}).get("/Font", {})
    if theirs:
        if "/DR" not in acro:
            acro.DR = pikepdf.Dictionary()
        if "/Font" not in acro.DR:
            acro.DR.Font = pikepdf.Dictionary()
        for name, font in theirs.items():
            if name not in acro.DR.Font:
                acro.DR.Font[name] = pdf.copy_foreign(font) if copied else font
    if "/Fields" not in acro:
        acro.Fields = pikepdf.Array()
    fields = []
    old, new = (f"{rename[0]}_", f"{rename[1]}_") if rename and rename[0] != rename[1] else ("", "")
    cut = len(old)
    for page in pdf.pages[at:at + count]:
        for annot in page.obj.get("/Annots", ()):
            if "/FT" in annot:
                if old:
                    name = str(annot.get("/T", ""))
                    if name.startswith(old):
                        annot.T = new + name[cut:]  # a str is set as a PDF string
                fields.append(annot)
    acro.Fields.extend(fields)


def _stamp(pdf: Any, page: Any, stamp: Any) -> None:
    """Draw a stamp page over a page of the same size, as a form XObject with a fixed name.

    (pikepdf's add_overlay names the XObject at random, and the same input must give the
    same bytes.) The page's own drawing is wrapped in q/Q so its state cannot move the stamp,
    and the stamp is marked as an artifact.
    """
    import pikepdf

    xobject = pdf.copy_foreign(stamp.as_form_xobject())
    name = page.add_resource(xobject, pikepdf.Name.XObject, pikepdf.Name("/HandoutsStamp"))
    page.contents_add(b"q\n", prepend=True)
    # The page number is pagination: an artifact, outside the page's structure.
    page.contents_add(b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq\n" + bytes(name)
                      + b" Do\nQ\nEMC\n")


def _size(page: Any) -> tuple[float, float]:
    box = page.mediabox
    return float(box[2] - box[0]), float(box[3] - box[1])


def _fill(pdf: Any, page: Any, mark: SlotMark, drawn: Any) -> None:
    """Put the page `drawn` (the text alone) in place of the placeholder XObject of `mark`."""
    import pikepdf

    name = pikepdf.Name("/FormXob." + mark.form)
    xobjects = page.obj.Resources.XObject
    if name not in xobjects:
        raise AssertionError(f"no placeholder {mark.form} on its page")
    xobjects[name] = pdf.copy_foreign(drawn.as_form_xobject())


def _opened(data: bytes, caches: Caches | None) -> Any:
    """Our own part parsed, once while it is among the last few joined (it is never written to).

    A batch joins packet after packet from the same few sheets (it sorts rows by plan), and
    qpdf copies pages and a structure tree from a parsed file about three times as fast as
    from bytes. The bytes are kept in the value so their id() cannot be reused while the
    entry lives.
    """
    if caches is None:
        return open_bytes(data)
    return caches.opened.get(id(data), lambda: (data, open_bytes(data)))[1]


def merge(pieces: Sequence[Piece], info: DocInfo, stamps: Sequence[str], stamp_size: float,
          details: Mapping[str, str] | None = None, caches: Caches | None = None) -> bytes:
    """Join the pieces; stamp our own pages with `stamps` (one label per such page, in order).

    `details` fills the pieces' placeholders (patient, clinician, date) with their text.
    `caches` keeps our own parts parsed between joins (see `_opened`).

    The packet is our largest part (see _base) opened afresh, with the other parts copied
    in around it: a tracker's thousands of objects are read once and never copied, and its
    structure keys stay as they are. The bytes depend on the parts alone: qpdf numbers the
    objects as it writes them, in the order they are reached from the catalog.
    """
    import pikepdf

    details = details or {}
    base = _base(pieces)
    out = open_bytes(pieces[base].data) if base is not None else pikepdf.Pdf.new()
    base_tree, base_form = _adopt(out) if base is not None else (None, None)
    base_pages = len(out.pages)
    sources = []  # kept open until saved: copied pages still read their streams from them
    held = []  # our own parts, kept open by _opened; held here until saved for the same reason
    starts: list[int] = []
    need_appearances = False
    trees = TreeMerger(out, base_tree)
    try:
        at = 0
        for i, piece in enumerate(pieces):
            starts.append(at)
            if i == base:
                _list_fields(out, base_form, at, base_pages, piece.rename, copied=False)
                trees.add_base()
                at += base_pages
                continue
            if piece.own:
                src = _opened(piece.data, caches)
                held.append(src)
                count = _append_own(out, src, at, rename=piece.rename)
            else:
                src = pikepdf.open(BytesIO(piece.data))
                sources.append(src)
                form = src.Root.get("/AcroForm")
                if form is not None:
                    # A form made elsewhere may rely on the viewer to draw its fields.
                    need_appearances |= bool(form.get("/NeedAppearances", False))
                out.add_pages_from(src, outlines="ignore")  # at the end: see _base
                count = len(out.pages) - at
            trees.add(src, at, count)
            at += count

        own_pages = [out.pages[s + i] for p, s in zip(pieces, starts, strict=True) if p.own
                     for i in range(p.pages)]
        fills = [Fill(start + m.page - 1, _size(out.pages[start + m.page - 1]), m, details[m.key])
                 for p, start in zip(pieces, starts, strict=True) for m in p.marks
                 if details.get(m.key)]
        if own_pages or fills:
            sizes = [_size(pg) for pg in own_pages]
            overlay = open_bytes(stamp_pages(sizes, stamps, stamp_size, fills))
            sources.append(overlay)
            for page, stamp in zip(own_pages, overlay.pages[:len(own_pages)], strict=True):
                _stamp(out, page, stamp)
            for fill, drawn in zip(fills, overlay.pages[len(own_pages):], strict=True):
                _fill(out, out.pages[fill.page], fill.mark, drawn)

        with out.open_outline() as outline:
            for piece, start in zip(pieces, starts, strict=True):
                item = pikepdf.OutlineItem(piece.title, start)
                item.children += [pikepdf.OutlineItem(title, start + offset)
                                  for title, offset in piece.children]
                outline.root.append(item)

        form = out.Root.get("/AcroForm")
        if form is not None:
            form.NeedAppearances = need_appearances
        out.docinfo = out.make_indirect(pikepdf.Dictionary({
            "/Title": info.title, "/Author": info.author, "/Subject": info.subject,
            "/Creator": f"handouts {__version__}", "/Producer": f"handouts {__version__} (qpdf)",
        }))
        out.Root.Lang = pikepdf.String(info.lang)
        trees.finish(info.lang)
        out.Root.PageMode = pikepdf.Name.UseOutlines
        return save_packed(out)
    finally:
        for src in sources:
            src.close()
        out.close()
