"""Build one packet per row of a patients CSV, in parallel, never losing a row to another's error."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from handouts.content.clinic import Clinic
from handouts.content.library import Library
from handouts.content.messages import plain
from handouts.content.model import Stretch
from handouts.content.packet_spec import PacketSpec
from handouts.content.program import DOSE_FIELDS, HOLD_FIELDS, StretchChange, make_overrides
from handouts.content.select import select
from handouts.context import Caches
from handouts.errors import HandoutsError, InputErrors, InputFileError, SelectionError, need_folder
from handouts.jobs.columns import (
    BASE_COLUMNS,
    CHANGE_COLUMNS,
    DEFAULT_DATE_FORMAT,
    TEXT_COLUMNS,
    parse_day,
    patient_name,
    sort_columns,
)
from handouts.jobs.csvfile import read_table
from handouts.jobs.packet import PacketOptions, build_packet
from handouts.layout import styles
from handouts.layout.sheet import MAX_NAME
from handouts.pdf.write import write_atomic

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


@dataclass(frozen=True, slots=True)
class Cells:
    """A checked row kept as its CSV cells until its packet is built.

    The packet options (selection, a pydantic Dose per changed stretch) are made again
    from the cells when asked for: kept for every row, they were about 10 KB a row in the
    parent and again in each forked worker's resident memory, where the cells are some
    1 to 2 KB. `plan` groups the rows whose sheets are the same (see _plan).
    """

    values: tuple[str, ...]  # column, value, column, value, ...: the row's non-empty cells
    lib: Library  # the row's language's
    base: PacketOptions  # every row's start, before its own columns apply
    date_format: str | None
    plan: int

    def options(self) -> PacketOptions:
        """The packet options of the row, as they were when it was checked."""
        row = _Row(self.lib, dict(zip(self.values[::2], self.values[1::2], strict=True)),
                   self.date_format)
        made = _options(self.lib, row, self.base)
        if made is None:  # the library changed since the check
            raise HandoutsError("; ".join(f"{column}: {message}" for column, message in row.problems))
        return made


@dataclass(frozen=True)
class Job:
    """One packet to build: the CSV row it came from, where it goes, and how to build it.

    `source` is the packet's options, or the checked row's cells they are made from when
    the packet is built (a batch of a thousand rows keeps a thousand of them).
    """

    row: int
    patient: str
    output: Path
    source: PacketOptions | Cells
    csv: str = "patients.csv"  # the file the row came from, for messages
    language: str = "en"  # the whole packet is in it (the row's `language`, else the base's)

    @property
    def options(self) -> PacketOptions:
        """How to build the packet (made from the row's cells each time it is asked for)."""
        return self.source if isinstance(self.source, PacketOptions) else self.source.options()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Sent to another process (the web page's workers), a job carries its options, not
        # the library its cells are read with.
        return Job, (self.row, self.patient, self.output, self.options, self.csv, self.language)


@dataclass(frozen=True)
class Speaker:
    """What a batch builds a language's packets from: its library, packet spec and caches."""

    library: Library
    spec: PacketSpec
    caches: Caches


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


class _Row:
    """Validates one CSV row, collecting (column, message) problems instead of stopping."""

    def __init__(self, lib: Library, values: dict[str, str], date_format: str | None = None) -> None:
        self.lib, self.values, self.date_format = lib, values, date_format
        self.problems: list[tuple[str, str]] = []

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def parse(self, column: str, convert: Callable[[str], Any]) -> Any:
        try:
            return convert(self.get(column))
        except ValueError as e:
            self.problems.append((column, str(e) or f"cannot read '{self.get(column)}'"))
            return None

    def day(self, text: str) -> dt.date | None:
        return parse_day(text, self.date_format)

    def weeks(self, text: str) -> int | None:
        if not text:
            return None
        if not text.isdigit() or not 1 <= int(text) <= 12:
            raise ValueError(f"'{text}' is not a number of weeks; write a whole number from 1 to 12")
        return int(text)

    def flag(self, text: str) -> bool:
        if text.lower() not in YES | NO:
            raise ValueError(f"'{text}' is not yes or no; write yes, no or leave it empty")
        return text.lower() in YES

    def printable(self) -> None:
        """Names and notes: at most MAX_NAME characters for a name, every character in the font."""
        from handouts.layout import glyphs

        for column, value in self.values.items():
            if column not in TEXT_COLUMNS and column.rpartition(".")[2] != "note" or not value:
                continue
            if column in TEXT_COLUMNS and len(value) > MAX_NAME:
                self.problems.append((column, f"is {len(value)} characters long; a name may have "
                                              f"at most {MAX_NAME}"))
            found = glyphs.message(value)
            if found:
                self.problems.append((column, found))

    def _applies(self, sid: str, field: str) -> bool:
        return _fits(self.lib.stretches.get(sid), field)

    def changes(self, stretch_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """Per-stretch change columns: a bare field applies to every chosen stretch."""
        out: dict[str, dict[str, str]] = {}
        for column, raw in self.values.items():
            value = (raw or "").strip()
            if not value or column in BASE_COLUMNS:
                continue
            sid, _, field = column.rpartition(".")
            targets = [sid] if sid else [t for t in stretch_ids if self._applies(t, field)]
            for target in targets:
                out.setdefault(target, {})[field] = value
        return out


_SIDES = MappingProxyType({"l": "left", "r": "right"})


def _fits(stretch: Stretch | None, field: str) -> bool:
    """Whether a change for the whole row applies to this stretch: a side only to stretches
    with sides, a hold only to stretches that are held (a moving stretch has no hold)."""
    if stretch is None:
        return True
    if field == "side":
        return stretch.sides
    return not (field in HOLD_FIELDS and stretch.kind == "dynamic")


def _change(fields: dict[str, str]) -> StretchChange:
    data: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "side":  # as records systems write it: 'Left', 'LEFT', 'L'
            value = _SIDES.get(value.lower(), value.lower())
        numeric = key in DOSE_FIELDS and key not in ("hold", "dose_text")
        data[key] = int(value) if numeric and value.lstrip("-").isdigit() else value
    return StretchChange.model_validate(data)


def check_output(out_dir: Path) -> None:
    """Make the output folder and try a file in it: one clear error now, not one per row later."""
    import tempfile

    try:
        need_folder(out_dir, "give a folder for the packets with -o")
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as e:
        raise InputFileError(out_dir, f"cannot write packets here ({e.strerror or e}); "
                                      "choose a folder you can write to with -o") from e


def read_jobs(
    lib: Library, csv_path: Path, out_dir: Path, base: PacketOptions, *,
    date_format: str | None = None, warnings: list[str] | None = None,
    in_language: Callable[[str], Library] | None = None,
) -> tuple[list[Job], list[RowError]]:
    """Check every row first; return the good jobs and one error per bad row's problem.

    A row's `language` column (else `lib`'s language) chooses the library its stretches come
    from, through `in_language(code)`; a language that cannot load is that row's error.

    Dates are read as YYYY-MM-DD or in `date_format` ('MM/DD/YYYY' when not given).
    Unknown columns, a file not in UTF-8 and duplicate rows are appended to `warnings`
    (when given) as lines to show. Raises InputFileError (or InputErrors) when the file
    itself cannot be used: unreadable, no patient column, a column named twice, a column
    that looks like a misspelt known one, or an output folder that cannot be written.
    """
    table = read_table(csv_path)
    notes = warnings if warnings is not None else []
    notes += table.warnings
    head = f"{csv_path}:row 1"
    ignored, refused = sort_columns(table.columns, list(lib.stretches))
    if refused:
        raise InputErrors([f"{head}: {r}" for r in refused])
    if "patient" not in table.columns:
        raise InputFileError(head, "patient: no such column; the first line must name the "
                                   f"columns, one of them 'patient' (found: {', '.join(table.columns)})")
    if ignored:
        notes.append(f"{head}: ignoring unknown columns {', '.join(repr(c) for c in ignored)} "
                     f"(the known ones are {', '.join((*BASE_COLUMNS, *CHANGE_COLUMNS))} and "
                     "<stretch id>.<change>)")
    check_output(out_dir)
    jobs: list[Job] = []
    errors: list[RowError] = []
    seen: dict[tuple[tuple[str, str], ...], int] = {}
    slashed = False
    for r in table.rows:
        values = {k: v for k, v in r.values.items() if k not in ignored}
        key = tuple(sorted(values.items()))
        if key in seen:
            notes.append(f"{csv_path}:row {r.row}: the same as row {seen[key]}; both are built "
                         "(delete one if it is a copy)")
        seen.setdefault(key, r.row)
        slashed |= any("/" in values.get(c, "") for c in ("date", "start"))
        row_lib, problems = _row_library(lib, (values.get("language") or "").strip(), in_language)
        job = None
        if row_lib is not None:
            row = _Row(row_lib, values, date_format)
            if r.extra:
                shown = ", ".join(repr(c[:20]) for c in r.extra[:3])
                row.problems.append(("cells", f"{len(r.extra)} more than the {len(table.columns)} "
                                              f"columns of the header ({shown}); put quotes around a "
                                              "cell holding a comma, or delete the extra cells"))
            job, problems = _job(row_lib, row, r.row, out_dir, base, str(csv_path), date_format)
        errors += [RowError(str(csv_path), r.row, col, msg) for col, msg in problems]
        if job is not None and not problems:
            jobs.append(job)
    if slashed and date_format is None:
        notes.append(f"{csv_path}: dates with slashes were read as {DEFAULT_DATE_FORMAT}, month "
                     "first; give --date-format DD/MM/YYYY if they are day first")
    return jobs, errors


def _row_library(lib: Library, code: str, in_language: Callable[[str], Library] | None
                 ) -> tuple[Library | None, list[tuple[str, str]]]:
    from handouts.errors import OptionError
    from handouts.options import check_language

    if not code:
        return lib, []
    try:
        code = check_language(code)
        if code == lib.meta.language:
            return lib, []
        if in_language is None:
            return None, [("language", f"'{code}' cannot be chosen here")]
        return in_language(code), []
    except OptionError as e:
        return None, [("language", str(e))]
    except HandoutsError as e:
        return None, [("language", " ".join(e.lines()))]


def _job(lib: Library, r: _Row, row_no: int, out_dir: Path, base: PacketOptions, csv: str = "",
         date_format: str | None = None) -> tuple[Job | None, list[tuple[str, str]]]:
    """The row's job, kept as its cells (see Cells), or None and every problem of the row."""
    patient = patient_name(r.get("patient"))
    if not patient:
        r.problems.append(("patient", "the patient's name is empty; write the name"))
    r.printable()
    opts = _options(lib, r, base)
    if opts is None:
        return None, r.problems
    values = tuple(v for cell in r.values.items() if cell[1] for v in cell)
    cells = Cells(values, lib, base, date_format, _plan_of(lib.meta.language, opts))
    return Job(row_no, patient, out_dir / safe_name(patient, row_no), cells, csv,
               lib.meta.language), []


def _options(lib: Library, r: _Row, base: PacketOptions) -> PacketOptions | None:
    """The row's packet options; None when the row has problems (added to r.problems)."""
    when = r.parse("date", r.day)
    start = r.parse("start", r.day)
    weeks = r.parse("weeks", r.weeks)
    large = r.parse("large_print", r.flag)
    # Ids are lower case: 'Figure-Four' from a records system is figure-four.
    stretch_ids = [s for s in re.split(r"[;,|\s]+", r.get("stretches").lower()) if s]
    try:
        if stretch_ids and r.get("routine"):  # select() would say "--stretch", unknown here
            raise SelectionError("give a routine or stretches, not both: empty one of the cells")
        sel = select(lib, r.get("routine").lower() or None, stretch_ids)
    except SelectionError as e:
        r.problems.append(("stretches" if stretch_ids else "routine", str(e)))
        # A stretch's own columns (figure-four.hold_seconds) are checked all the same, so one
        # run names every problem of the row.
        changes = _changes(r, r.changes([]))
        named = [sid for sid in changes if sid in lib.stretches]
        if named:
            bad = make_overrides(lib, select(lib, None, named), changes)[1]
            r.problems += [(".".join(map(str, loc)), msg) for loc, msg in bad]
        return None
    changes = _changes(r, r.changes([s.id for s in sel.stretches]))
    overrides, bad = make_overrides(lib, sel, changes)
    r.problems += [(".".join(map(str, loc)), msg) for loc, msg in bad]
    if r.problems:
        return None
    date = when or base.date
    return replace(
        base, date=date, start=start or _monday(date), patient=patient_name(r.get("patient")),
        clinician=r.get("clinician") or base.clinician, overrides=overrides,
        look=styles.large_print() if large else base.look, selection=sel, weeks=weeks,
    )


def _changes(r: _Row, columns: dict[str, dict[str, str]]) -> dict[str, StretchChange]:
    """Each stretch's change from its columns; a bad value goes to the row's problems, and
    the stretch's other columns are still kept, so the dose checks that follow
    (make_overrides) name their problems in the same run."""
    changes: dict[str, StretchChange] = {}
    for sid, fields in columns.items():
        try:
            changes[sid] = _change(fields)
        except ValidationError as e:
            failed = set()
            for err in e.errors():
                column = f"{sid}.{err['loc'][0]}" if err["loc"] else sid
                r.problems.append((column, plain(err, StretchChange)))
                failed.add(str(err["loc"][0]) if err["loc"] else "")
            rest = {k: v for k, v in fields.items() if k not in failed}
            if rest and "" not in failed:
                with contextlib.suppress(ValidationError):  # named above
                    changes[sid] = _change(rest)
    return changes


def _monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _build(lib: Library, spec: PacketSpec, caches: Caches, job: Job,
           skip_existing: bool, speakers: Mapping[str, Speaker] | None = None) -> Outcome:
    if speakers and job.language in speakers:
        one = speakers[job.language]
        lib, spec, caches = one.library, one.spec, one.caches
    if skip_existing and job.output.exists():
        return Outcome(job, skipped=True)
    try:
        data = build_packet(lib, spec, job.options, caches)
        write_atomic(job.output, data)
    except HandoutsError as e:
        return Outcome(job, error=" ".join(e.lines()))
    return Outcome(job, size=len(data))


def _plan(job: Job) -> int:
    """What a patient's sheets depend on besides their name, clinician and date, as a number."""
    if isinstance(job.source, Cells):
        return job.source.plan
    return _plan_of(job.language, job.options)


def _plan_of(language: str, o: PacketOptions) -> int:
    import hashlib

    plan = repr((language, o.selection, sorted(o.overrides.items()), o.look, o.weeks, o.start))
    return int.from_bytes(hashlib.blake2b(plan.encode(), digest_size=8).digest(), "big")


# Jobs go to the workers in runs of this many, sorted by plan: a worker then lays out
# each plan's sheets once for the whole run (see packet._sheet) instead of once a patient.
CHUNK = 8
# What a worker sends back for one job: its index, error, skipped, size.
Done = tuple[int, str | None, bool, int]


def _release() -> None:
    """Give the heap's free pages back to the system between runs of packets. glibc keeps
    the pages a packet freed inside its heap mapped (about 10 MB after a few hundred
    worst-case packets, scattered so the heap's top never shrinks); malloc_trim(0) hands
    them back, in about 3 ms. Not glibc: nothing to do."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            import ctypes

            _malloc_trim = ctypes.CDLL(None).malloc_trim
        except (AttributeError, OSError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim: Any = None  # libc's malloc_trim once looked up, False where there is none


def _claim(next_chunk: Any, count: int) -> int | None:
    """The number of the next run of jobs nobody has taken yet (None once all are taken);
    `next_chunk` is a multiprocessing Value shared by the parent and its workers."""
    with next_chunk.get_lock():
        k = int(next_chunk.value)
        if k >= count:
            return None
        next_chunk.value = k + 1
        return k


def _worker(lib: Library, spec: PacketSpec, caches: Caches, jobs: Sequence[Job],
            chunks: Sequence[Sequence[int]], skip_existing: bool, next_chunk: Any, results: Any,
            speakers: Mapping[str, Speaker] | None = None) -> None:
    """A forked worker: it inherits the library, the warm caches, the jobs and their runs
    from its parent, so only a run's number is shared and only outcomes travel back."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the batch, not each worker
    while (k := _claim(next_chunk, len(chunks))) is not None:
        done: list[Done] = []
        for i in chunks[k]:
            o = _build(lib, spec, caches, jobs[i], skip_existing, speakers)
            done.append((i, o.error, o.skipped, o.size))
        results.put(done)
        _release()


def run_batch(lib: Library, spec: PacketSpec, jobs: Sequence[Job], workers: int = 1,
              skip_existing: bool = False, caches: Caches | None = None,
              speakers: Mapping[str, Speaker] | None = None) -> Iterator[Outcome]:
    """Build every job, yielding each outcome as it finishes (in parallel when workers > 1).

    `workers` processes build: the caller's own and workers - 1 forked from it, each taking
    the next run of CHUNK jobs as it finishes the last (so no process sits waiting while
    the others build, and a batch holds one process fewer in memory). A forked worker keeps
    the caller's `caches` as they were at the fork and adds to its own copy. A row's error
    is its Outcome's error, never the batch's end.
    """
    caches = caches or Caches()
    jobs = sorted(jobs, key=_plan)  # stable: rows of one plan stay in file order
    if workers <= 1 or len(jobs) <= 1:
        for done, job in enumerate(jobs, 1):
            yield _build(lib, spec, caches, job, skip_existing, speakers)
            if done % CHUNK == 0:
                _release()
        return
    import gc
    import multiprocessing
    import queue

    # Build the first packet here, so the workers forked after it inherit warm caches
    # (fonts, posed figures, education pages) instead of each making them again.
    yield _build(lib, spec, caches, jobs[0], skip_existing, speakers)
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    chunks = [list(range(i, min(i + CHUNK, len(jobs)))) for i in range(1, len(jobs), CHUNK)]
    next_chunk = fork.Value("i", 0)
    # Checking the rows leaves garbage and free heap pages (about 10 MB for 1,000 rows):
    # freed before the fork, not copied into every worker.
    gc.collect()
    _release()
    gc.freeze()  # keep inherited objects out of the collector: their pages stay shared
    procs = [fork.Process(target=_worker, args=(lib, spec, caches, jobs, chunks, skip_existing,
                                                 next_chunk, results, speakers), daemon=True)
             for _ in range(min(workers, len(chunks)) - 1)]

    def finished(wait: float) -> list[Outcome]:
        """What the workers have built since last asked, waiting up to `wait` s for some."""
        got: list[Outcome] = []
        block = wait > 0
        try:
            while True:
                done: list[Done] = results.get(timeout=wait) if block else results.get_nowait()
                block = False  # then take what else is there without waiting
                got += [Outcome(jobs[i], error, skipped, size) for i, error, skipped, size in done]
        except queue.Empty:
            return got

    try:
        for proc in procs:
            proc.start()
        left = len(jobs) - 1
        while left:
            k = _claim(next_chunk, len(chunks))
            if k is not None:  # the parent builds a run too, reporting the workers' between jobs
                for i in chunks[k]:
                    for outcome in [_build(lib, spec, caches, jobs[i], skip_existing, speakers),
                                    *finished(0)]:
                        left -= 1
                        yield outcome
                _release()
                continue
            got = finished(1.0)
            if not got and not any(p.is_alive() for p in procs):
                raise HandoutsError("a batch worker stopped unexpectedly") from None
            for outcome in got:
                left -= 1
                yield outcome
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        gc.unfreeze()


def on_disk(jobs: Sequence[Job]) -> int:
    """How many of the jobs' packets are in their folder now (after a stop, what to report)."""
    return sum(1 for job in jobs if job.output.is_file())


def default_options(date: dt.date, clinic: Clinic | None, page_size: str,
                    template_dirs: tuple[Path, ...]) -> PacketOptions:
    """Options every row starts from before its own columns apply."""
    return PacketOptions(date=date, start=_monday(date), clinic=clinic, page_size=page_size,
                         template_dirs=template_dirs)
