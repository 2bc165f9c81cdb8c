"""Build one packet per row of a patients CSV, in parallel, never losing a row to another's error."""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handouts.content.clinic import Clinic
from handouts.content.library import Library
from handouts.content.packet_spec import PacketSpec
from handouts.content.program import DOSE_FIELDS, StretchChange, make_overrides
from handouts.content.select import select
from handouts.context import Caches
from handouts.errors import HandoutsError, InputFileError, SelectionError
from handouts.jobs.packet import PacketOptions, build_packet
from handouts.layout import styles
from handouts.pdf.write import write_atomic

BASE_COLUMNS = ("patient", "clinician", "date", "routine", "stretches", "weeks", "start",
                "large_print")
CHANGE_COLUMNS = (*DOSE_FIELDS, "side", "note")  # alone: every stretch; "<id>.<field>": one
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RowError:
    """A row that cannot be built, and why."""

    csv: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.csv}:row {self.row}: {self.column}: {self.message}"


@dataclass(frozen=True)
class Job:
    """One packet to build: the CSV row it came from, where it goes, and how to build it."""

    row: int
    patient: str
    output: Path
    options: PacketOptions


@dataclass(frozen=True)
class Outcome:
    """What happened to one job."""

    job: Job
    error: str | None = None
    skipped: bool = False
    size: int = 0


def safe_name(patient: str, row: int) -> str:
    """A file name from the patient's name and row: plain letters, no separators, unique."""
    ascii_name = unicodedata.normalize("NFKD", patient).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    return f"{slug or 'patient'}-row{row}.pdf"


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class _Row:
    """Validates one CSV row, collecting (column, message) problems instead of stopping."""

    def __init__(self, lib: Library, values: dict[str, str]) -> None:
        self.lib, self.values = lib, values
        self.problems: list[tuple[str, str]] = []

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def parse(self, column: str, convert: Callable[[str], Any]) -> Any:
        try:
            return convert(self.get(column))
        except ValueError as e:
            self.problems.append((column, str(e) or f"cannot read '{self.get(column)}'"))
            return None

    def weeks(self, text: str) -> int | None:
        if not text:
            return None
        if not text.isdigit() or not 1 <= int(text) <= 12:
            raise ValueError(f"'{text}' is not a number of weeks from 1 to 12")
        return int(text)

    def flag(self, text: str) -> bool:
        if text.lower() not in YES | NO:
            raise ValueError(f"'{text}' is not yes or no")
        return text.lower() in YES

    def changes(self, stretch_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """Per-stretch change columns: a bare field applies to every chosen stretch."""
        out: dict[str, dict[str, str]] = {}
        for column, raw in self.values.items():
            value = (raw or "").strip()
            if not value or column in BASE_COLUMNS:
                continue
            sid, _, field = column.rpartition(".")
            targets = [sid] if sid else list(stretch_ids)
            for target in targets:
                out.setdefault(target, {})[field] = value
        return out


def _change(fields: dict[str, str]) -> StretchChange:
    data: dict[str, Any] = {}
    for key, value in fields.items():
        data[key] = int(value) if key in DOSE_FIELDS and value.lstrip("-").isdigit() else value
    return StretchChange.model_validate(data)


def read_jobs(
    lib: Library, csv_path: Path, out_dir: Path, base: PacketOptions
) -> tuple[list[Job], list[RowError]]:
    """Check every row first; return the good jobs and one error per bad row's problem."""
    try:
        text = csv_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputFileError(csv_path, f"cannot read as UTF-8 CSV ({e})") from e
    reader = csv.DictReader(text.splitlines())
    columns = reader.fieldnames or []
    if "patient" not in columns:
        raise InputFileError(csv_path, "no 'patient' column in the first line")
    for column in columns:
        field = column.rpartition(".")[2]
        if column not in BASE_COLUMNS and field not in CHANGE_COLUMNS:
            known = ", ".join((*BASE_COLUMNS, *CHANGE_COLUMNS))
            raise InputFileError(csv_path, f"unknown column '{column}' (known: {known})")
    jobs: list[Job] = []
    errors: list[RowError] = []
    for values in reader:
        row_no = reader.line_num
        job, problems = _job(lib, _Row(lib, values), row_no, out_dir, base)
        errors += [RowError(str(csv_path), row_no, col, msg) for col, msg in problems]
        if job is not None and not problems:
            jobs.append(job)
    return jobs, errors


def _job(lib: Library, r: _Row, row_no: int, out_dir: Path,
         base: PacketOptions) -> tuple[Job | None, list[tuple[str, str]]]:
    patient = r.get("patient")
    if not patient:
        r.problems.append(("patient", "the patient's name is empty"))
    when = r.parse("date", _date)
    start = r.parse("start", _date)
    weeks = r.parse("weeks", r.weeks)
    large = r.parse("large_print", r.flag)
    stretch_ids = [s.strip() for s in r.get("stretches").split(";") if s.strip()]
    try:
        sel = select(lib, r.get("routine") or None, stretch_ids)
    except SelectionError as e:
        r.problems.append(("stretches" if stretch_ids else "routine", str(e)))
        return None, r.problems
    changes: dict[str, StretchChange] = {}
    for sid, fields in r.changes([s.id for s in sel.stretches]).items():
        try:
            changes[sid] = _change(fields)
        except ValidationError as e:
            for err in e.errors():
                column = f"{sid}.{err['loc'][0]}" if err["loc"] else sid
                r.problems.append((column, err["msg"]))
    overrides, bad = make_overrides(lib, sel, changes)
    r.problems += [(".".join(map(str, loc)), msg) for loc, msg in bad]
    if r.problems:
        return None, r.problems
    date = when or base.date
    opts = replace(
        base, date=date, start=start or _monday(date), patient=patient,
        clinician=r.get("clinician") or base.clinician, overrides=overrides,
        look=styles.large_print() if large else base.look, selection=sel, weeks=weeks,
    )
    return Job(row_no, patient, out_dir / safe_name(patient, row_no), opts), []


def _monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _build(lib: Library, spec: PacketSpec, caches: Caches, job: Job,
           skip_existing: bool) -> Outcome:
    if skip_existing and job.output.exists():
        return Outcome(job, skipped=True)
    try:
        data = build_packet(lib, spec, job.options, caches)
        write_atomic(job.output, data)
    except HandoutsError as e:
        return Outcome(job, error=" ".join(e.lines()))
    return Outcome(job, size=len(data))


def _plan(job: Job) -> str:
    """What a patient's sheets depend on besides their name, clinician and date."""
    o = job.options
    return repr((o.selection, sorted(o.overrides.items()), o.look, o.weeks, o.start))


# Jobs go to the workers in runs of this many, sorted by plan: a worker then lays out
# each plan's sheets once for the whole run (see packet._sheet) instead of once a patient.
CHUNK = 8
# What a worker sends back for one job: its index, error, skipped, size.
Done = tuple[int, str | None, bool, int]


def _worker(lib: Library, spec: PacketSpec, caches: Caches, jobs: Sequence[Job],
            skip_existing: bool, tasks: Any, results: Any) -> None:
    """A forked worker: it inherits the library, the warm caches and the jobs from its parent,
    so only job numbers travel to it and only outcomes travel back."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the batch, not each worker
    while (chunk := tasks.get()) is not None:
        done: list[Done] = []
        for i in chunk:
            o = _build(lib, spec, caches, jobs[i], skip_existing)
            done.append((i, o.error, o.skipped, o.size))
        results.put(done)


def run_batch(lib: Library, spec: PacketSpec, jobs: Sequence[Job], workers: int = 1,
              skip_existing: bool = False, caches: Caches | None = None) -> Iterator[Outcome]:
    """Build every job, yielding each outcome as it finishes (in parallel when workers > 1).

    Workers are forked processes; each keeps the caller's `caches` as they were at the fork
    and adds to its own copy. A row's error is its Outcome's error, never the batch's end.
    """
    caches = caches or Caches()
    jobs = sorted(jobs, key=_plan)  # stable: rows of one plan stay in file order
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _build(lib, spec, caches, job, skip_existing)
        return
    import gc
    import multiprocessing
    import queue

    # Build the first packet here, so the workers forked after it inherit warm caches
    # (fonts, posed figures, education pages) instead of each making them again.
    yield _build(lib, spec, caches, jobs[0], skip_existing)
    fork = multiprocessing.get_context("fork")
    tasks, results = fork.Queue(), fork.Queue()
    chunks = [list(range(i, min(i + CHUNK, len(jobs)))) for i in range(1, len(jobs), CHUNK)]
    for chunk in chunks:
        tasks.put(chunk)
    count = min(workers, len(chunks))
    for _ in range(count):
        tasks.put(None)
    gc.freeze()  # keep inherited objects out of the collector: their pages stay shared
    procs = [fork.Process(target=_worker, args=(lib, spec, caches, jobs, skip_existing,
                                                 tasks, results), daemon=True)
             for _ in range(count)]
    try:
        for proc in procs:
            proc.start()
        left = len(jobs) - 1
        while left:
            try:
                done: list[Done] = results.get(timeout=1.0)
            except queue.Empty:
                if not any(p.is_alive() for p in procs):
                    raise HandoutsError("a batch worker stopped unexpectedly") from None
                continue
            for i, error, skipped, size in done:
                left -= 1
                yield Outcome(jobs[i], error, skipped, size)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        gc.unfreeze()


def default_options(date: dt.date, clinic: Clinic | None, page_size: str,
                    template_dirs: tuple[Path, ...]) -> PacketOptions:
    """Options every row starts from before its own columns apply."""
    return PacketOptions(date=date, start=_monday(date), clinic=clinic, page_size=page_size,
                         template_dirs=template_dirs)
