"""Read a YAML file with safe_load semantics, keeping the line of every key and item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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

    def problems(self, err: Any, prefix: Loc = ()) -> list[Problem]:
        """One problem per error of a pydantic ValidationError about data at `prefix`."""
        return [self.problem((*prefix, *e["loc"]), e["msg"]) for e in err.errors()]

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known location that `loc` starts with."""
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.lines:
                return self.lines[loc[:n]]
        return 1


class _Builder:
    """Turns a composed node tree into plain Python, recording lines and duplicate keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ctor = SafeConstructor()
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []

    def build(self, node: Node, loc: Loc) -> Any:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            self.ctor.flatten_mapping(node)
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.ctor.construct_object(key_node, deep=True)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    self._problem(key_node, loc, "keys must be plain words")
                    continue
                if key in out:
                    self._problem(key_node, loc + (key,), f"key '{key}' appears twice")
                sub = loc + (key,)
                self.lines[sub] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, sub)
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self.ctor.construct_object(node, deep=True)

    def _problem(self, node: Node, loc: Loc, message: str) -> None:
        field_name = ".".join(str(p) for p in loc)
        self.problems.append(Problem(str(self.path), node.start_mark.line + 1, field_name, message))


def read_yaml(path: Path) -> tuple[Source | None, list[Problem]]:
    """Parse one file; on failure return no source and the problems with their lines."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, [Problem(str(path), line, "", "file is not UTF-8 text (save it as UTF-8)")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        reason = (e.problem or "not valid YAML").strip()
        source_lines = text.splitlines()
        if line <= len(source_lines) and "\t" in source_lines[line - 1]:
            reason += " (tab characters cannot indent YAML; use spaces)"
        return None, [Problem(str(path), line, "", reason)]
    if node is None:
        return Source(path, None), []
    builder = _Builder(path)
    data = builder.build(node, ())
    return Source(path, data, builder.lines), builder.problems


def read_yaml_file(path: Path, what: str) -> Source:
    """Read a single YAML input file named on the command line (a clinic, program or spec).

    A missing file is an input error naming `what`; a parse problem is a ContentError.
    """
    from handouts.errors import ContentError, InputFileError

    if not path.is_file():
        raise InputFileError(path, f"{what} not found")
    source, problems = read_yaml(path)
    if problems or source is None:
        raise ContentError(problems)
    return source
