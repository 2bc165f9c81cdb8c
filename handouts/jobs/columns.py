"""What the columns of a patients CSV mean: which are known, dates, names and flags.

Known columns are the base ones (patient, clinician, ...), the change fields alone (apply
to every chosen stretch) and `<stretch id>.<change field>`. Anything else a records system
exports (record number, birth date, phone) is ignored with one warning, except a name
that looks like a typing slip of a known column ("pateint", "figure-four.hold_secs"):
ignoring that would silently drop what the clinician asked for, so it is refused.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Sequence
from types import MappingProxyType

from handouts.content.program import DOSE_FIELDS

BASE_COLUMNS = ("patient", "clinician", "date", "routine", "stretches", "weeks", "start",
                "large_print", "language")
CHANGE_COLUMNS = (*DOSE_FIELDS, "side", "note")  # alone: every stretch; "<id>.<field>": one
TEXT_COLUMNS = ("patient", "clinician")  # printed as given: checked against the font
DEFAULT_DATE_FORMAT = "MM/DD/YYYY"
# Headers that records and scheduling systems export for a base column (after column_key).
ALIASES = MappingProxyType({
    "patient_name": "patient", "name": "patient", "full_name": "patient",
    "provider": "clinician", "therapist": "clinician", "treating_therapist": "clinician",
    "rendering_provider": "clinician", "visit_date": "date", "appointment_date": "date",
    "appt_date": "date", "preferred_language": "language",
})
# A time of day after the date, as scheduling systems export an appointment ("9:30 AM").
_TIME_OF_DAY = re.compile(
    r"[ T]+([01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?$")
_TOKENS = MappingProxyType({"YYYY": "%Y", "MM": "%m", "DD": "%d", "M": "%m", "D": "%d"})
# Words that follow a name after a comma and do not mean "Last, First".
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "md", "do", "pt", "dpt", "phd", "rn", "np", "pa"})
# Of those, the ones that end a given name's part ("Smith, John Jr"); "Do" may be a name.
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


def is_known(column: str) -> bool:
    """A base column, a change field, or `<anything>.<change field>`."""
    return column in BASE_COLUMNS or column.rpartition(".")[2] in CHANGE_COLUMNS


def sort_columns(columns: Sequence[str], stretch_ids: Collection[str]) -> tuple[list[str], list[str]]:
    """(unknown columns to ignore, problems that refuse the file) for a header."""
    ignored, refused = [], []
    names = [*BASE_COLUMNS, *CHANGE_COLUMNS]
    for column in columns:
        if is_known(column):
            continue
        sid, dot, field = column.rpartition(".")
        if dot and sid in stretch_ids:
            close = difflib.get_close_matches(field, CHANGE_COLUMNS, n=1)
            hint = f"did you mean '{sid}.{close[0]}'? " if close else ""
            refused.append(f"{column}: unknown change '{field}' for stretch '{sid}'; {hint}"
                           f"a change is one of: {', '.join(CHANGE_COLUMNS)}")
            continue
        close = difflib.get_close_matches(column, names, n=1, cutoff=0.8)
        if close:
            refused.append(f"{column}: unknown column; did you mean '{close[0]}'? "
                           "(rename it, or it would be ignored)")
        else:
            ignored.append(column)
    return ignored, refused


def strptime_pattern(date_format: str) -> str:
    """'MM/DD/YYYY' (or a strftime pattern like '%d.%m.%Y') as a strftime pattern."""
    if "%" in date_format:
        return date_format
    return re.sub(r"YYYY|MM|DD|M|D", lambda m: _TOKENS[m.group()], date_format)


def human_format(date_format: str) -> str:
    """'%d/%m/%Y' as a person writes it: 'DD/MM/YYYY' (a pattern without % is kept)."""
    for code, shown in (("%Y", "YYYY"), ("%y", "YY"), ("%m", "MM"), ("%d", "DD"), ("%b", "Mon")):
        date_format = date_format.replace(code, shown)
    return date_format


def _read_day(text: str, fmt: str) -> dt.date | None:
    """`text` as YYYY-MM-DD or in the strftime pattern `fmt`; None when it is neither."""
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            return dt.datetime.strptime(text, "%Y-%m-%d").date()
        return dt.datetime.strptime(text, fmt).date()
    except ValueError:
        return None


def parse_day(text: str, date_format: str | None = None) -> dt.date | None:
    """A date written as YYYY-MM-DD or in `date_format`; ValueError saying what is expected.

    A time of day after the date ("2026-03-02 09:30:00", "03/02/2026 9:30 AM") is dropped.
    """
    if not text:
        return None
    fmt = date_format or DEFAULT_DATE_FORMAT
    expected = f"write it as {human_format(fmt)} or YYYY-MM-DD (like 2026-03-31)"
    day = _read_day(text, strptime_pattern(fmt))
    time = _TIME_OF_DAY.search(text)
    if day is None and time is not None:
        day = _read_day(text[:time.start()], strptime_pattern(fmt))
    if day is None:
        raise ValueError(f"'{text}' is not a date; {expected}")
    if not 2000 <= day.year <= 2100:
        raise ValueError(f"'{text}' is in the year {day.year}; {expected}, with all four "
                         "digits of the year")
    return day


def patient_name(text: str) -> str:
    """'Ruiz, Ana' -> 'Ana Ruiz', 'Smith, John Jr' -> 'John Smith Jr'; any other name (and
    'Ana Ruiz, Jr') as written."""
    last, comma, first = text.partition(",")
    if not comma or "," in first or not last.strip() or not first.strip():
        return text
    if first.strip().lower().rstrip(".") in _SUFFIXES:
        return text
    given, _, suffix = first.strip().rpartition(" ")
    if given and suffix.lower().rstrip(".") in _GENERATIONS:  # "Smith, John Jr": John Smith Jr
        return f"{given.strip()} {last.strip()} {suffix}"
    return f"{first.strip()} {last.strip()}"


def read_aliases(columns: Sequence[str]) -> dict[int, str]:
    """{index: base column} for headers read as a base column the header lacks.

    `columns` are column_key names; the first alias of a base column wins, and an alias of a
    column the header has already is left as it is (an unknown column, ignored).
    """
    have, found = set(columns), {}
    for j, name in enumerate(columns):
        base = ALIASES.get(name)
        if base is not None and base not in have:
            have.add(base)
            found[j] = base
    return found
