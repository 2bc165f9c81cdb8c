"""The one place a language plugs in: its message catalogs, dates and the folder it lives in.

A language is a folder named by its code (``es``, ``pt-BR``) inside a content folder. It holds
YAML that translates the English library entry by entry (by id), and ``messages.po``, the
gettext catalog of every template's wording. The built-in Spanish is ``content/es/``; a clinic
adds Vietnamese as ``my-clinic/vi/`` and passes ``--content my-clinic --language vi``.

Catalogs are read with Babel and compiled to .mo in memory, so a translator edits only the
.po file (Poedit, Weblate and Lokalize all open it) and nothing needs a build step.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from handouts.errors import Problem

ENGLISH = "en"
CODE_RE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
CATALOG = "messages.po"


def is_language_folder(name: str) -> bool:
    """Whether a folder inside a content folder holds a language (its name is a code)."""
    return bool(CODE_RE.match(name)) and name != ENGLISH


def languages_in(folders: Sequence[Path]) -> tuple[str, ...]:
    """English, then every language a content folder holds (a code-named folder with a
    messages.po), in code order: what a clinic can choose."""
    found = {p.parent.name for f in folders for p in f.glob(f"*/{CATALOG}")
             if is_language_folder(p.parent.name)}
    return (ENGLISH, *sorted(found))


def language_name(code: str) -> str:
    """The language's name in itself, from CLDR: 'English', 'Español', 'Français'."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(babel_locale(code)).get_display_name(babel_locale(code)) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def babel_locale(code: str) -> str:
    """Babel's name for a code: 'pt-BR' -> 'pt_BR'."""
    return code.replace("-", "_")


@dataclass(frozen=True)
class Language:
    """A language's code, its compiled catalogs, and the msgids it printed in English."""

    code: str = ENGLISH
    catalogs: tuple[Path, ...] = ()
    translations: gettext.NullTranslations = field(
        default_factory=gettext.NullTranslations, compare=False, repr=False
    )

    @property
    def english(self) -> bool:
        return self.code == ENGLISH

    def date(self, day: dt.date, pattern: str) -> str:
        """`day` in a CLDR pattern with this locale's day and month names (Babel).

        The pattern itself comes from the catalog (e.g. "EEEE d 'de' MMMM" in Spanish).
        """
        return _format_date(day, pattern, babel_locale(self.code))

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def translates(self, msgid: str) -> bool:
        """Whether a catalog of this language holds `msgid` (gettext returns it as given)."""
        return self.translations.gettext(msgid) is not msgid


@lru_cache(maxsize=1024)  # a tracker asks for each of its days several times (labels, field names)
def _format_date(day: dt.date, pattern: str, locale: str) -> str:
    from babel.dates import format_date

    return str(format_date(day, pattern, locale=locale))


def english_msgids() -> dict[str, str]:
    """Every msgid of the built-in templates (from messages.pot), mapped to its first place."""
    from handouts.content.paths import builtin_templates

    return _pot_ids(builtin_templates() / "messages.pot")


def untranslated(templates: Path, language: Language) -> list[Problem]:
    """The wording of a clinic's templates folder that `language` does not translate, one
    problem per place (file and line); none in English. Ours is checked as a catalog loads."""
    if language.english or not templates.is_dir():
        return []
    from handouts.wording.extract import extract_catalog

    ours = english_msgids()
    problems = []
    for m in extract_catalog(templates):
        key = m.id if isinstance(m.id, str) else m.id[0]
        if not key or key in ours or language.translates(key):
            continue
        problems += [Problem(str(templates / file), line or 0, "msgid",
                             f"no '{language.code}' translation of {key!r}; add it to "
                             f"{language.code}/{CATALOG} in a content folder")
                     for file, line in m.locations]
    return problems


@cache
def _pot_ids(pot: Path) -> dict[str, str]:
    from handouts.wording.catalogs import msgids

    return msgids(pot, lambda: _read_pot(pot))


def _read_pot(pot: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with pot.open("rb") as fh:
        catalog = read_po(fh)
    out: dict[str, str] = {}
    for m in catalog:
        if m.id:
            key = m.id if isinstance(m.id, str) else m.id[0]
            out[key] = f"{m.locations[0][0]}:{m.locations[0][1]}" if m.locations else ""
    return out


def _compile(po: Path, code: str) -> tuple[gettext.GNUTranslations | None, list[Problem], set[str]]:
    """Compile one .po (or read it compiled before, catalogs.py); return it, its problems and
    the msgids it translates."""
    from handouts.wording.catalogs import compiled

    data, problems, done = compiled(po, code, lambda: _compile_mo(po, code))
    return (gettext.GNUTranslations(BytesIO(data)) if data is not None else None), problems, done


def _compile_mo(po: Path, code: str) -> tuple[bytes | None, list[Problem], set[str]]:
    """Compile one .po in memory to .mo bytes; return them, its problems and the msgids it
    translates."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=babel_locale(code), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as e:
        return None, [Problem(str(po), getattr(e, "lineno", 0) or 1, "", f"not a valid catalog: {e}")], set()
    done: set[str] = set()
    for m in catalog:
        key = m.id if isinstance(m.id, str) else m.id[0]
        strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
        if key and all(strings) and not m.fuzzy:
            done.add(key)
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue(), [], done


def load_language(
    code: str, folders: Sequence[Path], allow_fallback: bool = False
) -> tuple[Language, list[Problem], list[str]]:
    """The language `code` from the ``<folder>/<code>/messages.po`` of each content folder.

    Later folders' catalogs win message by message. Returns the language, the problems
    (no catalog, a bad catalog, template wording it does not translate) and warnings: with
    `allow_fallback`, wording without a translation prints in English and is a warning.
    """
    if code == ENGLISH:
        return Language(), [], []
    if not CODE_RE.match(code):
        return Language(), [Problem("--language", 0, "language",
                                    f"'{code}' is not a language code like es or pt-BR")], []
    problems: list[Problem] = []
    chain: list[gettext.GNUTranslations] = []
    found: list[Path] = []
    done: set[str] = set()
    for folder in folders:
        po = folder / code / CATALOG
        if po.is_file():
            trans, bad, ids = _compile(po, code)
            problems += bad
            if trans is not None:
                chain.append(trans)
                found.append(po)
                done |= ids
    if not found and not problems:
        # Named by the option, with the choices: the files it looked for do not exist.
        have = ", ".join(languages_in(folders))
        problem = Problem("--language", 0, "language",
                          f"no language '{code}' (these content folders have: {have}); a "
                          f"content folder (--content) with a {code}/{CATALOG} adds it")
        return Language(), [problem], []
    translations: gettext.NullTranslations = gettext.NullTranslations()
    for trans in chain:  # the last folder's catalog is asked first
        trans.add_fallback(translations)
        translations = trans
    warnings: list[str] = []
    last = found[-1] if found else Path(code)
    for msgid, place in english_msgids().items():
        if msgid not in done:
            text = f"no '{code}' translation of template wording {msgid!r} (used at {place})"
            if allow_fallback:
                warnings.append(f"{last}: {text}; printing the English")
            else:
                problems.append(Problem(str(last), 0, "msgid", text))
    return Language(code, tuple(found), translations), problems, warnings
