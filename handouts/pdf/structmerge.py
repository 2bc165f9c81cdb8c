"""Join the structure trees of a packet's parts into one tree, as their pages are joined.

Each tagged part keeps its elements, copied under a Part element of the packet's Document.
Its ParentTree keys (one per page, one per form widget) are renumbered after the keys of
the parts before it, and its pages' /StructParents and widgets' /StructParent with them.
A part with no structure tree (an outside PDF made untagged) adds its pages untagged.
"""

from __future__ import annotations

from typing import Any


def number_tree(node: Any) -> dict[int, Any]:
    """A PDF number tree (/Nums, or /Kids of number trees) as one dict."""
    out: dict[int, Any] = {}
    if node is None:
        return out
    nums = node.get("/Nums")
    if nums is not None:
        items = list(nums)
        out.update(zip(map(int, items[::2]), items[1::2], strict=False))
    for kid in node.get("/Kids", ()):
        out.update(number_tree(kid))
    return out


class TreeMerger:
    """Collects the parts' trees while a packet is joined; `finish` writes the packet's tree.

    `base` is the structure tree root of the part the packet was opened from (see
    join.merge), or None: its elements stay where they are, and so do its ParentTree keys
    and the /StructParent(s) that point at them; the other parts' keys come after them.
    """

    def __init__(self, out: Any, base: Any = None) -> None:
        import pikepdf

        self.pikepdf = pikepdf
        self.out = out
        self.root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        self.doc = out.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Document, P=self.root,
                                                        K=pikepdf.Array()))
        self.nums: list[tuple[int, Any]] = []
        self.next_key = 0
        self.role_map: dict[str, Any] = {}
        self.base = base
        self.parents: Any = None  # the base's ParentTree, when its /Nums can be kept whole
        if base is not None:
            parents = base.get("/ParentTree")
            nums = parents.get("/Nums") if parents is not None else None
            if nums is not None and "/Kids" not in parents:
                # Our writer numbers the keys 0, 1, 2... in order (structtree.write).
                self.parents, top = parents, (int(nums[len(nums) - 2]) if len(nums) else -1)
            else:
                entries = number_tree(parents)
                self.nums += entries.items()
                top = max(entries, default=-1)
            self.next_key = max(int(base.get("/ParentTreeNextKey", 0)), top + 1)

    def add_base(self) -> None:
        """Put the base part's elements here in the packet's reading order."""
        if self.base is not None:
            self._place(self.base, copy=False)

    def add(self, src: Any, first: int, count: int) -> None:
        """Copy the tree of `src`, whose `count` pages were put in the packet at index `first`.

        Call it after the pages are copied: the copied elements then point at those pages.
        qpdf copies the tree in one or two calls; Python renumbers the ParentTree's keys and
        the /StructParent(s) of the part's pages and widgets (a cover or a handout has a few).
        """
        tree = src.Root.get("/StructTreeRoot")
        if tree is None:
            return
        self._place(tree, copy=True)
        offset = self.next_key
        parents = tree.get("/ParentTree")
        entries = number_tree(self.out.copy_foreign(parents)) if parents is not None else {}
        self.nums += [(key + offset, value) for key, value in entries.items()]
        self.next_key = offset + max(int(tree.get("/ParentTreeNextKey", 0)), max(entries, default=-1) + 1)
        for page in self.out.pages[first:first + count]:
            obj = page.obj
            if "/StructParents" in obj:
                obj.StructParents = int(obj.StructParents) + offset
            for annot in obj.get("/Annots", ()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset

    def _place(self, tree: Any, copy: bool) -> None:
        """The part's elements under a Part of the packet's Document (copied when `copy`)."""
        pk = self.pikepdf
        take = self.out.copy_foreign if copy else (lambda obj: obj)
        top = tree.get("/K")
        if isinstance(top, pk.Dictionary) and top.get("/S") == "/Document" and top.is_indirect:
            if "/P" in top:
                del top.P  # or copying it would pull in the part's root
            part = take(top)
            part.S = pk.Name.Part  # the packet has one Document; each part is a Part
        else:
            kids = [k for k in _as_list(top) if isinstance(k, pk.Dictionary) and k.is_indirect]
            for k in kids:
                if "/P" in k:
                    del k.P
            part = self.out.make_indirect(pk.Dictionary(S=pk.Name.Part))
            part.K = pk.Array([take(k) for k in kids])
            for k in part.K:
                k.P = part
        part.P = self.doc
        self.doc.K.append(part)
        for name, role in tree.get("/RoleMap", {}).items():
            self.role_map.setdefault(str(name), role)

    def finish(self, lang: str) -> None:
        """Write the packet's tree (when any part had one) and its tagged-PDF flags."""
        pk = self.pikepdf
        if not self.doc.K:
            return
        rest = [x for key, value in sorted(self.nums, key=lambda kv: kv[0]) for x in (key, value)]
        if self.parents is not None:  # its keys all come before the others'
            self.parents.Nums.extend(rest)
            parents = self.parents
        else:
            parents = self.out.make_indirect(pk.Dictionary(Nums=pk.Array(rest)))
        self.root.K = self.doc
        self.root.ParentTree = parents
        self.root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.root.RoleMap = pk.Dictionary(self.role_map)
        mark_tagged(self.out, self.root, lang)


def _as_list(k: Any) -> list[Any]:
    if k is None:
        return []
    import pikepdf

    return list(k) if isinstance(k, pikepdf.Array) else [k]


def mark_tagged(pdf: Any, root: Any, lang: str) -> None:
    """The catalog entries of a tagged PDF: its tree, /MarkInfo, /Lang, show the title."""
    import pikepdf

    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String(lang)
    prefs = pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
    prefs.DisplayDocTitle = True
    pdf.Root.ViewerPreferences = prefs
