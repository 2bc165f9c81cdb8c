"""Wording from Jinja2 templates (sandboxed, strict) and escaping of text for ReportLab."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from handouts.content.paths import builtin_templates
from handouts.errors import InputFileError
from handouts.wording.language import Language


def escape(text: str) -> str:
    """Make content text safe inside a ReportLab Paragraph: <, > and & print literally.

    A run of characters the body font lacks (Vietnamese "ơ ư ễ", Greek, Cyrillic) is set in
    the fallback font, so "Nguyễn Thị Hương" prints whole.
    """
    if text.isascii():
        return _xml_escape(text)
    from handouts.layout.fonts import FALLBACK, needs_fallback

    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if needs_fallback(ch):
            run.append(ch)
            continue
        if run:
            out.append(f"<font name='{FALLBACK}'>{_xml_escape(''.join(run))}</font>")
            run = []
        out.append(_xml_escape(ch))
    if run:
        out.append(f"<font name='{FALLBACK}'>{_xml_escape(''.join(run))}</font>")
    return "".join(out)


@lru_cache(maxsize=16)  # one environment per list of template folders and language
def _environment(folders: tuple[Path, ...], language: Language) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # The clinic's folders come first so their templates override ours by name.
    loaders = [FileSystemLoader(str(f)) for f in (*folders, builtin_templates())]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Every template's wording goes through the language's catalog ({% trans %}, _()).
    env.install_gettext_translations(  # type: ignore[attr-defined]  # added by the i18n extension
        language.translations, newstyle=True)
    env.filters["date"] = language.date
    return env


class Wording:
    """Renders named templates to plain text in a language; the caller escapes the result."""

    def __init__(self, folders: Sequence[Path] = (), language: Language | None = None) -> None:
        self.language = language or Language()
        self.env = _environment(tuple(folders), self.language)
        # Each template is looked up once per Wording (a build): Jinja's own cache checks the
        # file's time on every lookup, a stat per field tooltip. A new build sees edits.
        self._templates: dict[str, Any] = {}

    def template(self, name: str) -> Any:
        """The compiled template `name`; raises jinja2.TemplateError as get_template does."""
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found

    def render(self, name: str, **context: Any) -> str:
        from jinja2 import TemplateError

        try:
            return str(self.template(name).render(**context)).strip()
        except TemplateError as e:
            where = getattr(e, "filename", None) or name
            line = getattr(e, "lineno", None)
            raise InputFileError(f"{where}:{line}" if line else where, f"template: {e}") from e
