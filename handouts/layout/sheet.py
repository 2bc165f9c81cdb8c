"""What every printed sheet shares: who it is for, and a clinician's per-stretch changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handouts.content.clinic import Clinic
from handouts.content.dose import Side
from handouts.content.model import Dose
from handouts.errors import LayoutError

if TYPE_CHECKING:
    from handouts.layout.slots import Slots


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
    # When set, patient, clinician and date are left as placeholders to fill in later.
    slots: Slots | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for what, name in (("patient", self.patient), ("clinician", self.clinician)):
            if name and len(name) > MAX_NAME:
                raise LayoutError(f"the {what}'s name is {len(name)} characters long; at most "
                                  f"{MAX_NAME} fit on a sheet")
