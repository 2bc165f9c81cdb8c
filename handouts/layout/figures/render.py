"""ReportLab's PDF renderer with quicker outlines: the same operators, written in one go.

A figure is some eighty polygons of up to a hundred points. ReportLab's renderer adds each
point to a path object with its own call and formats it on its own; here each outline's
numbers are formatted by the same `fp_str` (so the same digits), each distinct number
once, and joined into the same path operators. Everything else (state changes, groups, clipping, labels) is
ReportLab's own. tests/test_figure_replay.py compares every document with ReportLab's.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.renderPDF import _PDFRenderer
from reportlab.graphics.shapes import _CLOSEPATH, _CURVETO, _MOVETO
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import PATH_OPS


def _formatted(points: list[float], known: dict[float, str]) -> list[str]:
    """Each number as fp_str writes it, `known` holding those already formatted (a figure
    draws each outline twice, and rounded to a tenth of a point numbers recur)."""
    try:
        return [known[v] for v in points]
    except KeyError:
        for v in points:
            if v not in known:
                known[v] = fp_str(v)  # 0.0 and -0.0 are one key, and both print "0"
        return [known[v] for v in points]


def _path(points: list[float], close: bool, known: dict[float, str]) -> str:
    """The path operators ReportLab's moveTo, lineTo (and close) write for flat `points`."""
    nums = _formatted(points, known)
    ops = ["n", f"{nums[0]} {nums[1]} m"]
    ops += [f"{nums[i]} {nums[i + 1]} l" for i in range(2, len(nums) - 1, 2)]
    if close:
        ops.append("h")
    return " ".join(ops)


def _subpaths(points: list[float], operators: list[int], known: dict[float, str]) -> tuple[str, bool]:
    """The operators ReportLab's drawPath writes for a path of moves, lines and closes (as
    its PDFPathObject: "n" first), and whether every subpath is closed."""
    nums = _formatted(points, known)
    ops, i, moves, closes = ["n"], 0, 0, 0
    for op in operators:
        if op == _CLOSEPATH:
            ops.append("h")
            closes += 1
            continue
        ops.append(f"{nums[i]} {nums[i + 1]} {'m' if op == _MOVETO else 'l'}")
        moves += op == _MOVETO
        i += 2
    return " ".join(ops), moves == closes


class _QuickRenderer(_PDFRenderer):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self._numbers: dict[float, str] = {}

    def drawPolygon(self, polygon: Any) -> None:  # noqa: N802
        assert len(polygon.points) >= 2, "Polyline must have 2 or more points"
        canv = self._canvas
        canv._code.append(_path(polygon.points, True, self._numbers))
        canv._code.append(PATH_OPS[self._stroke, self._fill, canv._fillMode])

    def drawPath(self, path: Any) -> None:  # noqa: N802
        # ReportLab's drawPath with its default autoclose, for a drawn path of moves, lines
        # and closes; anything else (a clip path, curves, autoclose) goes to ReportLab.
        ops = path.operators
        if path.isClipPath or getattr(path, "autoclose", None) or not ops or ops[0] != _MOVETO \
                or _CURVETO in ops:
            super().drawPath(path)
            return
        canv = self._canvas
        code, closed = _subpaths(path.points, ops, self._numbers)
        canv._code.append(code)
        # ReportLab fills a path only when every subpath is closed.
        canv._code.append(PATH_OPS[self._stroke, self._fill if closed else 0,
                                   getattr(path, "fillMode", None)])

    def drawPolyLine(self, polyline: Any) -> None:  # noqa: N802
        if self._stroke:
            assert len(polyline.points) >= 2, "Polyline must have 2 or more points"
            canv = self._canvas
            canv._code.append(_path(polyline.points, False, self._numbers))
            canv._code.append(PATH_OPS[1, 0, canv._fillMode])


def draw(drawing: Any, canv: Any) -> None:
    """Draw `drawing` at the canvas's origin, as its `draw` does inside drawOn (no scaling,
    no boundary)."""
    assert drawing.renderScale == 1.0 and not getattr(drawing, "_showBoundary", None)
    _QuickRenderer().draw(drawing, canv, 0, 0)
