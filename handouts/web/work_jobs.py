"""Batch and report work for the web page, run inside a worker process (see `work`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError
from handouts.web.work import Failed, _worker

PACKET_SPEC = "patient.yaml"


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
    jobs: tuple[Any, ...]  # handouts.jobs.batch.Job


def check_csv(path: Path, out_dir: Path, today: dt.date) -> Checked | Failed:
    """Check every row of a patients CSV; build nothing yet."""
    import csv

    from handouts.jobs.batch import default_options, read_jobs

    lib = _worker().lib
    try:
        jobs, errors = read_jobs(lib, path, out_dir, default_options(today, None, "letter", ()))
    except HandoutsError as e:
        return Failed(tuple(line.replace(str(path), "the CSV file") for line in e.lines()))
    by_row: dict[int, list[str]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(f"{e.column}: {e.message}")
    names: dict[int, tuple[str, str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for values in reader:
            plan = (values.get("routine") or "").strip() or \
                ", ".join(s.strip() for s in (values.get("stretches") or "").split(";") if s.strip())
            names[reader.line_num] = ((values.get("patient") or "").strip(), plan or "lower-back-hip")
    rows = tuple(RowCheck(n, who, plan, tuple(by_row.get(n, ())))
                 for n, (who, plan) in sorted(names.items()))
    return Checked(rows, tuple(jobs))


def build_job(job: Any) -> tuple[int, str, bytes | None, str | None]:
    """Build one row's packet: (row, file name, PDF bytes or None, error or None)."""
    from handouts.content.paths import builtin_content
    from handouts.jobs.packet import build_packet, load_packet_spec

    lib = _worker().lib
    try:
        spec = load_packet_spec(builtin_content() / "packets" / PACKET_SPEC)
        return job.row, job.output.name, build_packet(lib, spec, job.options), None
    except HandoutsError as e:
        return job.row, job.output.name, None, " ".join(e.lines())


def read_tracker(path: Path) -> Any:
    """A filled-in tracker read back (handouts.pdf.report.Report), or why it cannot be read."""
    from handouts.pdf.report import read_report

    try:
        return read_report(path.read_bytes(), "the uploaded file")
    except HandoutsError as e:
        return Failed(tuple(e.lines()))
