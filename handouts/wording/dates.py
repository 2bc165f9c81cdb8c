"""Dates as a patient reads them: one form for every sheet of a packet, the clinic's if it sets one."""

from __future__ import annotations

import datetime as dt
import string

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# "2 March 2026": the month in words, so no reader wonders whether 03/02 is March or February.
DEFAULT_FORMAT = "{day} {month} {year}"
FIELDS = frozenset({"day", "month", "mon", "year", "weekday", "mm", "dd"})


def check_format(pattern: str) -> str:
    """Return `pattern` if it uses only the known fields ({day}, {month}, {mon}, {year},
    {weekday}, {mm}, {dd}), with no conversions or attribute access; else raise ValueError."""
    for _, name, spec, conversion in string.Formatter().parse(pattern):
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            raise ValueError(f"unknown date field '{{{name}}}' (known: "
                             + ", ".join(f"{{{f}}}" for f in sorted(FIELDS)) + ")")
    return pattern


def long_date(d: dt.date, pattern: str | None = None) -> str:
    """`d` in the clinic's pattern (see check_format), or as '2 March 2026' by default."""
    return check_format(pattern or DEFAULT_FORMAT).format(
        day=d.day, month=MONTHS[d.month - 1], mon=MONTHS[d.month - 1][:3], year=d.year,
        weekday=WEEKDAYS[d.weekday()], mm=f"{d.month:02d}", dd=f"{d.day:02d}")
