"""The public API: one function per document kind, shared by the command line and the web page.

Every function takes keyword-only arguments, checks its choices (page size `letter`/`a4` in
any case, weeks 1 to 12, dates as YYYY-MM-DD or 'today', language 'en') and returns a
`Result`: the PDF bytes with its page count, the fit level used and any warnings. Nothing is
written to disk here and nothing is printed; every problem is a `HandoutsError` (exit code 2
on the command line) naming the file and line, or the option, at fault.

This module owns every precedence rule, the same on every command:

- an option given > the patient's program > the config file (`handouts.toml`) > built-in default;
- the date printed is the option's, else the program's, else (packets) the spec's, else today;
  'blank' leaves a line to write on;
- a tracker starts on `start`, else on the coming Monday on or after that date;
- a tracker runs `weeks`, else the config's `tracker_weeks`, else 4 weeks;
- with no routine, stretch or filter, the config's routine, else `lower-back-hip`.

Pass a `BuildContext` to reuse the loaded library and caches across calls (the web page
keeps one per process); without one, a context over the built-in content is made per call.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts import resolve as r
from handouts.context import BuildContext
from handouts.options import DateInput, coming_monday
from handouts.resolve import (
    BUILTIN_SPECS,
    ClinicInput,
    ProgramInput,
    SpecInput,
    load_program,
    packet_spec,
)

if TYPE_CHECKING:
    from handouts.content.checks import CheckReport
    from handouts.content.packet_spec import PacketSpec
    from handouts.jobs.batch import Job, Outcome, RowError
    from handouts.pdf.report import Report

__all__ = ["BUILTIN_SPECS", "BatchPlan", "BatchTally", "BuildContext", "ClinicInput", "ProgramInput",
           "Result", "SpecInput", "batch_build", "batch_check", "check", "default_set", "detail",
           "education", "entries", "handout", "load_program", "packet", "packet_spec", "preview",
           "report", "tracker", "write"]


@dataclass(frozen=True)
class Result:
    """A built document: the PDF, its pages, how it was fitted, and anything worth a warning.

    `fit` describes the fit level used, e.g. '12 pt with tips' or '10 pt, close lines'
    (None for documents that flow over pages, like education and packets).
    """

    pdf: bytes
    pages: int
    title: str
    fit: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchPlan:
    """A checked patients CSV: the packets to build, the bad rows, and the spec for all of them.

    `rows` counts every data row, good or bad; a row may have several errors.
    """

    jobs: tuple[Job, ...]
    errors: tuple[RowError, ...]
    spec: PacketSpec
    rows: int
    output: Path
    failed_rows: frozenset[int] = field(default_factory=frozenset)


def _result(data: bytes, fit: str | None = None, warnings: Sequence[str] = ()) -> Result:
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    meta = reader.metadata
    title = str(meta.title) if meta and meta.title else ""
    return Result(data, len(reader.pages), title, fit, tuple(warnings))


def handout(
    ctx: BuildContext | None = None,
    *,
    routine: str | None = None,
    stretches: Sequence[str] = (),
    muscles: Sequence[str] = (),
    tags: Sequence[str] = (),
    program: ProgramInput = None,
    patient: str | None = None,
    clinician: str | None = None,
    date: DateInput = None,
    clinic: ClinicInput = None,
    templates: Path | str | None = None,
    page_size: str | None = None,
    large_print: bool | None = None,
    language: str | None = None,
) -> Result:
    """The one-page take-home handout; one stretch chosen by id alone gives its detail sheet.

    Stretches come from `program`, else from `routine`/`stretches` narrowed by `muscles` and
    `tags` (ids), else the config's routine, else 'lower-back-hip'. Large print runs to as
    many pages as it needs. Raises SelectionError (unknown id, program plus filters),
    ContentError (program problems, with lines), OptionError (a bad choice) or LayoutError
    (too long for one page even at 10 pt: the message says by how many points).
    """
    from handouts.layout.handout import HandoutSpec, lay_out_handout

    ctx = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, language)
    prog = load_program(ctx, program)
    selection = r.plan(ctx, prog, routine, stretches, muscles, tags)
    header = r.header(p, patient, clinician, r.day(ctx, date, prog), prog, ctx)
    spec = HandoutSpec(selection, header, p.page_size, p.templates,
                       prog.overrides if prog else {}, large_print=p.look.large_print)
    laid = lay_out_handout(ctx.library, spec, ctx.caches)
    return _result(laid.data, laid.fit, laid.warnings)


def detail(
    ctx: BuildContext | None = None,
    *,
    stretch: str,
    program: ProgramInput = None,
    patient: str | None = None,
    clinician: str | None = None,
    date: DateInput = None,
    clinic: ClinicInput = None,
    templates: Path | str | None = None,
    page_size: str | None = None,
    large_print: bool | None = None,
    language: str | None = None,
) -> Result:
    """The detail sheet of one stretch (by id): a large picture, every step and tip, one page.

    A program supplies the patient, clinician, date and that stretch's changes (its own
    choice of stretches is not used). Errors as for `handout`.
    """
    from handouts.layout.handout import HandoutSpec, lay_out_handout

    ctx = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, language)
    prog = load_program(ctx, program)
    from handouts.content.select import select

    selection = select(ctx.library, None, [stretch])
    header = r.header(p, patient, clinician, r.day(ctx, date, prog), prog, ctx)
    spec = HandoutSpec(selection, header, p.page_size, p.templates,
                       prog.overrides if prog else {}, large_print=p.look.large_print)
    laid = lay_out_handout(ctx.library, spec, ctx.caches)
    return _result(laid.data, laid.fit, laid.warnings)


def tracker(
    ctx: BuildContext | None = None,
    *,
    routine: str | None = None,
    stretches: Sequence[str] = (),
    program: ProgramInput = None,
    patient: str | None = None,
    date: DateInput = None,
    start: DateInput = None,
    weeks: int | None = None,
    clinic: ClinicInput = None,
    templates: Path | str | None = None,
    page_size: str | None = None,
    large_print: bool | None = None,
    language: str | None = None,
) -> Result:
    """The fillable weekly tracker: one landscape page a week (large print: as many as needed).

    `weeks` 1 to 12 (default: the config's tracker_weeks, else 4). It starts on `start`, else
    the coming Monday on or after the date (option, program, today). The tick boxes follow
    the program's changed sets. Errors as for `handout`.
    """
    from handouts.layout.tracker import TrackerSpec, lay_out_tracker

    ctx = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, language)
    prog = load_program(ctx, program)
    selection = r.plan(ctx, prog, routine, stretches, (), ())
    first = r.start(ctx, start, r.day(ctx, date, prog))
    header = r.header(p, patient, None, None, prog, ctx)
    spec = TrackerSpec(selection, first, r.weeks(ctx, weeks), replace(header, clinician=None),
                       p.page_size, p.templates, prog.overrides if prog else {}, look=p.look)
    laid = lay_out_tracker(ctx.library, spec)
    return _result(laid.data, laid.fit, laid.warnings)


def education(
    ctx: BuildContext | None = None,
    *,
    sections: Sequence[str] = (),
    templates: Path | str | None = None,
    page_size: str | None = None,
    large_print: bool | None = None,
    language: str | None = None,
) -> Result:
    """The library's explanations as reading pages, the `sections` in the order given (all
    when none): connection, muscles, principles, when, habit, precautions, takeaways, faq.

    Raises SelectionError naming the known sections for an unknown one.
    """
    from handouts.layout.education import build_education

    ctx = r.context(ctx)
    p = r.settings(ctx, None, templates, page_size, large_print, language)
    data, _ = build_education(ctx.library, list(sections), page_size=p.page_size, look=p.look,
                              template_dirs=p.templates)
    return _result(data)


def packet(
    ctx: BuildContext | None = None,
    *,
    spec: SpecInput = None,
    program: ProgramInput = None,
    patient: str | None = None,
    clinician: str | None = None,
    date: DateInput = None,
    start: DateInput = None,
    clinic: ClinicInput = None,
    templates: Path | str | None = None,
    page_size: str | None = None,
    large_print: bool | None = None,
    language: str | None = None,
) -> Result:
    """A packet: cover with contents, education, handouts, trackers and outside PDFs, joined.

    `spec` is a file, a built-in name or a mapping (see `packet_spec`). A program replaces
    the stretches of every handout and tracker. Patient, clinician and date: the option's,
    else the program's, else the spec's (date: else today). Trackers without their own
    `start:` start on `start`, else the coming Monday on or after the date. Raises
    ContentError (spec or program, with lines), InputFileError (an outside PDF), LayoutError.
    """
    from handouts.jobs.packet import build_packet

    ctx = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, language)
    the_spec = packet_spec(ctx, spec)
    prog = load_program(ctx, program)
    info = the_spec.packet
    day = r.day(ctx, date, prog, fallback=info.date)
    who = patient or (prog.patient if prog else None) or info.patient
    by = clinician or (prog.clinician if prog else None) or info.clinician
    the_spec = replace(the_spec, packet=info.model_copy(
        update={"date": day, "patient": who, "clinician": by}))
    opts = r.packet_options(ctx, p, day or ctx.today(), r.start(ctx, start, day), who, by, prog)
    return _result(build_packet(ctx.library, the_spec, opts, ctx.caches))


def default_set(
    ctx: BuildContext | None = None,
    *,
    date: DateInput = None,
    clinic: ClinicInput = None,
    page_size: str | None = None,
    large_print: bool | None = None,
) -> dict[str, Result]:
    """The default handout, tracker and packet of the default routine, by file name.

    Files are named '<routine>-handout.pdf', '-tracker.pdf' and '-packet.pdf'; every one is
    built before any is returned, so a caller writing them never leaves half a set.
    """
    from handouts.content.select import DEFAULT_ROUTINE

    ctx = r.context(ctx)
    routine = ctx.config.routine or DEFAULT_ROUTINE
    day = r.day(ctx, date, None)
    common: dict[str, Any] = {"clinic": clinic, "page_size": page_size, "large_print": large_print}
    return {
        f"{routine}-handout.pdf": handout(ctx, routine=routine, date=day or "blank", **common),
        f"{routine}-tracker.pdf": tracker(ctx, routine=routine, date=day, **common),
        f"{routine}-packet.pdf": packet(ctx, spec="default", date=day or "blank", **common),
    }


def check(ctx: BuildContext | None = None, *, strict: bool = False) -> CheckReport:
    """Check the library: reading grade of every text, unreadable pictures.

    Returns lines to print, warnings and failures (texts above grade 8 with `strict`);
    raises ContentError when a picture cannot be read.
    """
    from handouts.content.checks import check_library

    return check_library(r.context(ctx).library, strict=strict)


def report(pdf: Path | str | bytes, *, source: str | None = None) -> Report:
    """Read filled-in trackers back from a PDF (a file or its bytes): sets, adherence, pain.

    Raises InputFileError when the file cannot be read or holds no tracker fields.
    """
    from handouts.errors import InputFileError
    from handouts.pdf.report import read_report

    if isinstance(pdf, bytes):
        return read_report(pdf, source or "PDF")
    try:
        data = Path(pdf).read_bytes()
    except OSError as e:
        raise InputFileError(pdf, e.strerror or "cannot read file") from e
    return read_report(data, source or str(pdf))


def batch_check(
    ctx: BuildContext | None = None,
    *,
    patients: Path | str,
    output: Path | str | None = None,
    spec: SpecInput = "patient",
    date: DateInput = None,
    clinic: ClinicInput = None,
    templates: Path | str | None = None,
    page_size: str | None = None,
    large_print: bool | None = None,
) -> BatchPlan:
    """Check every row of a patients CSV before anything is built.

    Returns the packets to build (one per good row, file names from the patient and row)
    and one RowError per problem of a bad row. A row's date defaults to `date`, else
    today; its trackers start on its `start`, else the coming Monday on or after its date.
    Raises InputFileError for an unreadable CSV or an unknown column.
    """
    from handouts.jobs.batch import read_jobs

    ctx = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, None)
    day = r.day(ctx, date, None) or ctx.today()
    the_spec = packet_spec(ctx, spec)
    out = Path(output) if output else (ctx.config.output or Path("build")) / "batch"
    base = r.packet_options(ctx, p, day, coming_monday(day), None, None, None)
    jobs, errors = read_jobs(ctx.library, Path(patients), out, base)
    failed = frozenset(e.row for e in errors)
    return BatchPlan(tuple(jobs), tuple(errors), the_spec, len(jobs) + len(failed), out, failed)


def batch_build(ctx: BuildContext | None, plan: BatchPlan, *, workers: int = 1,
                skip_existing: bool = False) -> Iterator[Outcome]:
    """Build and write every packet of a checked plan, yielding each outcome as it finishes.

    Rows run in `workers` processes (each inherits the context); one row's error is its
    Outcome's `error`, never the end of the batch. Each file is written whole or not at all;
    with `skip_existing` a packet already there is left and reported as skipped.
    """
    from handouts.jobs.batch import run_batch

    ctx = r.context(ctx)
    return run_batch(ctx.library, plan.spec, plan.jobs, max(1, workers), skip_existing, ctx.caches)


@dataclass
class BatchTally:
    """Counts a batch's outcomes as they come; `failed_rows` starts with the rows that failed
    the check. The exit code is 0 when every row was built or skipped, else 1."""

    rows: int
    failed_rows: set[int]
    built: int = 0
    skipped: int = 0

    def add(self, outcome: Outcome) -> str:
        """Count one outcome; return 'wrote', 'skipped' or 'failed'."""
        if outcome.error:
            self.failed_rows.add(outcome.job.row)
            return "failed"
        if outcome.skipped:
            self.skipped += 1
            return "skipped"
        self.built += 1
        return "wrote"

    @property
    def exit_code(self) -> int:
        return 1 if self.failed_rows else 0

    def summary(self, output: Path) -> str:
        return (f"built {self.built} of {self.rows} packets into {output}"
                + (f", skipped {self.skipped} already there" if self.skipped else "")
                + (f"; {len(self.failed_rows)} rows failed" if self.failed_rows else ""))


LIST_KINDS = ("stretches", "muscles", "routines", "precautions")


def entries(ctx: BuildContext | None = None, *, kind: str, muscles: Sequence[str] = (),
            tags: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(id, one-line description) of every stretch, muscle, routine or precaution, in library
    order; stretches may be narrowed by muscle and tag ids. OptionError for another kind."""
    from handouts.content.select import filter_stretches
    from handouts.errors import OptionError

    lib = r.context(ctx).library
    if kind == "stretches":
        return [(s.id, f"{s.name}  [{', '.join(s.tags)}]")
                for s in filter_stretches(list(lib.stretches.values()), muscles, tags)]
    if kind == "muscles":
        return [(m.id, f"{m.name} ({m.plain_name})") for m in lib.muscles.values()]
    if kind == "routines":
        return [(r.id, f"{r.name}: {', '.join(r.stretches)}") for r in lib.routines.values()]
    if kind == "precautions":
        return [(p.id, f"[{p.level}] {p.title} ({', '.join(p.stretches) or 'general'})")
                for p in lib.precautions.values()]
    raise OptionError(f"cannot list '{kind}' (choose {', '.join(LIST_KINDS)})")


def preview(pdf: Path | str, output: Path | str, dpi: int = 100) -> list[Path]:
    """Render every page of a PDF to PNG files in `output`; return their paths in page order."""
    from handouts.pdf.preview import render_pngs

    return render_pngs(Path(pdf), Path(output), dpi)


def write(path: Path, data: bytes) -> None:
    """Write a PDF whole or not at all: an existing file is left as it was on any failure.

    Raises InputFileError when `path` is a folder or cannot be written.
    """
    from handouts.pdf.write import write_atomic

    write_atomic(path, data)
