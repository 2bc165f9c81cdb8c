"""Every font size, colour and margin of the printed pages, by name, derived from one body size."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from handouts.errors import OptionError
from handouts.layout import fonts

# High-contrast palette; every colour still reads on a black-and-white printer.
INK = "#000000"
ACCENT = "#0B3D6B"  # headings and rules: dark blue, near-black in grey scale
SAFETY_BORDER = "#8B0000"
SAFETY_FILL = "#FFF3C4"
DOSE_FILL = "#E4EEF8"
FRAME = "#5A5A5A"
MUTED = "#333333"

ROW_TINT = "#ECECEC"  # every other tracker row; light enough to keep the boxes the darkest thing

MARGIN = 29.5  # 0.41 in; no mark reaches past it (borders and bands are drawn inside)
FOOTER_SPACE = 22.0
# Width (pt) a packet's page stamp ("Página 10 de 10" at 12 pt, 0.5 in from the page's right
# edge; pdf/join.py) takes from the right of a sheet's footer, with a gap.
STAMP_CLEAR = 105.0
MIN_BODY = 10.0
LARGE_PRINT_BODY = 18.0
# Table rules and paddings, in points.
RULE = 0.8  # the line to write on, and the tracker's grid: thinner than the boxes
SAFETY_RULE = 2.0  # the safety box's border
SAFETY_PAD = 8.0  # the safety box's side padding



class PageSize(StrEnum):
    """The paper a sheet is set for; a plain string equal to its value works wherever one is asked."""

    letter = "letter"
    a4 = "a4"

    @classmethod
    def parse(cls, value: str | PageSize) -> PageSize:
        """`letter` or `a4` in any case; anything else is an OptionError naming the choices."""
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise OptionError(f"unknown page size '{value}' (choose letter or a4)") from None

    @property
    def points(self) -> tuple[float, float]:
        """Portrait width and height in points (1/72 inch)."""
        return PAGE_SIZES[self]


PAGE_SIZES: Mapping[str, tuple[float, float]] = MappingProxyType(
    {PageSize.letter: (612.0, 792.0), PageSize.a4: (595.2756, 841.8898)})


def page_points(size: str | PageSize) -> tuple[float, float]:
    """Portrait (width, height) in points of a page size; OptionError for an unknown one."""
    return PageSize.parse(size).points


@dataclass(frozen=True)
class Look:
    """The sizes a page is set in: body size and line spacing, everything else follows."""

    body: float = 12.0
    spacing: float = 1.2  # line height as a multiple of the size
    large_print: bool = False

    @property
    def leading(self) -> float:
        return round(self.body * self.spacing, 2)


def large_print() -> Look:
    """Large print: 18 pt body and 1.5 line spacing (APH and ACB guidance)."""
    return Look(body=LARGE_PRINT_BODY, spacing=1.5, large_print=True)


@dataclass(frozen=True)
class FitLevel:
    """One way of setting a one-page sheet, from roomiest to tightest."""

    body: float
    tips: bool
    picture: tuple[float, float]  # the picture's box, width and height in points
    spacing: float = 1.2
    large: bool = False
    rule_pad: float = 3.0  # air above each stretch's rule


# The fit ladder, roomiest first. With room to spare the handout grows: the pictures first,
# then a tip per stretch, then the type, up to 14 pt. When the page is full it shrinks the
# other way: the type back to 12 pt, the tips, then the pictures, then the type by half
# points, never below 10 pt (with a wide, low picture), and last the lines a little closer
# (1.15, then 1.1, then less air at the rules). Steps, the dose, what to avoid and the
# safety box always stay.
PICTURE_BIG, PICTURE_SMALL, PICTURE_TINY = (126.0, 96.0), (100.0, 76.0), (84.0, 60.0)
# Bigger pictures, 4:3 like the others, for a page with room to spare.
PICTURES_GROWN = tuple((w, float(round(w * 0.76))) for w in (184.0, 170.0, 156.0, 140.0))
PICTURE_WIDE = (126.0, 72.0)  # at 10 pt a wide, low picture costs fewer lines than a narrow one
FIT_LEVELS: tuple[FitLevel, ...] = (
    *(FitLevel(b, True, PICTURES_GROWN[0]) for b in (14.0, 13.5, 13.0, 12.5, 12.0)),
    *(FitLevel(12.0, False, p) for p in PICTURES_GROWN), FitLevel(12.0, False, PICTURE_BIG),
    FitLevel(12.0, False, PICTURE_SMALL), FitLevel(12.0, False, PICTURE_SMALL, rule_pad=1.0),
    FitLevel(11.5, False, PICTURE_SMALL), FitLevel(11.0, False, PICTURE_SMALL),
    FitLevel(10.5, False, PICTURE_SMALL),
    FitLevel(10.0, False, PICTURE_WIDE), FitLevel(10.0, False, (104.0, 66.0)),
    FitLevel(10.0, False, PICTURE_TINY), FitLevel(10.0, False, PICTURE_WIDE, spacing=1.15),
    FitLevel(10.0, False, PICTURE_TINY, spacing=1.15),
    FitLevel(10.0, False, PICTURE_TINY, spacing=1.1),
    FitLevel(10.0, False, PICTURE_TINY, spacing=1.1, rule_pad=0.5),
)
# A handout with room left even at the roomiest level spreads it between the stretches, at
# most this much (pt) each, rather than leave a band of white at the bottom.
MAX_SPREAD = 40.0
# Large print (APH and ACB guidance): 18 pt body, 1.5 line spacing, left aligned; the sheet
# may run to several pages but each stretch stays whole on one page.
LARGE_PRINT_LEVEL = FitLevel(LARGE_PRINT_BODY, True, (190.0, 144.0), spacing=1.5, large=True)
# The detail sheet has room to spare; it only shrinks for a clinic's very long stretch.
DETAIL_LEVELS = (FitLevel(14.0, True, (260.0, 196.0), spacing=1.3),
                 FitLevel(12.0, True, (250.0, 190.0)), FitLevel(11.0, True, (220.0, 166.0)),
                 FitLevel(10.0, True, (200.0, 150.0)))
# Large print's detail sheet: 18 pt on as many pages as it takes.
DETAIL_LARGE = FitLevel(LARGE_PRINT_BODY, True, (280.0, 210.0), spacing=1.5, large=True)
# Height (pt) a large-print page keeps free besides a stretch: the page number, the rule and
# air around the block (the last stretch's credit line is measured: handout._large_picture).
LARGE_PRINT_ROOM = LARGE_PRINT_BODY * 1.8 + 20.0


def describe(level: FitLevel) -> str:
    """A fit level in words, e.g. '11.5 pt, small pictures, no tips'."""
    pictures = {PICTURE_SMALL: ", small pictures", PICTURE_TINY: ", smallest pictures",
                PICTURE_WIDE: ", wide low pictures",
                **{p: ", large pictures" for p in PICTURES_GROWN}}
    return (f"{level.body:g} pt" + pictures.get(level.picture, "")
            + ("" if level.tips else ", no tips") + (", close lines" if level.spacing < 1.2 else ""))


@lru_cache(maxsize=64)  # a handful of Looks per run: the fit ladders' sizes
def styles(look: Look) -> dict[str, Any]:
    """The named paragraph styles for a Look."""
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    fonts.register()
    b, lead = look.body, look.leading
    base = ParagraphStyle(
        "body", fontName=fonts.REGULAR, fontSize=b, leading=lead, textColor=INK, alignment=TA_LEFT
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    title_size = max(b * 1.75, 18.0)
    # Captions, labels and the footer are still read by the patient: never under 10 pt,
    # and large print has no small type at all.
    small = b if look.large_print else max(b * 0.8, MIN_BODY)
    named = {
        "body": base,
        "title": derive("title", fontName=fonts.BOLD, fontSize=title_size,
                        leading=title_size * 1.15, textColor=ACCENT),
        "h1": derive("h1", fontName=fonts.BOLD, fontSize=b * 1.5, leading=b * 1.5 * 1.2,
                     textColor=ACCENT, spaceBefore=b * 0.6, spaceAfter=b * 0.3),
        "h2": derive("h2", fontName=fonts.BOLD, fontSize=b * 1.2, leading=b * 1.2 * 1.15,
                     textColor=ACCENT, spaceAfter=b * 0.15),
        "label": derive("label", fontName=fonts.BOLD),
        "dose": derive("dose", fontName=fonts.BOLD, backColor=DOSE_FILL,
                       borderPadding=(1, 3, 2, 3), leftIndent=3, rightIndent=3,
                       spaceBefore=2, spaceAfter=3),
        "step": derive("step"),
        "numbered": derive("numbered", leftIndent=b * 1.3, bulletIndent=0,
                           bulletFontName=fonts.BOLD, bulletFontSize=b),
        "bullet": derive("bullet", leftIndent=b * 0.8, firstLineIndent=-b * 0.8),
        "safety_head": derive("safety_head", fontName=fonts.BOLD, fontSize=b * 1.1,
                              leading=b * 1.1 * look.spacing, textColor=SAFETY_BORDER),
        "clinic": derive("clinic", alignment=2),
        "small": derive("small", fontSize=small, leading=small * 1.2, textColor=MUTED),
        # Flowing pages (education, packet cover): paragraphs and list items with air between.
        "para": derive("para", spaceAfter=b * 0.6),
        "item": derive("item", leftIndent=b * 1.3, bulletIndent=b * 0.3, spaceAfter=b * 0.4),
        "subhead": derive("subhead", fontName=fonts.BOLD, fontSize=b * 1.25, leading=b * 1.25 * 1.15,
                          textColor=ACCENT, spaceBefore=b * 0.8, spaceAfter=b * 0.2),
        "subhead_stop": derive("subhead_stop", fontName=fonts.BOLD, fontSize=b * 1.25,
                               leading=b * 1.25 * 1.15, textColor=SAFETY_BORDER,
                               spaceBefore=b * 0.8, spaceAfter=b * 0.2),
        "question": derive("question", fontName=fonts.BOLD, spaceBefore=b * 0.8, spaceAfter=b * 0.2),
        "cover_title": derive("cover_title", fontName=fonts.BOLD, fontSize=max(b * 2, 30.0),
                              leading=max(b * 2, 30.0) * 1.15, textColor=ACCENT, spaceAfter=b * 0.6),
    }
    # Colours as objects: ReportLab converts a '#rrggbb' string on every line it draws, by a
    # slow path that tries names and expressions first (a tenth of a tracker's drawing time).
    for st in named.values():
        for attr in ("textColor", "backColor"):
            if isinstance(getattr(st, attr, None), str):
                setattr(st, attr, _color(getattr(st, attr)))
    return named


@lru_cache(maxsize=16)
def _color(hex_rgb: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(hex_rgb)


def table_style(*commands: Any) -> Any:
    """A TableStyle whose cells default to the body font (ReportLab's default is Helvetica)."""
    from reportlab.platypus import TableStyle

    fonts.register()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), *commands])
