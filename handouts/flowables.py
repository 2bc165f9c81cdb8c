"""Small custom flowables: a framed picture box and a fillable check box."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from handouts import styles


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


class CheckBox(Flowable):  # type: ignore[misc]
    """A printed square that is also an AcroForm check box with a unique name."""

    def __init__(self, name: str, size: float, tooltip: str = "") -> None:
        super().__init__()
        self.name, self.size, self.tooltip = name, size, tooltip

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.acroForm.checkbox(
            name=self.name, tooltip=self.tooltip or self.name, x=0, y=0, size=self.size,
            buttonStyle="check", borderColor=colors.black, fillColor=colors.white,
            textColor=colors.black, borderWidth=1.2, forceBorder=True, relative=True,
        )
