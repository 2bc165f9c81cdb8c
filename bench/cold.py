"""Empty every cache the package keeps, so the next build pays what a first build pays."""

from __future__ import annotations

import importlib

# (module, name) of every cache the package keeps between builds: dictionaries and
# functools caches. ReportLab's font registry (fonts.register) is left alone: it is
# ReportLab's process state, and the fresh-process timings pay for loading the faces.
CACHES = (
    ("handouts.layout.handout", "_HEIGHTS"),
    ("handouts.layout.pictures", "_FIGURES"),
    ("handouts.layout.pictures", "_load_image"),
    ("handouts.jobs.packet", "_EDUCATION"),
    ("handouts.jobs.packet", "_SHEETS"),
    ("handouts.wording.text", "_environment"),
    ("handouts.layout.styles", "styles"),
)


def clear_caches() -> list[str]:
    """Clear every cache in CACHES that exists; return the names of those cleared."""
    cleared = []
    for module_name, attr in CACHES:
        try:
            value = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError):
            continue
        if hasattr(value, "cache_clear"):
            value.cache_clear()
        else:
            value.clear()
        cleared.append(f"{module_name}.{attr}")
    return cleared
