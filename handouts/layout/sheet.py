"""What every printed sheet shares: who it is for, a clinician's per-stretch changes, the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.content.clinic import Clinic
from handouts.content.dose import Side
from handouts.content.model import Dose
from handouts.content.select import Selection
from handouts.errors import LayoutError

if TYPE_CHECKING:
    from handouts.layout.slots import SlotMark


MAX_NAME = 120  # characters of a patient's or clinician's name: two lines at most on a sheet


@dataclass(frozen=True)
class Override:
    """A clinician's changes to one stretch for one patient."""

    dose: Dose | None = None
    side: Side | None = None
    note: str | None = None


@dataclass(frozen=True)
class SheetHeader:
    """Who the sheet is for and from: printed at the top, blank lines when not given."""

    patient: str | None = None
    clinician: str | None = None
    date: dt.date | None = None
    clinic: Clinic | None = None
    # Leave patient, clinician and date as placeholders, filled in later per patient; the
    # builder returns where each one went (Laid.marks).
    placeholders: bool = False
    # The clinic's strftime pattern for the date, or None: the language's long form
    # (handout/date.j2, "2 March 2026").
    date_format: str | None = None

    def __post_init__(self) -> None:
        for what, name in (("patient", self.patient), ("clinician", self.clinician)):
            if name and len(name) > MAX_NAME:
                raise LayoutError(f"the {what}'s name is {len(name)} characters long; at most "
                                  f"{MAX_NAME} fit on a sheet")


@dataclass(frozen=True)
class HandoutSpec:
    """Everything a handout is made from; nothing is read from the clock or environment."""

    selection: Selection
    header: SheetHeader = SheetHeader()
    page_size: str = "letter"
    template_dirs: tuple[Path, ...] = ()
    overrides: Mapping[str, Override] = field(default_factory=dict)
    large_print: bool = False
    # Large print numbers its own pages; in a packet the packet's stamp numbers them instead.
    page_numbers: bool = True
    # Empty lines in place of each dose, for the clinician to write it by hand.
    blank_dose: bool = False


@dataclass(frozen=True)
class Laid:
    """A sheet laid out: the PDF, the fit level used in words, warnings for the user, and
    where each placeholder went (empty unless the header asked for placeholders)."""

    data: bytes
    fit: str
    warnings: tuple[str, ...] = ()
    marks: tuple[SlotMark, ...] = ()
    # Pages and /Title as the build made them (0 and "": not known, read them from `data`).
    pages: int = 0
    title: str = ""
