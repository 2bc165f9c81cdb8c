"""Read a YAML file with safe_load semantics, keeping the line of every key and item.

Every YAML file the product reads (content folders, programs, packet specs, clinic files)
comes through `read_yaml`, which refuses, as one `file:line: message` problem each:
a file over MAX_BYTES, text that is not UTF-8, control characters, nesting deeper than
MAX_DEPTH, more than MAX_NODES nodes, and aliases that would expand to more than
MAX_VALUES values (the "billion laughs" file, which otherwise grows until memory runs out).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from handouts.content.source import Loc, Source
from handouts.errors import Problem

__all__ = ["Loc", "Source", "read_yaml", "read_yaml_file"]

MAX_BYTES = 2_000_000  # the whole built-in library is under 40 KB
MAX_DEPTH = 40  # content nests four or five levels
MAX_NODES = 200_000  # nodes as written
MAX_VALUES = 100_000  # values after aliases are expanded (the built-in library has ~4,000)
# C0 controls but tab and line breaks, DEL, C1 controls but NEL, and non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


class _Limit(Exception):
    """Raised inside the reader when a file passes one of the limits."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class _Counting(Composer):
    """PyYAML's composer, counting nodes and depth as it composes."""

    nodes = 0
    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.nodes += 1
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH or self.nodes > MAX_NODES:
                mark = self.peek_event().start_mark  # type: ignore[attr-defined]
                what = (f"nested more than {MAX_DEPTH} levels deep" if self.depth > MAX_DEPTH
                        else f"more than {MAX_NODES} values")
                raise _Limit(mark.line + 1, f"{what}; a content file is much smaller")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _Loader(_Counting, CParser, SafeConstructor, Resolver):
        """libyaml scans and parses (in C: most of the time a file takes), this composer
        counts what it builds from the events."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    class _Loader(_Counting, yaml.SafeLoader):  # type: ignore[no-redef]
        """PyYAML's pure-Python safe loader with the counting composer."""


class _Builder:
    """Turns a composed node tree into plain Python, recording lines and duplicate keys.

    Aliases point at nodes already built, so each use is built again: the count of values
    built, not of nodes, is what an alias bomb drives up.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ctor = SafeConstructor()
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.values = 0

    def build(self, node: Node, loc: Loc) -> Any:
        self.values += 1
        line = node.start_mark.line + 1
        if self.values > MAX_VALUES:
            raise _Limit(line, f"aliases (*name) expand to more than {MAX_VALUES} values; "
                               "write the entries out or use fewer aliases")
        if len(loc) > MAX_DEPTH:
            raise _Limit(line, f"nested more than {MAX_DEPTH} levels deep (an alias that "
                               "contains itself?)")
        self.lines.setdefault(loc, line)
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        try:
            return self.ctor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as e:
            # A date like 2026-02-30, or a number too long to read.
            self._problem(node, loc, f"cannot read '{node.value[:40]}': {str(e).split(':')[0]}")
            return None

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any]:
        try:
            self.ctor.flatten_mapping(node)
        except yaml.YAMLError as e:
            self._problem(node, loc, f"a merge (<<) must name a mapping: {getattr(e, 'problem', e)}")
            return {}
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, loc, "keys must be plain words")
                continue
            key = self.build(key_node, loc)
            if not isinstance(key, str | int) or isinstance(key, bool):
                self._problem(key_node, loc, "keys must be plain words")
                continue
            if key in out:
                self._problem(key_node, loc + (key,), f"key '{key}' appears twice")
            sub = loc + (key,)
            self.lines[sub] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, sub)
        return out

    def _problem(self, node: Node, loc: Loc, message: str) -> None:
        field_name = ".".join(str(p) for p in loc)
        self.problems.append(Problem(str(self.path), node.start_mark.line + 1, field_name, message))


def _text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or the one problem that keeps it from being read."""

    def fail(line: int, message: str) -> tuple[str | None, list[Problem]]:
        return None, [Problem(str(path), line, "", message)]

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return fail(0, f"file is {size:,} bytes; a YAML file may be at most {MAX_BYTES:,}")
        raw = path.read_bytes()
    except OSError as e:
        return fail(0, f"cannot read: {e.strerror or e}")
    if len(raw) > MAX_BYTES:  # it grew while being read (a pipe or a device)
        return fail(0, f"file is over {MAX_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return fail(line, "file is not UTF-8 text (save it as UTF-8)")
    text = text.removeprefix("\ufeff")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        return fail(line, f"control character U+{ord(bad.group()):04X} in the text; "
                          "only printable characters, tabs and line breaks may be used")
    return text, []


def read_yaml(path: Path) -> tuple[Source | None, list[Problem]]:
    """Parse one file; on failure return no source and the problems with their lines."""
    text, problems = _text(path)
    if text is None:
        return None, problems
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        if node is None:
            return Source(path, None), []
        builder = _Builder(path)
        data = builder.build(node, ())
    except _Limit as e:
        return None, [Problem(str(path), e.line, "", e.message)]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        reason = (e.problem or "not valid YAML").strip()
        if e.context and e.context_mark and mark and e.context_mark.line != mark.line:
            # Where the thing left open began (a quote, a bracket): the line to mend.
            reason += f" ({e.context.strip()} that starts on line {e.context_mark.line + 1})"
        source_lines = text.splitlines()
        if line <= len(source_lines) and "\t" in source_lines[line - 1]:
            reason += " (tab characters cannot indent YAML; use spaces)"
        return None, [Problem(str(path), line, "", reason)]
    except yaml.YAMLError as e:  # the reader's own errors carry a position, not a mark
        position = getattr(e, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        return None, [Problem(str(path), line, "", f"not valid YAML: {e}".splitlines()[0])]
    except RecursionError:
        return None, [Problem(str(path), 1, "", f"nested more than {MAX_DEPTH} levels deep")]
    return Source(path, data, builder.lines), builder.problems


def read_yaml_file(path: Path, what: str) -> Source:
    """Read a single YAML input file named on the command line (a clinic, program or spec).

    A missing file is an input error naming `what`; a parse problem is a ContentError.
    """
    from handouts.errors import ContentError, InputFileError

    if not path.exists():
        raise InputFileError(path, f"{what} not found")
    if not path.is_file():
        raise InputFileError(path, f"{what} is not a file")
    source, problems = read_yaml(path)
    if problems or source is None:
        raise ContentError(problems)
    return source
