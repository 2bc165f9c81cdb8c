"""Empty every cache the package keeps, so the next build pays what a first build pays.

The caches of built things live in a build context (`handouts.context.Caches`): a cold
build gets a new one. What remains are a few functools caches of process-wide set-up
(the Jinja environment, paragraph styles, colours); this module clears those.
"""

from __future__ import annotations

import importlib

# (module, name) of every cache the package keeps between builds: dictionaries and
# functools caches. ReportLab's font registry (fonts.register) is left alone: it is
# ReportLab's process state, and the fresh-process timings pay for loading the faces.
CACHES = (
    ("handouts.wording.text", "_environment"),
    ("handouts.layout.styles", "styles"),
    ("handouts.layout.styles", "_color"),
    ("handouts.layout.pictures", "_alt_sides"),
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
