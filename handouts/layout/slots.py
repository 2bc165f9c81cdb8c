"""A patient's details drawn in late, so a packet can lay out a sheet once for many patients.

In a batch, most patients share a plan: the same stretches, changes and start date. Their
handouts and trackers differ only in the name, clinician and date on the people line,
which sits in a row of fixed height. A packet therefore lays each plan's sheets out once,
with a placeholder where each of those goes, and fills the placeholders per patient.
A detail too long for one line makes its row taller, so that patient's sheet is laid out
with the text instead (see `one_line`).

A placeholder is an empty form XObject, drawn (`Do`) at exactly the point of the page's
content where the text would be, so text extraction still reads "Name: Ana Ruiz" in order.
Filling replaces that XObject with one holding the text, set with the same style and width
at the same place: the page looks exactly as if it had been laid out with the name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from handouts.wording.text import escape

SLOT_KEYS = ("patient", "clinician", "date")


@dataclass(frozen=True)
class SlotMark:
    """Where one detail goes: page (1-based), bottom-left corner in page space, width, style."""

    key: str
    page: int
    x: float
    y: float
    width: float
    style: Any  # a ReportLab ParagraphStyle

    @property
    def form(self) -> str:
        """The placeholder's name in ReportLab (and, after "FormXob.", in the PDF)."""
        return f"handouts_{self.key}_p{self.page}"


@dataclass
class Slots:
    """Collects the marks of one sheet as it is drawn.

    A sheet may be laid out more than once (a trial that spilled onto another page, or a
    first pass to count pages): only the marks of the last layout are kept.
    """

    marks: list[SlotMark] = field(default_factory=list)
    canvas: Any = None

    def add(self, canv: Any, mark: SlotMark) -> None:
        if canv is not self.canvas:
            self.canvas, self.marks = canv, []
        self.marks.append(mark)


def detail(key: str, text: str | None, style: Any, slots: Slots | None) -> Any:
    """The flowable for one detail: its text now, or a placeholder when `slots` collects them."""
    if slots is None:
        return Paragraph(escape(text or ""), style)
    return Placeholder(key, style, slots)


class Placeholder(Flowable):  # type: ignore[misc]
    """One line of the style's height; draws an empty, named form XObject in page space."""

    def __init__(self, key: str, style: Any, slots: Slots) -> None:
        super().__init__()
        self.key, self.style, self.slots = key, style, slots

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return avail_w, self.style.leading

    def draw(self) -> None:
        canv = self.canv
        x, y = canv.absolutePosition(0, 0)
        mark = SlotMark(self.key, canv.getPageNumber(), x, y, self.width, self.style)
        self.slots.add(canv, mark)
        canv.saveState()
        canv.resetTransforms()
        canv.doForm(mark.form)
        canv.restoreState()
        if not canv.hasForm(mark.form):
            canv.beginForm(mark.form)
            canv.endForm()


def one_line(text: str | None, style: Any, width: float) -> bool:
    """Whether `text` sets on one line of `width` in `style` (an empty detail always does)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return not text or stringWidth(text, style.fontName, style.fontSize) <= width


def fills_fit(marks: Sequence[SlotMark], details: Mapping[str, str]) -> bool:
    """Whether every detail fits its placeholder's line; if not, lay the sheet out with them."""
    return all(one_line(details.get(m.key), m.style, m.width) for m in marks)


def draw_fill(canv: Any, mark: SlotMark, text: str) -> None:
    """Set `text` where `mark` was, as the sheet itself would have (bottom-aligned in its cell)."""
    para = Paragraph(escape(text), mark.style)
    para.wrapOn(canv, mark.width, 1e6)
    para.drawOn(canv, mark.x, mark.y)


def values(patient: str | None, clinician: str | None, date: str | None) -> Mapping[str, str]:
    """The details to fill in, by slot key; an empty one leaves its line blank to write on."""
    given = {"patient": patient, "clinician": clinician, "date": date}
    return {k: v for k, v in given.items() if v}
