"""The dose of a stretch in short plain sentences, and the tick boxes it asks for each day.

"Hold 30 seconds. Do 4 holds on each side, right side first, then switch. 3 times a day."

Each idea has its own word, so none can be read as another: a hold's length is "seconds",
"minutes" or "breaths"; one go is a "hold" (or a "slow round" of a movement); a group of
them is a "set" (named when there is more than one); "times" only ever counts sittings in a
day ("once", "twice", "3 times a day"); "days a week" counts days, every day when not said.
Ranges read "20 to 30".
"""

from __future__ import annotations

from typing import Literal

from handouts.content.amounts import Pair
from handouts.content.model import Dose, Stretch

Side = Literal["left", "right", "both"]
BLANK = "________"


def _n(pair: Pair) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]} to {pair[1]}"


def _noun(pair: Pair, one: str, many: str) -> str:
    return f"{_n(pair)} {one if pair == (1, 1) else many}"


def _hold(d: Dose) -> str | None:
    h = d.hold
    if h is None:
        return None
    pair = (h.low, h.high)
    if h.unit == "breaths":
        return f"Hold for {_noun(pair, 'slow breath', 'slow breaths')}."
    unit = h.unit[:-1]
    return f"Hold {_noun(pair, unit, h.unit)}."


def side_words(stretch: Stretch, side: Side | None = None) -> str | None:
    """'on each side', 'on your left side only', or None for a stretch without sides."""
    if not stretch.sides:
        return None
    if side in ("left", "right"):
        return f"on your {side} side only"
    return "on each side"


def _work(d: Dose, sides: str | None, switch: str | None) -> str:
    reps = d.reps or (1, 1)
    each = (_noun(reps, "hold", "holds") if d.hold is not None
            else _noun(reps, "slow round", "slow rounds"))
    sets = "" if d.sets == (1, 1) else f"{_noun(d.sets, 'set', 'sets')} of "
    return f"Do {sets}{each}" + (f" {sides}" if sides else "") + (f", {switch}." if switch else ".")


def how_often(d: Dose) -> str:
    """'Once a day.', 'Twice a day, 5 days a week.', '2 to 3 times a day.' (every day unless said)"""
    per_day = {(1, 1): "Once a day", (2, 2): "Twice a day"}.get(
        d.times_per_day, f"{_n(d.times_per_day)} times a day")
    if d.days_per_week == (7, 7):
        return f"{per_day}."
    return f"{per_day}, {_noun(d.days_per_week, 'day a week', 'days a week')}."


def switch_words(stretch: Stretch, side: Side | None = None) -> str | None:
    """For a stretch done on each side: which side comes first, then to switch."""
    if not stretch.sides or side in ("left", "right"):
        return None
    return f"{stretch.figure_side} side first, then switch"


def dose_parts(stretch: Stretch, dose: Dose | None = None, side: Side | None = None) -> list[str]:
    """The dose as its sentences, in reading order."""
    d = dose or stretch.dose
    switch = switch_words(stretch, side)
    if d.text:
        return [d.text, *([switch.capitalize() + "."] if switch else [])]
    parts = [p for p in (_hold(d), _work(d, side_words(stretch, side), switch)) if p]
    if d.rest_seconds is not None:
        parts.append(f"Rest {_n(d.rest_seconds)} seconds between sets.")
    parts.append(how_often(d))
    return parts


def dose_line(stretch: Stretch, dose: Dose | None = None, side: Side | None = None) -> str:
    """The whole dose in one line, from the stretch's default or a clinician's override."""
    return " ".join(dose_parts(stretch, dose, side))


def blank_dose_line(stretch: Stretch) -> str:
    """Empty lines for a clinician to write the dose by hand."""
    sides = " Side: " + BLANK if stretch.sides else ""
    return (f"Hold {BLANK}. Do {BLANK} sets of {BLANK} holds.{sides} "
            f"{BLANK} times a day, {BLANK} days a week.")


def boxes_per_sitting(dose: Dose) -> int:
    """Tick boxes for one sitting: one per hold (holds x sets), or one per set of a movement.

    A range counts at its top, so the sheet never has fewer boxes than the dose allows.
    """
    sets = dose.sets[1]
    return sets * (dose.reps or (1, 1))[1] if dose.hold is not None else sets


def boxes_per_day(dose: Dose) -> int:
    """Tick boxes for one day: every sitting's boxes, times a day at its top."""
    return boxes_per_sitting(dose) * dose.times_per_day[1]
