"""Font subsets made once per process: every document embeds the same seeded subsets.

ReportLab builds each embedded TrueType subset (a new font file of the glyphs used) when
a document is saved. Every part of a packet, and the stamps drawn onto it, seed their
first subset of each face with the same characters (fonts.SEED), so the same two font
files are built again for every cover, handout, tracker and stamp page: about 3 ms each,
some 20 ms a packet. `install` keeps the files ReportLab made, by face and glyph list; a
subset's file depends on nothing else, so the bytes are the same as before.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

KEEP = 16  # subsets kept per face: the two seeded ones and a few with names' extra letters

_installed = False


def install() -> None:
    """Make ReportLab's TTFontFile.makeSubset remember its results (once per process)."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase.ttfonts import TTFontFile

    make = TTFontFile.makeSubset

    def remembered(self: Any, subset: Any) -> bytes:
        kept: OrderedDict[tuple[int, ...], bytes] | None = self.__dict__.get("_handouts_subsets")
        if kept is None:
            kept = self.__dict__["_handouts_subsets"] = OrderedDict()
        key = tuple(subset)
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
        data: bytes = make(self, subset)
        kept[key] = data
        if len(kept) > KEEP:
            kept.popitem(last=False)
        return data

    TTFontFile.makeSubset = remembered
    _installed = True
