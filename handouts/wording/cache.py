"""The folder where compiled templates and catalogs are kept between runs (see text.py and
catalogs.py): $HANDOUTS_CACHE, else $XDG_CACHE_HOME/handouts, else ~/.cache/handouts."""

from __future__ import annotations

import os
from pathlib import Path


def root() -> Path | None:
    """The cache folder (not created here), or None when HANDOUTS_CACHE is 'off'."""
    given = os.environ.get("HANDOUTS_CACHE")
    if given == "off":
        return None
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "handouts"
