"""The dose of a stretch as one plain line, e.g. "Hold 30 seconds - 3 times - each side - daily"."""

from __future__ import annotations

from typing import Literal

from handouts.content.model import Dose, Stretch

Side = Literal["left", "right", "both"]
SEP = " - "


def _times(n: int, word: str = "time") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def how_often(dose: Dose) -> str:
    """Frequency in words: 'daily', '2 times a day', '5 days a week'."""
    per_day = "" if dose.times_per_day == 1 else f"{_times(dose.times_per_day)} a day"
    if dose.days_per_week == 7:
        return per_day or "daily"
    days = f"{dose.days_per_week} {'day' if dose.days_per_week == 1 else 'days'} a week"
    return f"{per_day}, {days}" if per_day else days


def side_words(stretch: Stretch, side: Side | None = None) -> str | None:
    """'each side', 'left side only', or None for a stretch without sides."""
    if not stretch.sides:
        return None
    if side in ("left", "right"):
        return f"{side} side only"
    return "each side"


def dose_line(stretch: Stretch, dose: Dose | None = None, side: Side | None = None) -> str:
    """The whole dose in one line, from the stretch's default or an override."""
    d = dose or stretch.dose
    parts: list[str] = []
    if d.hold_seconds:
        parts.append(f"Hold {d.hold_seconds} seconds")
        parts.append(_times(d.sets))
    else:
        parts.append(f"{d.reps or 1} slow {'rounds' if (d.reps or 1) != 1 else 'round'}")
        parts.append(_times(d.sets, "set"))
    sides = side_words(stretch, side)
    if sides:
        parts.append(sides)
    parts.append(how_often(d))
    return SEP.join(parts)
