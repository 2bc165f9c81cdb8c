"""The `handouts` command line: parse options, make one call to `handouts.api`, print the result."""

import functools
from pathlib import Path
from typing import Annotated

import typer

from handouts import cli_options as o
from handouts.cli_options import friendly

app = typer.Typer(help="Print patient-education handouts, tracking sheets and packets from a YAML "
                  "library. Settings: ./handouts.toml or --config FILE (see the README).",
                  no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
                  cls=o.Group,
                  context_settings={"help_option_names": ["-h", "--help"]})


app.callback()(o.main_options)
command = functools.partial(app.command, cls=o.Command)


@command()
@friendly
def check(tctx: typer.Context, content: o.Content = None,
          strict: Annotated[bool, o.opt("--strict", help=(
              "Fail on any text above grade 8 (Spanish: below INFLESZ 55)."))] = False,
          language: o.LanguageCheck = None) -> None:
    """Validate the content and print the reading level of every text; with --language,
    also list the ids the translation lacks or has that the English library does not.

    Example: handouts check --language es --strict
    """
    from handouts import api

    report = api.check(o.context(tctx, content), strict=strict, language=language)
    typer.echo("\n".join(report.lines))
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    for f in report.failures:
        typer.echo(f"error: {f}", err=True)
    if report.failures:
        raise typer.Exit(2)


@command("list")
@friendly
def list_(tctx: typer.Context,
          kind: Annotated[o.Kind, typer.Argument(metavar="KIND",
              help="stretches, muscles, routines or precautions.", case_sensitive=False)],
          muscle: o.Muscle = None, tag: o.Tag = None, content: o.Content = None) -> None:
    """List the stretches, muscles, routines or precautions in the library.

    Example: handouts list stretches --muscle hamstrings --tag lying
    """
    from handouts import api

    for key, text in api.entries(o.context(tctx, content), kind=kind.value, muscles=muscle or [],
                                 tags=tag or []):
        typer.echo(f"{key:24} {text}")


@command()
@friendly
def handout(tctx: typer.Context, routine: o.Routine = None, stretch: o.Stretch = None,
            muscle: o.Muscle = None, tag: o.Tag = None, program: o.Program = None,
            patient: o.Patient = None, clinician: o.Clinician = None,
            date: o.Date = None, clinic: o.Clinic = None, content: o.Content = None,
            templates: o.Templates = None, page_size: o.Size = None, large_print: o.Large = None,
            blank_dose: Annotated[bool, o.opt("--blank-dose", help=(
                "Empty lines for each dose, to write it by hand."))] = False,
            language: o.Language = None, allow_fallback: o.Fallback = False,
            also: Annotated[str | None, o.opt("--also", metavar="CODE", help=(
                "A second language beside the first, on the same page (a bilingual sheet)."))
            ] = None,
            output: o.Output = None) -> None:
    """Make a one-page take-home handout (one --stretch alone gives its detail sheet).

    Example: handouts handout --stretch figure-four --stretch cat-cow --patient "Ana Ruiz" -o ana.pdf
    """
    from handouts import api

    ctx = o.context(tctx, content)
    result = api.handout(ctx, routine=routine, stretches=stretch or [], muscles=muscle or [],
                         tags=tag or [], program=program, patient=patient, clinician=clinician,
                         date=date, blank_dose=blank_dose, also=also,
                         **o.print_options(clinic, templates, page_size, large_print, language,
                                           allow_fallback))
    o.write_result(ctx, result, output, "handout.pdf")


@command()
@friendly
def tracker(tctx: typer.Context, routine: o.Routine = None, stretch: o.Stretch = None,
            program: o.Program = None,
            weeks: Annotated[int | None, o.opt("--weeks", metavar="N", min=1, max=12,
                                              help="Weeks, one page each, 1 to 12 (default 4).")] = None,
            start: o.Start = None, date: o.Date = None, patient: o.Patient = None, clinic: o.Clinic = None,
            content: o.Content = None, templates: o.Templates = None, page_size: o.Size = None,
            large_print: o.Large = None, language: o.Language = None,
            allow_fallback: o.Fallback = False, output: o.Output = None) -> None:
    """Make a fillable weekly tracking sheet, one landscape page per week.

    Example: handouts tracker lower-back-hip --weeks 4 --start 2026-03-02 --patient "Ana Ruiz"
    """
    from handouts import api

    ctx = o.context(tctx, content)
    result = api.tracker(ctx, routine=routine, stretches=stretch or [], program=program,
                         patient=patient, date=date, start=start, weeks=weeks,
                         **o.print_options(clinic, templates, page_size, large_print, language,
                                           allow_fallback))
    o.write_result(ctx, result, output, "tracker.pdf")


@command()
@friendly
def report(pdf: Annotated[Path, typer.Argument(metavar="FILE.pdf",
                                               help="A filled-in tracker or packet.")],
           csv: Annotated[bool, o.opt("--csv", help="One CSV row per day and stretch.")] = False,
           today: Annotated[str | None, o.opt("--today", metavar="DATE", help=(
               "Count days up to this date: YYYY-MM-DD or today (default); later days are "
               "not missed."))] = None) -> None:
    """Read a filled-in tracker back: sets done, adherence and pain by day.

    Example: handouts tracker -o sheet.pdf && handouts report sheet.pdf --csv
    """
    from handouts import api
    from handouts.pdf.report import format_report, report_csv

    result = api.report(pdf, today=today or "today")
    typer.echo(report_csv(result) if csv else "\n".join(format_report(result)), nl=not csv)


@command()
@friendly
def education(tctx: typer.Context,
              section: Annotated[list[str] | None, o.opt("--section", metavar="NAME", help=(
                  "Section (repeatable; default all): connection, muscles, principles, when, "
                  "habit, precautions, takeaways, faq."))] = None,
              content: o.Content = None, templates: o.Templates = None, page_size: o.Size = None,
              large_print: o.Large = None, language: o.LanguageAlone = None,
              allow_fallback: o.Fallback = False, output: o.Output = None) -> None:
    """Lay out the library's explanations as reading pages.

    Example: handouts education --section connection --section faq -o why-stretch.pdf
    """
    from handouts import api

    ctx = o.context(tctx, content)
    p = o.print_options(None, templates, page_size, large_print, language, allow_fallback)
    del p["clinic"]
    o.write_result(ctx, api.education(ctx, sections=section or [], **p), output, "education.pdf")


@command()
@friendly
def packet(tctx: typer.Context,
           spec: Annotated[str, typer.Argument(metavar="SPEC", help=(
               "A packet spec YAML file, or a built-in one: default, lower-back-hip, patient.")),
           ] = "default",
           program: o.Program = None, patient: o.Patient = None, clinician: o.Clinician = None,
           date: o.Date = None, start: o.Start = None,
           weeks: Annotated[int | None, o.opt("--weeks", metavar="N", min=1, max=12, help=(
               "Weeks of every tracker, 1 to 12 (default: each tracker part's own, else 4)."))
           ] = None,
           clinic: o.Clinic = None, content: o.Content = None,
           templates: o.Templates = None, page_size: o.Size = None, large_print: o.Large = None,
           language: o.Language = None, allow_fallback: o.Fallback = False,
           output: o.Output = None) -> None:
    """Build a packet (cover, education, handouts, trackers, your PDFs) from a spec.

    A spec is YAML: `packet:` (title; optional subject, patient, clinician, date) and `parts:`,
    a list in order, each one of: cover; education (sections); handout (routine or stretches,
    muscles, tags); tracker (the same, weeks, start); pdf (path, title). See the README.

    Example: handouts packet default --patient "Ana Ruiz" -o ana.pdf
    """
    from handouts import api

    ctx = o.context(tctx, content)
    result = api.packet(ctx, spec=spec, program=program, patient=patient, clinician=clinician,
                        date=date, start=start, weeks=weeks,
                        **o.print_options(clinic, templates, page_size, large_print, language,
                                          allow_fallback))
    o.write_result(ctx, result, output, "packet.pdf")


@command()
@o.collecting
@friendly
def batch(tctx: typer.Context,
          patients: Annotated[Path | None, typer.Argument(
              metavar="PATIENTS.csv", help="One patient per row (with --example: where to write "
                                           "the example, default patients.csv).")] = None,
          spec: Annotated[str, o.opt("--packet", metavar="SPEC", help=(
              "Packet spec file or built-in name (default patient: cover, handout, tracker)."))
          ] = "patient",
          output: o.Folder = None,
          jobs: Annotated[int, o.opt("--jobs", metavar="N", min=0,
                                    help="Processes (0: one per core).")] = 0,
          skip_existing: Annotated[bool, o.opt("--skip-existing",
                                              help="Leave packets already there.")] = False,
          date: o.Date = None, clinic: o.Clinic = None, content: o.Content = None,
          templates: o.Templates = None, page_size: o.Size = None, large_print: o.Large = None,
          date_format: Annotated[str | None, o.opt("--date-format", metavar="FORMAT", help=(
              "How the CSV writes dates besides YYYY-MM-DD, e.g. DD/MM/YYYY "
              "(default: the config's date_format, else MM/DD/YYYY)."))] = None,
          language: o.LanguageBatch = None, allow_fallback: o.Fallback = False,
          example: Annotated[bool, o.opt("--example", help=(
              "Write an example PATIENTS.csv (three patients) to start from, and stop."))
          ] = False) -> None:
    """Build one packet per patient row; bad rows are reported and skipped, the rest are built.

    A `language` column gives a row's language (else --language); each packet is in one.

    Example: handouts batch --example && handouts batch patients.csv -o packets/ --jobs 2
    """
    import os

    from handouts import api

    if example:
        patients = patients or Path("patients.csv")
        api.write_example_csv(patients)
        typer.echo(f"wrote {patients} (an example: change the rows, keep the header)")
        return
    if patients is None:
        raise typer.BadParameter("give the patients CSV (or --example to write one to start from)",
                                 param_hint="PATIENTS.csv")
    ctx = o.context(tctx, content)
    plan = api.batch_check(ctx, patients=patients, output=output, spec=spec, date=date,
                           date_format=date_format,
                           **o.print_options(clinic, templates, page_size, large_print,
                                             language, allow_fallback))
    for w in plan.warnings:
        typer.echo(f"warning: {w}", err=True)
    for e in plan.errors:
        typer.echo(f"error: {e}", err=True)
    outcomes = api.batch_build(ctx, plan, workers=jobs or os.cpu_count() or 1,
                               skip_existing=skip_existing)
    raise typer.Exit(o.show_progress(plan, outcomes))


@command()
@friendly
def build(tctx: typer.Context, output: o.Folder = None, date: o.Date = None, clinic: o.Clinic = None,
          content: o.Content = None, templates: o.Templates = None,
          page_size: o.Size = None, large_print: o.Large = None, language: o.LanguageAlone = None,
          allow_fallback: o.Fallback = False) -> None:
    """Write the default handout, 4-week tracker and packet into a folder (default build/).

    Example: handouts build -o build/
    """
    from handouts import api
    from handouts.errors import need_folder

    ctx = o.context(tctx, content)
    folder = output or ctx.config.output or Path("build")
    need_folder(folder, "build writes several documents: give a folder with -o DIR")
    p = o.print_options(clinic, templates, page_size, large_print, language, allow_fallback)
    for name, result in api.default_set(ctx, date=date, **p).items():
        o.write_result(ctx, result, folder / name, name)


@command()
@friendly
def preview(pdf: Annotated[Path, typer.Argument(metavar="FILE.pdf", help="PDF file to render.")],
            output: Annotated[Path, o.opt("-o", "--output", metavar="DIR",
                                         help="Folder for the PNG files.")] = Path("build/preview"),
            dpi: Annotated[int, o.opt("--dpi", metavar="N", help="Resolution in dots per inch.")] = 100,
            ) -> None:
    """Render each page of a PDF to a PNG file.

    Example: handouts handout -o h.pdf && handouts preview h.pdf -o pages --dpi 80
    """
    from handouts import api

    for path in api.preview(pdf, output, dpi):
        typer.echo(f"wrote {path}")


def main() -> None:
    """Console entry point."""
    import os

    # No pydantic plugins here: looking for them reads every installed package's metadata.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app(prog_name="handouts")


def _web_command() -> None:
    """`handouts serve` lives with the web page (handouts/web/command.py)."""
    from handouts.web.command import serve

    command()(o.collecting(friendly(serve)))


_web_command()
