"""The tracker's week grid, and its heading's two columns, drawn straight on the canvas.

A ReportLab Table of a week's cells costs more than what it draws: styles resolved per
cell, every cell's flowables wrapped again, the canvas state saved around each cell. The
week's grid is simple (fixed widths and heights, every cell centred in its height, one
span), so this flowable draws it itself, with the same canvas calls a Table makes: each
flowable where the Table would put it, rules thin between cells and thick around the
grid and under its head.

What it prints besides words and fields (row tints, tick boxes' squares, text fields'
borders, rules) is the same for every week of one size: it is one form XObject per
document for each such drawing, shown on each week's page before the words (nothing of
it lies under a word); only the words and the fields are the page's own.

In a tagged PDF it is the Table element with a TR for each row, a TH for each head cell
(scope Column in the first row, Row in the first column) and a TD for the others; the
flowables in a cell are tagged themselves (tagging.tag_story finds them in `content`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from handouts.layout import styles
from handouts.layout.formboxes import BORDER, BoxGrid, TextBox, print_squares
from handouts.pdf.tags import Elem

_FUZZ = 1e-6  # as ReportLab's Table: rule ends this close together meet
# The grid's fixed drawing (see WeekGrid._fixed) is a form XObject, one per document for
# each drawing, that every week alike shows; False prints it into each page (tests).
shared = True


@dataclass(frozen=True)
class GridLook:
    """What the grid draws besides its cells; sizes in points."""

    pad: float  # each cell's padding on all four sides
    head_pad: float  # left and right padding of the head row's cells after the first
    tinted: tuple[int, ...]  # rows with a tinted background
    thick_above: tuple[int, ...]  # rows with a thick rule above them (besides the border)
    span_last: bool  # the last row's cells after the first are one cell


class WeekGrid(Flowable):  # type: ignore[misc]
    """A grid of cells of flowables: `rows` lists each row's cells (a flowable or a list of
    them; None where the last row's span covers the cell), `widths` the columns in points.
    The first column is set left, the others centred; each row is as tall as its tallest
    cell. The flowables are wrapped once, here: what they are given to draw is that size.
    """

    def __init__(self, rows: Sequence[Sequence[Any]], widths: Sequence[float],
                 look: GridLook) -> None:
        super().__init__()
        self.content = [list(r) for r in rows]
        self.look = look
        self.hAlign = "CENTER"  # as a Table is placed
        self.cols = [0.0]
        for w in widths:
            self.cols.append(self.cols[-1] + w)
        self.col_widths = list(widths)
        self.sizes: dict[tuple[int, int], list[tuple[float, float]]] = {}
        self.row_heights = [self._size_row(i) for i in range(len(self.content))]
        # Row tops from the top down, summed from the bottom up as ReportLab's Table does,
        # so the grid is exactly as tall as the Table was.
        tops: list[float] = []
        height = c = 0.0
        for h in reversed(self.row_heights):
            tops.append(height)
            y = h - c
            t = height + y
            c = (t - height) - y
            height = t
        tops.append(height)
        tops.reverse()
        self.rows = tops  # rows[i] is the top of row i, rows[-1] the bottom (0)
        self.width, self.height = self.cols[-1], height

    def _size_row(self, i: int) -> float:
        """Row `i`'s height as ReportLab's Table works it out when none is given, summed in
        its order so that it is the same float: each cell's flowables stacked with the space
        between them, plus the top and bottom padding; each flowable's size kept."""
        pad, out = self.look.pad, 0.0
        span = self.look.span_last and i == len(self.content) - 1
        for j, cell in enumerate(self.content[i]):
            if cell is None:
                continue
            side = self.look.head_pad if i == 0 and j > 0 else pad
            width = sum(self.col_widths[1:]) if span and j == 1 else self.col_widths[j]
            t, sb0, sa = 0.0, None, 0.0
            sizes = self.sizes[(i, j)] = []
            for f in _flowables(cell):
                size = f.wrap(width - side - side, 72000 - pad - pad)
                sizes.append(size)
                sb, sa = f.getSpaceBefore(), f.getSpaceAfter()
                t += size[1] + sa + sb
                if sb0 is None:
                    sb0 = sb
            t = (t - (sb0 or 0.0) - sa) + (pad + pad)
            out = max(out, t)
        return out

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Any]:
        return []  # a week is never split: the tracker picks a size at which it fits

    def draw(self) -> None:
        canv = self.canv
        tags = getattr(canv, "handouts_tags", None)
        placed = {(i, j): self._placed(i, j) for i, row in enumerate(self.content)
                  for j, cell in enumerate(row) if cell is not None}
        canv.saveState()
        fixed = self._fixed(placed)
        if shared:
            _print_shared(canv, fixed, (-BORDER, -BORDER, self.width + BORDER, self.height + BORDER))
        else:
            canv._code.append(fixed)
        canv.setFillColor(colors.black)
        for i, row in enumerate(self.content):
            tr = Elem("TR")
            if tags is not None:
                tags.enter(canv, tr)
            for j, cell in enumerate(row):
                if cell is None:
                    continue
                elem = (Elem("TH", True, scope="Column") if i == 0 else
                        Elem("TH", True, scope="Row") if j == 0 else Elem("TD", True))
                if tags is not None:
                    tags.enter(canv, elem)
                for f, x, y in placed[(i, j)]:
                    f.drawOn(canv, x, y)
                if tags is not None:
                    tags.leave(canv, elem)
            if tags is not None:
                tags.leave(canv, tr)
        canv.restoreState()

    def _fixed(self, placed: dict[tuple[int, int], list[tuple[Any, float, float]]]) -> str:
        """What the grid prints besides its words and fields, as PDF operators in the grid's
        space: row tints, the tick boxes' squares, the text fields' borders, then the rules.

        None of it overlaps the words, so it is printed before them; the week's cells are
        told not to print their own squares and borders. Weeks of one size print the same:
        the operators are made once per document for the grid's rows, columns and look and
        the places and sizes of what it prints (`placed`: each cell's flowables and places).
        """
        canv = self.canv
        printed: list[tuple[Any, ...]] = []
        for spots in placed.values():
            for f, x, y in spots:
                if isinstance(f, BoxGrid):
                    f.printed = False
                    printed.append((f, x, y, f.size, f.gap, f.width, f.height,
                                    tuple(len(line) for line in f.lines)))
                elif isinstance(f, TextBox):
                    f.printed = False
                    if f.border and not f.hidden:
                        printed.append((f, x, y, f.box_w, f.box_h))
        made: dict[tuple[Any, ...], str] = canv.__dict__.setdefault("_handouts_fixed", {})
        key = (self.look, tuple(self.rows), tuple(self.cols), tuple(p[1:] for p in printed))
        if key in made:
            return made[key]
        code: list[str] = canv._code  # the page's operators; ReportLab has no public reader
        start = len(code)
        canv.saveState()
        for i in self.look.tinted:
            canv.setFillColor(_TINT)
            canv.rect(0, self.rows[i], self.width, self.rows[i + 1] - self.rows[i], stroke=0, fill=1)
        squares: list[str] = []
        for f, x, y, *_ in printed:
            if isinstance(f, BoxGrid):
                squares += f.squares(x, y)
            else:
                f.print_border(canv, x, y)
        if squares:
            print_squares(canv, squares)
        self._rules()
        canv.restoreState()
        made[key] = "\n".join(code[start:])
        del code[start:]
        return made[key]

    def _placed(self, i: int, j: int) -> list[tuple[Any, float, float]]:
        """Cell (i, j)'s flowables and where each goes (lower left, in the grid's space):
        stacked, the stack centred in the row as a Table centres it (a Table wraps them
        again here: their size does not depend on the room left below)."""
        if not self.look.span_last:
            width, height = self.col_widths[j], self.row_heights[i]
        else:  # a Table with a span sizes every cell from its rules' positions
            end = -1 if i == len(self.content) - 1 and j == 1 else j + 1
            width, height = self.cols[end] - self.cols[j], self.rows[i] - self.rows[i + 1]
        flowables, sizes = _flowables(self.content[i][j]), self.sizes[(i, j)]
        pad = self.look.pad
        side = self.look.head_pad if i == 0 and j > 0 else pad
        x0, bottom = self.cols[j], self.rows[i + 1]
        t, sa = 0.0, 0.0
        for f, (_, h) in zip(flowables, sizes, strict=True):
            sa = f.getSpaceAfter()
            t += h + sa + f.getSpaceBefore()
        t -= flowables[0].getSpaceBefore() + sa
        y = bottom + (height + pad - pad + t) / 2.0 + flowables[0].getSpaceBefore()
        out = []
        for f, (w, h) in zip(flowables, sizes, strict=True):
            x = x0 + side if j == 0 else x0 + (width + side - side - w) / 2.0
            y -= f.getSpaceBefore()
            y -= h
            out.append((f, x, y))
            y -= f.getSpaceAfter()
        return out

    def _rules(self) -> None:
        """Thin rules round every cell, then the thick border and the thick rules across."""
        canv, top, bottom = self.canv, self.rows[0], self.rows[-1]
        canv.saveState()
        canv.setLineCap(1)
        canv.setLineJoin(1)
        canv.setStrokeColor(_INK)
        # Inner columns stop at the last row when its cells after the first are one.
        short = self.rows[-2] if self.look.span_last else bottom
        for weight in (styles.RULE, BORDER):
            canv.setLineWidth(weight)
            self._across(self.rows[0])
            self._across(self.rows[-1])
            canv.line(self.cols[0], bottom, self.cols[0], top)
            canv.line(self.cols[-1], bottom, self.cols[-1], top)
            if weight == BORDER:
                break
            for y in self.rows[1:-1]:
                self._across(y)
            for k, x in enumerate(self.cols[1:-1], 1):
                low = short if k > 1 else bottom
                if low < top - _FUZZ:
                    canv.line(x, low, x, top)
        for i in (1, *self.look.thick_above):
            self._across(self.rows[i])
        canv.restoreState()

    def _across(self, y: float) -> None:
        self.canv.line(self.cols[0], y, self.cols[-1], y)


class SideBySide(Flowable):  # type: ignore[misc]
    """Two columns of flowables, `left` and `right` (`widths` in points), their last lines
    on one baseline `below` points above the bottom: a page's title beside its week count.

    Placed and drawn as a ReportLab Table of one row aligned to the bottom, without
    padding but `below`, would place them; its flowables are tagged themselves.
    """

    def __init__(self, left: Sequence[Any], right: Sequence[Any], left_w: float, right_w: float,
                 below: float) -> None:
        super().__init__()
        self.content = [list(left), list(right)]
        self.hAlign = "CENTER"
        self.widths, self.below = (left_w, right_w), below
        self.sizes: list[list[tuple[float, float]]] = []

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.sizes, height = [], 0.0
        for cell, width in zip(self.content, self.widths, strict=True):
            self.sizes.append([f.wrap(width, 72000 - self.below) for f in cell])
            height = max(height, _stacked(cell, self.sizes[-1]) + self.below)
        self.width, self.height = self.widths[0] + self.widths[1], height
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Any]:
        return []

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(colors.black)
        x = 0.0
        for cell, sizes, width in zip(self.content, self.sizes, self.widths, strict=True):
            y = self.below + _stacked(cell, sizes)
            if cell:
                y += cell[0].getSpaceBefore()
            for f, (_, h) in zip(cell, sizes, strict=True):
                y -= f.getSpaceBefore()
                y -= h
                f.drawOn(canv, x, y)
                y -= f.getSpaceAfter()
            x += width
        canv.restoreState()


def _print_shared(canv: Any, fixed: str, bbox: tuple[float, ...]) -> None:
    """Show `fixed` (operators that name no resource) through a form XObject made once
    per document for each drawing and bounding box; named in the order first shown."""
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFName,
        PDFStream,
        PDFStreamFilterZCompress,
        xObjectName,
    )

    made: dict[tuple[str, tuple[float, ...]], str] = canv.__dict__.setdefault("_handouts_grids", {})
    name = made.get((fixed, bbox))
    if name is None:
        name = made[(fixed, bbox)] = f"HandoutsGrid{len(made) + 1}"
        look = PDFDictionary({
            "Type": PDFName("XObject"), "Subtype": PDFName("Form"), "FormType": 1,
            "BBox": PDFArray(list(bbox)), "Resources": PDFDictionary({})})
        stream = PDFStream(look, fixed, [PDFStreamFilterZCompress()] if canv._doc.compression else None)
        canv._doc.Reference(stream, xObjectName(name))
    canv.doForm(name)


def _stacked(cell: Sequence[Any], sizes: Sequence[tuple[float, float]]) -> float:
    """The height of flowables stacked with the space between them, as a Table adds it."""
    if not cell:
        return 0.0
    t, sa = 0.0, 0.0
    for f, (_, h) in zip(cell, sizes, strict=True):
        sa = f.getSpaceAfter()
        t += h + sa + f.getSpaceBefore()
    return float(t - cell[0].getSpaceBefore() - sa)


def _flowables(cell: Any) -> Sequence[Any]:
    return cell if isinstance(cell, (list, tuple)) else (cell,)


_INK = colors.toColor(styles.INK)
_TINT = colors.toColor(styles.ROW_TINT)
