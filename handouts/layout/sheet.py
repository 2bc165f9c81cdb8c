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

if TYPE_CHECKING:
    from handouts.layout.slots import SlotMark


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
    # strftime pattern from the config; None prints the one default form, '2 March 2026'.
    date_format: str | None = None

    def date_text(self) -> str | None:
        """The date as printed, or None for a blank line to write on."""
        from handouts.wording.dates import long_date

        return long_date(self.date, self.date_format) if self.date else None


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


@dataclass(frozen=True)
class Laid:
    """A sheet laid out: the PDF, the fit level used in words, warnings for the user, and
    where each placeholder went (empty unless the header asked for placeholders)."""

    data: bytes
    fit: str
    warnings: tuple[str, ...] = ()
    marks: tuple[SlotMark, ...] = ()
