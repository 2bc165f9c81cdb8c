"""Which setting wins: every precedence rule of the API, in one place.

An option given > the patient's program > the config file > the built-in default; dates
from the option, the program, the packet spec, then today; trackers from `start`, else the
coming Monday on or after that date, for `weeks`, else the config's, else 4.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.context import BuildContext
from handouts.errors import ContentError, InputFileError, OptionError, SelectionError
from handouts.options import (
    DEFAULT_WEEKS,
    DateInput,
    check_language,
    check_weeks,
    coming_monday,
    is_blank,
    parse_date,
)

if TYPE_CHECKING:
    from handouts.content.clinic import Clinic
    from handouts.content.packet_spec import PacketSpec
    from handouts.content.program import Program
    from handouts.jobs.packet import PacketOptions
    from handouts.layout.sheet import SheetHeader
    from handouts.layout.styles import Look, PageSize
    from handouts.wording.language import Language

ProgramInput = Path | str | Mapping[str, Any] | None
"""A patient's program: a YAML file's path, or the same content already parsed as a mapping."""
SpecInput = Path | str | Mapping[str, Any] | None
"""A packet spec: a YAML file's path, a built-in spec's name ('default', 'lower-back-hip',
'patient'), or the same content parsed as a mapping; None is the default packet."""
ClinicInput = Path | str | None
"""A clinic YAML file (name, phone, web, logo)."""

BUILTIN_SPECS = ("default", "lower-back-hip", "patient")


@dataclass(frozen=True)
class Print:
    """The settings every document shares, after precedence."""

    page_size: PageSize
    look: Look
    templates: tuple[Path, ...]
    clinic: Clinic | None
    language: str
    ctx: BuildContext  # the context in that language: its library and caches

    @property
    def warnings(self) -> tuple[str, ...]:
        """What printed in English for want of a translation (with allow_fallback)."""
        return self.ctx.library.warnings


def program_language(program: ProgramInput) -> str | None:
    """The `language:` a program asks for, read before the program is checked against a
    library (which must already be in that language)."""
    data: Any = program
    if isinstance(program, str | Path):
        from handouts.content.yamlsrc import read_yaml_file

        data = read_yaml_file(Path(program), "program file").data
    value = data.get("language") if isinstance(data, Mapping) else None
    return value if isinstance(value, str) else None


def context(ctx: BuildContext | None) -> BuildContext:
    return ctx if ctx is not None else BuildContext.load()


def settings(ctx: BuildContext, clinic: ClinicInput, templates: Path | str | None,
             page_size: str | None, large_print: bool | None, language: str | None,
             program: ProgramInput = None, allow_fallback: bool = False) -> Print:
    """The shared settings; the language is the option's, else the program's, else the
    config's, else English, and the whole document is in it (`Print.ctx`)."""
    from handouts.content.clinic import load_clinic
    from handouts.layout import styles

    cfg = ctx.config
    size = styles.PageSize.parse(page_size or cfg.page_size or styles.PageSize.letter)
    large = large_print if large_print is not None else bool(cfg.large_print)
    folder = Path(templates) if templates else cfg.templates
    clinic_file = Path(clinic) if clinic else cfg.clinic
    code = check_language(language or program_language(program) or cfg.language or "en")
    if folder and not folder.is_dir():
        raise InputFileError(folder, "templates folder not found")
    in_language = ctx.in_language(code, allow_fallback)
    check_templates((folder,) if folder else (), in_language.library.language, allow_fallback)
    return Print(size, styles.large_print() if large else styles.Look(),
                 (folder,) if folder else (), load_clinic(clinic_file) if clinic_file else None,
                 code, in_language)


def check_templates(folders: Sequence[Path], language: Language, allow_fallback: bool) -> None:
    """Raise ContentError naming file and line of each template in a clinic's folders that
    does not compile, else of each message `language` does not translate (with
    `allow_fallback` that prints in English)."""
    from handouts.wording.text import syntax_problems

    problems = [p for folder in folders for p in syntax_problems(folder)]
    if not (problems or allow_fallback or language.english):
        from handouts.wording.language import untranslated

        problems = [p for folder in folders for p in untranslated(folder, language)]
    if problems:
        raise ContentError(problems)


def load_program(ctx: BuildContext, program: ProgramInput, source: str = "program") -> Program | None:
    """A program checked against the context's library: from a file, or from a mapping.

    `source` names a mapping in error messages (a file names itself). Raises ContentError
    with every problem (file and line for a file), InputFileError for a missing file.
    """
    if program is None:
        return None  # nothing imported: the program's models take 10 ms to build
    from handouts.content.program import load_program as from_file
    from handouts.content.program import program_from_mapping

    if isinstance(program, Mapping):
        return program_from_mapping(program, ctx.library, source)
    return from_file(Path(program), ctx.library)


def plan(ctx: BuildContext, prog: Program | None, routine: str | None, stretches: Sequence[str],
          muscles: Sequence[str], tags: Sequence[str]) -> Any:
    from handouts.content.select import select

    if prog is not None:
        if routine or stretches or muscles or tags:
            raise SelectionError("the program already chooses the stretches: "
                                 "drop the routine and filters")
        return prog.selection
    if not (routine or stretches or muscles or tags):
        routine = ctx.config.routine
    return select(ctx.library, routine, list(stretches), list(muscles), list(tags))


def day(ctx: BuildContext, date: DateInput, prog: Program | None, what: str = "date",
         fallback: dt.date | None = None) -> dt.date | None:
    """The date printed: the option's, else the program's, else `fallback`, else today."""
    if is_blank(date):
        return None
    given = parse_date(date, what, ctx.today())
    return given or (prog.date if prog else None) or fallback or ctx.today()


def start(ctx: BuildContext, start: DateInput, day: dt.date | None) -> dt.date:
    """A tracker's first day: `start`, else the coming Monday on or after the date printed."""
    first = parse_date(start, "start", ctx.today(), blank=False)
    return first or coming_monday(day or ctx.today())


def weeks(ctx: BuildContext, weeks: int | None) -> int:
    return check_weeks(weeks if weeks is not None else ctx.config.tracker_weeks or DEFAULT_WEEKS)


def header(p: Print, patient: str | None, clinician: str | None, day: dt.date | None,
            prog: Program | None, ctx: BuildContext) -> SheetHeader:
    from handouts.layout.sheet import SheetHeader

    return SheetHeader(named(patient, prog),
                       clinician or (prog.clinician if prog else None), day, p.clinic,
                       date_format=date_format(ctx))


def named(patient: str | None, prog: Program | None, spec_patient: str | None = None) -> str | None:
    """The patient's name: the option's, else the program's, else (packets) the spec's.

    A program is one patient's prescription, so it is never printed without a name:
    OptionError when a program is given and none of them names the patient.
    """
    who = patient or (prog.patient if prog else None) or spec_patient
    if prog is not None and not who:
        raise OptionError("the program names no patient: add 'patient: NAME' to the program, "
                          "or give the patient's name (--patient)")
    return who


def date_format(ctx: BuildContext) -> str | None:
    """The clinic's strftime pattern for printed dates, or None: the language's long form."""
    return ctx.config.date_format


def packet_spec(ctx: BuildContext | None, spec: SpecInput, source: str = "packet spec") -> PacketSpec:
    """A checked packet spec from a file, a built-in name, or a mapping (named `source`).

    PDF parts of a mapping resolve against the working folder. Raises ContentError with
    every problem, InputFileError for a missing file.
    """
    from handouts.content.packet_spec import load_packet_spec, packet_spec_from_mapping
    from handouts.content.paths import builtin_packet

    if isinstance(spec, Mapping):
        return packet_spec_from_mapping(dict(spec), source, Path.cwd())
    name = str(spec) if spec is not None else "default"
    if name in BUILTIN_SPECS:
        from handouts.content.select import default_routine

        routine = (ctx.config.routine or default_routine(ctx.library).id) if ctx else None
        stem = (routine or "patient") if name == "default" else name
        # A language's folder may carry the built-in specs in its words (content/es/packets/).
        code = ctx.library.meta.language if ctx else "en"
        path = builtin_packet(stem, code)
        if path.is_file():
            return load_packet_spec(path)
        # A routine without a packet of its own gets the plain one (cover, handout, tracker).
        return load_packet_spec(builtin_packet("patient", code))
    return load_packet_spec(Path(name))


def packet_options(ctx: BuildContext, p: Print, day: dt.date, first: dt.date, who: str | None,
                    by: str | None, prog: Program | None) -> PacketOptions:
    from handouts.jobs.packet import PacketOptions

    return PacketOptions(day, first, who, by, p.clinic, p.page_size, p.templates,
                         prog.overrides if prog else {}, p.look,
                         selection=prog.selection if prog else None, date_format=date_format(ctx))
