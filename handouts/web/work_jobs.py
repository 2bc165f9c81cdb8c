"""Batch and report work for the web page, run inside a worker process (see `work`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError
from handouts.web.work import Failed, _worker

PACKET_SPEC = "patient"  # the built-in packet: a cover, the handout and a tracker


@dataclass(frozen=True)
class RowCheck:
    """One CSV row as the Batch page shows it: who, what plan, and every problem."""

    row: int
    patient: str
    plan: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Checked:
    """A checked CSV: every row, and the jobs of the good ones ready to build."""

    rows: tuple[RowCheck, ...]
    plan: Any  # handouts.api.BatchPlan

    @property
    def jobs(self) -> tuple[Any, ...]:
        return tuple(self.plan.jobs)


def check_csv(path: Path, out_dir: Path) -> Checked | Failed:
    """Check every row of a patients CSV through the API; build nothing yet."""
    import csv

    from handouts import api

    try:
        plan = api.batch_check(_worker().ctx, patients=path, output=out_dir, spec=PACKET_SPEC)
    except HandoutsError as e:
        return Failed(tuple(line.replace(str(path), "the CSV file") for line in e.lines()))
    by_row: dict[int, list[str]] = {}
    for err in plan.errors:
        by_row.setdefault(err.row, []).append(f"{err.column}: {err.message}")
    lib = _worker().lib
    names: dict[int, tuple[str, str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for values in reader:
            names[reader.line_num] = ((values.get("patient") or "").strip(), _plan_words(lib, values))
    rows = tuple(RowCheck(n, who, what, tuple(by_row.get(n, ())))
                 for n, (who, what) in sorted(names.items()))
    return Checked(rows, plan)


def _plan_words(lib: Any, values: dict[str, str]) -> str:
    """A row's stretches in words: the routine's name, or each stretch's name (ids if unknown)."""
    routine = (values.get("routine") or "").strip()
    ids = [s.strip() for s in (values.get("stretches") or "").split(";") if s.strip()]
    if ids:
        return ", ".join(lib.stretches[i].name if i in lib.stretches else i for i in ids)
    routine = routine or "lower-back-hip"
    return str(lib.routines[routine].name) if routine in lib.routines else routine


def build_job(plan: Any) -> tuple[int, str | None]:
    """Build and write the packet of a checked plan of one row: (row, error or None)."""
    from handouts import api

    (job,) = plan.jobs
    try:
        for outcome in api.batch_build(_worker().ctx, plan, workers=1):
            if outcome.error:
                return job.row, outcome.error
    except HandoutsError as e:
        return job.row, " ".join(e.lines())
    return job.row, None


def read_tracker(path: Path) -> Any:
    """A filled-in tracker read back (handouts.pdf.report.Report), or why it cannot be read."""
    from handouts import api

    try:
        # As `handouts report` counts: days after today are not due yet, not missed.
        return api.report(path, source="the uploaded file", today="today")
    except HandoutsError as e:
        return Failed(tuple(e.lines()))

