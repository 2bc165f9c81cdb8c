"""The dose line in the sheet's language: numbers from the dose, words from dose/line.j2."""

from __future__ import annotations

from handouts.content.dose import Side
from handouts.content.model import Dose, Stretch
from handouts.wording.text import Wording


def side_key(stretch: Stretch, side: Side | None) -> str | None:
    """'each', 'left' or 'right' for a stretch done on sides; None for one that is not."""
    if not stretch.sides:
        return None
    return side if side in ("left", "right") else "each"


def dose_words(words: Wording, stretch: Stretch, dose: Dose | None = None,
               side: Side | None = None) -> str:
    """The whole dose on one line, e.g. "Hold 30 seconds - 3 times - each side - daily"."""
    d = dose or stretch.dose
    return words.render("dose/line.j2", hold=d.hold_seconds, reps=d.reps or 1, sets=d.sets,
                        side=side_key(stretch, side), times_per_day=d.times_per_day,
                        days_per_week=d.days_per_week)
