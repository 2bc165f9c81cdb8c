"""`handouts check`: reading grades of every text and warnings about content that still loads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.content.library import Library
from handouts.content.readability import SCALES, scale_for, score_library
from handouts.content.sides import SideWords
from handouts.errors import Problem

# A stretch's id and a field's place in it -> the file, the line, and whether it is built in.
Where = Callable[[str, tuple[str | int, ...]], tuple[str, int, bool]]

TARGET_GRADE = SCALES["en"].target
STRICT_GRADE = SCALES["en"].strict


@dataclass
class CheckReport:
    """Lines to print, warnings, and the failures that make the check fail."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def unmarked_sides(lib: Library, words: SideWords, where: Where, warnings: list[str]) -> list[str]:
    """Bare side words (in the library's language) in its sided stretches: failures for the
    built-in library, warnings for a clinic's; each line gives file:line of the text.

    A bare side word does not turn with the prescribed side, so a patient told "left side
    only" would read steps for the right.
    """
    from handouts.content.sides import texts

    found: list[str] = []
    for st in lib.stretches.values():
        if not st.sides:
            continue
        for loc, text in texts(st):
            for word in words.unmarked(text):
                path, line, builtin = where(st.id, loc)
                problem = (f"{path}:{line}: stretches[{st.id}].{'.'.join(map(str, loc))}: "
                           f"'{word}' is not marked; write {{side}} or {{other}} so it follows "
                           "the prescribed side")
                (found if builtin else warnings).append(problem)
    return found


def _where(lib: Library) -> Where:
    """Where each stretch's text was written: the language folder's file when translated."""
    from handouts.content.paths import builtin_content

    builtin = builtin_content().resolve()
    overlay = None
    if not lib.language.english:
        from handouts.content.library import COLLECTIONS
        from handouts.content.translate import read_overlay

        overlay = read_overlay(list(lib.folders), lib.language.code, COLLECTIONS)

    def where(sid: str, loc: tuple[str | int, ...]) -> tuple[str, int, bool]:
        at = overlay.line_of("stretches", sid, *loc) if overlay is not None else None
        if at is None:
            origin = lib.origins[("stretches", sid)]
            path, line = origin.where(*loc)
            return path, line, origin.folder.resolve() == builtin
        return at[0], at[1], Path(at[0]).resolve().is_relative_to(builtin)

    return where


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
    from handouts.wording.dose import side_words
    from handouts.wording.text import Wording

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
    counts = ((len(lib.stretches), "stretch", "stretches"), (len(lib.muscles), "muscle", "muscles"),
              (len(lib.routines), "routine", "routines"))
    report.lines.append(", ".join(f"{k} {one if k == 1 else many}" for k, one, many in counts)
                        + ": ok")
    for st in lib.stretches.values():
        if st.image is not None and not (st.image.author and st.image.source and st.image.licence):
            path, line = lib.origins[("stretches", st.id)].where("image")
            report.warnings.append(
                f"{path}:{line}: stretches[{st.id}].image: attribution incomplete "
                "(give author, source and licence)"
            )
        if st.image is None and st.figure is None:
            path, line = lib.origins[("stretches", st.id)].where()
            report.warnings.append(f"{path}:{line}: stretches[{st.id}]: no picture")
    report.failures += unmarked_sides(lib, side_words(Wording((), lib.language)), _where(lib),
                                      report.warnings)
    return report
