"""Read a patients CSV the way clinics export them, into plain rows with their row numbers.

Real exports come from scheduling and records systems and spreadsheets: UTF-8 with or
without a byte-order mark, UTF-16 ("Unicode text"), or Windows-1252; commas, semicolons
(European settings) or tabs between cells; headers in any case with stray spaces; quoted
cells holding line breaks; blank lines; extra cells. This module turns all of them into
`CsvRow`s keyed by a normalised column name, and refuses, for the whole file, only what
cannot be read safely: no header, or a header named twice.

Row numbers are the spreadsheet's: the header is row 1, the first patient row 2, however
many line breaks a quoted cell holds.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import InputFileError
from handouts.jobs.columns import read_aliases

MAX_BYTES = 50_000_000  # a day's list is a few KB; this keeps a wrong file from filling memory
DELIMITERS = (",", ";", "\t")
_END = "\x00end\x00"  # never in a file read (NUL is refused)


@dataclass(frozen=True)
class CsvRow:
    """One data row: its spreadsheet row number, its cells by column, and cells past the header."""

    row: int
    values: dict[str, str]
    extra: tuple[str, ...] = ()


@dataclass
class CsvTable:
    """Every data row of a CSV file, with how it was read and what is worth a warning."""

    path: Path
    columns: list[str]
    rows: list[CsvRow]
    encoding: str
    delimiter: str
    warnings: list[str] = field(default_factory=list)


def column_key(name: str) -> str:
    """A header as a column name: ' Large Print ' -> 'large_print'."""
    return re.sub(r"\s+", "_", name.replace("\ufeff", "").strip().lower())


def cell_text(value: str) -> str:
    """A cell's text on one line: line breaks inside a quoted cell become single spaces."""
    return re.sub(r"\s*[\r\n]+\s*", " ", value).strip()


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (BOM or not), UTF-16 with BOM, else 1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most, outside quotes (a comma when none)."""
    bare = re.sub(r'"[^"]*"', "", header)
    counts = {d: bare.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(path: Path) -> CsvTable:
    """Read and normalise a CSV file; InputFileError when it cannot be read as a table."""
    where = f"{path}:row 1"
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputFileError(path, f"file is over {MAX_BYTES:,} bytes; is it the patients list?")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(path, "no such file (`handouts batch FILE.csv --example` writes "
                                   "an example to start from)") from None
    except OSError as e:
        raise InputFileError(path, f"cannot read: {e.strerror or e}") from e
    text, encoding = decode(raw)
    warnings = []
    if encoding not in ("UTF-8", "UTF-16"):
        warnings.append(f"{path}: not UTF-8 text; read as {encoding} (save as CSV UTF-8 to "
                        "be sure accents come out right)")
    if "\x00" in text:
        raise InputFileError(path, "holds NUL characters: is it a spreadsheet file (.xlsx)? "
                                   "Save it as CSV")
    lines = text.lstrip("\r\n").splitlines()
    if not lines or not lines[0].strip():
        raise InputFileError(where, "the file is empty; the first line must name the columns")
    delimiter = sniff_delimiter(lines[0])
    body = text.lstrip("\r\n")
    sep = re.fullmatch(r"sep=(.) *", lines[0])
    if sep and len(lines) > 1:  # Excel's line naming the delimiter, hidden in Excel
        delimiter, body = sep.group(1), body.split("\n", 1)[1]
    if not body.endswith(("\n", "\r")):
        body += "\n"
    # A last line of our own: read as a row of its own unless a quote left open swallows it.
    reader = csv.reader(io.StringIO(body + _END + "\n", newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        records = list(reader)
    except csv.Error as e:
        raise InputFileError(path, f"cannot read as CSV: {e}") from e
    if records[-1:] != [[_END]]:
        raise InputFileError(f"{path}:row {len(records) + 1}",
                             'a quote (") opens a cell and is never closed, so every line '
                             "after it would be read into that cell; close the quote or "
                             "delete it")
    records.pop()
    columns = [column_key(h) for h in header]
    for j, base in read_aliases(columns).items():
        columns[j] = base
        warnings.append(f"{where}: column '{header[j].strip()}' read as '{base}'")
    _check_header(where, header, columns)
    width = len(columns)
    while width and not columns[width - 1]:  # trailing empty headers: cells to ignore
        width -= 1
    rows = []
    for i, cells in enumerate(records, start=2):
        cells = [cell_text(c) for c in cells]
        if not any(cells):
            continue  # a blank line between patients
        values = {c: (cells[j] if j < len(cells) else "") for j, c in enumerate(columns[:width])}
        extra = tuple(c for c in cells[width:] if c)
        rows.append(CsvRow(i, values, extra))
    return CsvTable(path, columns[:width], rows, encoding, delimiter, warnings)


def _check_header(where: str, header: list[str], columns: list[str]) -> None:
    """Refuse a header that names a column twice; name a nameless column by its place."""
    seen: dict[str, int] = {}
    for j, name in enumerate(columns, start=1):
        if not name:
            if any(columns[j:]):
                columns[j - 1] = f"(column {j} has no name)"
            continue
        if name in seen:
            raise InputFileError(where, f"{name}: named twice (columns {seen[name]} and {j}); "
                                        "keep one, so it is plain which value counts")
        seen[name] = j
