"""Small custom flowables: a framed picture box, text beside a picture, a column stack, a QR code."""

from __future__ import annotations

import copy
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, ImageAndFlowables, Paragraph
from reportlab.platypus.flowables import _Container

from handouts.layout import styles


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


class CachedParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once per width and is cheap to copy.

    A page asks a paragraph for its size again and again at one width (to fit, to split
    beside a picture, to lay out, to draw), and ReportLab breaks the lines every time.
    The lines depend on the width alone, so they are kept. ReportLab also deep-copies a
    paragraph before splitting it beside a picture; wrapping and splitting only read the
    words and set attributes on the copy, so a shallow copy does. The pages come out byte
    for byte the same (checked for every fit level, large print and the detail sheet) and
    the handout builds about 15% faster.
    """

    def deepcopy(self) -> CachedParagraph:
        return copy.copy(self)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        # The lines depend on the width alone, and a page asks again and again at one width
        # (to fit, to split at the picture, to lay out, to draw): break them once per width.
        known = self.__dict__
        if known.get("_wrapped_at") == avail_w and "blPara" in known and "height" in known:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(avail_w, avail_h)
        self._wrapped_at = avail_w
        return size


class TextBeside(ImageAndFlowables):  # type: ignore[misc]
    """Text flowing around a picture, drawn text first so extracted text reads in order.

    ReportLab's ImageAndFlowables draws the picture first, which puts a picture's caption
    ahead of the heading beside it when a screen reader or copy-paste extracts the text.
    """

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        if self._side == "left":
            image_x = x + self._ilpad
            text_x = image_x + self._irpad + self._wI
        else:
            image_x, text_x = x + self.width - self._wI - self._irpad, x
        if self._C0:
            _Container.drawOn(self, canv, text_x, y, content=self._C0, aW=self._iW)
        if self._C1:
            _Container.drawOn(self, canv, x, y - self._aH, content=self._C1, aW=self._wrapArgs[0])
        self._I.drawOn(canv, image_x, y + self.height - self._itpad - self._hI)


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
