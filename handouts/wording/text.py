"""Wording from Jinja2 templates (sandboxed, strict) and escaping of text for ReportLab."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from handouts.content.paths import builtin_templates
from handouts.errors import InputFileError, Problem
from handouts.wording.language import Language


def _xml_escape(text: str) -> str:
    # What xml.sax.saxutils.escape does; importing that module costs a fresh process 35 ms
    # of CPU (it imports urllib.request, and that imports http and ssl).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: str) -> str:
    """Make content text safe inside a ReportLab Paragraph: <, > and & print literally.

    A run of characters the body font lacks (Vietnamese "ơ ư ễ", Greek, Cyrillic) is set in
    the fallback font, so "Nguyễn Thị Hương" prints whole.
    """
    if text.isascii():
        return _xml_escape(text)
    from handouts.layout.fonts import FALLBACK, needs_fallback

    if not any(needs_fallback(ch) for ch in set(text)):  # most text: no run to mark
        return _xml_escape(text)
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


# How every template is compiled; part of the name of the folder its compiled code is kept in.
_OPTIONS: Mapping[str, Any] = MappingProxyType({
    "autoescape": False, "keep_trailing_newline": False, "trim_blocks": True,
    "lstrip_blocks": True, "extensions": ("jinja2.ext.i18n",)})


def cache_folder() -> Path | None:
    """Where compiled templates are kept between runs, in cache.root() (None when that is off).

    Compiling the built-in templates is a tenth of a fresh process's first document. Jinja
    keys each file by its path and checks it against a checksum of the source, so an edited
    template compiles again; the folder's name changes with Jinja's version and _OPTIONS.
    The compiled code is the same either way: so is every page.
    """
    import hashlib

    import jinja2

    from handouts.wording import cache

    root = cache.root()
    if root is None:
        return None
    options = hashlib.sha256(repr(sorted(_OPTIONS.items())).encode()).hexdigest()[:12]
    return root / f"templates-{jinja2.__version__}-{options}"


def _bytecode_cache() -> Any:
    """Jinja's on-disk cache of compiled templates, or None when it cannot be had (a read-only
    home): a run then compiles them as before. Writes are atomic (a temporary file renamed)."""
    from jinja2 import FileSystemBytecodeCache

    folder = cache_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=16)  # one environment per list of template folders and language
def _environment(folders: tuple[Path, ...], language: Language) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # The clinic's folders come first so their templates override ours by name.
    loaders = [FileSystemLoader(str(f)) for f in (*folders, builtin_templates())]
    env = SandboxedEnvironment(loader=ChoiceLoader(loaders), undefined=StrictUndefined,
                               bytecode_cache=_bytecode_cache(), **_OPTIONS)
    # Every template's wording goes through the language's catalog ({% trans %}, _()).
    env.install_gettext_translations(  # type: ignore[attr-defined]  # added by the i18n extension
        language.translations, newstyle=True)
    env.filters["date"] = language.date
    return env


def syntax_problems(folder: Path) -> list[Problem]:
    """Every template under a clinic's `folder` that does not compile: file, line, message."""
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(**_OPTIONS)
    problems = []
    for path in sorted(folder.rglob("*.j2")):
        try:
            env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except TemplateSyntaxError as e:
            problems.append(Problem(str(path), e.lineno, "template", e.message or str(e)))
        except (OSError, UnicodeDecodeError) as e:
            problems.append(Problem(str(path), 0, "template", f"cannot read as UTF-8 text: {e}"))
    return problems


def _template_line(e: BaseException) -> tuple[str, int] | None:
    """The template file and line an error was raised at, from its traceback (Jinja gives
    its frames the template's file name and line)."""
    tb, found = e.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


class Wording:
    """Renders named templates to plain text in a language; the caller escapes the result."""

    def __init__(self, folders: Sequence[Path] = (), language: Language | None = None) -> None:
        self.language = language or Language()
        self.env = _environment(tuple(folders), self.language)
        # Each template is looked up once per Wording (a build): Jinja's own cache checks the
        # file's time on every lookup, a stat per field tooltip. A new build sees edits.
        self._templates: dict[str, Any] = {}
        # Templates rendered without context (side names, labels): the same text every time.
        self._fixed: dict[str, str] = {}

    def template(self, name: str) -> Any:
        """The compiled template `name`; raises jinja2.TemplateError as get_template does."""
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found

    def render(self, name: str, **context: Any) -> str:
        from jinja2 import TemplateError

        if not context and name in self._fixed:
            return self._fixed[name]
        try:
            text = str(self.template(name).render(**context)).strip()
            if not context:
                self._fixed[name] = text
            return text
        except TemplateError as e:
            where = getattr(e, "filename", None) or name
            line = getattr(e, "lineno", None)
            if line is None and (found := _template_line(e)) is not None:
                where, line = found
            raise InputFileError(f"{where}:{line}" if line else where, f"template: {e}") from e
