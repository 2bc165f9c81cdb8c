"""Choose stretches and the precautions that go with them, from a routine or from filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handouts.content.library import Library
from handouts.content.model import Precaution, Routine, Stretch
from handouts.errors import SelectionError


@dataclass(frozen=True)
class Selection:
    """What goes on a sheet: a title, the stretches in order, and every precaution that applies."""

    title: str
    stretches: tuple[Stretch, ...]
    precautions: tuple[Precaution, ...]
    routine: str | None = None
    by_id: bool = False  # chosen with --stretch, in the order given
    region: Routine | None = None  # whose wording (safety, stop line, education) applies


def default_routine(lib: Library) -> Routine:
    """The routine marked `default: true`, else the library's first routine."""
    if not lib.routines:
        raise SelectionError("the library has no routines")
    marked = [r for r in lib.routines.values() if r.default]
    return marked[-1] if marked else next(iter(lib.routines.values()))


def region_of(lib: Library, stretches: Sequence[Stretch], routine: str | None = None) -> Routine:
    """The routine whose wording fits these stretches: the one chosen, else the first that
    holds them all, else the first that holds any, else the default."""
    if routine is not None and routine in lib.routines:
        return lib.routines[routine]
    ids = {s.id for s in stretches}
    for test in (ids.issubset, ids.intersection):
        for r in lib.routines.values():
            if test(r.stretches):
                return r
    return default_routine(lib)


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
            routine = default_routine(lib).id if not (muscles or tags) else None
        if routine is not None:
            if routine not in lib.routines:
                raise _unknown("routine", routine, list(lib.routines))
            r = lib.routines[routine]
            chosen, title = [lib.stretches[s] for s in r.stretches if s in lib.stretches], r.name
        else:
            chosen, title = list(lib.stretches.values()), "Your stretches"
    chosen = filter_stretches(chosen, muscles, tags)
    if not chosen:
        raise SelectionError("no stretch matches the routine and filters given")
    region = region_of(lib, chosen, routine)
    return Selection(title, tuple(chosen), precautions_for(lib, chosen, region),
                     None if stretch_ids else routine, by_id=bool(stretch_ids), region=region)


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


def other_regions(lib: Library, stretches: Sequence[Stretch], region: Routine) -> list[Routine]:
    """The routines, besides `region`, that hold a chosen stretch `region` does not hold (a
    clinic's shoulder stretch beside back stretches): their warnings go on the sheet too."""
    others = {s.id for s in stretches} - set(region.stretches)
    return [r for r in lib.routines.values() if r.id != region.id and others & set(r.stretches)]


def stop_ifs(lib: Library, stretches: Sequence[Stretch],
             region: Routine | None = None) -> tuple[str | None, ...]:
    """When to stop and call, for a tracker: the region's `stop_if`, then those of the
    other regions (other_regions), each once. None is a routine without one (the wording's
    own words)."""
    region = region or region_of(lib, stretches)
    found = [region.stop_if, *(r.stop_if for r in other_regions(lib, stretches, region))]
    return tuple(dict.fromkeys(found))


def precautions_for(lib: Library, stretches: Sequence[Stretch],
                    region: Routine | None = None) -> tuple[Precaution, ...]:
    """The region's safety items, then precautions tied to any chosen stretch, in library order.

    Stretches the region does not hold bring the safety items of the routines that hold them
    (a clinic's shoulder stretch beside back stretches keeps the shoulder's warnings).
    A region without a `safety` list gets the general precautions no routine claims.
    """
    ids = {s.id for s in stretches}
    region = region or region_of(lib, stretches)
    if region.safety:
        items = [*region.safety, *(p for r in other_regions(lib, stretches, region)
                                   for p in r.safety)]
        general = [lib.precautions[p] for p in dict.fromkeys(items) if p in lib.precautions]
    else:
        claimed = {p for r in lib.routines.values() for p in r.safety}
        general = [p for p in lib.precautions.values() if not p.stretches and p.id not in claimed]
    tied = [p for p in lib.precautions.values() if ids & set(p.stretches)]
    return tuple(general + tied)
