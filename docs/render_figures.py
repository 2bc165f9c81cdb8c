"""Render content/figures.yaml to docs/figures/<id>.png (3 x 2 in, 150 dpi) for review."""

# Usage: python docs/render_figures.py [ID ...] [--check DIR]
# --check DIR also writes greyscale and print-size (1.7 x 1.2 in) versions into DIR.

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
import yaml
from PIL import Image
from reportlab import rl_config
from reportlab.graphics import renderPDF

from handouts.layout.figures import FigureSpec, draw_figure
from handouts.layout.figures.model import FigureFile

ROOT = Path(__file__).resolve().parents[1]
DPI = 150


def render(spec: FigureSpec, width_in: float, height_in: float) -> Image.Image:
    """The figure drawn in a width x height inch box, rasterised at DPI."""
    pdf = renderPDF.drawToString(draw_figure(spec, width_in * 72, height_in * 72))
    return pdfium.PdfDocument(pdf)[0].render(scale=DPI / 72).to_pil().convert("RGB")


def main(argv: list[str]) -> None:
    """Render all figures, or only the ids given."""
    rl_config.invariant = 1
    check = Path(argv[argv.index("--check") + 1]) if "--check" in argv else None
    ids = [a for a in argv if not a.startswith("--") and (check is None or a != str(check))]
    data = yaml.safe_load((ROOT / "content" / "figures.yaml").read_text(encoding="utf-8"))
    out = ROOT / "docs" / "figures"
    out.mkdir(parents=True, exist_ok=True)
    for spec in FigureFile.model_validate(data).figures:
        if ids and spec.id not in ids:
            continue
        wide = len(spec.poses) > 1
        img = render(spec, 4.5 if wide else 3.0, 2.0)
        img.save(out / f"{spec.id}.png")
        print(out / f"{spec.id}.png")
        if check is not None:
            check.mkdir(parents=True, exist_ok=True)
            img.convert("L").save(check / f"{spec.id}-grey.png")
            render(spec, 1.7, 1.2).convert("L").save(check / f"{spec.id}-print.png")


if __name__ == "__main__":
    main(sys.argv[1:])
