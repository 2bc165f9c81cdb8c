"""The education pages, read back from the PDF: which sections, in what order, on which pages."""

from __future__ import annotations

import pytest
from pdfread import font_sizes, fonts_of, page_texts, reader, words

from handouts.content.library import content_folders, load_library
from handouts.content.packet_spec import SectionName
from handouts.errors import LayoutError, SelectionError
from handouts.layout.education import EDUCATION_SECTIONS, build_education
from handouts.layout.styles import large_print


def section_texts(lib):
    """For each section name: its title and one sentence from its body."""
    sec = lib.sections
    muscle = next(iter(lib.muscles.values()))
    principle = next(iter(lib.principles.values()))
    precaution = next(iter(lib.precautions.values()))
    faq = next(iter(lib.faqs.values()))
    return {
        "connection": (sec["lower-back-hip-connection"].title,
                       sec["lower-back-hip-connection"].paragraphs[0]),
        "muscles": ("The muscles that matter", muscle.when_tight),
        "principles": ("How to stretch safely and well", principle.text),
        "when": (sec["when-to-stretch"].title, sec["when-to-stretch"].bullets[0]),
        "habit": (sec["make-it-a-habit"].title, sec["make-it-a-habit"].paragraphs[-1]),
        "precautions": ("Stay safe", precaution.text),
        "takeaways": (sec["key-takeaways"].title, sec["key-takeaways"].bullets[-1]),
        "faq": ("Questions people often ask", faq.answer),
    }


def test_section_names_match_the_spec_schema():
    assert SectionName.__args__ == EDUCATION_SECTIONS


def test_every_section_in_default_order_with_page_of_each_title(lib):
    data, marks = build_education(lib)
    pages = [words(t) for t in page_texts(data)]
    text = " ".join(pages)
    expected = section_texts(lib)
    positions = []
    for name in EDUCATION_SECTIONS:
        title, body = expected[name]
        positions.append(text.index(title))
        assert words(body) in text
        assert text.index(title) < text.index(words(body))
    assert positions == sorted(positions)
    assert [t for t, _ in marks] == [expected[n][0] for n in EDUCATION_SECTIONS]
    assert len(pages) >= 3
    for title, index in marks:
        # The heading is on the page reported, and on no page before it.
        assert title in pages[index], (title, index)
        assert not any(title in p for p in pages[:index]), title
    assert marks[-1][1] > 0


def test_muscles_principles_precautions_and_faq_are_complete(lib):
    data, _ = build_education(lib, ["muscles", "principles", "precautions", "faq"])
    text = words(" ".join(page_texts(data)))
    for m in lib.muscles.values():
        for part in (m.name, m.plain_name, m.where, m.does, m.when_tight):
            assert words(part) in text
    # Latin names of a muscle's parts are not on patient pages.
    assert not any(w in text.lower() for w in ("psoas", "iliacus", "femoris", "gluteus"))
    for p in lib.principles.values():
        assert p.title in text and words(p.text) in text
    for p in lib.precautions.values():
        assert p.title in text and words(p.text) in text
    for f in lib.faqs.values():
        assert words(f.question) in text and words(f.answer) in text


def test_chosen_sections_only_in_the_order_given(lib):
    data, marks = build_education(lib, ["faq", "connection"])
    text = words(" ".join(page_texts(data)))
    expected = section_texts(lib)
    assert [t for t, _ in marks] == [expected["faq"][0], expected["connection"][0]]
    assert text.index(expected["faq"][0]) < text.index(expected["connection"][0])
    for name in ("muscles", "principles", "when", "habit", "precautions", "takeaways"):
        title, body = expected[name]
        assert title not in text
        assert words(body) not in text


def test_unknown_section_fails_naming_the_known_ones(lib):
    with pytest.raises(SelectionError, match=r"unknown education section 'gossip'.*connection, muscles"):
        build_education(lib, ["connection", "gossip"])


def drawn_fonts(data):
    """Base fonts of the text actually drawn (a page may list an unused initial font)."""
    used = set()

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_dict:
            used.add(str(font_dict["/BaseFont"]))

    for page in reader(data).pages:
        page.extract_text(visitor_text=visit)
    return used


def test_font_body_at_least_12pt_and_large_print_at_18(lib):
    data, _ = build_education(lib, ["muscles"])
    used = drawn_fonts(data)
    assert used and all("AtkinsonHyperlegible" in name for name in used)
    assert all(fonts_of(data)[name] for name in used)  # embedded
    assert min(font_sizes(data)) >= 12.0
    big, marks = build_education(lib, ["muscles"], look=large_print())
    assert min(font_sizes(big)) >= 18.0
    assert len(reader(big).pages) > len(reader(data).pages)


def test_same_input_same_bytes_and_metadata(lib):
    a, _ = build_education(lib, page_size="a4")
    b, _ = build_education(lib, page_size="a4")
    assert a == b
    r = reader(a)
    assert r.metadata.title == "Understanding your low back and hips"
    assert r.trailer["/Root"]["/Lang"] == "en"
    box = r.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_markup_in_content_prints_literally(tmp_path):
    (tmp_path / "faqs.yaml").write_text(
        "faqs:\n  - id: why-stretch\n    question: Is <b>this</b> bold & safe?\n"
        "    answer: Only if 3 < 5 > 2.\n", encoding="utf-8")
    lib = load_library(content_folders([tmp_path]))
    data, _ = build_education(lib, ["faq"])
    text = words(" ".join(page_texts(data)))
    assert "Is <b>this</b> bold & safe?" in text
    assert "Only if 3 < 5 > 2." in text


def test_missing_glyph_fails_clearly(tmp_path):
    (tmp_path / "faqs.yaml").write_text(
        "faqs:\n  - id: why-stretch\n    question: Why \u4e2d?\n    answer: Because.\n",
        encoding="utf-8")
    lib = load_library(content_folders([tmp_path]))
    with pytest.raises(LayoutError, match="U\\+4E2D"):
        build_education(lib, ["faq"])
