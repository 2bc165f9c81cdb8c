"""The one-page handout, read back from the PDF: pages, words, fonts, structure, bytes."""

from __future__ import annotations

import pytest
from conftest import DAY
from pdfread import font_sizes, fonts_of, page_texts, qpdf_check, reader, words
from test_dose import dose_line

from handouts.content.clinic import load_clinic
from handouts.content.library import content_folders, load_library
from handouts.content.select import select
from handouts.content.sides import for_side
from handouts.errors import LayoutError
from handouts.layout.handout import HandoutSpec, build_handout
from handouts.layout.sheet import SheetHeader

FIGURE_LABELS = ("Cat", "Cow")  # words inside a drawing, not body text


def make(lib, *stretches, routine=None, caches=None, **header):
    sel = select(lib, routine, list(stretches))
    return build_handout(lib, HandoutSpec(sel, SheetHeader(**header)), caches)


def test_default_handout_is_one_page_with_every_stretch(lib, tmp_path):
    data = make(lib, routine="lower-back-hip", date=DAY)
    texts = page_texts(data)
    assert len(texts) == 1
    text = words(texts[0])
    for s in lib.stretches.values():
        assert s.name in text
        assert dose_line(s) in text
        for step in for_side(s, None).steps:
            assert words(step) in text
    assert "2 March 2026" in text
    path = tmp_path / "h.pdf"
    path.write_bytes(data)
    ok, out = qpdf_check(path)
    assert ok, out


def test_chosen_stretches_only_in_given_order(lib):
    data = make(lib, "supine-hamstring", "cat-cow")
    text = words(page_texts(data)[0])
    hamstring, cat = lib.stretches["supine-hamstring"], lib.stretches["cat-cow"]
    assert text.index(hamstring.name) < text.index(cat.name)
    for other in ("kneeling-hip-flexor", "figure-four", "knee-to-chest", "seated-spinal-twist"):
        s = lib.stretches[other]
        assert s.name not in text
        assert words(for_side(s, None).steps[0]) not in text


def test_precautions_general_always_and_tied_only_when_chosen(lib):
    tied = {p.id: p for p in lib.precautions.values() if p.stretches}
    general = [p for p in lib.precautions.values() if not p.stretches]
    chosen = {"cat-cow", "seated-spinal-twist"}
    text = words(page_texts(make(lib, *chosen))[0])
    for p in general:
        assert words(p.short or p.text) in text
    for p in tied.values():
        assert (words(p.short or p.text) in text) == bool(chosen & set(p.stretches))


def test_font_is_atkinson_embedded_and_body_at_least_12pt_for_four(lib):
    data = make(lib, "kneeling-hip-flexor", "figure-four", "cat-cow", "knee-to-chest")
    used = fonts_of(data)
    assert used and all("AtkinsonHyperlegible" in name or "Atkinson" in name for name in used)
    assert all(used.values())
    sizes = font_sizes(data, skip=FIGURE_LABELS)
    body = [s for s in sizes if s < 12]
    # Only the footer line may be smaller than 12 pt, and it is 10 pt.
    assert set(body) <= {10.0}
    assert len(page_texts(data)) == 1


def test_six_stretches_shrink_but_never_below_10pt(lib):
    sizes = font_sizes(make(lib, routine="lower-back-hip"), skip=FIGURE_LABELS)
    assert min(s for s in sizes if s != 9.0) >= 10.0


def test_markup_characters_print_literally(fixtures):
    lib = load_library(content_folders([fixtures / "content-markup-in-steps"]))
    data = build_handout(lib, HandoutSpec(select(lib, "calf-only")))
    assert "Step back <b>1 foot</b> & keep heels < toes > 0." in words(page_texts(data)[0])


def test_too_much_for_one_page_fails_saying_how_far_over(lib, tmp_path):
    long_steps = "\n".join(f"      - Step {i} is a long step with many words in it to fill lines "
                           "on the page so the sheet runs out of room." for i in range(70))
    (tmp_path / "long.yaml").write_text(
        "stretches:\n  - id: long-one\n    name: Long one\n    kind: static\n"
        "    targets: [glutes]\n    position: Lie down.\n    steps:\n" + long_steps + "\n"
        "    avoid: [Pain.]\n    sides: false\n    dose: {hold_seconds: 30, sets: 2}\n",
        encoding="utf-8",
    )
    big = load_library(content_folders([tmp_path]))
    with pytest.raises(LayoutError, match=r"longer than one page.*fewer stretches"):
        make(big, "long-one", "cat-cow")


def test_missing_glyph_fails_clearly(lib, tmp_path):
    (tmp_path / "s.yaml").write_text(
        "stretches:\n  - id: odd\n    name: Odd \u4e2d stretch\n    kind: static\n"
        "    targets: [glutes]\n    position: Lie down.\n    steps: [Breathe.]\n"
        "    avoid: [Pain.]\n    sides: false\n    dose: {hold_seconds: 30, sets: 2}\n",
        encoding="utf-8",
    )
    odd = load_library(content_folders([tmp_path]))
    with pytest.raises(LayoutError, match="U\\+4E2D"):
        make(odd, "odd")


def test_same_input_same_bytes_and_metadata(lib, fixtures):
    clinic = load_clinic(fixtures / "clinic" / "clinic.yaml")
    a = make(lib, routine="lower-back-hip", date=DAY, patient="Ana", clinic=clinic)
    b = make(lib, routine="lower-back-hip", date=DAY, patient="Ana", clinic=clinic)
    assert a == b
    meta = reader(a).metadata
    assert meta.author == "Riverside Physical Therapy & Rehab"
    assert "Lower back and hip" in meta.title
    assert "Cat-cow" in meta.subject or "cat" in meta.subject.lower()
    root = reader(a).trailer["/Root"]
    assert root["/Lang"] == "en"
    text = words(page_texts(a)[0])
    assert "Riverside Physical Therapy & Rehab" in text and "555-0142" in text
    assert "Ana" in text


def test_a4_page_size(lib):
    sel = select(lib, "lower-back-hip")
    data = build_handout(lib, HandoutSpec(sel, page_size="a4"))
    box = reader(data).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_measurement_cache_never_changes_the_result(lib):
    from handouts.context import Caches

    long_name = "Maria Fernanda Gonzalez-Rodriguez de la Torre y Villanueva"
    shared = Caches()
    make(lib, routine="lower-back-hip", patient="Al", caches=shared)
    assert len(shared.heights) > 0  # the first handout's heights are kept for the next
    after_other = make(lib, routine="lower-back-hip", patient=long_name, clinician="Dr. Ng",
                       caches=shared)
    alone = make(lib, routine="lower-back-hip", patient=long_name, clinician="Dr. Ng",
                 caches=Caches())
    assert after_other == alone
    assert len(page_texts(alone)) == 1
    assert long_name in words(page_texts(alone)[0])


@pytest.mark.parametrize("stretches,large", [
    (None, False),  # six stretches: the tightest fit level, text split beside pictures
    (["figure-four", "cat-cow", "knee-to-chest"], False),  # roomy: tips shown
    (["cat-cow"], False),  # one stretch chosen by id: the detail sheet
    (None, True),  # large print over several pages
])
def test_cached_paragraphs_give_the_same_bytes_as_plain_ones(lib, monkeypatch, stretches, large):
    from reportlab.platypus import Paragraph

    from handouts.layout.flowables import CachedParagraph

    sel = select(lib, None if stretches else "lower-back-hip", stretches or [])
    spec = HandoutSpec(sel, SheetHeader(patient="Ana Ruiz", date=DAY), large_print=large)
    cached = build_handout(lib, spec)
    monkeypatch.setattr(CachedParagraph, "wrap", Paragraph.wrap)
    monkeypatch.delattr(CachedParagraph, "deepcopy")
    assert build_handout(lib, spec) == cached


def test_a_number_ending_a_sentence_never_starts_a_line():
    """'Your legs make the shape of a 4.' must not wrap so that '4.' begins a line: there it
    reads as the next numbered step. At every width the number stays with the word before."""
    from handouts.layout import styles
    from handouts.layout.blocks import Texts

    step = "Cross your left ankle over your right knee. Your legs make the shape of a 4."
    style = styles.styles(styles.Look())["numbered"]
    starts = set()
    for width in range(60, 400, 3):
        para = Texts().para(step, style)
        para.wrap(width, 1000)
        lines = [" ".join(str(w) for w in line[1]) for line in para.blPara.lines]
        starts.update(line.split()[0] for line in lines[1:])
        assert lines[-1].endswith("a\u00a04."), (width, lines)
    assert "4." not in starts and "a" in starts  # "a 4." moved down together at some width


def test_dose_band_leaves_the_line_above_whole(lib, monkeypatch):
    """At the tightest spacing the dose band reaches up into the descenders of the step above
    it ('g' of "right arm high."): they must print whole, as dark as with no band at all."""
    import pypdfium2 as pdfium
    from pdfread import text_box

    from handouts.context import Caches
    from handouts.layout import styles

    def dark_above_dose(data: bytes) -> int:
        left, bottom, right, top = text_box(data, 0, "Hold")  # the first stretch's dose
        pdf = pdfium.PdfDocument(data)
        try:
            scale = 400 / 72
            image = pdf[0].render(scale=scale).to_pil().convert("L")
            h = pdf[0].get_size()[1]
            # 1.5 to 4 pt above the dose's capitals: the band's top edge, and the descenders
            # of the line above reaching down into it.
            box = (int(left * scale), int((h - top - 4) * scale), int(595 * scale),
                   int((h - top - 1.5) * scale))
            return sum(image.crop(box).histogram()[:100])
        finally:
            pdf.close()

    banded = dark_above_dose(make(lib, routine="lower-back-hip", caches=Caches()))
    monkeypatch.setattr(styles, "DOSE_FILL", "transparent")  # the same page with no band
    bare = dark_above_dose(make(lib, routine="lower-back-hip", caches=Caches()))
    assert bare > 100  # there are descenders there to lose
    assert banded >= bare * 0.9, (banded, bare)
