"""A parsed YAML document with the line of every key and item (`yamlsrc.read_yaml` makes
one). Kept apart from the reader so a library loaded from the disk cache (content/stored.py)
brings its sources back without importing PyYAML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.errors import Problem

Loc = tuple[str | int, ...]


@dataclass
class Source:
    """A parsed YAML document and the 1-based line of each location within it."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def problem(self, loc: Sequence[str | int], message: str) -> Problem:
        """A problem at a location in this file, its field named by the dotted location."""
        return Problem(str(self.path), self.line_of(tuple(loc)), ".".join(map(str, loc)), message)

    def problems(self, err: Any, prefix: Loc = (), model: Any = None) -> list[Problem]:
        """One problem per error of a pydantic ValidationError about data at `prefix`.

        With `model` (the class validated), messages name the allowed keys and values in
        plain words (see messages.py) instead of the validation library's phrases.
        """
        from handouts.content.messages import plain

        return [self.problem((*prefix, *e["loc"]), plain(e, model)) for e in err.errors()]

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known location that `loc` starts with."""
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.lines:
                return self.lines[loc[:n]]
        return 1
