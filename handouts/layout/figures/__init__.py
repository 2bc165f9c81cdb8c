"""Exercise illustrations: posed 2D figures described in YAML and drawn with ReportLab."""

from __future__ import annotations

from typing import Any

from handouts.layout.figures.model import FigureSpec

__all__ = ["FigureSpec", "draw_figure"]


def draw_figure(spec: FigureSpec, width: float, height: float, *,
                label_font: str = "Helvetica", label_size: float = 10.0,
                poses: Any = None) -> Any:
    """The figure of `spec` as a Drawing of width x height points: its poses, or (with a
    start pose) the start small, an arrow, and the stretch large. Pose labels are
    `label_size` points. `poses` (a context's caches.poses) keeps each pose's outlines."""
    from reportlab import rl_config

    # ReportLab checks every attribute of every shape as it is set (a help while writing a
    # drawing); ours are made by code the tests cover, and checking was a third of posing.
    checking, rl_config.shapeChecking = rl_config.shapeChecking, 0
    try:
        if spec.start is not None:
            from handouts.layout.figures.movement import draw_movement

            return draw_movement(spec, width, height, poses)
        from handouts.layout.figures.draw import draw_figure as draw_poses

        return draw_poses(spec, width, height, label_font=label_font, label_size=label_size,
                          poses=poses)
    finally:
        rl_config.shapeChecking = checking
