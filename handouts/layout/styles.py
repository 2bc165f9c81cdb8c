"""Every font size, colour and margin of the printed pages, by name, derived from one body size."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from handouts.layout import fonts

# High-contrast palette; every colour still reads on a black-and-white printer.
INK = "#000000"
ACCENT = "#0B3D6B"  # headings and rules: dark blue, near-black in grey scale
SAFETY_BORDER = "#8B0000"
SAFETY_FILL = "#FFF3C4"
DOSE_FILL = "#E4EEF8"
FRAME = "#5A5A5A"
MUTED = "#333333"

MARGIN = 28.0  # under 0.4 inch: inside every common printer's reach
FOOTER_SPACE = 22.0
MIN_BODY = 10.0
LARGE_PRINT_BODY = 18.0

PAGE_SIZES = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898)}


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


@cache
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
    return {
        "body": base,
        "title": derive("title", fontName=fonts.BOLD, fontSize=title_size,
                        leading=title_size * 1.15, textColor=ACCENT),
        "h1": derive("h1", fontName=fonts.BOLD, fontSize=b * 1.5, leading=b * 1.5 * 1.2,
                     textColor=ACCENT, spaceBefore=b * 0.6, spaceAfter=b * 0.3),
        "h2": derive("h2", fontName=fonts.BOLD, fontSize=b * 1.2, leading=b * 1.2 * 1.15,
                     textColor=ACCENT, spaceAfter=b * 0.15),
        "label": derive("label", fontName=fonts.BOLD),
        "dose": derive("dose", fontName=fonts.BOLD, backColor=DOSE_FILL,
                       borderPadding=(1, 3, 2, 3), spaceBefore=2, spaceAfter=3),
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


def table_style(*commands: Any) -> Any:
    """A TableStyle whose cells default to the body font (ReportLab's default is Helvetica)."""
    from reportlab.platypus import TableStyle

    fonts.register()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), *commands])
