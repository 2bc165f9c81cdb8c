"""Small custom flowables: a framed picture box, text beside a picture, a column stack, a QR code."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from handouts.context import Bounded
from handouts.layout import fonts, styles
from handouts.layout.paragraph import CachedParagraph

__all__ = ["CachedParagraph", "DoseAndAvoid", "PictureBox", "Stack", "TextBeside", "TickRow",
           "column_height", "qr_drawing"]


class PictureBox(Flowable):  # type: ignore[misc]
    """A fixed-size frame with a drawing or image centred in it (or left clean)."""

    def __init__(self, width: float, height: float, content: Any | None = None) -> None:
        super().__init__()
        self.box_w, self.box_h, self.content = width, height, content

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.box_w, self.box_h

    # ImageAndFlowables asks its picture for these; a box keeps its size.
    def _restrictSize(self, avail_w: float, avail_h: float) -> tuple[float, float]:  # noqa: N802
        return self.box_w, self.box_h

    def _unRestrictSize(self) -> None:  # noqa: N802
        return None

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(colors.HexColor(styles.FRAME))
        c.setLineWidth(0.75)
        c.roundRect(0, 0, self.box_w, self.box_h, 4, stroke=1, fill=0)
        if self.content is not None:
            w, h = self.content.wrap(self.box_w - 6, self.box_h - 6)
            self.content.drawOn(c, (self.box_w - w) / 2, (self.box_h - h) / 2)


class TextBeside(Flowable):  # type: ignore[misc]
    """A picture with its text in one column beside it; nothing ever drops under the picture.

    ReportLab's ImageAndFlowables sends the text that is longer than the picture to the
    full width below it, so a last step starts at the margin under the picture and the eye
    loses its place. Here the column keeps its width and the block is as tall as the taller
    of the two. The text is drawn first so extracted text reads heading, steps, then caption.
    """

    def __init__(self, picture: Any, content: list[Any], imageSide: str = "left",  # noqa: N803
                 imageLeftPadding: float = 0, imageRightPadding: float = 3,  # noqa: N803
                 imageBottomPadding: float = 3, imageTopPadding: float = 0) -> None:  # noqa: N803
        super().__init__()
        self.picture, self.content, self.side = picture, content, imageSide
        self.pads = (imageLeftPadding, imageRightPadding, imageTopPadding, imageBottomPadding)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        left, right, top, bottom = self.pads
        self.pic_w, self.pic_h = self.picture.wrap(avail_w, avail_h)
        self.col_w = avail_w - self.pic_w - left - right
        self.rows = _stacked(self.content, self.col_w)  # (flowable, height, space above)
        text_h = sum(h + gap for _, h, gap in self.rows)
        self.width = avail_w
        self.height = max(text_h, self.pic_h + top + bottom)
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Any]:
        """At a page's foot: the picture with the text that fits beside it, the rest after.

        Nothing splits when the picture itself does not fit; the block then moves whole.
        """
        self.wrap(avail_w, avail_h)
        _, _, top, bottom = self.pads
        if self.height <= avail_h or self.pic_h + top + bottom > avail_h:
            return [] if self.height > avail_h else [self]
        used, keep = 0.0, 0
        for _, h, gap in self.rows:
            if used + gap + h > avail_h:
                break
            used, keep = used + gap + h, keep + 1
        parts = self.rows[keep][0].split(self.col_w, avail_h - used - self.rows[keep][2])
        head, tail = (parts[:1], parts[1:]) if len(parts) > 1 else ([], [self.rows[keep][0]])
        if not keep and not head:
            return []
        first = TextBeside(self.picture, [f for f, _, _ in self.rows[:keep]] + head, self.side,
                           *self.pads[:2], self.pads[3], self.pads[2])
        return [first, *tail, *(f for f, _, _ in self.rows[keep + 1:])]

    # The block keeps the air its first and last paragraphs ask for (a heading's space above).
    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.content[0].getSpaceBefore()) if self.content else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.content[-1].getSpaceAfter()) if self.content else 0.0

    def draw(self) -> None:
        left, right, top, _ = self.pads
        if self.side == "left":
            pic_x, text_x = left, left + self.pic_w + right
        else:
            pic_x, text_x = self.width - self.pic_w - right, 0.0
        y = self.height
        for f, h, gap in self.rows:
            y -= h + gap
            f.drawOn(self.canv, text_x, y)
        self.picture.drawOn(self.canv, pic_x, self.height - top - self.pic_h)


def _stacked(content: list[Any], width: float) -> list[tuple[Any, float, float]]:
    """(flowable, height, space above) of flowables stacked in a column `width` pt wide."""
    rows = []
    for i, f in enumerate(content):
        _, h = f.wrap(width, 1e6)
        gap = (f.getSpaceBefore() + content[i - 1].getSpaceAfter()) if i else 0.0
        rows.append((f, float(h), float(gap)))
    return rows


def column_height(content: list[Any], width: float) -> float:
    """The height (pt) of flowables stacked in a column `width` pt wide, as TextBeside sets it."""
    return sum(h + gap for _, h, gap in _stacked(content, width))


class DoseAndAvoid(Flowable):  # type: ignore[misc]
    """The dose in a tinted band, then what to avoid, whole on one line: after the dose's
    last line when it fits there, else on a line of its own. An avoid sentence longer than a
    line starts a line of its own, so it never starts at the end of the dose and runs on.

    The dose breaks only between its phrases (after a full stop or a comma: "Hold 30
    seconds." / "Do 3 holds on each side," / "Once a day."), never inside one. Where a
    phrase is wider than the column, it may break between words, but never between a number
    and the words either side of it ("20 to 30 seconds").
    """

    def __init__(self, dose: str, label: str, avoid: str, style: Any,
                 memo: Bounded[Hashable, Any] | None = None) -> None:
        """`dose`, the bold `label` ("Avoid:") and `avoid` are plain text, set in `style`;
        `memo` keeps the paragraphs' lines (see layout.paragraph)."""
        super().__init__()
        self.dose, self.label, self.avoid, self.style = dose, label, avoid, style
        self.memo = memo
        self._made: dict[float, list[Any]] = {}

    def _width(self, text: str, font: str) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return float(stringWidth(text, font, self.style.fontSize))

    def _paragraphs(self, dose: str, avail_w: float) -> list[Any]:
        """One paragraph (the dose, then the avoid sentence as one unbreakable piece), or two
        when the avoid sentence is wider than a line; `dose` is text with its no-break spaces."""
        from handouts.wording.text import escape

        nb = "\u00a0"
        dose = f"<font backColor='{styles.DOSE_FILL}'><b>{nb}{escape(dose)}{nb}</b></font>"
        avoid_w = self._width(self.label + " ", fonts.BOLD) + self._width(self.avoid, fonts.REGULAR)
        if avoid_w + self.style.fontSize <= avail_w:
            whole = f"<b>{escape(self.label)}</b>{nb}{escape(self.avoid.replace(' ', nb))}"
            return [CachedParagraph(f"{dose}\u2003 {whole}", self.style, memo=self.memo)]
        return [CachedParagraph(dose, self.style, memo=self.memo),
                CachedParagraph(f"<b>{escape(self.label)}</b> {escape(self.avoid)}", self.style,
                                memo=self.memo)]

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        import re

        if avail_w not in self._made:
            nb = "\u00a0"
            # Whole phrases when each fits the column; else numbers keep the words either side.
            phrases = re.split(r"(?<=[.,;:]) ", self.dose)
            if max(self._width(p, fonts.BOLD) for p in phrases) + self.style.fontSize <= avail_w:
                dose = " ".join(p.replace(" ", nb) for p in phrases)
            else:
                dose = re.sub(r"(?<=\d) | (?=\d)", nb, self.dose)
            self._made[avail_w] = self._paragraphs(dose, avail_w)
        self.parts = [(p, p.wrap(avail_w, avail_h)[1]) for p in self._made[avail_w]]
        self.width, self.height = avail_w, sum(h for _, h in self.parts)
        return self.width, self.height

    def draw(self) -> None:
        # ReportLab paints a line's band from a whole font size above its baseline, which at
        # tight line spacing is up into the descenders of the line above ('g', 'y'). Painted
        # in multiply, the band leaves them black (and looks the same over white paper).
        self.canv.saveState()
        self.canv.setBlendMode("Multiply")
        y = self.height
        for p, h in self.parts:
            y -= h
            p.drawOn(self.canv, 0, y)
        self.canv.restoreState()


class Stack(Flowable):  # type: ignore[misc]
    """Flowables stacked in a fixed-width column, usable as the picture of ImageAndFlowables."""

    def __init__(self, width: float, items: list[Any], gap: float = 2.0) -> None:
        super().__init__()
        self.col_w, self.items, self.gap = width, items, gap

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.sizes = [f.wrap(self.col_w, avail_h) for f in self.items]
        return self.col_w, sum(h for _, h in self.sizes) + self.gap * (len(self.items) - 1)

    def _restrictSize(self, avail_w: float, avail_h: float) -> tuple[float, float]:  # noqa: N802
        return self.wrap(avail_w, avail_h)

    def _unRestrictSize(self) -> None:  # noqa: N802
        return None

    def draw(self) -> None:
        _, total = self.wrap(self.col_w, 1e6)
        y = total
        for f, (w, h) in zip(self.items, self.sizes, strict=True):
            y -= h
            f.drawOn(self.canv, (self.col_w - w) / 2, y)
            y -= self.gap


def qr_drawing(url: str, size: float) -> Any:
    """A QR code for an address, as a square drawing (ReportLab's own widget)."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    d.add(widget)
    return d


class TickRow(Flowable):  # type: ignore[misc]
    """A label and `count` empty boxes to tick by pen, wrapping onto more rows when narrow.

    The boxes are as tall as the label's type, so they grow with large print. With `group`
    (the boxes of one sitting, when there are several a day), each sitting starts a row of
    its own under the first box, so "3 times a day" reads as three rows.
    """

    def __init__(self, label: str, count: int, font: str, size: float, group: int = 0) -> None:
        super().__init__()
        self.label, self.count, self.font, self.size = label, count, font, size
        self.group = group if 0 < group < count else 0
        self.box, self.gap = size * 1.15, size * 0.4

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.label_w = stringWidth(self.label, self.font, self.size) + self.gap
        step = self.box + self.gap
        beside = max(int((avail_w - self.label_w + self.gap) // step), 0)  # next to the label
        across = max(int((avail_w + self.gap) // step), 1)  # on a row of their own
        self.indent = 0.0
        ends: list[int] = []  # rows that end a sitting running over several rows
        if self.group and self.group <= beside:
            # Each sitting on a row of its own, under the first box.
            self.indent = self.label_w
            self.rows = [self.group] * (self.count // self.group)
            if self.count % self.group:
                self.rows.append(self.count % self.group)
        elif self.group:
            # A sitting wider than the column: the label alone, then each sitting on rows of
            # its own, as even as they can be (12 boxes: 6 and 6, not 11 and 1), never past
            # the column, and a little more space before the next sitting.
            lines = -(-self.group // across)
            per_row = -(-self.group // lines)
            self.rows = [0]
            for start in range(0, self.count, self.group):
                left = min(self.group, self.count - start)
                while left > 0:
                    self.rows.append(min(per_row, left))
                    left -= self.rows[-1]
                ends.append(len(self.rows) - 1)
        else:
            self.rows = [min(beside, self.count)]
            left = self.count - self.rows[0]
            while left > 0:
                self.rows.append(min(across, left))
                left -= self.rows[-1]
        # The extra space above each row: one gap more after each sitting but the last.
        self.extra = [self.gap * sum(1 for e in ends[:-1] if e < r) for r in range(len(self.rows))]
        self.width = avail_w
        self.height = len(self.rows) * (self.box + self.gap) - self.gap + self.extra[-1]
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFont(self.font, self.size)
        c.setFillColor(colors.HexColor(styles.INK))
        top = self.height
        c.drawString(0, top - self.box + (self.box - self.size * 0.7) / 2, self.label)
        c.setStrokeColor(colors.HexColor(styles.INK))
        c.setLineWidth(max(self.size / 12, 0.9))
        for r, n in enumerate(self.rows):
            x = self.label_w if r == 0 else self.indent
            y = top - (r + 1) * self.box - r * self.gap - self.extra[r]
            for i in range(n):
                c.rect(x + i * (self.box + self.gap), y, self.box, self.box, stroke=1, fill=0)
