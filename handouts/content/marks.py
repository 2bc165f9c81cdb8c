"""The side marks a sided text may hold: {side}, {other}, {Side}, {Other}; nothing else."""

from __future__ import annotations

import re

MARK = re.compile(r"\{([A-Za-z]+)\}")
MARKS = ("side", "other", "Side", "Other")


def bad_marks(text: str) -> list[str]:
    """Marks that are not one of {side}, {other}, {Side}, {Other}."""
    return [m.group(0) for m in MARK.finditer(text) if m.group(1) not in MARKS]


def has_marks(text: str) -> bool:
    return MARK.search(text) is not None
