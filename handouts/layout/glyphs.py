"""Which characters of a text the printed font cannot draw, said in a way a user can act on.

Used before anything is laid out: by `handouts check` for every content text (with its
file:line), by program files and batch rows for names and notes (with their line or row),
and for the command line's --patient and --clinician. Layout keeps its own last check
(fonts.check_coverage) for wording that comes from templates.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache

from handouts.layout import fonts

# Line breaks and tabs never reach the page as glyphs.
_INVISIBLE = frozenset("\n\r\t")


@cache
def _printable() -> frozenset[int]:
    return fonts._covered(fonts.REGULAR) & fonts._covered(fonts.BOLD)


def missing(text: str) -> list[str]:
    """The characters of `text` no font prints, each once, in order: those Atkinson
    Hyperlegible lacks and the fallback Noto Sans lacks too (Vietnamese, Greek and Cyrillic
    letters print in Noto Sans, as layout sets them)."""
    covered = _printable()
    lacking = [ch for ch in text if ch not in _INVISIBLE and ord(ch) not in covered]
    if not lacking:
        return []  # Noto Sans is read only when a character needs it
    fallback = fonts._covered(fonts.FALLBACK)
    # Control and format characters (a right-to-left override) never print, in any font.
    return list(dict.fromkeys(ch for ch in lacking if ord(ch) not in fallback
                              or unicodedata.category(ch).startswith("C")))


def describe(chars: Iterable[str]) -> str:
    """"'ễ' (U+1EC5), '😀' (U+1F600)": each character and its code point."""
    return ", ".join(f"'{ch}' (U+{ord(ch):04X})" if ch.isprintable() else f"U+{ord(ch):04X}"
                     for ch in chars)


def message(text: str) -> str | None:
    """One sentence naming the unprintable characters of `text`, or None when all print."""
    chars = missing(text)
    if not chars:
        return None
    return (f"{describe(chars)} cannot be printed: the font has no such character; "
            "spell it without it (for example without the accent or emoji)")


def problems(texts: Iterable[tuple[object, str]]) -> Iterator[tuple[object, str]]:
    """(where, message) for each text with characters the font lacks."""
    for where, text in texts:
        found = message(text)
        if found:
            yield where, found
