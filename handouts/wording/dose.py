"""The dose and the side words in the sheet's language: numbers from the model, words from
templates (dose/line.j2, dose/blank.j2, sides/*.j2) through the language's catalog."""

from __future__ import annotations

from collections.abc import Mapping

from handouts.content.dose import BLANK, Side
from handouts.content.model import Dose, Stretch
from handouts.content.sides import SideWords
from handouts.wording.text import Wording


def dose_words(words: Wording, stretch: Stretch, dose: Dose | None = None,
               side: Side | None = None) -> str:
    """The whole dose in short sentences, e.g. "Hold 30 seconds. Do 3 holds on each side,
    right side first, then switch. Once a day." (see content.dose for what each word means)."""
    d = dose or stretch.dose
    one_side = side in ("left", "right")
    hold = None if d.hold is None else {"low": d.hold.low, "high": d.hold.high, "unit": d.hold.unit}
    return words.render(
        "dose/line.j2", hold=hold, reps=d.reps or (1, 1), sets=d.sets, rest=d.rest_seconds,
        per_day=d.times_per_day, per_week=d.days_per_week, text=d.text,
        side=None if not stretch.sides else (side if one_side else "each"),
        first=stretch.figure_side if stretch.sides and not one_side else None,
    )


def blank_dose_words(words: Wording, stretch: Stretch) -> str:
    """Empty lines for a clinician to write the dose by hand."""
    return words.render("dose/blank.j2", blank=BLANK, sides=stretch.sides)


def side_names(words: Wording) -> Mapping[str, str]:
    """What a {side} or {other} mark becomes for each side, in the sheet's language."""
    return {side: words.render(f"sides/{side}.j2") for side in ("left", "right")}


def side_words(words: Wording) -> SideWords:
    """The words `handouts check` looks for left bare in a sided text, and the phrases where
    they name no side, from sides/words.j2 and sides/not_sides.j2 in the language's catalog."""
    return SideWords.from_lists(words.render("sides/words.j2"), words.render("sides/not_sides.j2"))
