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
