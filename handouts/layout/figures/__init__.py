"""Exercise illustrations: posed 2D figures described in YAML and drawn with ReportLab."""

from handouts.layout.figures.draw import draw_figure
from handouts.layout.figures.model import FigureSpec

__all__ = ["FigureSpec", "draw_figure"]
