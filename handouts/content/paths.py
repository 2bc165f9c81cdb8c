"""Where the built-in content and templates live: inside the wheel, or beside the package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _data(name: str) -> Path:
    # A wheel carries the folders under handouts/_data; a source checkout keeps them at the top.
    shipped = _PACKAGE / "_data" / name
    return shipped if shipped.is_dir() else _PACKAGE.parent / name


def builtin_content() -> Path:
    """The built-in content folder."""
    return _data("content")


def builtin_templates() -> Path:
    """The built-in Jinja2 templates folder."""
    return _data("templates")


def builtin_packet(name: str, language: str = "en") -> Path:
    """A built-in packet spec by name ('patient'), from the language's folder when it has one.

    A packet spec's title is the writer's own words; the built-in specs come in each
    built-in language (content/es/packets/) so a Spanish packet has a Spanish cover.
    """
    own = builtin_content() / language / "packets" / f"{name}.yaml"
    return own if language != "en" and own.is_file() else builtin_content() / "packets" / f"{name}.yaml"
