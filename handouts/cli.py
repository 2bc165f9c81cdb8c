"""The `handouts` command line: parse options, call one core function, report errors cleanly."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from handouts.errors import HandoutsError

if TYPE_CHECKING:
    from handouts.content.clinic import Clinic
    from handouts.content.library import Library

app = typer.Typer(
    help="Print patient-education handouts, tracking sheets and packets from a YAML library.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def friendly(fn: F) -> F:
    """Turn the project's own errors into their message on stderr and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except HandoutsError as e:
            for line in e.lines():
                typer.echo(f"error: {line}" if len(e.lines()) == 1 else line, err=True)
            raise typer.Exit(e.exit_code) from None

    return wrapper  # type: ignore[return-value]


class PageSize(StrEnum):
    letter = "letter"
    a4 = "a4"


PageSizeOpt = Annotated[PageSize, typer.Option(help="Paper size.")]


class Kind(StrEnum):
    stretches = "stretches"
    muscles = "muscles"
    routines = "routines"
    precautions = "precautions"


ContentOpt = Annotated[
    list[Path] | None,
    typer.Option("--content", help="Extra content folder (repeatable); later folders win by id."),
]
ClinicOpt = Annotated[
    Path | None, typer.Option("--clinic", help="Clinic YAML: name, phone, web, logo.")
]
TemplatesOpt = Annotated[
    Path | None,
    typer.Option("--templates", help="Folder of your own templates, used before the built-in."),
]


def _library(content: list[Path] | None) -> Library:
    from handouts.content.library import content_folders, load_library

    return load_library(content_folders(content or []))


def _clinic(path: Path | None) -> Clinic | None:
    from handouts.content.clinic import load_clinic

    return load_clinic(path) if path else None


def _plan(lib: Library, program: Path | None, routine: str | None, stretch: list[str] | None,
          muscle: list[str] | None = None, tag: list[str] | None = None) -> Any:
    """The selection and overrides from a program file, or from the selection options."""
    from handouts.content.program import load_program
    from handouts.content.select import select
    from handouts.errors import SelectionError

    if program is None:
        return select(lib, routine, stretch or [], muscle or [], tag or []), {}, None
    if routine or stretch or muscle or tag:
        raise SelectionError("--program already chooses the stretches: drop the routine and filters")
    prog = load_program(program, lib)
    return prog.selection, prog.overrides, prog


def _people(prog: Any, patient: str | None, clinician: str | None = None,
            date: dt.date | None = None) -> tuple[str | None, str | None, dt.date | None]:
    """Patient, clinician and date: the command line's, else the program's."""
    if prog is None:
        return patient, clinician, date
    return patient or prog.patient, clinician or prog.clinician, date or prog.date


def parse_date(value: str | None, option: str) -> dt.date | None:
    """Parse YYYY-MM-DD or fail with a one-line message."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date like 2026-03-31", param_hint=option
        ) from None


def _done(path: Path) -> None:
    typer.echo(f"wrote {path}")


def coming_monday(today: dt.date) -> dt.date:
    """The day a new week of tracking starts: today if it is a Monday, else the next Monday."""
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


def _look(large_print: bool) -> Any:
    from handouts.layout import styles

    return styles.large_print() if large_print else styles.Look()


RoutineArg = Annotated[str | None, typer.Argument(help="Routine id (default lower-back-hip).")]
StretchOpt = Annotated[list[str] | None, typer.Option(help="Stretch id, in order (repeatable).")]
PatientOpt = Annotated[str | None, typer.Option(help="Patient name.")]
ProgramOpt = Annotated[
    Path | None,
    typer.Option("--program", help="A patient's program YAML: stretches, doses, sides, notes."),
]
LargePrintOpt = Annotated[
    bool, typer.Option("--large-print", help="18 pt text and 1.5 line spacing; may use more pages.")
]


@app.command()
@friendly
def check(
    content: ContentOpt = None,
    strict: Annotated[bool, typer.Option(help="Fail on any text above grade 8.")] = False,
) -> None:
    """Validate the content and print the reading grade of every text.

    Example: handouts check --content my-clinic/ --strict
    """
    from handouts.content.checks import check_library

    lib = _library(content)
    report = check_library(lib, strict=strict)
    for line in report.lines:
        typer.echo(line)
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    if report.failures:
        for f in report.failures:
            typer.echo(f"error: {f}", err=True)
        raise typer.Exit(2)


@app.command("list")
@friendly
def list_(
    kind: Annotated[Kind, typer.Argument(help="What to list.")],
    muscle: Annotated[list[str] | None, typer.Option(help="Only stretches for this muscle.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Only stretches with this tag.")] = None,
    content: ContentOpt = None,
) -> None:
    """List the stretches, muscles, routines or precautions in the library.

    Example: handouts list stretches --muscle hamstrings --tag lying
    """
    from handouts.content.select import filter_stretches

    lib = _library(content)
    if kind is Kind.stretches:
        for s in filter_stretches(list(lib.stretches.values()), muscle or [], tag or []):
            typer.echo(f"{s.id:24} {s.name}  [{', '.join(s.tags)}]")
    elif kind is Kind.muscles:
        for m in lib.muscles.values():
            typer.echo(f"{m.id:24} {m.name} ({m.plain_name})")
    elif kind is Kind.routines:
        for r in lib.routines.values():
            typer.echo(f"{r.id:24} {r.name}: {', '.join(r.stretches)}")
    else:
        for p in lib.precautions.values():
            scope = ", ".join(p.stretches) or "general"
            typer.echo(f"{p.id:24} [{p.level}] {p.title} ({scope})")


@app.command()
@friendly
def handout(
    routine: Annotated[str | None, typer.Argument(help="Routine id (default lower-back-hip).")] = None,
    stretch: Annotated[list[str] | None, typer.Option(help="Stretch id, in order (repeatable).")] = None,
    muscle: Annotated[list[str] | None, typer.Option(help="Keep stretches for this muscle.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Keep stretches with this tag.")] = None,
    program: ProgramOpt = None,
    patient: Annotated[str | None, typer.Option(help="Patient name.")] = None,
    clinician: Annotated[str | None, typer.Option(help="Clinician name.")] = None,
    date: Annotated[str | None, typer.Option(help="Date printed, YYYY-MM-DD.")] = None,
    clinic: ClinicOpt = None,
    content: ContentOpt = None,
    templates: TemplatesOpt = None,
    page_size: Annotated[PageSize, typer.Option(help="Paper size.")] = PageSize.letter,
    large_print: LargePrintOpt = False,
    blank_dose: Annotated[bool, typer.Option(
        "--blank-dose", help="Empty lines for the dose, to write it by hand.")] = False,
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file to write.")] = Path(
        "build/handout.pdf"
    ),
) -> None:
    """Make a one-page take-home handout (one --stretch alone gives its detail sheet).

    Example: handouts handout --stretch figure-four --stretch cat-cow --patient "Ana Ruiz" -o ana.pdf
    """
    from handouts.layout.handout import HandoutSpec, build_handout
    from handouts.layout.sheet import SheetHeader
    from handouts.pdf.write import write_atomic

    when = parse_date(date, "--date")
    lib = _library(content)
    selection, overrides, prog = _plan(lib, program, routine, stretch, muscle, tag)
    header = SheetHeader(*_people(prog, patient, clinician, when), _clinic(clinic))
    spec = HandoutSpec(selection, header, page_size.value, (templates,) if templates else (),
                       overrides, large_print=large_print,
                       blank_dose=blank_dose or bool(prog and prog.blank_dose))
    write_atomic(output, build_handout(lib, spec))
    _done(output)


@app.command()
@friendly
def tracker(
    routine: RoutineArg = None,
    stretch: StretchOpt = None,
    program: ProgramOpt = None,
    weeks: Annotated[int, typer.Option(min=1, max=12, help="Number of weeks, one page each.")] = 1,
    start: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (default: coming Monday).")] = None,
    patient: PatientOpt = None,
    clinic: ClinicOpt = None,
    content: ContentOpt = None,
    templates: TemplatesOpt = None,
    page_size: PageSizeOpt = PageSize.letter,
    large_print: LargePrintOpt = False,
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file to write.")] = Path(
        "build/tracker.pdf"
    ),
) -> None:
    """Make a fillable weekly tracking sheet, one landscape page per week.

    Example: handouts tracker lower-back-hip --weeks 4 --start 2026-03-02 --patient "Ana Ruiz"
    """
    from handouts.layout.sheet import SheetHeader
    from handouts.layout.tracker import TrackerSpec, build_tracker
    from handouts.pdf.write import write_atomic

    first = parse_date(start, "--start") or coming_monday(dt.date.today())
    lib = _library(content)
    selection, overrides, prog = _plan(lib, program, routine, stretch)
    header = SheetHeader(_people(prog, patient)[0], clinic=_clinic(clinic))
    spec = TrackerSpec(selection, first, weeks, header, page_size.value,
                       (templates,) if templates else (), overrides, look=_look(large_print))
    write_atomic(output, build_tracker(lib, spec))
    _done(output)


@app.command()
@friendly
def report(
    pdf: Annotated[Path, typer.Argument(help="A filled-in tracker or packet.")],
    csv: Annotated[bool, typer.Option("--csv", help="One CSV row per day and stretch.")] = False,
) -> None:
    """Read a filled-in tracker back: sets done, adherence and pain by day.

    Example: handouts report ana-packet.pdf --csv > ana.csv
    """
    from handouts.errors import InputFileError
    from handouts.pdf.report import format_report, read_report, report_csv

    try:
        data = pdf.read_bytes()
    except OSError as e:
        raise InputFileError(pdf, e.strerror or "cannot read file") from e
    result = read_report(data, str(pdf))
    if csv:
        typer.echo(report_csv(result), nl=False)
    else:
        for line in format_report(result):
            typer.echo(line)


@app.command()
@friendly
def education(
    section: Annotated[
        list[str] | None, typer.Option(help="Section to include (repeatable; default all).")
    ] = None,
    content: ContentOpt = None,
    templates: TemplatesOpt = None,
    page_size: PageSizeOpt = PageSize.letter,
    large_print: LargePrintOpt = False,
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file to write.")] = Path(
        "build/education.pdf"
    ),
) -> None:
    """Lay out the library's explanations as reading pages.

    Example: handouts education --section connection --section faq -o why-stretch.pdf
    """
    from handouts.layout.education import build_education
    from handouts.pdf.write import write_atomic

    data, _ = build_education(_library(content), section or [], page_size=page_size.value,
                              look=_look(large_print),
                              template_dirs=(templates,) if templates else ())
    write_atomic(output, data)
    _done(output)


@app.command()
@friendly
def packet(
    spec_file: Annotated[Path, typer.Argument(metavar="SPEC.yaml", help="Packet spec (YAML).")],
    program: ProgramOpt = None,
    patient: PatientOpt = None,
    clinician: Annotated[str | None, typer.Option(help="Clinician name.")] = None,
    date: Annotated[str | None, typer.Option(help="Date printed, YYYY-MM-DD (default today).")] = None,
    start: Annotated[str | None, typer.Option(help="Trackers start, YYYY-MM-DD.")] = None,
    clinic: ClinicOpt = None,
    content: ContentOpt = None,
    templates: TemplatesOpt = None,
    page_size: PageSizeOpt = PageSize.letter,
    large_print: LargePrintOpt = False,
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file to write.")] = Path(
        "build/packet.pdf"
    ),
) -> None:
    """Build a packet (cover, education, handouts, trackers, your PDFs) from a YAML spec.

    Example: handouts packet content/packets/lower-back-hip.yaml --patient "Ana Ruiz" -o ana.pdf
    """
    from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
    from handouts.pdf.write import write_atomic

    lib = _library(content)
    spec = load_packet_spec(spec_file)
    prog = None
    if program is not None:
        from handouts.content.program import load_program

        prog = load_program(program, lib)
    who, by, when = _people(prog, patient, clinician, parse_date(date, "--date"))
    today = when or dt.date.today()
    first = parse_date(start, "--start") or coming_monday(today)
    opts = PacketOptions(
        today, first, who, by,
        _clinic(clinic), page_size.value, (templates,) if templates else (),
        prog.overrides if prog else {}, _look(large_print),
        selection=prog.selection if prog else None,
    )
    write_atomic(output, build_packet(lib, spec, opts))
    _done(output)


@app.command()
@friendly
def batch(
    patients: Annotated[Path, typer.Argument(metavar="PATIENTS.csv", help="One patient per row.")],
    packet_spec: Annotated[
        Path | None, typer.Option("--packet", help="Packet spec (default: cover, handout, tracker).")
    ] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the packets.")] = Path(
        "build/batch"
    ),
    jobs: Annotated[int, typer.Option("--jobs", min=0, help="Processes (0: one per core).")] = 0,
    skip_existing: Annotated[
        bool, typer.Option("--skip-existing", help="Leave packets that are already there.")
    ] = False,
    date: Annotated[str | None, typer.Option(help="Date for rows without one (default today).")] = None,
    clinic: ClinicOpt = None,
    content: ContentOpt = None,
    templates: TemplatesOpt = None,
    page_size: PageSizeOpt = PageSize.letter,
) -> None:
    """Build one packet per patient row; bad rows are reported and skipped, the rest are built.

    Example: handouts batch content/examples/patients.csv -o build/batch --jobs 2
    """
    import os
    import sys

    from handouts.content.paths import builtin_content
    from handouts.jobs.batch import default_options, read_jobs, run_batch
    from handouts.jobs.packet import load_packet_spec

    lib = _library(content)
    spec = load_packet_spec(packet_spec or builtin_content() / "packets" / "patient.yaml")
    base = default_options(parse_date(date, "--date") or dt.date.today(), _clinic(clinic),
                           page_size.value, (templates,) if templates else ())
    todo, errors = read_jobs(lib, patients, output, base)
    for e in errors:
        typer.echo(f"error: {e}", err=True)
    workers = jobs or os.cpu_count() or 1
    built = skipped = 0
    failed_rows = {e.row for e in errors}
    total = len(todo) + len(failed_rows)
    outcomes = run_batch(lib, spec, todo, workers, skip_existing)
    try:
        if sys.stdout.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("Building packets", total=len(todo))
                for o in outcomes:
                    built, skipped = _tally(o, built, skipped, failed_rows)
                    bar.advance(task)
        else:
            for o in outcomes:
                built, skipped = _tally(o, built, skipped, failed_rows)
                state = "skipped" if o.skipped else ("failed" if o.error else "wrote")
                typer.echo(f"{state} {o.job.output}")
    except KeyboardInterrupt:
        typer.echo(f"interrupted: {built} packets complete in {output}; "
                   "run again with --skip-existing to finish", err=True)
        raise typer.Exit(130) from None
    typer.echo(f"built {built} of {total} packets into {output}"
               + (f", skipped {skipped} already there" if skipped else "")
               + (f"; {len(failed_rows)} rows failed" if failed_rows else ""))
    if failed_rows:
        raise typer.Exit(1)


def _tally(o: Any, built: int, skipped: int, failed_rows: set[int]) -> tuple[int, int]:
    """Count one outcome, reporting a failure on stderr."""
    if o.error:
        typer.echo(f"error: row {o.job.row}: {o.error}", err=True)
        failed_rows.add(o.job.row)
        return built, skipped
    if o.skipped:
        return built, skipped + 1
    return built + 1, skipped


@app.command()
@friendly
def build(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write into.")] = Path(
        "build"
    ),
    date: Annotated[str | None, typer.Option(help="Date printed, YYYY-MM-DD (default today).")] = None,
    clinic: ClinicOpt = None,
    content: ContentOpt = None,
) -> None:
    """Write the default handout, 4-week tracker and packet into a folder.

    Example: handouts build -o build/
    """
    from handouts.jobs.build import build_default

    when = parse_date(date, "--date") or dt.date.today()
    for path in build_default(_library(content), output, when, coming_monday(when), _clinic(clinic)):
        _done(path)


@app.command()
@friendly
def preview(
    pdf: Annotated[Path, typer.Argument(help="PDF file to render.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the PNG files.")] = Path(
        "build/preview"
    ),
    dpi: Annotated[int, typer.Option(help="Resolution in dots per inch.")] = 100,
) -> None:
    """Render each page of a PDF to a PNG file.

    Example: handouts preview build/lower-back-hip-handout.pdf -o build/preview --dpi 80
    """
    from handouts.pdf.preview import render_pngs

    for path in render_pngs(pdf, output, dpi):
        _done(path)


def main() -> None:
    """Console entry point."""
    app(prog_name="handouts")
