"""Font subsets made once per process: every document embeds the same seeded subsets.

ReportLab builds each embedded TrueType subset (a new font file of the glyphs used) when
a document is saved. Every part of a packet, and the stamps drawn onto it, seed their
first subset of each face with the same characters (fonts.SEED), so the same two font
files are built again for every cover, handout, tracker and stamp page: about 3 ms each,
some 20 ms a packet, and each is compressed again. `install` keeps the files ReportLab
made, by face and glyph list, and their compressed bytes; a subset's file depends on
nothing else, so the output is the same bytes as before.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

KEEP = 16  # subsets kept per face: the two seeded ones and a few with names' extra letters

_installed = False


# Font files made here by id, each with its compressed bytes once ReportLab compressed it.
_zipped: dict[int, tuple[bytes, bytes | None]] = {}


def install() -> None:
    """Make ReportLab's TTFontFile.makeSubset remember its results, and its Flate filter
    the compressed bytes of those files (once per process)."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase.pdfdoc import PDFStreamFilterZCompress
    from reportlab.pdfbase.ttfonts import TTFontFile

    make = TTFontFile.makeSubset
    encode = PDFStreamFilterZCompress.encode

    def encode_once(self: Any, text: Any) -> bytes:
        hit = _zipped.get(id(text))
        if hit is None or hit[0] is not text:
            out: bytes = encode(self, text)
            return out
        if hit[1] is None:
            hit = _zipped[id(text)] = (text, encode(self, text))
        assert hit[1] is not None
        return hit[1]

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
        _zipped[id(data)] = (data, None)
        if len(kept) > KEEP:
            _zipped.pop(id(kept.popitem(last=False)[1]), None)
        return data

    TTFontFile.makeSubset = remembered
    PDFStreamFilterZCompress.encode = encode_once
    _installed = True
