"""`handouts check`: reading grades of every text and warnings about content that still loads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from handouts.content.library import Library
from handouts.content.readability import SCALES, scale_for, score_library
from handouts.errors import Problem

TARGET_GRADE = SCALES["en"].target
STRICT_GRADE = SCALES["en"].strict


@dataclass
class CheckReport:
    """Lines to print, warnings, and the failures that make the check fail."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def unmarked_sides(lib: Library, sid: str, warnings: list[str]) -> list[str]:
    """Bare 'left'/'right' in a sided stretch: failures for the built-in library, else warnings.

    A bare side word does not turn with the prescribed side, so a patient told "left side
    only" would read steps for the right.
    """
    from handouts.content.paths import builtin_content
    from handouts.content.sides import texts, unmarked

    st = lib.stretches[sid]
    if not st.sides:
        return []
    origin = lib.origins[("stretches", sid)]
    builtin = origin.folder.resolve() == builtin_content().resolve()
    found = []
    for loc, text in texts(st):
        for word in unmarked(text):
            path, line = origin.where(*loc)
            found.append(f"{path}:{line}: stretches[{sid}].{'.'.join(map(str, loc))}: "
                         f"'{word}' is not marked; write {{side}} or {{other}} so it follows "
                         "the prescribed side")
    if builtin:
        return found
    warnings += found
    return []


def _strings(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string inside a dumped entry, with its location."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*loc, k))
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _strings(v, (*loc, i))


def check_glyphs(lib: Library) -> list[Problem]:
    """Every character of every entry against the font: one problem per text, with its line."""
    from handouts.layout import glyphs

    out: list[Problem] = []
    for (collection, ident), origin in lib.origins.items():
        if collection == "figures":  # drawings: names of joints, never printed
            continue
        entry = getattr(lib, collection)[ident]
        texts = ((loc, text) for loc, text in _strings(entry.model_dump(mode="json", exclude={"id"}))
                 if loc[-1] != "path")  # a picture's file name is not printed
        for loc, found in glyphs.problems(texts):
            assert isinstance(loc, tuple)
            path, line = origin.where(*loc)
            out.append(Problem(path, line, ".".join([f"{collection}[{ident}]", *map(str, loc)]),
                               found))
    return out


def check_library(lib: Library, strict: bool = False) -> CheckReport:
    """Grade every patient text in its language's formula (see readability); with strict,
    texts past the hard limit (English above grade 8, Spanish below INFLESZ 55) are failures."""
    from handouts.errors import ContentError
    from handouts.layout.pictures import check_images

    problems = check_images(lib) + check_glyphs(lib)
    if problems:
        raise ContentError(problems)
    report = CheckReport()
    scale = scale_for(lib.meta.language)
    if scale is None:
        report.warnings.append(f"no reading formula for '{lib.meta.language}': texts are not graded")
    else:
        scores, overall = score_library(lib)
        width = max((len(s.label) for s in scores), default=10)
        report.lines.append(f"{'text':{width}}  words  {scale.name}")
        harder = "above target" if not scale.easier_is_higher else "harder than target"
        for s in scores:
            flag = f"  {harder}" if scale.misses(s.grade, scale.target) else ""
            report.lines.append(f"{s.label:{width}}  {s.words:5}  {s.grade:5.1f}{flag}")
            if strict and scale.misses(s.grade, scale.strict):
                side = "below" if scale.easier_is_higher else "above"
                report.failures.append(f"{s.label}: {scale.name} {s.grade} is {side} {scale.strict:g}")
        report.lines.append(f"{'whole library':{width}}  {'':5}  {overall:5.1f}")
    n = len(lib.stretches)
    report.lines.append(f"{n} stretches, {len(lib.muscles)} muscles, {len(lib.routines)} routines: ok")
    for st in lib.stretches.values():
        if st.image is not None and not (st.image.author and st.image.source and st.image.licence):
            path, line = lib.origins[("stretches", st.id)].where("image")
            report.warnings.append(
                f"{path}:{line}: stretches[{st.id}].image: attribution incomplete "
                "(give author, source and licence)"
            )
        report.failures += unmarked_sides(lib, st.id, report.warnings)
        if st.image is None and st.figure is None:
            path, line = lib.origins[("stretches", st.id)].where()
            report.warnings.append(f"{path}:{line}: stretches[{st.id}]: no picture")
    return report
