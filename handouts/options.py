"""Checked choices shared by the API, the config file and the CLI: dates, weeks, language, print size.

Every bad value is an OptionError naming what was given and what is allowed; nothing here
reads the clock (the caller passes `today`).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from handouts.errors import OptionError

MIN_WEEKS, MAX_WEEKS = 1, 12
DEFAULT_WEEKS = 4  # the tracker's length on every command unless a setting says otherwise
LANGUAGES = ("en", "es")  # the languages the built-in wording speaks; more plug in as folders
DEFAULT_LANGUAGE = "en"
# Words a date option may be instead of YYYY-MM-DD.
TODAY, BLANK = "today", "blank"

DateInput = dt.date | str | None
"""A date as given: a date, 'YYYY-MM-DD', 'today', 'blank' (a line to write on), or None."""


class PrintSize(StrEnum):
    """Normal print (10 to 12 pt, one-page handout) or large print (18 pt, as many pages as needed)."""

    normal = "normal"
    large = "large"

    @classmethod
    def parse(cls, value: str | PrintSize) -> PrintSize:
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise OptionError(f"unknown print size '{value}' (choose normal or large)") from None


def parse_date(value: DateInput, what: str, today: dt.date, blank: bool = True) -> dt.date | None:
    """A date from `value`: None (and 'blank' when `blank`) give None, 'today' gives `today`.

    `what` names the option or field in the message; `blank` False is for a date that is
    counted from, not printed (a tracker's start, the report's today). Raises OptionError
    for anything else that is not YYYY-MM-DD.
    """
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip().lower()
    if text == TODAY:
        return today
    if text == "" or (blank and text == BLANK):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        choices = ", 'today' or 'blank'" if blank else " or 'today'"
        raise OptionError(f"{what}: '{value}' is not a date like 2026-03-31{choices}") from None


def is_blank(value: DateInput) -> bool:
    """Whether a date was asked to be left blank, as opposed to not given at all."""
    return isinstance(value, str) and value.strip().lower() == BLANK


def coming_monday(day: dt.date) -> dt.date:
    """The day a new week of tracking starts: `day` itself if a Monday, else the next Monday."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def check_weeks(weeks: int) -> int:
    """`weeks` if from 1 to 12; OptionError otherwise."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise OptionError(f"a tracker covers {MIN_WEEKS} to {MAX_WEEKS} weeks, not {weeks!r}")
    return weeks


def check_language(language: str) -> str:
    """A language code like 'es' or 'pt-BR' ('ES' reads as 'es'); OptionError otherwise.

    Whether the library speaks it is known when it loads: a language needs a folder named
    by its code, with a messages.po, in a content folder (see handouts.wording.language).
    """
    head, _, region = language.strip().partition("-")
    code = head.lower() + (f"-{region.upper()}" if region else "")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", code):
        raise OptionError(f"'{language}' is not a language code like {' or '.join(LANGUAGES)}")
    return code
