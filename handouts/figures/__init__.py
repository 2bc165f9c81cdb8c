"""Exercise illustrations: posed 2D figures described in YAML and drawn with ReportLab."""

from handouts.figures.draw import draw_figure
from handouts.figures.model import FigureSpec

__all__ = ["FigureSpec", "draw_figure"]
