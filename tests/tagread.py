"""Read a tagged PDF's structure back, as two screen-reader engines would: poppler and pdfium."""

from __future__ import annotations

import ctypes
import re
import subprocess
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pikepdf


@dataclass
class Node:
    """One structure element as a reader sees it."""

    role: str
    alt: str = ""
    text: list[str] = field(default_factory=list)  # its own text, in order
    kids: list[Node] = field(default_factory=list)

    def walk(self) -> list[Node]:
        out = [self]
        for k in self.kids:
            out += k.walk()
        return out

    def all_text(self, skip: tuple[str, ...] = ()) -> str:
        """Its text and its kids' text, in reading order (poppler lists own text first);
        none from elements whose role is in `skip`."""
        if self.role in skip:
            return ""
        return "".join(self.text) + "".join(k.all_text(skip) for k in self.kids)


_LINE = re.compile(r'^(?P<indent> *)(?:"(?P<text>.*)"'
                   r'|(?P<role>[A-Za-z0-9]+)(?::| \(block\)| \(inline\))?)\s*$')


def poppler(path: Path) -> Node:
    """The tree `pdfinfo -struct-text` prints: roles by indent, quoted text under each."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                         check=True).stdout
    root = Node("(root)")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for line in out.splitlines():
        m = _LINE.match(line)
        if not m or line.strip().startswith("/"):
            continue  # attributes (/Scope, /BBox) and object references
        depth = len(m["indent"])
        while stack[-1][0] >= depth:
            stack.pop()
        if m["text"] is not None:
            stack[-1][1].text.append(m["text"])
        elif m["role"] not in ("Object",):
            node = Node(m["role"])
            stack[-1][1].kids.append(node)
            stack.append((depth, node))
    return root


def _utf16(fn: object, *args: object) -> str:
    n = fn(*args, None, 0)  # type: ignore[operator]
    if n <= 2:
        return ""
    buf = (ctypes.c_ushort * (n // 2 + 1))()
    fn(*args, buf, n)  # type: ignore[operator]
    return bytes(buf)[: n - 2].decode("utf-16-le")


def pdfium(data: bytes) -> list[Node]:
    """Each page's structure as pdfium reads it: roles, alt texts, and the text of each MCID."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    pages = []
    try:
        for page in pdf:
            textpage = page.get_textpage()
            texts = _mcid_texts(raw, page.raw, textpage.raw)
            tree = raw.FPDF_StructTree_GetForPage(page.raw)
            root = Node("(page)")
            for i in range(raw.FPDF_StructTree_CountChildren(tree)):
                root.kids.append(_elem(raw, raw.FPDF_StructTree_GetChildAtIndex(tree, i), texts))
            raw.FPDF_StructTree_Close(tree)
            pages.append(root)
    finally:
        pdf.close()
    return pages


def _elem(raw: object, e: object, texts: dict[int, str]) -> Node:
    r: object = raw
    node = Node(_utf16(r.FPDF_StructElement_GetType, e),  # type: ignore[attr-defined]
                _utf16(r.FPDF_StructElement_GetAltText, e))  # type: ignore[attr-defined]
    for i in range(r.FPDF_StructElement_CountChildren(e)):  # type: ignore[attr-defined]
        kid = r.FPDF_StructElement_GetChildAtIndex(e, i)  # type: ignore[attr-defined]
        if kid:
            node.kids.append(_elem(raw, kid, texts))
        else:
            mcid = r.FPDF_StructElement_GetChildMarkedContentID(e, i)  # type: ignore[attr-defined]
            if mcid >= 0:
                node.text.append(texts.get(mcid, ""))
    return node


def _mcid_texts(raw: object, page: object, textpage: object) -> dict[int, str]:
    r: object = raw
    out: dict[int, str] = {}

    def visit(obj: object, mcid: int) -> None:
        own = r.FPDFPageObj_GetMarkedContentID(obj)  # type: ignore[attr-defined]
        mcid = own if own >= 0 else mcid
        kind = r.FPDFPageObj_GetType(obj)  # type: ignore[attr-defined]
        if kind == r.FPDF_PAGEOBJ_TEXT and mcid >= 0:  # type: ignore[attr-defined]
            out[mcid] = out.get(mcid, "") + _utf16(r.FPDFTextObj_GetText, obj, textpage)  # type: ignore[attr-defined]
        elif kind == r.FPDF_PAGEOBJ_FORM:  # type: ignore[attr-defined]
            for i in range(r.FPDFFormObj_CountObjects(obj)):  # type: ignore[attr-defined]
                visit(r.FPDFFormObj_GetObject(obj, i), mcid)  # type: ignore[attr-defined]

    for i in range(r.FPDFPage_CountObjects(page)):  # type: ignore[attr-defined]
        visit(r.FPDFPage_GetObject(page, i), -1)
    return out


_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI", "INLINE IMAGE",
          "Tj", "TJ", "'", '"'}


def unmarked(data: bytes) -> list[tuple[int, str]]:
    """(page, operator) for each text or paint operator outside any BDC/BMC ... EMC."""
    bad: list[tuple[int, str]] = []
    with pikepdf.open(BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            depth = 0
            for _operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    depth += 1
                elif name == "EMC":
                    depth -= 1
                    assert depth >= 0, f"page {n}: EMC without BDC"
                elif name in _PAINT and depth == 0:
                    bad.append((n, name))
            assert depth == 0, f"page {n}: BDC without EMC"
    return bad


def pdfium_unmarked(data: bytes) -> list[tuple[int, int]]:
    """(page, object index) of each page object pdfium finds with no mark (no MCID, no Artifact)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    bad = []
    try:
        for n, page in enumerate(pdf, 1):
            for i in range(raw.FPDFPage_CountObjects(page.raw)):
                if raw.FPDFPageObj_CountMarks(raw.FPDFPage_GetObject(page.raw, i)) == 0:
                    bad.append((n, i))
    finally:
        pdf.close()
    return bad
