"""Join the structure trees of a packet's parts into one tree, as their pages are joined.

Each tagged part keeps its elements, copied under a Part element of the packet's Document.
Its ParentTree keys (one per page, one per form widget) are renumbered after the keys of
the parts before it, and its pages' /StructParents and widgets' /StructParent with them.
A part with no structure tree (an outside PDF made untagged) adds its pages untagged.
"""

from __future__ import annotations

from typing import Any

from handouts.pdf.structtree import mark_tagged


def number_tree(node: Any) -> dict[int, Any]:
    """A PDF number tree (/Nums, or /Kids of number trees) as one dict."""
    out: dict[int, Any] = {}
    if node is None:
        return out
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", ()):
        out.update(number_tree(kid))
    return out


class TreeMerger:
    """Collects the parts' trees while a packet is joined; `finish` writes the packet's tree."""

    def __init__(self, out: Any) -> None:
        import pikepdf

        self.pikepdf = pikepdf
        self.out = out
        self.root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        self.doc = out.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=self.root, K=pikepdf.Array()))
        self.nums: list[tuple[int, Any]] = []
        self.next_key = 0
        self.role_map: dict[str, Any] = {}

    def add(self, src: Any, first: int, count: int) -> None:
        """Copy the tree of `src`, whose `count` pages were appended to the packet at `first`.

        Call it after the pages are copied: the copied elements then point at those pages.
        """
        pk = self.pikepdf
        tree = src.Root.get("/StructTreeRoot")
        if tree is None:
            return
        kids = _as_list(tree.get("/K"))
        if len(kids) == 1 and kids[0].get("/S") == "/Document":
            kids = _as_list(kids[0].get("/K"))  # the packet has one Document; a part is a Part
        kids = [k for k in kids if isinstance(k, pk.Dictionary) and k.is_indirect]
        for k in kids:
            if "/P" in k:
                del k.P  # or copying would pull in the part's whole root
        part = self.out.make_indirect(pk.Dictionary(Type=pk.Name.StructElem, S=pk.Name.Part,
                                                    P=self.doc))
        copied = [self.out.copy_foreign(k) for k in kids]
        for k in copied:
            k.P = part
        part.K = pk.Array(copied)
        self.doc.K.append(part)

        offset = self.next_key
        entries = number_tree(tree.get("/ParentTree"))
        for key, value in sorted(entries.items()):
            self.nums.append((key + offset, self._copy(value)))
        self.next_key = offset + max(int(tree.get("/ParentTreeNextKey", 0)),
                                     max(entries, default=-1) + 1)
        for page in self.out.pages[first:first + count]:
            obj = page.obj
            if "/StructParents" in obj:
                obj.StructParents = int(obj.StructParents) + offset
            for annot in obj.get("/Annots", ()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        for name, role in tree.get("/RoleMap", {}).items():
            self.role_map.setdefault(str(name), self.out.copy_foreign(role) if role.is_indirect else role)

    def _copy(self, value: Any) -> Any:
        pk = self.pikepdf
        if value.is_indirect:
            return self.out.copy_foreign(value)
        if isinstance(value, pk.Array):
            return pk.Array([self._copy(v) if isinstance(v, pk.Object) else v for v in value])
        return value

    def finish(self, lang: str) -> None:
        """Write the packet's tree (when any part had one) and its tagged-PDF flags."""
        pk = self.pikepdf
        if not self.doc.K:
            return
        nums: Any = pk.Array()
        for key, value in self.nums:
            nums.extend([key, value])
        self.root.K = self.doc
        self.root.ParentTree = self.out.make_indirect(pk.Dictionary(Nums=nums))
        self.root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.root.RoleMap = pk.Dictionary(self.role_map)
        mark_tagged(self.out, self.root, lang)


def _as_list(k: Any) -> list[Any]:
    if k is None:
        return []
    import pikepdf

    return list(k) if isinstance(k, pikepdf.Array) else [k]
