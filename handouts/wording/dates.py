"""Dates as a patient reads them: one form on every sheet of a packet, in the sheet's language."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handouts.wording.text import Wording


def long_date(day: dt.date, words: Wording, pattern: str | None = None) -> str:
    """`day` as every sheet prints it: in the clinic's strftime `pattern` (handouts.toml
    `date_format`) when its config sets one, else in the language's long form from
    handout/date.j2 ('2 March 2026', '2 de marzo de 2026'): the month in words, so no
    reader wonders whether 03/02 is March or February."""
    if pattern:
        return day.strftime(pattern)
    return words.render("handout/date.j2", day=day)
