"""A clinic's defaults from `handouts.toml`, so staff stop retyping `--clinic` and `--page-size`.

Precedence, everywhere: an option given > the patient's program file > this config >
the built-in default. Paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.errors import ContentError, InputFileError, OptionError, Problem

CONFIG_NAME = "handouts.toml"
KEYS = ("clinic", "page_size", "print_size", "language", "routine", "tracker_weeks",
        "date_format", "output", "content", "templates")


@dataclass(frozen=True)
class Config:
    """Settings from a config file; None (or empty) means the file does not say."""

    path: Path | None = None
    clinic: Path | None = None
    page_size: str | None = None  # a checked styles.PageSize value
    large_print: bool | None = None  # from print_size = "large" | "normal"
    language: str | None = None
    routine: str | None = None
    tracker_weeks: int | None = None
    date_format: str | None = None  # strftime pattern for printed dates, e.g. "%d/%m/%Y"
    output: Path | None = None
    content: tuple[Path, ...] = field(default_factory=tuple)
    templates: Path | None = None


def find_config(given: Path | None, folder: Path | None = None) -> Path | None:
    """The config to read: `given` (must exist), else `handouts.toml` in `folder` (the cwd) if any."""
    if given is not None:
        if not given.is_file():
            raise InputFileError(given, "config file not found")
        return given
    here = (folder or Path.cwd()) / CONFIG_NAME
    return here if here.is_file() else None


def load_config(path: Path | None) -> Config:
    """Read and check a config file (None: an empty Config); every problem reported at once."""
    if path is None:
        return Config()
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as e:
        raise InputFileError(path, f"cannot read the config file: {e}") from e
    except tomllib.TOMLDecodeError as e:
        raise InputFileError(path, f"not valid TOML: {e}") from e
    return config_from_mapping(data, path, text)


def _line_of(text: str, key: str) -> int:
    """The line (1-based) where `key = ...` is set in the TOML text; 0 when not found."""
    import re

    for i, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"""\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""", line):
            return i
    return 0


def config_from_mapping(data: dict[str, Any], path: Path, text: str = "") -> Config:
    """Check parsed settings; relative paths resolve against `path`'s folder. With the file's
    `text`, each problem names the line its setting is on."""
    from handouts.layout.styles import PageSize
    from handouts.options import PrintSize, check_language, check_weeks

    problems: list[Problem] = []
    out: dict[str, Any] = {}
    base = path.parent

    def bad(key: str, message: str) -> None:
        problems.append(Problem(str(path), _line_of(text, key), key, message))

    checks: dict[str, Any] = {
        "clinic": lambda v: base / _text(v),
        "page_size": lambda v: PageSize.parse(_text(v)).value,
        "language": lambda v: check_language(_text(v)),
        "routine": _text,
        "tracker_weeks": check_weeks,
        "date_format": _date_format,
        "output": lambda v: base / _text(v),
        "templates": lambda v: base / _text(v),
        "content": lambda v: tuple(base / _text(x) for x in (v if isinstance(v, list) else [v])),
    }
    for key, value in data.items():
        try:
            if key == "print_size":
                out["large_print"] = PrintSize.parse(_text(value)) is PrintSize.large
            elif key in checks:
                out[key] = checks[key](value)
            else:
                bad(key, f"unknown setting (known: {', '.join(KEYS)})")
        except (OptionError, ValueError, TypeError) as e:
            bad(key, str(e))
    if problems:
        raise ContentError(problems)
    return Config(path=path, **out)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected text, not {value!r}")
    return value.strip()


def _date_format(value: Any) -> str:
    pattern = _text(value)
    sample = dt.date(2026, 3, 2).strftime(pattern)
    if not any(ch.isdigit() for ch in sample):
        raise ValueError(f"'{pattern}' prints no day or month (try '%d/%m/%Y' or '%Y-%m-%d')")
    return pattern
