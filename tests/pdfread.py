"""Read PDFs back as a user's software would: pages, words, fonts, fields, pixels."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pypdf


def reader(data: bytes | Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(BytesIO(data) if isinstance(data, bytes) else data)


def page_texts(data: bytes | Path) -> list[str]:
    return [p.extract_text() or "" for p in reader(data).pages]


def words(text: str) -> str:
    """Collapse whitespace so phrases wrapped across lines still match."""
    return re.sub(r"\s+", " ", text).strip()


def fonts_of(data: bytes | Path) -> dict[str, bool]:
    """Base font names used on any page, and whether each one is embedded."""
    out: dict[str, bool] = {}
    for page in reader(data).pages:
        res = page.get("/Resources")
        if not res or "/Font" not in res:
            continue
        for ref in res["/Font"].values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = bool(desc) and any(
                k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            out[str(font["/BaseFont"])] = embedded
    return out


def qpdf_check(path: Path) -> tuple[bool, str]:
    assert shutil.which("qpdf"), "qpdf is not installed"
    r = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    return r.returncode == 0, r.stdout + r.stderr


def render_page(data: bytes, index: int = 0, scale: float = 1.0):  # type: ignore[no-untyped-def]
    """Render one page with pdfium; return a PIL image."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[index].render(scale=scale).to_pil()
    finally:
        pdf.close()


def font_sizes(data: bytes | Path, index: int = 0, skip: tuple[str, ...] = ()) -> list[float]:
    """Font sizes of the text drawn on a page (from the text operators), except `skip` words."""
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):  # type: ignore[no-untyped-def]
        if text.strip() and text.strip() not in skip:
            scale = (tm[0] or 1) * (cm[0] or 1)
            sizes.append(round(font_size * scale, 2))

    reader(data).pages[index].extract_text(visitor_text=visit)
    return sizes


def text_box(data: bytes, index: int, text: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) around the first place `text` is on page `index` (pdfium)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index].get_textpage()
        found = page.search(text, match_case=True).get_next()
        assert found is not None, f"{text!r} not on page {index + 1}"
        start, count = found
        boxes = [page.get_charbox(i) for i in range(start, start + count)]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))
    finally:
        pdf.close()
