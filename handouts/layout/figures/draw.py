"""Draws a FigureSpec as a ReportLab Drawing: bold rounded body shapes, mat, highlight, arrows."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import (
    _CLOSEPATH,
    _LINETO,
    _MOVETO,
    Drawing,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib.colors import Color, HexColor, white

from handouts.layout.figures.model import FigureSpec
from handouts.layout.figures.pose import Poly, Posed, Vec, pose_figure

INK = HexColor("#1b1f24")  # outlines, arrows, labels
BODY = HexColor("#e3e9ee")  # near-side limbs, trunk and head
FAR = HexColor("#a2aeb9")  # far-side limbs
HIGHLIGHT = HexColor("#e2461a")  # target muscle
HATCH = HexColor("#6e1a00")  # hatching and rim on the highlight (shows in greyscale)
MAT = HexColor("#b9c0c6")

GAP = 16.0  # body units between two poses
MAT_PAD, MAT_THICK = 7.0, 3.0


def _bbox(points: list[Vec]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _hatch(poly: Poly, spacing: float) -> list[tuple[Vec, Vec]]:
    """Segments of 45-degree lines, `spacing` apart, inside the polygon (even-odd)."""
    ks = [x - y for x, y in poly]
    out: list[tuple[Vec, Vec]] = []
    c = math.floor(min(ks) / spacing) * spacing + spacing / 2
    while c < max(ks):
        hits: list[Vec] = []
        for i, a in enumerate(poly):
            b, ka, kb = poly[(i + 1) % len(poly)], ks[i], ks[(i + 1) % len(poly)]
            if (ka <= c < kb) or (kb <= c < ka):
                f = (c - ka) / (kb - ka)
                hits.append((a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])))
        hits.sort(key=lambda p: p[0] + p[1])
        out += [(hits[i], hits[i + 1]) for i in range(0, len(hits) - 1, 2)]
        c += spacing
    return out


def _flat(poly: Poly) -> list[float]:
    # A tenth of a body unit is far below what prints; shorter numbers keep the PDF small.
    return [round(v, 1) for p in poly for v in p]


def _patch(patch: Poly, clip: Poly, lw: float) -> Group:
    """A highlight: colour, dark hatching and a dark rim, clipped to its body segment."""
    edge = Path(isClipPath=1, strokeColor=None, fillColor=None)
    edge.moveTo(*clip[0])
    for p in clip[1:]:
        edge.lineTo(*p)
    edge.closePath()
    flat = _flat(patch)
    g = Group(edge, Polygon(flat, fillColor=HIGHLIGHT, strokeColor=None))
    # The hatching's lines as one stroked path: one change of colour and width, not one each.
    lines = _hatch(patch, max(2.4, 2.8 * lw))
    if lines:
        g.add(Path([v for a, b in lines for v in (*a, *b)], [_MOVETO, _LINETO] * len(lines),
                   strokeColor=HATCH, strokeWidth=0.45 * lw, fillColor=None))
    g.add(Polygon(list(flat), fillColor=None, strokeColor=HATCH, strokeWidth=0.6 * lw, strokeLineJoin=1))
    return g


def _posed_group(posed: Posed, f: tuple[float, float, float], lw: float) -> Group:
    """One figure: each layer's outline pass then fill pass, then its highlight patches."""
    k, dx, dy = f

    def m(poly: Poly) -> Poly:
        return tuple((dx + k * x, dy + k * y) for x, y in poly)

    def mflat(poly: Poly) -> list[float]:  # _flat(m(poly)) in one pass
        return [round(v, 1) for x, y in poly for v in (dx + k * x, dy + k * y)]

    g = Group()
    for layer in posed.layers:
        flats = [mflat(s) for s in layer.shapes]  # each outline rounded once, drawn twice
        # The outline pass: every shape of the layer in one path, stroked thick in ink (and
        # filled in ink, as the fill pass then covers each shape's inside, however the
        # shapes of the path overlap). Seen: the outer half of each stroke.
        outline = Path([v for flat in flats for v in flat],
                       [op for flat in flats
                        for op in (_MOVETO, *[_LINETO] * (len(flat) // 2 - 1), _CLOSEPATH)],
                       fillColor=INK, strokeColor=INK, strokeWidth=2 * lw, strokeLineJoin=1)
        g.add(outline)
        for flat in flats:
            g.add(Polygon(list(flat), fillColor=FAR if layer.far else BODY, strokeColor=None))
        for patch, clip in ((m(p), m(c)) for p, c in layer.patches):
            g.add(_patch(patch, clip, lw))
    for mark in posed.marks:
        g.add(Polygon(mflat(mark), fillColor=INK, strokeColor=None))
    for arrow in posed.arrows:
        line, head = m(arrow.line), m(arrow.head)
        for colour, extra in ((white, 2.2 * lw), (INK, 0.0)):
            g.add(
                PolyLine(
                    _flat(line),
                    strokeColor=colour,
                    strokeWidth=1.6 * lw + extra,
                    strokeLineCap=1,
                    strokeLineJoin=1,
                )
            )
            g.add(
                Polygon(
                    _flat(head),
                    fillColor=colour,
                    strokeColor=colour,
                    strokeWidth=max(extra, 0.3),
                    strokeLineJoin=1,
                )
            )
    return g


@dataclass(frozen=True)
class _Layout:
    """Where each posed figure, mat and label goes, in body units."""

    items: tuple[tuple[Posed, float, float], ...]  # figure, x and y offsets
    mats: tuple[tuple[float, float, float], ...]  # x0, x1, floor y
    labels: tuple[tuple[str, float, float], ...]  # text, centre x, top y of its space
    bounds: tuple[float, float, float, float]


def _layout(poses: list[Posed], floor: str, column: bool, label: float) -> _Layout:
    """Poses side by side on one mat (row), or stacked each on its own mat (column).
    `label` is the height in units kept under each mat for a label."""
    boxes = [p.bounds for p in poses]
    pad = MAT_PAD if floor != "none" else 0.0
    under = (MAT_THICK if floor == "mat" else 0.0) + (label if any(p.label for p in poses) else 0)
    items, mats, labels = [], [], []
    if column:
        widest = max(b[2] - b[0] for b in boxes)
        y = 0.0
        for posed, b in reversed(list(zip(poses, boxes, strict=True))):
            y += under
            items.append((posed, (widest - b[2] - b[0]) / 2, y))
            mats.append((-pad, widest + pad, y))
            if posed.label:
                labels.append((posed.label, widest / 2, y - under + label))
            y += b[3] + GAP
        items.reverse()
    else:
        x = 0.0
        for posed, b in zip(poses, boxes, strict=True):
            items.append((posed, x - b[0], under))
            if posed.label:
                labels.append((posed.label, x + (b[2] - b[0]) / 2, label))
            x += b[2] - b[0] + GAP
        mats.append((-pad, x - GAP + pad, under))
    # The corners of each figure's box, moved: the same extremes as its points moved, since
    # adding an offset never changes which of two floats is the larger.
    pts = [(ox + x, oy + y) for (p, ox, oy) in items
           for x, y in (p.bounds[:2], p.bounds[2:])]
    pts += [(m[0], m[2] - under) for m in mats] + [(m[1], m[2]) for m in mats]
    return _Layout(tuple(items), tuple(mats), tuple(labels), _bbox(pts))


def draw_figure(spec: FigureSpec, width: float, height: float, *, label_font: str = "Helvetica",
                label_size: float = 10.0, poses: Any = None) -> Drawing:
    """The figure(s) of `spec` scaled to fit width x height points, centred, aspect kept.
    Two poses go side by side, or one above the other when that draws them larger. (A
    figure with a start pose is drawn by movement.py; `figures.draw_figure` chooses.)
    Pose labels ("Cat", "Cow") are set at `label_size` points: a patient reads them, so
    10 pt or more (18 in large print); the figure shrinks to make room, never the label.
    `poses` (a context's caches.poses) keeps each pose's outlines."""
    figs = [pose_figure(p, poses) for p in spec.poses]
    font_size = max(label_size, min(height * 0.085, 11.0))
    pad = 3.0
    best: tuple[float, _Layout] | None = None
    for column in (False, True) if len(figs) > 1 else (False,):
        k = 1.0
        for _ in range(6):  # label space is fixed in points, so settle the scale
            lay = _layout(figs, spec.floor, column, font_size * 1.28 / k)
            x0, y0, x1, y1 = lay.bounds
            k = min((width - 2 * pad) / (x1 - x0), (height - 2 * pad) / (y1 - y0))
        if best is None or k > best[0] * 1.001:
            best = (k, lay)
    assert best is not None
    k, lay = best
    x0, y0, x1, y1 = lay.bounds
    lw = min(max(0.75 * k, 0.9), 2.0)
    dx = (width - k * (x1 - x0)) / 2 - k * x0
    dy = (height - k * (y1 - y0)) / 2 - k * y0

    d = Drawing(width, height)
    for mx0, mx1, my in lay.mats:
        if spec.floor == "mat":
            d.add(
                Rect(
                    dx + k * mx0,
                    dy + k * (my - MAT_THICK),
                    k * (mx1 - mx0),
                    k * MAT_THICK,
                    rx=k * MAT_THICK / 2,
                    ry=k * MAT_THICK / 2,
                    fillColor=MAT,
                    strokeColor=INK,
                    strokeWidth=lw,
                )
            )
        elif spec.floor == "line":
            d.add(
                Line(
                    dx + k * mx0,
                    dy + k * my,
                    dx + k * mx1,
                    dy + k * my,
                    strokeColor=INK,
                    strokeWidth=1.5 * lw,
                )
            )
    for posed, ox, oy in lay.items:
        d.add(_posed_group(posed, (k, dx + k * ox, dy + k * oy), lw))
    for text, cx, top in lay.labels:
        d.add(
            String(
                dx + k * cx,
                dy + k * top - font_size * 1.05,
                text,
                fontName=label_font,
                fontSize=font_size,
                fillColor=INK,
                textAnchor="middle",
            )
        )
    return d


def ink_colours() -> dict[str, Color]:
    """The palette, by role (for tests and for matching the handout's own colours)."""
    return {"ink": INK, "body": BODY, "far": FAR, "highlight": HIGHLIGHT, "hatch": HATCH, "mat": MAT}
