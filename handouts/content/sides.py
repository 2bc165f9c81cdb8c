"""Sided text: steps written once with marked side words, rendered for the prescribed side.

A sided stretch writes `{side}` for the side being stretched and `{other}` for the other one
(`{Side}` and `{Other}` at the start of a sentence): "Cross your {side} ankle over your
{other} knee." Rendered for the left side that reads "Cross your left ankle over your right
knee."; for "each side" it is rendered for the side its figure shows, with a line saying to
start there and then switch sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from handouts.content.marks import MARK, bad_marks

if TYPE_CHECKING:  # the model's validator imports this module: no cycle at run time
    from handouts.content.model import Stretch

__all__ = ["SideWords", "bad_marks", "for_side", "mirrored", "render", "texts"]
OneSide = Literal["left", "right"]


def _any_of(phrases: Iterable[str]) -> re.Pattern[str] | None:
    alts = sorted({p.strip() for p in phrases if any(c.isalpha() for c in p)}, key=len, reverse=True)
    if not alts:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(a) for a in alts) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class SideWords:
    """A language's words for left and right, and the phrases where they name no side.

    They come from the language's catalog (templates/sides/words.j2 and not_sides.j2, see
    handouts.wording.dose.side_words), so a clinic adding French declares its own.
    """

    words: tuple[str, ...]
    not_sides: tuple[str, ...] = ()

    @classmethod
    def from_lists(cls, words: str, not_sides: str) -> SideWords:
        """From comma-separated lists: "izquierdo, izquierda, derecho, derecha"."""
        return cls(tuple(w.strip() for w in words.split(",") if w.strip()),
                   tuple(p.strip() for p in not_sides.split(",") if p.strip()))

    def unmarked(self, text: str) -> list[str]:
        """Side words left bare in a sided text: they would not turn with the side."""
        found, skip = _any_of(self.words), _any_of(self.not_sides)
        if found is None:
            return []
        text = MARK.sub(" ", text)
        if skip is not None:
            text = skip.sub(" ", text)
        return [m.group(1) for m in found.finditer(text)]


def other(side: OneSide) -> OneSide:
    return "left" if side == "right" else "right"


def render(text: str, side: OneSide, names: Mapping[str, str] | None = None) -> str:
    """Fill the side marks of one text for one side; `names` gives the words in the sheet's
    language ({"left": "izquierdo", ...}), English when None."""
    say = names or {"left": "left", "right": "right"}
    words = {"side": say[side], "other": say[other(side)]}

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        word = words.get(name.lower(), m.group(0))
        return word.capitalize() if name[0].isupper() else word

    return MARK.sub(fill, text)


def texts(s: Stretch) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(field location, text) of every text of a stretch that a side can change."""
    yield ("position",), s.position
    for field in ("steps", "tips", "avoid"):
        for i, t in enumerate(getattr(s, field)):
            yield (field, i), t
    if s.stop_if:
        yield ("stop_if",), s.stop_if
    if s.alt:
        yield ("alt",), s.alt


def working_side(s: Stretch, side: str | None) -> OneSide:
    """The side the text is printed for: the prescribed one, else the one the figure shows."""
    return side if side in ("left", "right") else s.figure_side  # type: ignore[return-value]


def for_side(s: Stretch, side: str | None, names: Mapping[str, str] | None = None) -> Stretch:
    """The stretch with every side mark filled for the prescribed side (or its first side)."""
    if not s.sides:
        return s
    one = working_side(s, side)
    return s.model_copy(update={
        "position": render(s.position, one, names),
        "steps": [render(t, one, names) for t in s.steps],
        "tips": [render(t, one, names) for t in s.tips],
        "avoid": [render(t, one, names) for t in s.avoid],
        "stop_if": render(s.stop_if, one, names) if s.stop_if else None,
        "alt": render(s.alt, one, names) if s.alt else None,
    })


def mirrored(s: Stretch, side: str | None) -> bool:
    """True when the picture must be flipped to show the prescribed side."""
    return s.sides and working_side(s, side) != s.figure_side
