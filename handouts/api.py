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
- with no routine, stretch or filter, the config's routine, else the library's default
  routine (marked `default: true`, else its first).

Pass a `BuildContext` to reuse the loaded library and caches across calls (the web page
keeps one per process); without one, a context over the built-in content is made per call.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts import resolve as r
from handouts.context import BuildContext
from handouts.options import DateInput, check_weeks, coming_monday
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
    from handouts.content.library import Library
    from handouts.content.packet_spec import PacketSpec
    from handouts.jobs.batch import Job, Outcome, RowError
    from handouts.layout.tracker import TrackerSpec
    from handouts.pdf.report import Report

__all__ = ["BUILTIN_SPECS", "BatchPlan", "BatchTally", "BuildContext", "ClinicInput", "ProgramInput",
           "Result", "SpecInput", "batch_build", "batch_check", "check", "default_set", "detail",
           "education", "entries", "handout", "load_program", "packet", "packet_spec", "preview",
           "report", "tracker", "write", "write_example_csv"]


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
    warnings: tuple[str, ...] = ()  # lines to show: ignored columns, encoding, duplicate rows
    # Each language the rows ask for, first the batch's own, with the spec in its words
    # (plain data, so a plan can go to another process; batch_build loads the libraries).
    specs: Mapping[str, PacketSpec] = field(default_factory=dict)
    allow_fallback: bool = False


def _result(data: bytes, fit: str | None = None, warnings: Sequence[str] = (),
            pages: int = 0, title: str = "") -> Result:
    """The Result; pages and title as the build gave them, else read from the PDF (qpdf)."""
    if not pages:
        from handouts.pdf.facts import pages_and_title

        pages, title = pages_and_title(data)
    return Result(data, pages, title, fit, tuple(warnings))


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
    allow_fallback: bool = False,
    blank_dose: bool | None = None,
    also: str | None = None,
) -> Result:
    """The one-page take-home handout; one stretch chosen by id alone gives its detail sheet.

    Stretches come from `program`, else from `routine`/`stretches` narrowed by `muscles` and
    `tags` (ids), else the config's routine, else the library's default. Large print runs to
    as many pages as it needs. The whole sheet is in `language` (see resolve.settings); `also`
    adds a second language beside it on the same page (a bilingual sheet). `blank_dose` (or
    the program's `blank_dose: true`) prints lines to write each dose by hand.
    Raises SelectionError (unknown id, program plus filters), ContentError (program
    problems, with lines; a missing translation), OptionError (a bad choice) or LayoutError
    (too long for one page even at 10 pt: the message says by how many points).
    """
    from handouts.layout.handout import HandoutSpec, lay_out_handout

    ctx = base = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, language, program, allow_fallback)
    ctx = p.ctx
    prog = load_program(ctx, program)
    selection = r.plan(ctx, prog, routine, stretches, muscles, tags)
    header = r.header(p, patient, clinician, r.day(ctx, date, prog), prog, ctx)
    spec = HandoutSpec(selection, header, p.page_size, p.templates,
                       prog.overrides if prog else {}, large_print=p.look.large_print,
                       blank_dose=bool(blank_dose or (prog and prog.blank_dose)))
    if also:
        from handouts.layout.bilingual import build_bilingual
        from handouts.options import check_language

        second = base.in_language(check_language(also), allow_fallback)
        data = build_bilingual(ctx.library, second.library, spec)
        return _result(data, "two languages side by side", (*p.warnings, *second.library.warnings))
    laid = lay_out_handout(ctx.library, spec, ctx.caches)
    return _result(laid.data, laid.fit, (*p.warnings, *laid.warnings), laid.pages, laid.title)


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
    allow_fallback: bool = False,
) -> Result:
    """The detail sheet of one stretch (by id): a large picture, every step and tip, one page.

    A program supplies the patient, clinician, date and that stretch's changes (its own
    choice of stretches is not used). Errors as for `handout`.
    """
    from handouts.layout.handout import HandoutSpec, lay_out_handout

    ctx = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, language, program, allow_fallback)
    ctx = p.ctx
    prog = load_program(ctx, program)
    from handouts.content.select import select

    selection = select(ctx.library, None, [stretch])
    header = r.header(p, patient, clinician, r.day(ctx, date, prog), prog, ctx)
    spec = HandoutSpec(selection, header, p.page_size, p.templates,
                       prog.overrides if prog else {}, large_print=p.look.large_print)
    laid = lay_out_handout(ctx.library, spec, ctx.caches)
    return _result(laid.data, laid.fit, (*p.warnings, *laid.warnings), laid.pages, laid.title)


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
    allow_fallback: bool = False,
) -> Result:
    """The fillable weekly tracker: one landscape page a week (large print: as many as needed).

    `weeks` 1 to 12 (default: the config's tracker_weeks, else 4). It starts on `start`, else
    the coming Monday on or after the date (option, program, today). The tick boxes follow
    the program's changed sets. Errors as for `handout`.
    """
    from handouts.layout.tracker import TrackerSpec, lay_out_tracker

    ctx = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, language, program, allow_fallback)
    ctx = p.ctx
    prog = load_program(ctx, program)
    selection = r.plan(ctx, prog, routine, stretches, (), ())
    first = r.start(ctx, start, r.day(ctx, date, prog))
    header = r.header(p, patient, None, None, prog, ctx)
    spec = TrackerSpec(selection, first, r.weeks(ctx, weeks), replace(header, clinician=None),
                       p.page_size, p.templates, prog.overrides if prog else {}, look=p.look)
    spec = replace(spec, field_prefix=_tracker_prefix(spec, p.language))
    laid = lay_out_tracker(ctx.library, spec)
    return _result(laid.data, laid.fit, (*p.warnings, *laid.warnings), laid.pages, laid.title)


def _tracker_prefix(spec: TrackerSpec, language: str) -> str:
    """The field prefix of a tracker made on its own: 't' and 10 hex digits of a hash of who
    it is for and what it asks (patient, language, start, weeks, title, each stretch and its
    changes), e.g. 't3fa9c2d1e0'. The same input gives the same prefix in any process; two
    patients' trackers joined into one file (pdfunite, qpdf, a packet) keep their boxes
    apart, and `report` reads each one. (A packet's trackers are 't1x...', 't2x...'.)"""
    import hashlib

    sel = spec.selection
    key = repr((spec.header.patient, language, spec.start.isoformat(), spec.weeks, sel.title,
                tuple((s.id, repr(spec.overrides.get(s.id))) for s in sel.stretches)))
    return "t" + hashlib.sha256(key.encode()).hexdigest()[:10]


def education(
    ctx: BuildContext | None = None,
    *,
    sections: Sequence[str] = (),
    templates: Path | str | None = None,
    page_size: str | None = None,
    large_print: bool | None = None,
    language: str | None = None,
    allow_fallback: bool = False,
) -> Result:
    """The library's explanations as reading pages, the `sections` in the order given (all
    when none): connection, muscles, principles, when, habit, precautions, takeaways, faq.

    Raises SelectionError naming the known sections for an unknown one.
    """
    from handouts.layout.education import build_education

    ctx = r.context(ctx)
    p = r.settings(ctx, None, templates, page_size, large_print, language, None, allow_fallback)
    ctx = p.ctx
    data, _ = build_education(ctx.library, list(sections), page_size=p.page_size, look=p.look,
                              template_dirs=p.templates)
    return _result(data, warnings=p.warnings)


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
    allow_fallback: bool = False,
    weeks: int | None = None,
) -> Result:
    """A packet: cover with contents, education, handouts, trackers and outside PDFs, joined.

    `spec` is a file, a built-in name or a mapping (see `packet_spec`). A program replaces
    the stretches of every handout and tracker. Patient, clinician and date: the option's,
    else the program's, else the spec's (date: else today). Trackers without their own
    `start:` start on `start`, else the coming Monday on or after the date; every tracker
    runs `weeks` (1 to 12) when given, else its part's own `weeks:` (default 4). Raises
    ContentError (spec or program, with lines), InputFileError (an outside PDF), LayoutError,
    OptionError (weeks out of range).
    """
    from handouts.jobs.packet import build_packet

    ctx = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, language, program, allow_fallback)
    ctx = p.ctx
    the_spec = packet_spec(ctx, spec)
    prog = load_program(ctx, program)
    info = the_spec.packet
    day = r.day(ctx, date, prog, fallback=info.date)
    who = r.named(patient, prog, info.patient)
    by = clinician or (prog.clinician if prog else None) or info.clinician
    the_spec = replace(the_spec, packet=info.model_copy(
        update={"date": day, "patient": who, "clinician": by}))
    opts = r.packet_options(ctx, p, day or ctx.today(), r.start(ctx, start, day), who, by, prog)
    if weeks is not None:
        opts = replace(opts, weeks=check_weeks(weeks))
    notes: list[str] = [*p.warnings]  # and what was removed from outside PDFs (scripts, actions, files)
    return _result(build_packet(ctx.library, the_spec, opts, ctx.caches, notes), warnings=notes)


def default_set(
    ctx: BuildContext | None = None,
    *,
    date: DateInput = None,
    clinic: ClinicInput = None,
    templates: Path | str | None = None,
    page_size: str | None = None,
    large_print: bool | None = None,
    language: str | None = None,
    allow_fallback: bool = False,
) -> dict[str, Result]:
    """The default handout, tracker and packet of the default routine, by file name.

    Files are named 'handout.pdf', 'tracker.pdf' and 'packet.pdf', as the `handout`,
    `tracker` and `packet` commands name them; every one is built before any is returned,
    so a caller writing them never leaves half a set.
    """
    from handouts.content.select import default_routine

    ctx = r.context(ctx)
    routine = ctx.config.routine or default_routine(ctx.library).id
    day = r.day(ctx, date, None)
    common: dict[str, Any] = {"clinic": clinic, "templates": templates, "page_size": page_size,
                              "large_print": large_print, "language": language,
                              "allow_fallback": allow_fallback}
    return {
        "handout.pdf": handout(ctx, routine=routine, date=day or "blank", **common),
        "tracker.pdf": tracker(ctx, routine=routine, date=day, **common),
        "packet.pdf": packet(ctx, spec="default", date=day or "blank", **common),
    }


def check(ctx: BuildContext | None = None, *, strict: bool = False,
          language: str | None = None) -> CheckReport:
    """Check the library: reading level of every text, unreadable pictures; in a language
    other than English, also every id its folders lack or have that the English does not.

    Returns lines to print, warnings and failures (with `strict`, texts past the language's
    hard limit; always, a translation's missing or extra ids); raises ContentError when a
    picture cannot be read or a catalog lacks a message.
    """
    from handouts.content.checks import CheckReport, check_library
    from handouts.content.library import COLLECTIONS
    from handouts.content.translate import translation_gaps
    from handouts.options import check_language

    ctx = r.context(ctx)
    code = check_language(language or ctx.config.language or "en")
    if code == ctx.library.meta.language:
        return check_library(ctx.library, strict=strict)
    missing, extra = translation_gaps(ctx.library, code, COLLECTIONS)
    gaps = ([f"missing from '{code}': {m}" for m in missing]
            + [f"extra in '{code}' (no such English id): {x}" for x in extra])
    if extra:
        return CheckReport(lines=gaps, failures=gaps)
    report = check_library(ctx.in_language(code, allow_fallback=True).library, strict=strict)
    report.lines[:0] = gaps or [f"'{code}' translates every English id"]
    report.failures[:0] = gaps
    return report


def report(pdf: Path | str | bytes, *, source: str | None = None,
           today: DateInput = None) -> Report:
    """Read filled-in trackers back from a PDF (a file or its bytes): sets, adherence, pain.

    Days after `today` (YYYY-MM-DD, 'today', or a date; None counts every day) are not due
    yet, so they are not counted as missed. Raises InputFileError when the file cannot be
    read or holds no tracker fields, OptionError for a bad date.
    """
    import datetime as dt

    from handouts.errors import InputFileError
    from handouts.options import parse_date
    from handouts.pdf.report import read_report

    until = parse_date(today, "today", dt.date.today(), blank=False)
    if isinstance(pdf, bytes):
        return read_report(pdf, source or "PDF", until)
    try:
        data = Path(pdf).read_bytes()
    except OSError as e:
        raise InputFileError(pdf, e.strerror or "cannot read file") from e
    return read_report(data, source or str(pdf), until)


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
    date_format: str | None = None,
    language: str | None = None,
    allow_fallback: bool = False,
) -> BatchPlan:
    """Check every row of a patients CSV before anything is built.

    Returns the packets to build (one per good row, file names from the patient and row)
    and one RowError per problem of a bad row. A row's date defaults to `date`, else
    today; its trackers start on its `start`, else the coming Monday on or after its date.
    The CSV's dates are YYYY-MM-DD or `date_format` (e.g. 'DD/MM/YYYY'), else the config's
    date_format, else MM/DD/YYYY. Unknown columns, a file not in UTF-8 and duplicate rows
    come back as `warnings`. A row's `language` column chooses its packet's language (else
    `language`, the config's, English); a language its content cannot print is that row's
    error. Raises InputFileError (or InputErrors) for a CSV that cannot be used: unreadable,
    no patient column, a column named twice or misspelt; and for an output folder that
    cannot be written; ContentError, with its spec lines, for an outside PDF of the spec that
    cannot be used.
    """
    from handouts.jobs.batch import read_jobs

    ctx = r.context(ctx)
    p = r.settings(ctx, clinic, templates, page_size, large_print, language, None, allow_fallback)
    day = r.day(ctx, date, None) or ctx.today()
    the_spec = packet_spec(p.ctx, spec)
    from handouts.jobs.packet import outside_pdfs

    outside_pdfs(the_spec)  # a bad one stops the batch once, not every row
    out = Path(output) if output else (ctx.config.output or Path("build")) / "batch"
    base = r.packet_options(ctx, p, day, coming_monday(day), None, None, None)
    # The batch's own language first: rows without a `language` column are in it.
    specs: dict[str, PacketSpec] = {p.language: the_spec}

    def in_language(code: str) -> Library:
        lctx = ctx.in_language(code, allow_fallback)
        r.check_templates(p.templates, lctx.library.language, allow_fallback)
        if code not in specs:
            # A built-in spec comes in the row's language; a clinic's own spec is as written.
            builtin = spec is None or str(spec) in BUILTIN_SPECS
            specs[code] = packet_spec(lctx, spec) if builtin else the_spec
        return lctx.library

    notes: list[str] = [*p.warnings]
    jobs, errors = read_jobs(p.ctx.library, Path(patients), out, base,
                             date_format=date_format or p.ctx.config.date_format, warnings=notes,
                             in_language=in_language)
    failed = frozenset(e.row for e in errors)
    return BatchPlan(tuple(jobs), tuple(errors), the_spec, len(jobs) + len(failed), out, failed,
                     warnings=tuple(notes), specs=specs, allow_fallback=allow_fallback)


def batch_build(ctx: BuildContext | None, plan: BatchPlan, *, workers: int = 1,
                skip_existing: bool = False) -> Iterator[Outcome]:
    """Build and write every packet of a checked plan, yielding each outcome as it finishes.

    Rows run in `workers` processes (each inherits the context); one row's error is its
    Outcome's `error`, never the end of the batch. Each file is written whole or not at all;
    with `skip_existing` a packet already there is left and reported as skipped.
    """
    from handouts.jobs.batch import Speaker, run_batch

    ctx = r.context(ctx)
    speakers = {}
    for code, its_spec in plan.specs.items():
        lctx = ctx.in_language(code, plan.allow_fallback)
        speakers[code] = Speaker(lctx.library, its_spec, lctx.caches)
    base = next(iter(speakers.values()), None)
    if base is None:
        return run_batch(ctx.library, plan.spec, plan.jobs, max(1, workers), skip_existing,
                         ctx.caches)
    return run_batch(base.library, base.spec, plan.jobs, max(1, workers), skip_existing,
                     base.caches, speakers)


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
                + (f"; {len(self.failed_rows)} row{'s' * (len(self.failed_rows) != 1)} failed"
                   if self.failed_rows else ""))


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


def write_example_csv(path: Path) -> None:
    """Write the example patients CSV (three patients: a routine, chosen stretches with their
    changes, large print) to `path`, for `batch` to start from.

    Raises InputFileError when `path` already exists (it is left as it was) or cannot be written.
    """
    from handouts.content.paths import builtin_content
    from handouts.errors import InputFileError
    from handouts.pdf.write import write_atomic

    if path.exists():
        raise InputFileError(path, "already exists; choose another name for the example")
    write_atomic(path, (builtin_content() / "examples" / "patients.csv").read_bytes())


def write(path: Path, data: bytes) -> None:
    """Write a PDF whole or not at all: an existing file is left as it was on any failure.

    Raises InputFileError when `path` is a folder or cannot be written.
    """
    from handouts.pdf.write import write_atomic

    write_atomic(path, data)
