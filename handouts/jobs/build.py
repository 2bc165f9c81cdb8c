"""`handouts build`: the default handout, tracker and packet for the built-in routine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handouts.content.clinic import Clinic
from handouts.content.library import Library
from handouts.content.paths import builtin_content
from handouts.content.select import default_routine, select
from handouts.layout.handout import HandoutSpec, build_handout
from handouts.layout.sheet import SheetHeader
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.pdf.write import write_atomic

TRACKER_WEEKS = 4


def build_default(
    lib: Library, out_dir: Path, date: dt.date, start: dt.date, clinic: Clinic | None
) -> list[Path]:
    """Build every default document; return the paths written, in order."""
    from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec

    routine = default_routine(lib).id
    selection = select(lib, routine)
    header = SheetHeader(date=date, clinic=clinic)
    # The routine's own packet if the built-in content has one, else the plain patient packet.
    own = builtin_content() / "packets" / f"{routine}.yaml"
    spec = load_packet_spec(own if own.is_file() else builtin_content() / "packets" / "patient.yaml")
    # Build all three before writing any, so a failure leaves the folder as it was.
    documents = {
        f"{routine}-handout.pdf": build_handout(lib, HandoutSpec(selection, header)),
        f"{routine}-tracker.pdf": build_tracker(
            lib, TrackerSpec(selection, start, TRACKER_WEEKS, header)
        ),
        f"{routine}-packet.pdf": build_packet(
            lib, spec, PacketOptions(date=date, start=start, clinic=clinic)
        ),
    }
    written = []
    for name, data in documents.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return written
