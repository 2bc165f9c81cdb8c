"""Atkinson Hyperlegible, and Noto Sans for the characters it lacks: registered once with
ReportLab, a per-character fallback, and a check that some font has every glyph."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from handouts.errors import LayoutError

REGULAR = "Atkinson"
BOLD = "Atkinson-Bold"
ITALIC = "Atkinson-Italic"
BOLD_ITALIC = "Atkinson-BoldItalic"
_FILES = {
    REGULAR: "AtkinsonHyperlegible-Regular.ttf",
    BOLD: "AtkinsonHyperlegible-Bold.ttf",
    ITALIC: "AtkinsonHyperlegible-Italic.ttf",
    BOLD_ITALIC: "AtkinsonHyperlegible-BoldItalic.ttf",
}
# Noto Sans sets, one character at a time, what Atkinson Hyperlegible has no glyph for: a
# Vietnamese, Greek or Cyrillic name. The package ships a variable font; ReportLab reads its
# default (regular) instance, so bold text falls back to regular Noto.
FALLBACK = "NotoSans"
_FALLBACK_FILE = "NotoSans[wdth,wght].ttf"
# Characters that never reach the page as glyphs.
_INVISIBLE = set("\n\r\t")


def font_dir() -> Path:
    """Folder of the TTF files shipped by the fontpkg-atkinson-hyperlegible package."""
    import fontpkg_atkinson_hyperlegible as pkg

    return Path(pkg.ROOT) / "files"


@lru_cache(maxsize=8)
def register() -> None:
    """Register the four faces and the family with ReportLab (once per process); the
    fallback font is registered apart (`register_fallback`), when a character needs it."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir() / filename)))
    for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
        addMapping(REGULAR, bold, italic, name)
    # Drawings and fresh canvases start in Helvetica unless told otherwise; that would add an
    # unembedded font to every page even though no text is set in it.
    from reportlab import rl_config

    rl_config.defaultGraphicsFontName = REGULAR
    rl_config.canvas_basefontname = REGULAR


@lru_cache(maxsize=1)
def register_fallback() -> None:
    """Register Noto Sans (once per process), on the first character Atkinson lacks.

    Reading its 2 MB file takes longer than the four Atkinson faces together, and most
    runs never need it: `escape` asks `needs_fallback` before it sets any text in it.
    """
    import fontpkg_noto_sans
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FALLBACK, str(Path(fontpkg_noto_sans.ROOT) / "files" / _FALLBACK_FILE)))
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(FALLBACK, bold, italic, FALLBACK)


@lru_cache(maxsize=8)
def _covered(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register()
    if name == FALLBACK:
        register_fallback()
    face = pdfmetrics.getFont(name).face
    return frozenset(face.charToGlyph)


# Every document assigns these characters first, in this order, so the font subsets of
# separately built parts come out byte-identical and a merged packet keeps one copy.
# Latin-1 is in the seed too: Spanish, French or German words, or an accented name, then
# add nothing to a part's subset, and every part still shares one copy of each font file.
SEED = "".join(chr(c) for c in range(32, 127)) + (
    "\u00a0\u2003\u2022\u00b7\u2013\u2014\u2018\u2019\u201c\u201d"
) + "".join(chr(c) for c in range(0xA1, 0x100))


def seed_subsets(doc: object) -> None:
    """Give each face the same first subset in `doc` (a ReportLab PDFDocument)."""
    from reportlab.pdfbase import pdfmetrics

    for name in (REGULAR, BOLD):
        font = pdfmetrics.getFont(name)
        font.splitString("".join(ch for ch in SEED if ord(ch) in _covered(name)), doc)


def needs_fallback(ch: str) -> bool:
    """Whether Atkinson Hyperlegible lacks `ch` and Noto Sans has it."""
    return ord(ch) not in _covered(REGULAR) and ord(ch) in _covered(FALLBACK)  # in this order:
    # Noto Sans is read only for a character Atkinson lacks


def check_coverage(texts: Iterable[tuple[str, str]], font: str = REGULAR) -> None:
    """Fail, naming the text and character, if neither `font` nor the fallback has a glyph."""
    cmap = _covered(font)
    missing: dict[str, list[str]] = {}
    for label, text in texts:
        for ch in text:
            if ord(ch) not in cmap and ch not in _INVISIBLE and ord(ch) not in _covered(FALLBACK):
                missing.setdefault(ch, []).append(label)
    if missing:
        parts = [
            f"'{ch}' (U+{ord(ch):04X}) in {', '.join(sorted(set(labels))[:3])}"
            for ch, labels in sorted(missing.items())
        ]
        raise LayoutError("no glyph in Atkinson Hyperlegible or the fallback Noto Sans for: "
                          + "; ".join(parts))
