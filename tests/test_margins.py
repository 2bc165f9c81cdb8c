"""Every mark on every page stays at least 0.4 in from every edge, where many printers clip:
text, rules, borders, tinted bands, pictures, form boxes, page numbers and packet stamps.

Each page is rendered with pdfium (form boxes drawn) and every pixel that is not white
counts, pale fills included; a mark's anti-aliased edge may reach one pixel further.
"""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest

from handouts import api
from handouts.context import BuildContext

EDGE = 0.4 * 72  # points
SCALE = 4  # pixels a point
AA = 1 / SCALE  # one pixel of anti-aliasing, in points
LONG_NAME = "Maria-Fernanda Santos-Oliveira de la Cruz"


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    return BuildContext.load(today=lambda: dt.date(2026, 3, 4))


DOCUMENTS = {
    "handout": lambda c: api.handout(c, patient=LONG_NAME, clinician="Sam Lee, PT", date="2026-03-02"),
    "handout a4": lambda c: api.handout(c, stretches=["figure-four", "cat-cow"], page_size="a4"),
    "large print": lambda c: api.handout(c, patient=LONG_NAME, large_print=True),
    "tracker": lambda c: api.tracker(c, patient=LONG_NAME, weeks=2),
    "large-print tracker": lambda c: api.tracker(c, patient="Ana Ruiz", weeks=1, large_print=True),
    "detail": lambda c: api.detail(c, stretch="figure-four", patient="Ana Ruiz"),
    "education": lambda c: api.education(c),
    "packet (cover, education, handout, tracker, stamps)": lambda c: api.packet(c, patient=LONG_NAME),
    "large-print packet": lambda c: api.packet(c, patient="Ana Ruiz", large_print=True),
    "packet a4": lambda c: api.packet(c, spec="patient", patient="Ana Ruiz", page_size="a4"),
}


def closest_ink(data: bytes) -> list[tuple[float, float, float, float]]:
    """Per page, the distance in points from the top, right, bottom and left edge to the
    nearest pixel that is not white."""
    out = []
    pdf = pdfium.PdfDocument(data)
    try:
        for page in pdf:
            img = page.render(scale=SCALE, may_draw_forms=True).to_pil().convert("L")
            w, h = img.size
            box = img.point(lambda v: 255 if v < 250 else 0).getbbox()
            assert box is not None, "a blank page"
            out.append((box[1] / SCALE, (w - box[2]) / SCALE, (h - box[3]) / SCALE, box[0] / SCALE))
    finally:
        pdf.close()
    return out


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_every_mark_is_at_least_0_4_in_from_every_edge(ctx, kind):
    pages = closest_ink(DOCUMENTS[kind](ctx).pdf)
    for number, sides in enumerate(pages, start=1):
        for side, gap in zip(("top", "right", "bottom", "left"), sides, strict=True):
            assert gap >= EDGE - AA, f"{kind}, page {number}: a mark {gap / 72:.3f} in from the {side}"


def test_the_check_catches_a_mark_too_near_the_edge():
    """The measure itself: a line 0.39 in from the left edge is found, one at 0.41 in is not."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    def page(x: float) -> bytes:
        buf = BytesIO()
        canv = Canvas(buf, pagesize=(612, 792))
        canv.setLineWidth(0.5)
        canv.line(x, 300, x, 400)
        canv.save()
        return buf.getvalue()

    assert closest_ink(page(0.39 * 72))[0][3] < EDGE - AA
    assert closest_ink(page(0.41 * 72))[0][3] >= EDGE - AA
