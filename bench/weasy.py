"""The default handout page as simple HTML and CSS with inline SVG figures, for WeasyPrint."""

from __future__ import annotations

from html import escape
from typing import Any

from page import BODY, LEADING, PICTURE_H, PICTURE_W, Page

from handouts.layout import fonts, styles

# Not named html.py: this folder is first on sys.path when run.py runs, and a module of that
# name would hide the standard library's html package from ReportLab and WeasyPrint.


def figure_svgs(figures: dict[str, Any]) -> dict[str, str]:
    """Each posed figure as an SVG element (ReportLab's own SVG renderer), XML prolog dropped."""
    from reportlab.graphics import renderSVG

    out = {}
    for fid, drawing in figures.items():
        text = renderSVG.drawToString(drawing)
        out[fid] = text[text.index("<svg"):]
    return out


def _css() -> str:
    folder = fonts.font_dir().as_uri()
    return f"""
@font-face {{ font-family: Atkinson; src: url({folder}/AtkinsonHyperlegible-Regular.ttf); }}
@font-face {{ font-family: Atkinson; font-weight: bold;
              src: url({folder}/AtkinsonHyperlegible-Bold.ttf); }}
@font-face {{ font-family: Atkinson-Bold; src: url({folder}/AtkinsonHyperlegible-Bold.ttf); }}
@page {{ size: letter; margin: {styles.MARGIN}pt; }}
body {{ font-family: Atkinson; font-size: {BODY}pt; line-height: {LEADING}pt; margin: 0; }}
p {{ margin: 0; }}
h1 {{ font-size: 18pt; line-height: 20.7pt; color: {styles.ACCENT}; margin: 0; }}
.people {{ display: flex; gap: 6pt; font-weight: bold; margin: 2pt 0; }}
.people span {{ flex: 1; border-bottom: 0.8pt solid {styles.INK}; }}
.safety {{ border: 2pt solid {styles.SAFETY_BORDER}; background: {styles.SAFETY_FILL};
           padding: 2pt 8pt 3pt; margin: 2pt 0; }}
.safety b.head {{ color: {styles.SAFETY_BORDER}; font-size: 11pt; }}
.safety ul {{ columns: 2; column-gap: 16pt; margin: 0; padding: 0 0 0 {BODY * 0.8}pt; }}
.stretch {{ border-top: 0.75pt solid {styles.FRAME}; padding: 3pt 0 2pt; display: flex; gap: 10pt; }}
.stretch .pic svg {{ width: 100%; height: 100%; }}
.stretch .pic {{ flex: none; width: {PICTURE_W - 6}pt; height: {PICTURE_H - 6}pt; padding: 3pt;
                 border: 0.75pt solid {styles.FRAME}; border-radius: 4pt; }}
.stretch h2 {{ font-size: {BODY * 1.2}pt; line-height: {BODY * 1.38}pt; color: {styles.ACCENT};
               margin: 0; }}
.stretch h2 span {{ font-size: {BODY}pt; font-weight: normal; }}
.stretch ol {{ margin: 0; padding-left: {BODY * 1.3}pt; }}
.stretch ol li::marker {{ font-weight: bold; }}
.dose {{ background: {styles.DOSE_FILL}; font-weight: bold; }}
footer {{ position: fixed; bottom: 0; font-size: 9pt; color: {styles.MUTED}; }}
"""


def page_html(page: Page, svgs: dict[str, str]) -> str:
    """One HTML document with the handout's text, styles and figures."""
    items = "".join(f"<li>{'<b>' if bold else ''}{escape(t)}{'</b>' if bold else ''}</li>"
                    for t, bold in page.precautions)
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(page.title)}</title>"
        f"<style>{_css()}</style></head><body>",
        f"<h1>{escape(page.title)}</h1>",
        "<div class='people'>Name:<span></span>Clinician:<span></span>Date:<span></span></div>",
        f"<p>{escape(page.intro)}</p>",
        f"<div class='safety'><b class='head'>{escape(page.safety_title)}</b>\u2003"
        f"<b>{escape(page.safety_call)}</b><ul>{items}</ul></div>",
    ]
    for b in page.blocks:
        steps = "".join(f"<li>{escape(s)}</li>" for s in b.steps)
        parts.append(
            f"<div class='stretch'><div class='pic'>{svgs[b.figure]}</div>"
            f"<div class='text'><h2>{escape(b.name)} <span>{escape(b.targets)}</span></h2>"
            f"<p><b>Start:</b> {escape(b.position)}</p><ol>{steps}</ol>"
            f"<p><span class='dose'>\u00a0{escape(b.dose)}\u00a0</span>\u2003"
            f"<b>Avoid:</b> {escape(b.avoid)}</p></div></div>"
        )
    parts.append(f"<footer>{escape(page.footer)}</footer></body></html>")
    return "".join(parts)


def render_pdf(html: str) -> bytes:
    """Render with WeasyPrint (imported here: it is optional and needs Pango)."""
    from weasyprint import HTML

    data: bytes = HTML(string=html).write_pdf()
    return data
