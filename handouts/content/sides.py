"""Sided text: steps written once with marked side words, rendered for the prescribed side.

A sided stretch writes `{side}` for the side being stretched and `{other}` for the other one
(`{Side}` and `{Other}` at the start of a sentence): "Cross your {side} ankle over your
{other} knee." Rendered for the left side that reads "Cross your left ankle over your right
knee."; for "each side" it is rendered for the side its figure shows, with a line saying to
start there and then switch sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Literal

from handouts.content.marks import MARK, bad_marks

if TYPE_CHECKING:  # the model's validator imports this module: no cycle at run time
    from handouts.content.model import Stretch

__all__ = ["bad_marks", "for_side", "mirrored", "render", "texts", "unmarked"]
OneSide = Literal["left", "right"]
# A bare side word a writer forgot to mark; "right away", "all right", "right angle" are not sides.
_UNMARKED = re.compile(r"\b(left|right)\b(?!\s+(?:away|now|angles?)\b)", re.IGNORECASE)
_NOT_SIDE = re.compile(r"\ball right\b", re.IGNORECASE)


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


def unmarked(text: str) -> list[str]:
    """Bare 'left' or 'right' words left in a sided text (they would not turn with the side)."""
    return [m.group(1) for m in _UNMARKED.finditer(_NOT_SIDE.sub("", MARK.sub("", text)))]


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
    })


def mirrored(s: Stretch, side: str | None) -> bool:
    """True when the picture must be flipped to show the prescribed side."""
    return s.sides and working_side(s, side) != s.figure_side
