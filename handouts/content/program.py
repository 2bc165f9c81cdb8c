"""A patient's program: which stretches, each one's dose, side and note, from a YAML file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, model_validator

from handouts.content.library import Library
from handouts.content.model import Dose, Id, Precaution, Strict, Text
from handouts.content.select import Selection, precautions_for, select
from handouts.content.yamlsrc import Loc, Source, read_yaml_file
from handouts.errors import ContentError, Problem, SelectionError
from handouts.layout.sheet import Override

DOSE_FIELDS = ("hold_seconds", "reps", "sets", "times_per_day", "days_per_week")


class StretchChange(Strict):
    """What a clinician changes about one stretch for this patient."""

    hold_seconds: int | None = None
    reps: int | None = None
    sets: int | None = None
    times_per_day: int | None = None
    days_per_week: int | None = None
    side: Literal["left", "right", "both"] | None = None
    note: Annotated[Text, Field(max_length=200)] | None = None


class ProgramFile(Strict):
    """The YAML a clinician writes for one patient."""

    patient: Text
    clinician: Text | None = None
    date: dt.date | None = None
    language: Literal["en"] = "en"
    routine: Id | None = None
    stretches: list[Id] = []
    exclude: list[Id] = []
    changes: dict[Id, StretchChange] = {}
    precautions: list[Annotated[Text, Field(max_length=300)]] = []

    @model_validator(mode="after")
    def _routine_or_stretches(self) -> ProgramFile:
        if self.routine and self.stretches:
            raise ValueError("give a routine or a list of stretches, not both")
        return self


@dataclass(frozen=True)
class Program:
    """A program checked against the library: ready to print."""

    patient: str
    clinician: str | None
    date: dt.date | None
    selection: Selection
    overrides: Mapping[str, Override]


def make_overrides(
    lib: Library, selection: Selection, changes: Mapping[str, StretchChange]
) -> tuple[dict[str, Override], list[tuple[Loc, str]]]:
    """Turn per-stretch changes into overrides; return them and (location, message) problems."""
    chosen = {s.id: s for s in selection.stretches}
    out: dict[str, Override] = {}
    problems: list[tuple[Loc, str]] = []
    for sid, change in changes.items():
        if sid not in lib.stretches:
            problems.append(((sid,), f"unknown stretch '{sid}'"))
            continue
        if sid not in chosen:
            problems.append(((sid,), f"'{sid}' is not among the chosen stretches"))
            continue
        stretch = chosen[sid]
        if change.side in ("left", "right") and not stretch.sides:
            problems.append(((sid, "side"), f"'{sid}' has no sides"))
        asked = {f: getattr(change, f) for f in DOSE_FIELDS if getattr(change, f) is not None}
        dose = None
        if asked:
            merged = {**stretch.dose.model_dump(), **asked}
            if "reps" in asked and "hold_seconds" not in asked:
                merged["hold_seconds"] = None
            try:
                dose = Dose.model_validate(merged)
            except ValidationError as e:
                for err in e.errors():
                    problems.append(((sid, *err["loc"]), err["msg"]))
                continue
        out[sid] = Override(dose=dose, side=change.side, note=change.note)
    return out, problems


def _with_precautions(selection: Selection, texts: Sequence[str]) -> Selection:
    extra = tuple(
        Precaution(id=f"program-{i}", level="stop", title="From your clinician", text=t)
        for i, t in enumerate(texts, 1)
    )
    return Selection(selection.title, selection.stretches, selection.precautions + extra,
                     selection.routine, selection.by_id)


def load_program(path: Path, lib: Library) -> Program:
    """Read a program file and check it against the library; every problem with its line."""
    return _checked(read_yaml_file(path, "program file"), lib)


def program_from_mapping(data: Mapping[str, Any], lib: Library, source: str = "program") -> Program:
    """Check a program already parsed (a web form's); problems name `source`, with no line.

    `data` has the program file's shape (patient, routine or stretches, changes, ...).
    Raises ContentError listing every problem.
    """
    try:
        return _checked(Source(Path(source), dict(data)), lib)
    except ContentError as e:
        raise ContentError([replace(p, line=0) for p in e.problems]) from None


def _checked(source: Source, lib: Library) -> Program:
    problem = source.problem
    try:
        pf = ProgramFile.model_validate(source.data)
    except ValidationError as e:
        raise ContentError(source.problems(e)) from e
    found: list[Problem] = []
    try:
        sel = select(lib, pf.routine, pf.stretches)
    except SelectionError as e:
        key = "stretches" if pf.stretches else "routine"
        raise ContentError([problem((key,), str(e))]) from e
    for i, sid in enumerate(pf.exclude):
        if sid not in {s.id for s in sel.stretches}:
            found.append(problem(("exclude", i), f"'{sid}' is not among the chosen stretches"))
    kept = tuple(s for s in sel.stretches if s.id not in pf.exclude)
    if not kept:
        found.append(problem(("exclude",), "every stretch is excluded"))
    sel = Selection(sel.title, kept, precautions_for(lib, kept), sel.routine, sel.by_id)
    overrides, bad = make_overrides(lib, sel, pf.changes)
    found += [problem(("changes", *loc), message) for loc, message in bad]
    if found:
        raise ContentError(found)
    return Program(pf.patient, pf.clinician, pf.date, _with_precautions(sel, pf.precautions),
                   overrides)
