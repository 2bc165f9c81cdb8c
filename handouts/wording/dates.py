"""Dates as a patient reads them: one form for every sheet of a packet, the config's if it sets one."""

from __future__ import annotations

import datetime as dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(d: dt.date, pattern: str | None = None) -> str:
    """`d` in the config's strftime `pattern` (handouts.toml `date_format`), or by default
    as '2 March 2026': the month in words, so no reader wonders if 03/02 is March or February."""
    if pattern:
        return d.strftime(pattern)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
