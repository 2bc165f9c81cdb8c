"""A stretch that moves from a start to an end position: the start small, an arrow, the end large.

The two sit side by side (start left, arrow right) or, when that draws them larger (lying
figures are wide), the start sits above on the left with an arrow slanting down to the end.
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect

from handouts.layout.figures.draw import INK, MAT, MAT_PAD, MAT_THICK, _posed_group
from handouts.layout.figures.model import FigureSpec
from handouts.layout.figures.pose import pose_figure

SMALL = 0.5  # the start is drawn at half the size of the end
GAP = 20.0  # body units (at the end's scale) between the two, for the arrow


def _mat(x0: float, x1: float, y: float, k: float, lw: float) -> Rect:
    return Rect(x0, y - k * MAT_THICK, x1 - x0, k * MAT_THICK, rx=k * MAT_THICK / 2,
                ry=k * MAT_THICK / 2, fillColor=MAT, strokeColor=INK, strokeWidth=lw)


def _arrow(a: tuple[float, float], b: tuple[float, float], size: float) -> Group:
    """A thick straight arrow from a to b, its head at b."""
    ang = math.atan2(b[1] - a[1], b[0] - a[0])
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    head = size * 1.6
    g = Group(Line(0, 0, length - head * 0.8, 0, strokeColor=INK, strokeWidth=size * 0.55,
                   strokeLineCap=1),
              Polygon([length, 0, length - head, head * 0.6, length - head, -head * 0.6],
                      fillColor=INK, strokeColor=INK, strokeWidth=0.5, strokeLineJoin=1))
    c, s = math.cos(ang), math.sin(ang)
    g.transform = (c, s, -s, c, a[0], a[1])
    return g


def draw_movement(spec: FigureSpec, width: float, height: float, poses: Any = None) -> Drawing:
    """Start pose (small) on its mat, an arrow, the end pose (large) on its mat, aspect kept.
    `poses` (a context's caches.poses) keeps each pose's outlines."""
    assert spec.start is not None
    start, end = pose_figure(spec.start, poses), pose_figure(spec.poses[0], poses)
    bs, be = start.bounds, end.bounds
    mat = MAT_THICK if spec.floor == "mat" else 0.0
    sw, sh = SMALL * (bs[2] - bs[0] + 2 * MAT_PAD), SMALL * (bs[3] - bs[1]) + mat
    ew, eh = be[2] - be[0] + 2 * MAT_PAD, be[3] - be[1] + mat
    pad = 3.0
    row = ((sw + GAP + ew), max(sh, eh))
    column = (max(sw + GAP * 0.8, ew), sh + GAP * 0.5 + eh)
    k_row = min((width - 2 * pad) / row[0], (height - 2 * pad) / row[1])
    k_col = min((width - 2 * pad) / column[0], (height - 2 * pad) / column[1])
    as_row = k_row >= k_col
    k = k_row if as_row else k_col
    units = row if as_row else column
    lw = min(max(0.75 * k, 0.9), 2.0)
    x0 = (width - k * units[0]) / 2
    y0 = (height - k * units[1]) / 2
    ks = k * SMALL
    if as_row:
        s_at, e_at = (x0, y0 + k * mat), (x0 + k * (sw + GAP), y0 + k * mat)
    else:
        e_at = (x0 + (k * units[0] - k * ew) / 2, y0 + k * mat)
        s_at = (x0, y0 + k * (eh + GAP * 0.5) + k * mat)
    if spec.floor == "mat":
        d_mats = [(s_at, k * sw), (e_at, k * ew)]
    d = Drawing(width, height)
    if spec.floor == "mat":
        for (mx, my), mw in d_mats:
            d.add(_mat(mx, mx + mw, my, k, lw))
    d.add(_posed_group(start, (ks, s_at[0] + ks * (MAT_PAD - bs[0]), s_at[1] - ks * bs[1]),
                       lw * 0.8))
    d.add(_posed_group(end, (k, e_at[0] + k * (MAT_PAD - be[0]), e_at[1] - k * be[1]), lw))
    size = max(2.0, k * 2.2)
    s_mid = s_at[1] + ks * (bs[3] - bs[1]) * 0.5
    if as_row:
        d.add(_arrow((s_at[0] + k * sw + k * 2, s_mid), (e_at[0] - k * 2, s_mid), size))
    else:
        # A short slant from the start down towards the end, clear of both figures.
        e_top = e_at[1] + k * (be[3] - be[1])
        tip = (s_at[0] + k * sw + k * GAP * 0.6, e_top + k * 1.5)
        d.add(_arrow((s_at[0] + k * sw + k * 1.5, s_mid), tip, size))
    return d
