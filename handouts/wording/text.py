"""Wording from Jinja2 templates (sandboxed, strict) and escaping of text for ReportLab."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from handouts.content.paths import builtin_templates
from handouts.errors import InputFileError


def escape(text: str) -> str:
    """Make content text safe inside a ReportLab Paragraph: <, > and & print literally."""
    return _xml_escape(text)


@lru_cache(maxsize=16)  # one environment per list of template folders
def _environment(folders: tuple[Path, ...]) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # The clinic's folders come first so their templates override ours by name.
    loaders = [FileSystemLoader(str(f)) for f in (*folders, builtin_templates())]
    return SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Wording:
    """Renders named templates to plain text; the result is escaped by the caller."""

    def __init__(self, folders: Sequence[Path] = ()) -> None:
        self.env = _environment(tuple(folders))

    def render(self, name: str, **context: Any) -> str:
        from jinja2 import TemplateError

        try:
            return str(self.env.get_template(name).render(**context)).strip()
        except TemplateError as e:
            where = getattr(e, "filename", None) or name
            line = getattr(e, "lineno", None)
            raise InputFileError(f"{where}:{line}" if line else where, f"template: {e}") from e
