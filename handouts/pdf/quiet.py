"""Keep the PDF and picture libraries' own log lines off the user's terminal.

pypdf reports every repair it makes to a damaged file ("incorrect startxref pointer"),
pypdfium2 reports XFA forms it cannot run, svglib reports SVG features it skips. The
user gets our one message about the file instead, so those loggers are routed nowhere.
"""

from __future__ import annotations

import logging
import warnings
from functools import cache

LOGGERS = ("pypdf", "pypdfium2", "svglib", "svglib.svglib", "PIL", "fontTools", "pikepdf")


@cache
def quiet() -> None:
    """Silence the libraries' loggers and warnings (once per process)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    for module in ("pypdf", "pypdfium2", "pikepdf"):
        warnings.filterwarnings("ignore", module=module)
