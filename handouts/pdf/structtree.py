"""Write a drawn document's structure tree into the PDF as ReportLab saves it.

Called just before the canvas is saved, with the `Tags` collected while it was drawn
(see tags.py). Adds /MarkInfo /Marked true, a /StructTreeRoot whose /ParentTree maps each
page's MCIDs and each form widget back to its element, /StructParents on every page,
/StructParent on every widget, /Tabs /S on pages with fields, and /ViewerPreferences
/DisplayDocTitle true (/Lang is set by ReportLab from the document's language).

The elements are ReportLab PDF objects that format themselves to bytes when the file is
written: a four-week tracker has a thousand of them, and building them as pikepdf objects
after the save took longer than laying the tracker out.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFName, PDFObject, PDFObjectReference, PDFPage, PDFString

from handouts.pdf.tags import Elem, Kid, Mark, Tags, Widget

# A run of list items in one parent is one list: the layout only says what each item is.
_ITEM = "LI"


class _Node(PDFObject):  # type: ignore[misc]
    """One structure element, written as `<< /S /P /P 12 0 R /Pg 3 0 R /K [...] >>`."""

    def __init__(self, role: str, parent: PDFObject, elem: Elem | None = None) -> None:
        self.role, self.parent, self.elem = role, parent, elem
        self.page: PDFObjectReference | None = None
        self.kids: list[Any] = []  # an int MCID, a _Node, or a function of the document

    def format(self, doc: Any) -> bytes:
        out = [b"<< /S /", self.role.encode(), b" /P ", _ref(self.parent, doc)]
        if self.page is not None:
            out += [b" /Pg ", _ref(self.page, doc)]
        e = self.elem
        if e is not None and e.alt:
            out += [b" /Alt ", PDFString(e.alt).format(doc)]
        if e is not None and e.scope:
            out.append(b" /A << /O /Table /Scope /" + e.scope.encode() + b" >>")
        if e is not None and e.bbox:
            box = " ".join(f"{v:.2f}" for v in e.bbox).encode()
            out.append(b" /A << /O /Layout /BBox [" + box + b"] >>")
        kids = [_kid(k, doc) for k in self.kids]
        out += [b" /K ", kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]", b" >>"]
        return b"".join(out)


def _ref(obj: Any, doc: Any) -> bytes:
    """`n 0 R` for an object, registering it with the document the first time."""
    name = getattr(obj, "__InternalName__", None)
    if name is None or isinstance(obj, PDFObjectReference):
        name = doc.Reference(obj).name
    return b"%d %d R" % doc.idToObjectNumberAndVersion[name]


def _kid(k: Any, doc: Any) -> bytes:
    if isinstance(k, int):
        return b"%d" % k
    if isinstance(k, PDFObject):
        return _ref(k, doc)
    raw: bytes = k(doc)
    return raw


class _Raw(PDFObject):  # type: ignore[misc]
    """An object written by a function of the document (so references resolve at write time)."""

    def __init__(self, write: Any) -> None:
        self.write = write

    def format(self, doc: Any) -> bytes:
        raw: bytes = self.write(doc)
        return raw


def _grouped(kids: list[Kid]) -> list[Kid | list[Elem]]:
    """The kids with each run of list items gathered into one list (a Python list)."""
    out: list[Kid | list[Elem]] = []
    for kid in kids:
        if isinstance(kid, Elem) and kid.role == _ITEM:
            last = out[-1] if out else None
            if isinstance(last, list):
                last.append(kid)
                continue
            out.append([kid])
        else:
            out.append(kid)
    return out


class _Writer:
    def __init__(self, canv: Any, tags: Tags) -> None:
        self.tags = tags
        self.pages = [PDFObjectReference(f"Page{i}") for i in range(1, len(tags.pages) + 1)]
        self.by_mcid: list[list[_Node | None]] = [[None] * len(marks) for marks in tags.pages]
        self.widgets: list[_Node] = []  # by StructParent key, after the pages' keys
        self.fields: dict[str, Any] = {}  # field name -> its widget (a ReportLab object)
        form = getattr(canv, "AcroForm", None)
        for ref in form.fields if form is not None else ():
            obj = canv._doc.idToObject[ref.name]
            name = obj.name if hasattr(obj, "name") else obj.dict["T"].s
            self.fields[name] = (ref, obj)
        self.live: dict[Elem, bool] = {}

    def is_live(self, elem: Elem) -> bool:
        """Whether an element holds anything: marked content, a widget, or a kid that does."""
        if elem not in self.live:
            self.live[elem] = any(not isinstance(k, Elem) or self.is_live(k)
                                  for k in self.tags.kids.get(elem, ()))
        return self.live[elem]

    def build(self, elem: Elem, parent: PDFObject) -> _Node:
        """The node for `elem` and, depth first, all its kids."""
        node = _Node(elem.role, parent, elem)
        kids = self.tags.kids[elem]
        first = next((k.page for k in kids if isinstance(k, Mark)), None)
        if first is not None:
            node.page = self.pages[first]
        for kid in _grouped(kids):
            if isinstance(kid, list):
                items = [k for k in kid if self.is_live(k)]
                if items:
                    lst = _Node("L", node)
                    lst.kids = [self.build(k, lst) for k in items]
                    node.kids.append(lst)
            elif isinstance(kid, Elem):
                if self.is_live(kid):
                    node.kids.append(self.build(kid, node))
            elif isinstance(kid, Mark):
                self.by_mcid[kid.page][kid.mcid] = node
                node.kids.append(kid.mcid if kid.page == first else _mcr(self.pages[kid.page], kid.mcid))
            else:
                node.kids.append(self.widget(kid, node))
        return node

    def widget(self, kid: Widget, node: _Node) -> Any:
        if kid.name not in self.fields:
            raise AssertionError(f"no form field {kid.name!r}")
        ref, obj = self.fields[kid.name]
        key = len(self.pages) + len(self.widgets)
        self.widgets.append(node)
        if hasattr(obj, "struct_parent"):
            obj.struct_parent = key
        else:
            obj.dict["StructParent"] = key
        page = self.pages[kid.page]
        return lambda doc: b"<< /Type /OBJR /Obj " + _ref(ref, doc) + b" /Pg " + _ref(page, doc) + b" >>"


def _mcr(page: PDFObjectReference, mcid: int) -> Any:
    return lambda doc: b"<< /Type /MCR /Pg " + _ref(page, doc) + b" /MCID %d >>" % mcid


def write(canv: Any, tags: Tags) -> None:
    """Add the structure tree and the tagged-PDF entries to the canvas's document before it is saved."""
    doc = canv._doc
    w = _Writer(canv, tags)
    parts: dict[str, PDFObject] = {}  # the root's kid and ParentTree, made after the root
    root = _Raw(lambda d: b"".join([
        b"<< /Type /StructTreeRoot /K ", _ref(parts["top"], d),
        b" /ParentTree ", _ref(parts["parents"], d),
        b" /ParentTreeNextKey %d >>" % (len(w.pages) + len(w.widgets))]))
    parts["top"] = w.build(tags.root, root)
    arrays = []
    for marks in w.by_mcid:
        assert None not in marks, "an MCID has no element"
        arrays.append(_Raw(lambda d, m=marks: b"[" + b" ".join(_ref(n, d) for n in m) + b"]"))
    keyed = [*arrays, *w.widgets]
    parts["parents"] = _Raw(lambda d: b"<< /Nums [" + b" ".join(
        b"%d %s" % (i, _ref(v, d)) for i, v in enumerate(keyed)) + b"] >>")
    for i, page in enumerate(doc.Pages.pages):
        page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = i
        page.Tabs = PDFName("S") if page.Annots else None
    doc.Catalog.StructTreeRoot = root
    doc.Catalog.MarkInfo = _Raw(lambda d: b"<< /Marked true >>")
    doc.Catalog.ViewerPreferences = _Raw(lambda d: b"<< /DisplayDocTitle true >>")
