"""Flowables for fillable forms: a block of tick boxes and a text field, each printed and fillable."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import PDFObject, PDFObjectReference, PDFString
from reportlab.platypus import Flowable

BORDER = 1.2  # thick enough to survive "fit to page" on a grey-scale printer
FIELD_FONT = "Helvetica"  # AcroForm text accepts only the 14 standard fonts


class _BoxKit:
    """What every check box of one size shares in a document, made once as indirect objects.

    ReportLab's `acroForm.checkbox` builds six appearance streams and three small
    dictionaries per box, then formats each nested object in Python; a tracker has about
    500 boxes. Here the boxes share those dictionaries by reference (which PDF allows) and
    each box is written from one template: the form is several times faster to write.
    """

    def __init__(self, canv: Any, size: float) -> None:
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName

        form = canv.acroForm
        appearances = {}
        for key in "NDR":
            states = {}
            for value in ("Yes", "Off"):
                states[value] = form.getRef(_appearance(form, key, value, size))
            appearances[key] = PDFDictionary(states)
        # The check mark is ZapfDingbats "4", as ReportLab's own check boxes use.
        self.shared = (
            form.getRef(PDFDictionary(appearances)),
            form.getRef(PDFDictionary({"CA": "(4)", "BC": PDFArray((0, 0, 0)),
                                       "BG": PDFArray((1, 1, 1))})),
            form.getRef(PDFDictionary({"W": BORDER, "S": PDFName("S")})),
        )
        self._formatted: tuple[bytes, ...] = ()

    def formatted(self, doc: Any) -> tuple[bytes, ...]:
        """The shared objects' references as bytes (their numbers are set once registered)."""
        if not self._formatted:
            self._formatted = tuple(_Ref(ref.name).format(doc) for ref in self.shared)
        return self._formatted

    @staticmethod
    def get(canv: Any, size: float) -> _BoxKit:
        kits: dict[float, _BoxKit] = canv.__dict__.setdefault("_handouts_boxkits", {})
        if size not in kits:
            kits[size] = _BoxKit(canv, size)
        return kits[size]

    def add(self, canv: Any, name: str, tip: str, x: float, y: float, size: float, page: Any) -> None:
        """One unticked box at (x, y) in page space on `page` (a _Ref): a widget annotation
        and a form field, added as canvas._addAnnotation and acroForm.getRef would."""
        box = _Box(self, name, tip, (x, y, x + size, y + size), page)
        canv._annotationCount += 1
        canv._doc.Reference(box, canv._doc.annotationName(f"NUMBER{canv._annotationCount}"))
        canv._annotationrefs.append(_Ref(box.__InternalName__))
        # The form's own list keeps ReportLab's references: structtree looks fields up by them.
        canv.acroForm.fields.append(PDFObjectReference(box.__InternalName__))


def _appearance(form: Any, key: str, value: str, size: float) -> Any:
    """A new appearance stream (XObject) for one state of a check box of `size` points."""
    from reportlab.pdfbase.acroform import PDFFromString
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFStreamFilterZCompress

    look = PDFDictionary({
        "Resources": PDFFromString("<< /ProcSet [/PDF] >>"),
        "Matrix": PDFArray([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]), "BBox": PDFArray([0, 0, size, size]),
        "Subtype": PDFName("Form"), "Type": PDFName("XObject"), "FormType": 1})
    return PDFStream(look, _appearance_text(key, value, size),
                     [PDFStreamFilterZCompress()] if form.canv._doc.compression else None)


@cache
def _appearance_text(key: str, value: str, size: float) -> str:
    """What ReportLab's acroForm.checkboxAP draws for one state (N, D or R; Yes or Off) of
    a box: the same for every document, so worked out once per process."""
    from reportlab.pdfgen.canvas import Canvas

    canv = Canvas(BytesIO())  # the form holds its canvas weakly: keep it while drawing
    form = canv.acroForm
    colour, border, fill = form.varyColors(key, colors.black, colors.black, colors.white)
    made = form.checkboxAP(key, value, buttonStyle="check", shape="square", fillColor=fill,
                           borderColor=border, textColor=colour, borderWidth=BORDER,
                           borderStyle="solid", size=size, dashLen=3)
    text: str = made.content
    return text


class _Ref(PDFObjectReference):  # type: ignore[misc]
    """A reference that formats itself straight to bytes: a tracker has thousands of them
    (each box in its page's /Annots), and ReportLab's own passes each through a text codec."""

    def format(self, doc: Any) -> bytes:
        return b"%d %d R" % doc.idToObjectNumberAndVersion[self.name]


class _Box(PDFObject):  # type: ignore[misc]
    """One check box's widget dictionary, formatted in one step when ReportLab saves."""

    TEMPLATE = (b"<< /Type /Annot /Subtype /Widget /FT /Btn /T %s /TU %s /Rect [ %s ] /F 4 /H /N "
                b"/V /Off /AS /Off /AP %s /MK %s /BS %s /P %s >>")

    def __init__(self, kit: _BoxKit, name: str, tip: str, rect: tuple[float, ...], page: Any) -> None:
        self.kit, self.name, self.tip, self.rect, self.page = kit, name, tip, rect, page
        self.struct_parent: int | None = None  # its key in a tagged PDF's ParentTree

    def format(self, doc: Any) -> bytes:
        ap, mk, bs = self.kit.formatted(doc)
        out: bytes = self.TEMPLATE % (_string(self.name, doc), _string(self.tip, doc),
                                      fp_str(*self.rect).encode(), ap, mk, bs, self.page.format(doc))
        if self.struct_parent is not None:
            out = out[:-2] + b"/StructParent %d >>" % self.struct_parent
        return out


_PLAIN = frozenset(map(chr, range(32, 127))) - set("()\\")


def _string(text: str, doc: Any) -> bytes:
    """`text` as a PDF string, as ReportLab writes it: plain printable ASCII as it stands
    (a tracker has a thousand names and tooltips), anything else through PDFString."""
    if _PLAIN.issuperset(text):
        return b"(" + text.encode("ascii") + b")"
    out: bytes = PDFString(text).format(doc)
    return out


class BoxGrid(Flowable):  # type: ignore[misc]
    """Lines of check boxes, centred; each box is printed and is an AcroForm check box.

    `printed` False leaves the squares to be printed by what holds the grid (see squares).
    """

    printed = True

    def __init__(self, lines: Sequence[Sequence[tuple[str, str]]], size: float, gap: float) -> None:
        super().__init__()
        self.lines, self.size, self.gap = lines, size, gap  # lines of (name, tooltip)

    def _span(self, n: int) -> float:
        return n * self.size + max(n - 1, 0) * self.gap

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = self._span(max((len(line) for line in self.lines), default=0))
        self.height = self._span(len(self.lines))
        return self.width, self.height

    def squares(self, dx: float = 0.0, dy: float = 0.0) -> list[str]:
        """The printed squares as path operators, the grid's lower left at (dx, dy)."""
        inset, side = BORDER / 2, self.size - BORDER
        out = []
        for row, line in enumerate(self.lines):
            y = self.height - self.size - row * (self.size + self.gap) + dy
            x0 = (self.width - self._span(len(line))) / 2 + dx
            out += [fp_str(x0 + i * (self.size + self.gap) + inset, y + inset, side, side) + " re"
                    for i in range(len(line))]
        return out

    def draw(self) -> None:
        self._add(self.canv, self.canv._currentMatrix)
        if self.printed:
            print_squares(self.canv, self.squares())

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        if self.printed:
            super().drawOn(canv, x, y, _sW)
            return
        # Nothing to print: the boxes are placed without moving the canvas (and writing
        # an empty q, cm, Q), at the page position a move to (x, y) would give them.
        a, b, c, d, _, _ = canv._currentMatrix
        self._add(canv, (a, b, c, d, *canv.absolutePosition(self._hAlignAdjust(x, _sW), y)))

    def _add(self, canv: Any, matrix: Sequence[float]) -> None:
        """Add the boxes' fields, the grid's lower left placed by `matrix` (page space)."""
        kit = _BoxKit.get(canv, self.size)
        a, b, c, d, e, f = matrix
        page = _Ref(canv._doc.thisPageName())
        for row, line in enumerate(self.lines):
            y = self.height - self.size - row * (self.size + self.gap)
            x0 = (self.width - self._span(len(line))) / 2
            for i, (name, tip) in enumerate(line):
                x = x0 + i * (self.size + self.gap)
                kit.add(canv, name, tip, a * x + c * y + e, b * x + d * y + f, self.size, page)


def print_squares(canv: Any, squares: Sequence[str]) -> None:
    """Print check boxes' squares (BoxGrid.squares) so they show on paper without forms:
    one path of them all, filled and stroked once (they never overlap)."""
    from reportlab.pdfgen.canvas import PATH_OPS

    canv.saveState()
    canv.setLineWidth(BORDER)
    canv.setStrokeColor(colors.black)
    canv.setFillColor(colors.white)
    canv._code.append("n " + "\n".join(squares) + " " + PATH_OPS[1, 1, canv._fillMode])
    canv.restoreState()


class TextBox(Flowable):  # type: ignore[misc]
    """An AcroForm text field of a fixed size, with a printed border or inside a table's grid.

    `printed` False leaves its border to be printed by what holds the field (see print_border).
    """

    printed = True

    def __init__(self, name: str, tooltip: str, width: float, height: float, font_size: float,
                 multiline: bool = False, border: bool = True, value: str = "",
                 hidden: bool = False) -> None:
        super().__init__()
        self.name, self.tooltip, self.value = name, tooltip, value
        self.box_w, self.box_h, self.font_size = width, height, font_size
        self.multiline, self.border, self.hidden = multiline, border, hidden

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return (0.0, 0.0) if self.hidden else (self.box_w, self.box_h)

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        if self.printed or self.hidden or self.value:
            super().drawOn(canv, x, y, _sW)
            return
        # Nothing to print: placed without moving the canvas (an empty q, cm, Q).
        px, py = canv.absolutePosition(self._hAlignAdjust(x, _sW), y)
        _TextKit.get(canv, self).add(canv, self.name, self.tooltip, px, py, printed=False)

    def draw(self) -> None:
        if not (self.hidden or self.value):
            x, y = self.canv.absolutePosition(0, 0)
            _TextKit.get(self.canv, self).add(self.canv, self.name, self.tooltip, x, y, self.printed)
            return
        flags = "readOnly" if self.hidden else ("multiline doNotSpellCheck" if self.multiline else "")
        self.canv.acroForm.textfield(
            name=self.name, tooltip=self.tooltip, value=self.value, x=0, y=0, width=self.box_w,
            height=self.box_h, relative=True, fontName=FIELD_FONT, fontSize=self.font_size,
            textColor=colors.black, fillColor=colors.white if self.border else None,
            borderColor=colors.black, borderWidth=BORDER if self.border else 0,
            forceBorder=self.border, maxlen=0, fieldFlags=flags,
            annotationFlags="hidden" if self.hidden else "print",
        )


    def print_border(self, canv: Any, x: float, y: float) -> None:
        """Print the field's border (if it has one) with its lower left at (x, y) on `canv`,
        as the field itself prints it (ReportLab's acroForm.checkForceBorder)."""
        if not self.border or self.hidden:
            return
        half = BORDER / 2
        canv.saveState()
        canv.setLineWidth(BORDER)
        canv.setStrokeColor(colors.black)
        canv.setFillColor(colors.white)
        canv.rect(x + half, y + half, self.box_w - BORDER, self.box_h - BORDER, stroke=1, fill=1)
        canv.restoreState()


class _TextKit:
    """What every empty text field of one size and kind shares in a document.

    ReportLab's `acroForm.textfield` builds a font object, an appearance stream and four
    small dictionaries per field and formats each in Python; a tracker has 16 text fields
    a week. Here fields of one size share the font and the small dictionaries by reference
    (as check boxes do, see _BoxKit) and each is written from one template: the same keys
    and values ReportLab writes, the printed border drawn the same way. The appearance
    stream is made once too but written once per field: a tool that fills a field by
    rewriting its appearance in place (pypdf does) would otherwise print one day's pain
    score in every day's box.
    """

    TEMPLATE = (b"<< /AP << /N %s >> /BS %s /DA %s /DV () /F 4 /FT /Tx /Ff %d /MK %s /P %s "
                b"/Rect [ %s ] /Subtype /Widget /T %s /TU %s /Type /Annot /V () >>")

    def __init__(self, canv: Any, box: TextBox) -> None:
        from reportlab.pdfbase.acroform import bsPDF, fieldFlagValues, makeFlags
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary

        form = canv.acroForm
        self.w, self.h = box.box_w, box.box_h
        self.width = BORDER if box.border else 0
        self.fill = colors.white if box.border else None
        ref, font = form.makeFont(FIELD_FONT)
        text, border, fill = form.varyColors("N", colors.black, colors.black, self.fill)
        ap = form.txAP("N", "", font, f"<</{font} {ref}>>", box.font_size, fillColor=fill,
                       borderColor=border, textColor=text, borderWidth=self.width,
                       borderStyle="solid", width=self.w, height=self.h, dashLen=3)
        self.look = ap  # copied for each field (see add), its resources shared by reference
        self.resources = canv._doc.Reference(ap.dictionary.dict["Resources"])
        look: dict[str, Any] = {}
        if self.fill is not None:
            look["BG"] = PDFArray(form.colorTuple(self.fill))
        if self.width:
            look["BC"] = PDFArray(form.colorTuple(colors.black))
        self.shared = (form.getRef(bsPDF(self.width, "solid", 3)) if self.width else None,
                       PDFString(f"/{font} {int(box.font_size)} Tf {form.streamFillColor(text)}"),
                       form.getRef(PDFDictionary(look)) if look else None)
        self.flags = makeFlags("multiline doNotSpellCheck" if box.multiline else "", fieldFlagValues)

    @staticmethod
    def get(canv: Any, box: TextBox) -> _TextKit:
        kits: dict[tuple[Any, ...], _TextKit] = canv.__dict__.setdefault("_handouts_textkits", {})
        key = (box.box_w, box.box_h, box.font_size, box.multiline, box.border)
        if key not in kits:
            kits[key] = _TextKit(canv, box)
        return kits[key]

    def add(self, canv: Any, name: str, tip: str, x: float, y: float, printed: bool = True) -> None:
        """One empty field at (x, y) in page space, with its border printed on the page
        unless `printed` is False."""
        from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFStream

        form = canv.acroForm
        # /Matrix (identity) and /FormType (1) are the defaults: left out of every copy.
        keys = {k: v for k, v in self.look.dictionary.dict.items() if k not in ("Matrix", "FormType")}
        keys["Resources"] = self.resources
        look = PDFStream(PDFDictionary(keys), self.look.content, self.look.filters)
        field = _Field(self, name, tip, (x, y, x + self.w, y + self.h), canv._doc.thisPageRef(),
                       canv._doc.Reference(look))
        canv._addAnnotation(field)
        form.fields.append(form.getRef(field))
        if printed:
            form.checkForceBorder(x, y, self.w, self.h, bool(self.width), "square", "solid",
                                  self.width, colors.black, self.fill)


class _Field(PDFObject):  # type: ignore[misc]
    """One text field's widget dictionary, formatted in one step when ReportLab saves."""

    def __init__(self, kit: _TextKit, name: str, tip: str, rect: tuple[float, ...], page: Any,
                 look: Any) -> None:
        self.kit, self.name, self.tip, self.rect, self.page = kit, name, tip, rect, page
        self.look = look  # a reference to this field's own appearance stream
        self.struct_parent: int | None = None  # its key in a tagged PDF's ParentTree

    def format(self, doc: Any) -> bytes:
        bs, da, mk = self.kit.shared
        text = _TextKit.TEMPLATE % (
            self.look.format(doc), bs.format(doc) if bs is not None else b"null", da.format(doc),
            self.kit.flags, mk.format(doc) if mk is not None else b"null", self.page.format(doc),
            fp_str(*self.rect).encode(), _string(self.name, doc), _string(self.tip, doc))
        text = text.replace(b" /BS null", b"").replace(b" /MK null", b"")
        if self.struct_parent is not None:
            text = text[:-2] + b"/StructParent %d >>" % self.struct_parent
        return text
