"""What every printed sheet shares: who it is for, and a clinician's per-stretch changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handouts.content.clinic import Clinic
from handouts.content.dose import Side
from handouts.content.model import Dose

if TYPE_CHECKING:
    from handouts.layout.slots import Slots


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
    # When set, patient, clinician and date are left as placeholders to fill in later.
    slots: Slots | None = field(default=None, compare=False, repr=False)
    date_format: str = "%Y-%m-%d"  # strftime pattern; a clinic's config may choose another

    def date_text(self) -> str | None:
        """The date as printed, or None for a blank line to write on."""
        return self.date.strftime(self.date_format) if self.date else None
