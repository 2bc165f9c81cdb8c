"""`handouts build`: the default set of sheets for the built-in routine, written into a folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handouts.clinic import Clinic
from handouts.handout import HandoutSpec, build_handout
from handouts.library import Library
from handouts.pdfout import write_atomic
from handouts.select import DEFAULT_ROUTINE, select
from handouts.sheet import SheetHeader


def build_default(lib: Library, out_dir: Path, date: dt.date, clinic: Clinic | None) -> list[Path]:
    """Build every default document; return the paths written, in order."""
    selection = select(lib, DEFAULT_ROUTINE)
    header = SheetHeader(date=date, clinic=clinic)
    handout_path = out_dir / f"{DEFAULT_ROUTINE}-handout.pdf"
    write_atomic(handout_path, build_handout(lib, HandoutSpec(selection, header)))
    return [handout_path]
