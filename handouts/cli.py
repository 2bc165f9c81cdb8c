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
    from handouts.clinic import Clinic
    from handouts.library import Library

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
    from handouts.library import content_folders, load_library

    return load_library(content_folders(content or []))


def _clinic(path: Path | None) -> Clinic | None:
    from handouts.clinic import load_clinic

    return load_clinic(path) if path else None


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


@app.command()
@friendly
def check(
    content: ContentOpt = None,
    strict: Annotated[bool, typer.Option(help="Fail on any text above grade 8.")] = False,
) -> None:
    """Validate the content and print the reading grade of every text.

    Example: handouts check --content my-clinic/ --strict
    """
    from handouts.checks import check_library

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
    from handouts.select import filter_stretches

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
    patient: Annotated[str | None, typer.Option(help="Patient name.")] = None,
    clinician: Annotated[str | None, typer.Option(help="Clinician name.")] = None,
    date: Annotated[str | None, typer.Option(help="Date printed, YYYY-MM-DD.")] = None,
    clinic: ClinicOpt = None,
    content: ContentOpt = None,
    templates: TemplatesOpt = None,
    page_size: Annotated[PageSize, typer.Option(help="Paper size.")] = PageSize.letter,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="18 pt text, 1.5 spacing; may use more pages.")
    ] = False,
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file to write.")] = Path(
        "build/handout.pdf"
    ),
) -> None:
    """Make a one-page take-home handout (one --stretch alone gives its detail sheet).

    Example: handouts handout --stretch figure-four --stretch cat-cow --patient "Ana Ruiz" -o ana.pdf
    """
    from handouts.handout import HandoutSpec, build_handout
    from handouts.pdfout import write_atomic
    from handouts.select import select
    from handouts.sheet import SheetHeader

    when = parse_date(date, "--date")
    lib = _library(content)
    selection = select(lib, routine, stretch or [], muscle or [], tag or [])
    header = SheetHeader(patient, clinician, when, _clinic(clinic))
    spec = HandoutSpec(selection, header, page_size.value, (templates,) if templates else (),
                       large_print=large_print)
    write_atomic(output, build_handout(lib, spec))
    _done(output)


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
    """Write the default set of sheets into a folder.

    Example: handouts build -o build/
    """
    from handouts.build import build_default

    when = parse_date(date, "--date") or dt.date.today()
    for path in build_default(_library(content), output, when, _clinic(clinic)):
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
    from handouts.preview import render_pngs

    for path in render_pngs(pdf, output, dpi):
        _done(path)


def main() -> None:
    """Console entry point."""
    app(prog_name="handouts")
