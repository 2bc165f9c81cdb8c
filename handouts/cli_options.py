"""The command line's shared options (one name and help everywhere) and its output helpers."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from handouts import __version__
from handouts.errors import HandoutsError
from handouts.layout.styles import PageSize

if TYPE_CHECKING:
    from handouts.api import BatchPlan, Result
    from handouts.context import BuildContext
    from handouts.jobs.batch import Outcome

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


def collecting(fn: F) -> F:
    """Turn the cycle collector back on for a command that runs long (entry.py turns it
    off for the one-shot commands)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import gc

        gc.enable()
        return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class _Unset:
    """Typer's coercion of one parameter, made only when the parameter has a value.

    Typer makes a pydantic validator for every parameter of the command being run,
    including those left out (None), before it looks at the value: about 2 ms each, 40 ms
    for `handouts handout`. This stands in for it and hands a given value to the validator
    Typer makes then; a value left out is what Typer's own coercion gives (None, or () for
    a repeatable option)."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        param._runtime_param = None
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


def _coerce_when_given(params: Iterable[Any]) -> None:
    for param in params:  # Typer versions without this attribute are left as they are
        if getattr(param, "_runtime_param", False) is None:
            param._runtime_param = _Unset()


class Group(TyperGroup):
    """The `handouts` group: its options (--config) are coerced only when given."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _coerce_when_given(self.get_params(ctx))
        return super().parse_args(ctx, args)


class Command(TyperCommand):
    """A command whose help names each argument by its metavar alone, never a Python type,
    and whose options are coerced only when given."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _coerce_when_given(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None and param.param_type_name == "argument":
                args.append((record[0].split(" <")[0], record[1]))
            elif record is not None:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Kind(StrEnum):
    stretches = "stretches"
    muscles = "muscles"
    routines = "routines"
    precautions = "precautions"


def opt(*names: str, help: str, metavar: str | None = None, **kw: Any) -> Any:
    return typer.Option(*names, help=help, metavar=metavar, **kw)


Content = Annotated[list[Path] | None, opt(
    "--content", metavar="DIR", help="Extra content folder (repeatable); later folders win by id.")]
Clinic = Annotated[Path | None, opt("--clinic", metavar="FILE",
                                     help="Clinic YAML: name, phone, web, logo.")]
Templates = Annotated[Path | None, opt("--templates", metavar="DIR",
                                        help="Your own templates folder, used before the built-in.")]
Size = Annotated[PageSize | None, opt("--page-size", case_sensitive=False,
                                       help="Paper size, letter or a4 (default letter).")]
Large = Annotated[bool | None, opt("--large-print/--normal-print",
                                    help="18 pt text and 1.5 line spacing; may use more pages.")]
Stretch = Annotated[list[str] | None, opt("--stretch", metavar="ID",
                                           help="Stretch id, in order (repeatable).")]
Muscle = Annotated[list[str] | None, opt("--muscle", metavar="ID",
                                          help="Only stretches for this muscle (repeatable).")]
Tag = Annotated[list[str] | None, opt("--tag", metavar="TAG",
                                       help="Only stretches with this tag (repeatable).")]
Program = Annotated[Path | None, opt("--program", metavar="FILE",
                                      help="A patient's program YAML: stretches, doses, sides, notes.")]
Patient = Annotated[str | None, opt("--patient", metavar="NAME", help="Patient name.")]
Clinician = Annotated[str | None, opt("--clinician", metavar="NAME", help="Clinician name.")]
Date = Annotated[str | None, opt("--date", metavar="DATE",
                                  help="Date printed: YYYY-MM-DD, today (default) or blank.")]
Start = Annotated[str | None, opt("--start", metavar="DATE",
                                   help="Trackers' first day (default: the Monday on or after --date).")]
Output = Annotated[Path | None, opt("-o", "--output", metavar="FILE",
                                     help="PDF file to write, or - for standard output.")]
Folder = Annotated[Path | None, opt("-o", "--output", metavar="DIR",
                                     help="Folder to write into (default build/).")]
Language = Annotated[str | None, opt("--language", metavar="CODE", help=(
    "Language of the whole document: en, es, or a content folder's own (default: the "
    "program's, else the config's, else en)."))]
LanguageAlone = Annotated[str | None, opt("--language", metavar="CODE", help=(
    "Language of the whole document: en, es, or a content folder's own (default: the "
    "config's, else en)."))]
LanguageBatch = Annotated[str | None, opt("--language", metavar="CODE", help=(
    "Language of every packet whose row has no language column of its own: en, es, or a "
    "content folder's own (default: the config's, else en)."))]
LanguageCheck = Annotated[str | None, opt("--language", metavar="CODE", help=(
    "Also check this translation: its reading levels, and the ids it lacks or has that the "
    "English library does not."))]
Fallback = Annotated[bool, opt("--allow-fallback", help=(
    "Print English, with a warning, for anything the language does not translate "
    "(default: that is an error naming the id and file)."))]
Routine = Annotated[str | None, typer.Argument(metavar="ROUTINE",
                                               help="Routine id (default: the library's default routine).")]



def show_progress(plan: BatchPlan, outcomes: Iterable[Outcome]) -> int:
    """Show a batch's progress (a bar on a terminal, a line per packet otherwise), then the
    summary; return the exit code (0 all built, 1 some rows failed, 130 interrupted)."""
    import sys

    from rich.progress import Progress

    from handouts.api import BatchTally

    tally, tty = BatchTally(plan.rows, set(plan.failed_rows)), sys.stdout.isatty()
    try:
        with Progress(transient=True, disable=not tty) as bar:
            task = bar.add_task("Building packets", total=len(plan.jobs))
            for o in outcomes:
                state = tally.add(o)
                bar.advance(task)
                if o.error:
                    typer.echo(f"error: {o.job.csv}:row {o.job.row}: packet: {o.error}", err=True)
                if not tty:
                    typer.echo(f"{state} {o.job.output}")
    except KeyboardInterrupt:
        from handouts.jobs.batch import on_disk

        close = getattr(outcomes, "close", None)  # the workers finish what they hold, so the
        if close is not None:  # count below is what is on disk
            close()
        typer.echo(f"interrupted: {on_disk(plan.jobs)} of {plan.rows} packets are in "
                   f"{plan.output}; run again with --skip-existing to finish", err=True)
        return 130
    typer.echo(tally.summary(plan.output))
    return tally.exit_code


def context(tctx: typer.Context, content: list[Path] | None) -> BuildContext:
    from handouts.config import find_config, load_config
    from handouts.context import BuildContext

    return BuildContext.load(content or [], load_config(find_config(tctx.obj)))


def write_result(ctx: BuildContext, result: Result, output: Path | None, name: str) -> None:
    """Write the PDF to `output` (- for standard output), else `name` in the output folder."""
    for w in result.warnings:
        typer.echo(f"warning: {w}", err=True)
    if output is not None and str(output) == "-":
        typer.get_binary_stream("stdout").write(result.pdf)
        return
    from handouts.api import write

    path = output or (ctx.config.output or Path("build")) / name
    write(path, result.pdf)
    fit = f", {result.fit}" if result.fit else ""
    typer.echo(f"wrote {path} ({result.pages} page{'s' if result.pages != 1 else ''}{fit})")


def print_options(clinic: Path | None, templates: Path | None, page_size: PageSize | None,
                  large_print: bool | None, language: str | None = None,
                  allow_fallback: bool = False) -> dict[str, Any]:
    """The options every document shares, as the API's keyword arguments."""
    return {"clinic": clinic, "templates": templates, "large_print": large_print,
            "page_size": page_size.value if page_size else None, "language": language,
            "allow_fallback": allow_fallback}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"handouts {__version__}")
        raise typer.Exit()


def main_options(
    ctx: typer.Context,
    config: Annotated[Path | None, opt("--config", metavar="FILE",
                                       help="Settings file (default: ./handouts.toml).")] = None,
    version: Annotated[bool, opt("--version", callback=_version, is_eager=True,
                                 help="Print the version and exit.")] = False,
) -> None:
    """Options before the command: the settings file, the version."""
    ctx.obj = config
