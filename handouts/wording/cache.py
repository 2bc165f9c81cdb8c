"""The folder where compiled templates and catalogs are kept between runs (see text.py and
catalogs.py): $HANDOUTS_CACHE, else $XDG_CACHE_HOME/handouts, else ~/.cache/handouts."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing is not imported for this (a quick `--help` reads root_name)
if TYPE_CHECKING:
    from pathlib import Path


def root() -> Path | None:
    """The cache folder (not created here), or None when HANDOUTS_CACHE is 'off'."""
    from pathlib import Path

    folder = root_name()
    return None if folder is None else Path(folder)


def root_name() -> str | None:
    """`root()` as a string, without importing pathlib (for `entry.py`'s quick help)."""
    given = os.environ.get("HANDOUTS_CACHE")
    if given == "off":
        return None
    if given:
        return given
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(home, "handouts")
