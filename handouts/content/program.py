"""A patient's program: which stretches, each one's dose, side and note, from a YAML file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError, field_validator, model_validator

from handouts.content.library import Library
from handouts.content.model import Dose, Id, Precaution, Strict, Text
from handouts.content.select import Selection, precautions_for, select
from handouts.content.source import Loc, Source
from handouts.errors import ContentError, Problem, SelectionError
from handouts.layout.sheet import MAX_NAME, Override

# Dose fields a program or a batch column may change; each is a number or a range ("20-30"),
# `hold` is "30 seconds", "2 minutes" or "5 breaths", `dose_text` a clinician's own line.
DOSE_FIELDS = ("hold", "hold_seconds", "reps", "sets", "rest_seconds", "times_per_day",
               "days_per_week", "dose_text")
HOLD_FIELDS = frozenset({"hold", "hold_seconds"})
Amount = int | Annotated[str, Field(max_length=40)]


class StretchChange(Strict):
    """What a clinician changes about one stretch for this patient."""

    hold: Annotated[str, Field(max_length=40)] | None = None
    hold_seconds: Amount | None = None
    reps: Amount | None = None
    sets: Amount | None = None
    rest_seconds: Amount | None = None
    times_per_day: Amount | None = None
    days_per_week: Amount | None = None
    dose_text: Annotated[Text, Field(max_length=200)] | None = None
    side: Literal["left", "right", "both"] | None = None
    note: Annotated[Text, Field(max_length=200)] | None = None


class ProgramFile(Strict):
    """The YAML a clinician writes for one patient."""

    # Optional: a name given with the command (or the web form) takes its place.
    patient: Annotated[Text, Field(max_length=MAX_NAME)] | None = None
    clinician: Annotated[Text, Field(max_length=MAX_NAME)] | None = None
    date: dt.date | None = None
    # The language the patient reads: the built-in 'en' and 'es', or a clinic's folder's code.
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")] = "en"
    routine: Id | None = None
    stretches: list[Id] = []
    exclude: list[Id] = []
    changes: dict[Id, StretchChange] = {}
    precautions: list[Annotated[Text, Field(max_length=300)]] = []
    blank_dose: bool = False  # print empty lines for the clinician to write each dose

    @field_validator("stretches")
    @classmethod
    def _some_stretches(cls, ids: list[str]) -> list[str]:
        # Only a list given is checked: no `stretches` key at all means the routine.
        if not ids:
            raise ValueError("the list is empty: name at least one stretch, or leave "
                             "'stretches' out for the routine")
        return ids

    @model_validator(mode="after")
    def _routine_or_stretches(self) -> ProgramFile:
        if self.routine and self.stretches:
            raise ValueError("give a routine or a list of stretches, not both")
        return self


@dataclass(frozen=True)
class Program:
    """A program checked against the library: ready to print."""

    patient: str | None  # None: the name must come with the command (resolve.patient)
    clinician: str | None
    date: dt.date | None
    selection: Selection
    overrides: Mapping[str, Override]
    blank_dose: bool = False


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
        held = sorted(HOLD_FIELDS & asked.keys())
        if held and stretch.kind == "dynamic":
            problems.append(((sid, held[0]), f"'{sid}' is a moving stretch, not held: "
                                             "change its reps or sets instead"))
            continue
        dose = None
        if asked:
            dose, bad = merged_dose(stretch.dose, asked)
            if dose is None:
                problems += [((sid, *loc), msg) for loc, msg in bad]
                continue
        out[sid] = Override(dose=dose, side=change.side, note=change.note)
    return out, problems


def merged_dose(base: Dose, asked: Mapping[str, object]
                ) -> tuple[Dose | None, list[tuple[tuple[str | int, ...], str]]]:
    """The stretch's dose with the asked fields changed; or None and (field, message) problems.

    Asking for repetitions keeps the hold: "hold 30 seconds, 4 repetitions" is 4 holds.
    """
    merged = {**base.model_dump(), **asked}
    if "hold" in asked or "hold_seconds" in asked:
        merged["hold"] = asked.get("hold")
    if "dose_text" in merged:
        merged["text"] = merged.pop("dose_text")
    try:
        return Dose.model_validate(merged), []
    except ValidationError as e:
        names = {"hold": "hold_seconds" if "hold_seconds" in asked else "hold", "text": "dose_text"}
        return None, [(tuple(names.get(str(p), p) for p in err["loc"]),
                       str(err["msg"]).removeprefix("Value error, ")) for err in e.errors()]


def _with_precautions(selection: Selection, texts: Sequence[str]) -> Selection:
    extra = tuple(
        Precaution(id=f"program-{i}", level="stop", title="From your clinician", text=t)
        for i, t in enumerate(texts, 1)
    )
    return Selection(selection.title, selection.stretches, selection.precautions + extra,
                     selection.routine, selection.by_id, selection.region)


def _validated(source: Source) -> tuple[ProgramFile | None, list[Problem]]:
    """The program file validated, and every problem in it.

    Parts that fail are reported, then dropped, so the rest is still checked against the
    library in the same run: one run shows every problem of the file.
    """
    try:
        return ProgramFile.model_validate(source.data), []
    except ValidationError as e:
        problems = source.problems(e, model=ProgramFile)
        errors = e.errors()
    data = source.data
    if not isinstance(data, dict):
        return None, problems
    data = {**data, "changes": dict(data["changes"]) if isinstance(data.get("changes"), dict)
            else data.get("changes")}
    for err in errors:
        loc = err["loc"]
        changes = data.get("changes")
        if len(loc) >= 2 and loc[0] == "changes" and isinstance(changes, dict):
            # Only the bad field of a stretch's change goes: its other fields are still
            # checked against the stretch (a bad side must not hide a bad hold).
            entry = changes.get(loc[1])
            if len(loc) >= 3 and isinstance(entry, dict):
                changes[loc[1]] = {k: v for k, v in entry.items() if k != loc[2]}
            else:
                changes.pop(loc[1], None)
        elif loc and loc[0] in data:
            data.pop(loc[0])
    try:
        return ProgramFile.model_validate({k: v for k, v in data.items() if v is not None}), problems
    except ValidationError:
        return None, problems


def _printable(pf: ProgramFile) -> list[tuple[Loc, str]]:
    """Names, notes and precautions with characters the font cannot print."""
    from handouts.layout import glyphs

    texts: list[tuple[object, str]] = [(("patient",), pf.patient)] if pf.patient else []
    texts += [(("clinician",), pf.clinician)] if pf.clinician else []
    texts += [(("changes", sid, "note"), c.note) for sid, c in pf.changes.items() if c.note]
    texts += [(("precautions", i), t) for i, t in enumerate(pf.precautions)]
    return [(loc, msg) for loc, msg in glyphs.problems(texts) if isinstance(loc, tuple)]


def load_program(path: Path, lib: Library) -> Program:
    """Read a program file and check it against the library; every problem with its line."""
    from handouts.content.yamlsrc import read_yaml_file

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
    pf, found = _validated(source)
    if pf is None:
        raise ContentError(found)
    found += [problem(loc, msg) for loc, msg in _printable(pf)]
    unknown = [problem(("stretches", i), f"unknown stretch '{sid}' (known: "
                       f"{', '.join(sorted(lib.stretches))})")
               for i, sid in enumerate(pf.stretches) if sid not in lib.stretches]
    if pf.routine and pf.routine not in lib.routines:
        unknown.append(problem(("routine",), f"unknown routine '{pf.routine}' (known: "
                               f"{', '.join(sorted(lib.routines))})"))
    known = [sid for sid in pf.stretches if sid in lib.stretches]
    try:
        # With unknown stretches, the known ones are still chosen to check the changes.
        bad_routine = pf.routine is not None and pf.routine not in lib.routines
        sel = select(lib, pf.routine, known) if (known or not pf.stretches) and not bad_routine \
            else None
    except SelectionError as e:
        key = "stretches" if pf.stretches else "routine"
        unknown.append(problem((key,), str(e)))
        sel = None
    found += unknown
    if sel is None:
        found += [problem(("changes", sid), f"unknown stretch '{sid}'")
                  for sid in pf.changes if sid not in lib.stretches]
        raise ContentError(found)
    for i, sid in enumerate(pf.exclude):
        if sid not in {s.id for s in sel.stretches}:
            found.append(problem(("exclude", i), f"'{sid}' is not among the chosen stretches"))
    kept = tuple(s for s in sel.stretches if s.id not in pf.exclude)
    if not kept:
        found.append(problem(("exclude",), "every stretch is excluded"))
    sel = Selection(sel.title, kept, precautions_for(lib, kept, sel.region), sel.routine, sel.by_id,
                    sel.region)
    overrides, bad = make_overrides(lib, sel, pf.changes)
    found += [problem(("changes", *loc), message) for loc, message in bad]
    if found:
        raise ContentError(found)
    return Program(pf.patient, pf.clinician, pf.date, _with_precautions(sel, pf.precautions),
                   overrides, pf.blank_dose)
