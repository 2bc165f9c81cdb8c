"""Python's cycle collector held off while one large document is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Hold off the cycle collector for the block; as it was afterwards.

    A tracker makes some hundred thousand objects that live until its PDF is written (tick
    boxes, structure elements, ReportLab's objects for each). The collector runs after every
    700 new objects: it walks the young ones again and again as they pile up, promotes
    them, and every few passes walks every object of the process: about 40% of the time
    of an 8-week tracker. Held off, nothing is freed later than the next collection after
    the block (reference counting frees the rest at once, as ever); a tracker's own cycles
    add a few MB to the peak. Nested or in several threads, the collector is back on once
    the first block that found it on has ended.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
