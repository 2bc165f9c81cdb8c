"""Write a drawn document's structure into its PDF: the tree, the ParentTree and the tagged-PDF flags.

Takes the PDF that ReportLab wrote (with marked content, see tags.py) and the `Tags`
collected while it was drawn; returns the PDF tagged: /MarkInfo /Marked true, a
/StructTreeRoot whose /ParentTree maps each page's MCIDs and each form widget back to its
element, /StructParents on every page, /StructParent on every widget, /Tabs /S on pages
with fields, /Lang, and /ViewerPreferences /DisplayDocTitle true.
"""

from __future__ import annotations

from typing import Any

from handouts.pdf.tags import Elem, Kid, Mark, Tags, Widget

# A run of list items in one parent is one list: the layout only says what each item is.
_ITEM = "LI"


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


def _live(tags: Tags, elem: Elem) -> bool:
    """Whether an element holds anything: marked content, a widget, or a kid that does."""
    return any(not isinstance(k, Elem) or _live(tags, k) for k in tags.kids.get(elem, ()))


class _Writer:
    def __init__(self, pdf: Any, tags: Tags) -> None:
        import pikepdf

        self.pikepdf = pikepdf
        self.pdf, self.tags = pdf, tags
        self.pages = [p.obj for p in pdf.pages]
        self.by_mcid: list[list[Any]] = [[None] * len(marks) for marks in tags.pages]
        self.widgets: dict[int, Any] = {}  # StructParent key -> Form element
        self.annots = [{str(a.get("/T", "")): a for a in page.get("/Annots", ())
                        if a.get("/Subtype") == "/Widget"} for page in self.pages]

    def elem(self, role: str, parent: Any, elem: Elem | None = None) -> Any:
        pk = self.pikepdf
        d = pk.Dictionary(Type=pk.Name.StructElem, S=pk.Name("/" + role), P=parent)
        if elem is not None and elem.alt:
            d.Alt = pk.String(elem.alt)
        if elem is not None and elem.scope:
            d.A = pk.Dictionary(O=pk.Name.Table, Scope=pk.Name("/" + elem.scope))
        if elem is not None and elem.bbox:
            d.A = pk.Dictionary(O=pk.Name.Layout, BBox=pk.Array([round(v, 2) for v in elem.bbox]))
        return self.pdf.make_indirect(d)

    def build(self, elem: Elem, parent: Any) -> Any:
        """The PDF element for `elem` and, depth first, all its kids."""
        pk = self.pikepdf
        node = self.elem(elem.role, parent, elem)
        kids = pk.Array()
        first_page: int | None = None
        for kid in _grouped(self.tags.kids[elem]):
            if isinstance(kid, list):
                items = [k for k in kid if _live(self.tags, k)]
                if items:
                    lst = self.elem("L", node)
                    lst.K = pk.Array([self.build(k, lst) for k in items])
                    kids.append(lst)
            elif isinstance(kid, Elem):
                if _live(self.tags, kid):
                    kids.append(self.build(kid, node))
            elif isinstance(kid, Mark):
                first_page = kid.page if first_page is None else first_page
                self.by_mcid[kid.page][kid.mcid] = node
                kids.append(pk.Dictionary(Type=pk.Name.MCR, Pg=self.pages[kid.page], MCID=kid.mcid))
            else:
                kids.append(self.widget(kid, node))
        if first_page is not None:
            node.Pg = self.pages[first_page]
        node.K = kids
        return node

    def widget(self, kid: Widget, node: Any) -> Any:
        pk = self.pikepdf
        annot = self.annots[kid.page].get(kid.name)
        if annot is None:
            raise AssertionError(f"no widget {kid.name!r} on page {kid.page + 1}")
        key = len(self.pages) + len(self.widgets)
        self.widgets[key] = node
        annot.StructParent = key
        return pk.Dictionary(Type=pk.Name.OBJR, Obj=annot, Pg=self.pages[kid.page])


def write(pdf: Any, tags: Tags, lang: str) -> None:
    """Tag an open pikepdf document from what `tags` collected while it was drawn."""
    import pikepdf

    w = _Writer(pdf, tags)
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    doc = w.build(tags.root, root)
    nums: Any = pikepdf.Array()
    for i, page in enumerate(w.pages):
        page.StructParents = i
        marks = w.by_mcid[i] if i < len(w.by_mcid) else []
        assert None not in marks, f"an MCID of page {i + 1} has no element"
        nums.extend([i, pdf.make_indirect(pikepdf.Array(marks))])
        if any("/FT" in a for a in page.get("/Annots", ())):
            page.Tabs = pikepdf.Name.S
    for key, node in w.widgets.items():
        nums.extend([key, node])
    root.K = doc
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(w.pages) + len(w.widgets)
    mark_tagged(pdf, root, lang)


def mark_tagged(pdf: Any, root: Any, lang: str) -> None:
    """The catalog entries of a tagged PDF: its tree, /MarkInfo, /Lang, show the title."""
    import pikepdf

    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String(lang)
    prefs = pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
    prefs.DisplayDocTitle = True
    pdf.Root.ViewerPreferences = prefs
