"""Render PDF pages to PNG files with pdfium, so a sheet can be checked without a PDF viewer."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from handouts.errors import InputFileError
from handouts.pdf.write import write_atomic


def render_pngs(pdf: Path, out_dir: Path, dpi: int = 100) -> list[Path]:
    """Write one PNG per page (forms drawn as filled in) and return their paths."""
    import pypdfium2 as pdfium

    from handouts.pdf.quiet import quiet

    quiet()
    if not pdf.is_file():
        raise InputFileError(pdf, "file not found")
    if not 20 <= dpi <= 600:
        raise InputFileError(pdf, f"--dpi {dpi} is outside 20 to 600")
    try:
        doc = pdfium.PdfDocument(pdf.read_bytes())
    except pdfium.PdfiumError as e:
        raise InputFileError(pdf, f"cannot open as PDF ({e})") from e
    written: list[Path] = []
    try:
        doc.init_forms()
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72, may_draw_forms=True).to_pil()
            buf = BytesIO()
            image.save(buf, format="PNG", optimize=True)
            path = out_dir / f"{pdf.stem}-{i + 1}.png"
            write_atomic(path, buf.getvalue())
            written.append(path)
    finally:
        doc.close()
    return written
