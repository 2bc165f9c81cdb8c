"""Flowables for fillable forms: a block of tick boxes and a text field, each printed and fillable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

BORDER = 1.2  # thick enough to survive "fit to page" on a grey-scale printer
FIELD_FONT = "Helvetica"  # AcroForm text accepts only the 14 standard fonts


def _reuse_appearances(form: Any) -> None:
    """Make a canvas's AcroForm build each check box look once, not six times per box.

    ReportLab draws the same appearance streams for every box of a given size and style
    (then merges the duplicates when saving); drawing them once keeps trackers fast.
    """
    if getattr(form, "_handouts_memo", None) is not None:
        return
    memo: dict[str, Any] = {}
    original = form.checkboxAP

    def checkbox_ap(*args: Any, **kwargs: Any) -> Any:
        key = repr((args, sorted(kwargs.items())))
        if key not in memo:
            memo[key] = original(*args, **kwargs)
        return memo[key]

    form.checkboxAP = checkbox_ap
    form._handouts_memo = memo


class BoxGrid(Flowable):  # type: ignore[misc]
    """Lines of check boxes, centred; each box is printed and is an AcroForm check box."""

    def __init__(self, lines: Sequence[Sequence[tuple[str, str]]], size: float, gap: float) -> None:
        super().__init__()
        self.lines, self.size, self.gap = lines, size, gap  # lines of (name, tooltip)

    def _span(self, n: int) -> float:
        return n * self.size + max(n - 1, 0) * self.gap

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = self._span(max((len(line) for line in self.lines), default=0))
        self.height = self._span(len(self.lines))
        return self.width, self.height

    def draw(self) -> None:
        _reuse_appearances(self.canv.acroForm)
        for row, line in enumerate(self.lines):
            y = self.height - self.size - row * (self.size + self.gap)
            x0 = (self.width - self._span(len(line))) / 2
            for i, (name, tip) in enumerate(line):
                # forceBorder also strokes the square into the page, so it prints without forms.
                self.canv.acroForm.checkbox(
                    name=name, tooltip=tip, x=x0 + i * (self.size + self.gap), y=y, size=self.size,
                    buttonStyle="check", borderColor=colors.black, fillColor=colors.white,
                    textColor=colors.black, borderWidth=BORDER, forceBorder=True, relative=True,
                    fieldFlags="",
                )


class TextBox(Flowable):  # type: ignore[misc]
    """An AcroForm text field of a fixed size, with a printed border or inside a table's grid."""

    def __init__(self, name: str, tooltip: str, width: float, height: float, font_size: float,
                 multiline: bool = False, border: bool = True, value: str = "",
                 hidden: bool = False) -> None:
        super().__init__()
        self.name, self.tooltip, self.value = name, tooltip, value
        self.box_w, self.box_h, self.font_size = width, height, font_size
        self.multiline, self.border, self.hidden = multiline, border, hidden

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return (0.0, 0.0) if self.hidden else (self.box_w, self.box_h)

    def draw(self) -> None:
        flags = "readOnly" if self.hidden else ("multiline doNotSpellCheck" if self.multiline else "")
        self.canv.acroForm.textfield(
            name=self.name, tooltip=self.tooltip, value=self.value, x=0, y=0, width=self.box_w,
            height=self.box_h, relative=True, fontName=FIELD_FONT, fontSize=self.font_size,
            textColor=colors.black, fillColor=colors.white if self.border else None,
            borderColor=colors.black, borderWidth=BORDER if self.border else 0,
            forceBorder=self.border, maxlen=0, fieldFlags=flags,
            annotationFlags="hidden" if self.hidden else "print",
        )
