"""The floor: the default handout page drawn by a minimal hand-written ReportLab script."""

from __future__ import annotations

from functools import cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from page import BODY, LEADING, PICTURE_H, PICTURE_W, Page
from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Group, Rect
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Spacer, Table, TableStyle

from handouts.layout import fonts, styles

PAGE_W, PAGE_H = styles.PAGE_SIZES["letter"]
M = styles.MARGIN
WIDTH = PAGE_W - 2 * M
FOOTER_SIZE = 9.0


@cache
def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=BODY, leading=LEADING)
    return {
        "body": body,
        "title": ParagraphStyle("title", body, fontName=fonts.BOLD, fontSize=18, leading=20.7,
                                textColor=styles.ACCENT),
        "h2": ParagraphStyle("h2", body, fontName=fonts.BOLD, fontSize=BODY * 1.2, leading=BODY * 1.38,
                             textColor=styles.ACCENT),
        "label": ParagraphStyle("label", body, fontName=fonts.BOLD),
        "bullet": ParagraphStyle("bullet", body, leftIndent=BODY * 0.8, firstLineIndent=-BODY * 0.8),
        "numbered": ParagraphStyle("numbered", body, leftIndent=BODY * 1.3, bulletFontName=fonts.BOLD),
    }


def _framed(figure: Any) -> Drawing:
    """The posed figure centred in a rounded frame, like the handout's picture box."""
    box = Drawing(PICTURE_W, PICTURE_H)
    box.add(Rect(0, 0, PICTURE_W, PICTURE_H, rx=4, ry=4, strokeColor=HexColor(styles.FRAME),
                 strokeWidth=0.75, fillColor=None))
    box.add(Group(*figure.contents, transform=(1, 0, 0, 1, 3, 3)))
    return box


def _table(rows: list[list[Any]], widths: list[float], *commands: Any) -> Table:
    t = Table(rows, colWidths=widths)
    t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                           ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"), *commands]))
    return t


def _story(page: Page, figures: dict[str, Any]) -> list[Any]:
    st = _styles()
    people = [Paragraph(label, st["label"]) if i % 2 == 0 else "" for i, label in
              enumerate(("Name:", "", "Clinician:", "", "Date:", ""))]
    blank = (WIDTH - BODY * 13.8) / 3
    out: list[Any] = [
        Paragraph(escape(page.title), st["title"]),
        _table([people], [BODY * 4, blank, BODY * 6.2, blank, BODY * 3.6, blank],
               *[("LINEBELOW", (c, 0), (c, 0), 0.8, styles.INK) for c in (1, 3, 5)]),
        Paragraph(escape(page.intro), st["body"]),
        Spacer(1, 2),
    ]
    bullets = [Paragraph(f"\u2022\u00a0<b>{escape(t)}</b>" if bold else f"\u2022\u00a0{escape(t)}",
                         st["bullet"]) for t, bold in page.precautions]
    half = (len(bullets) + 1) // 2
    head = Paragraph(f"<font color='{styles.SAFETY_BORDER}' size='11'>{escape(page.safety_title)}"
                     f"</font>\u2003{escape(page.safety_call)}", st["label"])
    cols = _table([[bullets[:half], bullets[half:]]], [(WIDTH - 16) / 2] * 2)
    out += [_table([[[head, cols]]], [WIDTH], ("BOX", (0, 0), (-1, -1), 2, styles.SAFETY_BORDER),
                   ("BACKGROUND", (0, 0), (-1, -1), styles.SAFETY_FILL),
                   ("LEFTPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)),
            Spacer(1, 2)]
    for b in page.blocks:
        text = [Paragraph(f"{escape(b.name)} <font name='{fonts.REGULAR}' size='{BODY:g}'>"
                          f"{escape(b.targets)}</font>", st["h2"]),
                Paragraph(f"<b>Start:</b> {escape(b.position)}", st["body"]),
                *[Paragraph(f"<bullet>{i}.</bullet>{escape(step)}", st["numbered"])
                  for i, step in enumerate(b.steps, 1)],
                Paragraph(f"<font backColor='{styles.DOSE_FILL}'><b>\u00a0{escape(b.dose)}\u00a0</b>"
                          f"</font>\u2003<b>Avoid:</b> {escape(b.avoid)}", st["body"])]
        out.append(_table([[_framed(figures[b.figure]), text]], [PICTURE_W + 10, WIDTH - PICTURE_W - 10],
                          ("LINEABOVE", (0, 0), (-1, 0), 0.75, styles.FRAME),
                          ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)))
    return out


def build_floor(page: Page, figures: dict[str, Any]) -> bytes:
    """One letter page: the story in a single frame, the footer drawn straight on the canvas."""
    rl_config.useA85 = 0  # binary streams, as the package writes them
    fonts.register()
    buf = BytesIO()
    canv = Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, initialFontName=fonts.REGULAR)
    canv.setTitle(page.title)
    bottom = M + FOOTER_SIZE * 1.2 + 4
    frame = Frame(M, bottom, WIDTH, PAGE_H - M - bottom, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    story = _story(page, figures)
    frame.addFromList(story, canv)
    if story:
        raise RuntimeError(f"the floor page overflows: {len(story)} flowables left over")
    canv.setFont(fonts.REGULAR, FOOTER_SIZE)
    canv.setFillColor(HexColor(styles.MUTED))
    canv.drawString(M, M, page.footer)
    canv.showPage()
    canv.save()
    return buf.getvalue()


def build_floor_cold(page: Page, lib: Any) -> bytes:
    """The floor as a script run once must do it: pose its figures, then draw the page."""
    from page import posed_figures

    return build_floor(page, posed_figures(lib, page))


def stamp_floor(packet: bytes, name: str) -> bytes:
    """The floor of a shared-plan packet: open a packet built before, stamp a name, save.

    The name goes on every page where the sheet has its people line; the file is saved
    the way the package saves packets (object streams, content-derived /ID).
    """
    import pikepdf

    from handouts.pdf.write import save_packed

    buf = BytesIO()
    canv = Canvas(buf, invariant=1, initialFontName=fonts.REGULAR)
    canv.setFont(fonts.REGULAR, BODY)
    canv.drawString(M + BODY * 4, PAGE_H - M - 40, name)
    canv.showPage()
    canv.save()
    with pikepdf.open(BytesIO(packet)) as pdf, pikepdf.open(BytesIO(buf.getvalue())) as stamp:
        for page in pdf.pages[:3]:  # cover, handout, first tracker week
            page.add_overlay(stamp.pages[0])
        return bytes(save_packed(pdf))


def main() -> None:
    """A fresh process drawing the floor page: `python floor.py WORDS.pickle OUT.pdf`.

    The words and posed figures come from a pickle the bench writes once, so this process
    pays only for starting Python, importing ReportLab, loading the fonts and drawing.
    """
    import pickle
    import sys
    from pathlib import Path

    with open(sys.argv[1], "rb") as fh:
        page, figures = pickle.load(fh)
    Path(sys.argv[2]).write_bytes(build_floor(page, figures))


if __name__ == "__main__":
    main()
