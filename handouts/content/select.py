"""Choose stretches and the precautions that go with them, from a routine or from filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handouts.content.library import Library
from handouts.content.model import Precaution, Stretch
from handouts.errors import SelectionError

DEFAULT_ROUTINE = "lower-back-hip"


@dataclass(frozen=True)
class Selection:
    """What goes on a sheet: a title, the stretches in order, and every precaution that applies."""

    title: str
    stretches: tuple[Stretch, ...]
    precautions: tuple[Precaution, ...]
    routine: str | None = None
    by_id: bool = False  # chosen with --stretch, in the order given


def _unknown(kind: str, value: str, known: Sequence[str]) -> SelectionError:
    return SelectionError(f"unknown {kind} '{value}' (known: {', '.join(sorted(known))})")


def select(
    lib: Library,
    routine: str | None = None,
    stretch_ids: Sequence[str] = (),
    muscles: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> Selection:
    """Pick stretches: named ones in the order given, else a routine's, narrowed by filters."""
    for m in muscles:
        if m not in lib.muscles:
            raise _unknown("muscle", m, list(lib.muscles))
    for sid in stretch_ids:
        if sid not in lib.stretches:
            raise _unknown("stretch", sid, list(lib.stretches))
    if stretch_ids:
        if routine:
            raise SelectionError("give a routine or --stretch, not both")
        chosen = [lib.stretches[s] for s in dict.fromkeys(stretch_ids)]
        title = chosen[0].name if len(chosen) == 1 else "Your stretches"
    else:
        if routine is None:
            routine = DEFAULT_ROUTINE if not (muscles or tags) else None
        if routine is not None:
            if routine not in lib.routines:
                raise _unknown("routine", routine, list(lib.routines))
            r = lib.routines[routine]
            chosen, title = [lib.stretches[s] for s in r.stretches], r.name
        else:
            chosen, title = list(lib.stretches.values()), "Your stretches"
    chosen = filter_stretches(chosen, muscles, tags)
    if not chosen:
        raise SelectionError("no stretch matches the routine and filters given")
    return Selection(title, tuple(chosen), precautions_for(lib, chosen),
                     None if stretch_ids else routine, by_id=bool(stretch_ids))


def filter_stretches(
    stretches: Sequence[Stretch], muscles: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[Stretch]:
    """Keep stretches that work any of the muscles and carry all of the tags."""
    out = []
    for s in stretches:
        if muscles and not set(muscles) & {*s.targets, *s.secondary}:
            continue
        if tags and not set(tags) <= set(s.tags):
            continue
        out.append(s)
    return out


def precautions_for(lib: Library, stretches: Sequence[Stretch]) -> tuple[Precaution, ...]:
    """General precautions, then those tied to any chosen stretch, in library order."""
    ids = {s.id for s in stretches}
    general = [p for p in lib.precautions.values() if not p.stretches]
    tied = [p for p in lib.precautions.values() if ids & set(p.stretches)]
    return tuple(general + tied)
