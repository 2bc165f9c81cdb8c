"""The weekly tracker, read back from the PDF: pages, words, form fields, pixels and bytes."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from conftest import DAY
from pdfread import font_sizes, page_texts, qpdf_check, reader, words
from test_dose import dose_line

from handouts.content.clinic import load_clinic
from handouts.content.dose import boxes_per_day
from handouts.content.model import Dose
from handouts.content.select import select
from handouts.errors import LayoutError
from handouts.layout import styles
from handouts.layout.sheet import Override, SheetHeader
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.layout.trackform import MONTHS, FieldName, Plan, day_label, field_name
from handouts.wording.dates import long_date
from handouts.wording.text import Wording

SIX = "lower-back-hip"


def make(lib, *stretches, routine=None, **kw):
    sel = select(lib, routine, list(stretches))
    return build_tracker(lib, TrackerSpec(sel, kw.pop("start", DAY), **kw))


def widgets(data, index):
    """(name, field type, rect, annotation flags) of every form widget on one page."""
    page = reader(data).pages[index]
    out = []
    for ref in page.get("/Annots") or []:
        a = ref.get_object()
        if a.get("/Subtype") == "/Widget":
            out.append((str(a["/T"]), str(a["/FT"]), [float(v) for v in a["/Rect"]],
                        int(a.get("/F", 0))))
    return out


def test_one_landscape_page_a_week_with_dates_names_doses_and_stop_line(lib, fixtures):
    clinic = load_clinic(fixtures / "clinic" / "clinic.yaml")
    data = make(lib, routine=SIX, weeks=3, header=SheetHeader(patient="Ana Ruiz", clinic=clinic))
    r = reader(data)
    assert len(r.pages) == 3
    texts = [words(t) for t in page_texts(data)]
    for i, (page, text) in enumerate(zip(r.pages, texts, strict=True)):
        assert float(page.mediabox.width) > float(page.mediabox.height)
        first = DAY + dt.timedelta(days=7 * i)
        last = first + dt.timedelta(days=6)
        assert f"Week of {long_date(first, Wording())} to {long_date(last, Wording())}" in text
        for d in range(7):
            assert day_label(first + dt.timedelta(days=d)) in text
        # Only this week's dates: the day after the week is not on the page.
        assert day_label(first + dt.timedelta(days=7)) not in text
        assert f"Week {i + 1} of 3" in text
        for s in lib.stretches.values():
            assert s.name in text
            assert dose_line(s) in text
        assert ("Stop and call Riverside Physical Therapy & Rehab at 555-0142 if you feel sharp, "
                "shooting pain or pain that spreads down your leg.") in text
        assert "Ana Ruiz" in text and "Pain today (0 = no pain, 10 = worst pain)" in text
        assert "Questions for my next visit" in text


def test_week_crossing_the_year_names_both_years(lib):
    text = words(page_texts(make(lib, "cat-cow", start=dt.date(2025, 12, 29)))[0])
    assert "Week of 29 December 2025 to 4 January 2026" in text
    assert "Thu 1 Jan" in text


def test_fields_unique_and_one_box_per_set_per_day(lib):
    data = make(lib, routine=SIX, weeks=2)
    sets = sum(boxes_per_day(lib.stretches[s].dose) for s in lib.routines[SIX].stretches)
    all_names = []
    for index in range(2):
        w = widgets(data, index)
        all_names += [n for n, *_ in w]
        boxes = [FieldName.parse(n) for n, ft, *_ in w if ft == "/Btn"]
        assert len(boxes) == sets * 7 == 17 * 7
        assert all(b is not None and b.kind == "set" and b.week == index + 1 for b in boxes)
        kinds = Counter(f.kind for n, *_ in w if (f := FieldName.parse(n)))
        assert kinds["pain"] == kinds["notes"] == 7 and kinds["questions"] == 1
    assert len(all_names) == len(set(all_names))
    assert set(reader(data).get_fields()) == set(all_names)


def test_field_names_are_structured_and_round_trip():
    name = field_name("t2", 3, 5, "figure-four", 2)
    assert name == "t2_w3_d5_figure-four_s2"
    f = FieldName.parse(name)
    assert f == FieldName("t2", "set", 3, 5, "figure-four", 2)
    # A stretch called "pain" cannot be taken for the pain field of the day.
    assert FieldName.parse("t1_w1_d1_pain_s1") == FieldName("t1", "set", 1, 1, "pain", 1)
    assert FieldName.parse("t1_w1_d1_pain") == FieldName("t1", "pain", 1, 1)
    for other in ("Name", "t1.w1.d1", "t1_w1_d8_cat-cow_s1", "t1_w0_questions", "AFF000"):
        assert FieldName.parse(other) is None
    for f in (FieldName("t1", "plan"), FieldName("a9", "questions", 12), FieldName("t1", "notes", 2, 7)):
        assert FieldName.parse(f.format()) == f


def test_override_with_one_set_gives_seven_boxes_in_that_row(lib):
    ov = {"figure-four": Override(dose=Dose(hold_seconds=30, sets=1))}
    data = make(lib, routine=SIX, overrides=ov)
    per_stretch = Counter(f.stretch for n, ft, *_ in widgets(data, 0)
                          if ft == "/Btn" and (f := FieldName.parse(n)))
    assert per_stretch["figure-four"] == 7
    assert per_stretch["cat-cow"] == 14 and per_stretch["kneeling-hip-flexor"] == 21
    assert ("Hold 30 seconds. Do 1 hold on each side, right side first, then switch. Once a day."
            in words(page_texts(data)[0]))


def test_several_sessions_a_day_give_a_line_of_boxes_each(lib):
    ov = {"figure-four": Override(dose=Dose(hold_seconds=30, sets=3, times_per_day=2))}
    data = make(lib, "figure-four", "cat-cow", overrides=ov)
    rects = [rect for n, ft, rect, _ in widgets(data, 0)
             if (f := FieldName.parse(n)) and f.kind == "set" and f.day == 1 and f.stretch == "figure-four"]
    assert len(rects) == 6
    assert len({round(r[1]) for r in rects}) == 2  # two lines of three
    assert len({round(r[0]) for r in rects}) == 3


def test_plan_field_is_hidden_and_holds_dates_and_names(lib):
    data = make(lib, "cat-cow", "figure-four", weeks=4, field_prefix="t7")
    plan_widgets = [(n, flags) for n, _, _, flags in widgets(data, 0) if n == "t7_plan"]
    assert plan_widgets and plan_widgets[0][1] & 2  # the hidden flag
    plan = Plan.from_json(str(reader(data).get_fields()["t7_plan"]["/V"]))
    assert plan.start == DAY and plan.weeks == 4
    assert [(s.id, s.name, s.per_day) for s in plan.stretches] == [
        ("cat-cow", "Cat-cow stretch", 2), ("figure-four", "Figure-four stretch", 3)]


def test_same_input_same_bytes(lib):
    assert make(lib, routine=SIX, weeks=2) == make(lib, routine=SIX, weeks=2)


def test_qpdf_check_passes(lib, tmp_path):
    path = tmp_path / "t.pdf"
    path.write_bytes(make(lib, routine=SIX, weeks=2, page_size="a4"))
    ok, out = qpdf_check(path)
    assert ok, out


def test_boxes_are_printed_dark_where_the_fields_are(lib):
    import pypdfium2 as pdfium

    data = make(lib, routine=SIX, weeks=2)
    scale = 2.0
    pdf = pdfium.PdfDocument(data)
    pdf.init_forms()
    try:
        for index in range(2):
            page = pdf[index]
            height = page.get_height()
            img = page.render(scale=scale, may_draw_forms=True).to_pil().convert("L")
            boxes = [rect for n, ft, rect, _ in widgets(data, index) if ft == "/Btn"]
            assert boxes
            for x0, y0, x1, y1 in boxes:
                assert x1 - x0 >= 14 and y1 - y0 >= 14
                # The left edge of the box, sampled down its middle half: dark ink.
                px = round((x0 + 0.6) * scale)
                edge = [img.getpixel((px, round((height - y) * scale)))
                        for y in (y0 + (y1 - y0) * f for f in (0.3, 0.5, 0.7))]
                assert max(edge) < 110, (x0, y0, edge)
                # Inside an unticked box: white.
                mid = img.getpixel((round((x0 + x1) / 2 * scale), round((height - (y0 + y1) / 2) * scale)))
                assert mid > 230
    finally:
        pdf.close()


def test_text_at_least_12pt_normally_and_never_below_10(lib):
    sizes = font_sizes(make(lib, routine=SIX))
    assert min(sizes) >= 12
    big = {"figure-four": Override(dose=Dose(hold_seconds=30, sets=4, times_per_day=2))}
    sizes = font_sizes(make(lib, routine=SIX, overrides=big, look=styles.large_print()))
    assert min(sizes) >= 10


def test_large_print_keeps_18pt_when_there_is_room(lib):
    sizes = font_sizes(make(lib, "cat-cow", look=styles.large_print()))
    assert min(sizes) >= 18


def test_too_many_boxes_is_a_clear_layout_error(lib):
    ov = {s: Override(dose=Dose(hold_seconds=30, sets=10, times_per_day=6))
          for s in lib.routines[SIX].stretches}
    with pytest.raises(LayoutError, match="taller than one letter page per week.*fewer"):
        make(lib, routine=SIX, overrides=ov)


@pytest.mark.parametrize("kw", [{"weeks": 0}, {"weeks": 13}, {"page_size": "legal"},
                                {"field_prefix": "t_1"}])
def test_bad_spec_is_a_layout_error(lib, kw):
    with pytest.raises(LayoutError):
        make(lib, "cat-cow", **kw)


def test_markup_in_names_prints_literally_and_clinic_wording_overrides(lib, tmp_path):
    (tmp_path / "tracker").mkdir()
    (tmp_path / "tracker" / "stop_call.j2").write_text("Stop and ring us on 555-0199 if it hurts.")
    data = make(lib, "cat-cow", header=SheetHeader(patient="<b>Ann</b> & Bo"),
                template_dirs=(tmp_path,))
    text = words(page_texts(data)[0])
    assert "<b>Ann</b> & Bo" in text
    assert "Stop and ring us on 555-0199 if it hurts." in text
    assert "Stop and call" not in text


def test_a_name_the_font_cannot_print_is_a_layout_error(lib):
    with pytest.raises(LayoutError, match="no glyph.*U\\+674E"):
        make(lib, "cat-cow", header=SheetHeader(patient="\u674e Wei"))


def test_large_print_spreads_a_week_over_pages_at_18pt(lib):
    from handouts.pdf.report import read_report

    data = make(lib, routine=SIX, weeks=2, look=styles.large_print())
    pages = page_texts(data)
    per_week = len(pages) // 2
    assert len(pages) == 2 * per_week and per_week > 1
    for i in range(len(pages)):
        assert min(font_sizes(data, i)) >= 18.0
    # Every stretch is on exactly one page of each week, and the week ends with its questions.
    for s in select(lib, SIX).stretches:
        assert sum(s.name in words(t) for t in pages[:per_week]) == 1
    assert "Questions for my next visit" in words(pages[per_week - 1])
    names = list(reader(data).get_fields() or {})
    assert len(names) == len(set(names))
    report = read_report(data)
    assert [len(w.stretches) for w in report.trackers[0].weeks] == [6, 6]


@pytest.mark.parametrize("start", [dt.date(2026, 3, 9), dt.date(2026, 5, 18)])
def test_large_print_dates_keep_day_and_month_on_one_line(lib, start):
    """Two-digit dates used to break "10 Mar" over two lines at 18 pt; now each is one line.

    The weeks of 9 March and 18 May have the widest dates ("20 May").
    """
    data = make(lib, routine=SIX, start=start, look=styles.large_print())
    for page in page_texts(data):
        lines = [line.strip() for line in page.splitlines()]
        for i in range(7):
            day = start + dt.timedelta(days=i)
            assert f"{day.day} {MONTHS[day.month - 1]}" in lines
    assert min(font_sizes(data, 0)) >= 18.0


def test_each_text_field_keeps_its_own_look_when_filled(lib):
    """A tool that fills a field by rewriting its appearance in place (pypdf does) must not
    print one day's pain score in every day's box: every text field has its own appearance."""
    from io import BytesIO

    import pypdf

    data = make(lib, "cat-cow", weeks=1)
    writer = pypdf.PdfWriter(clone_from=reader(data))
    texts = {a.get_object()["/T"]: a.get_object() for a in writer.pages[0]["/Annots"]
             if a.get_object().get("/FT") == "/Tx" and "pain" in str(a.get_object()["/T"])}
    assert len(texts) == 7
    looks = [w["/AP"].raw_get("/N") for w in texts.values()]
    assert len({(r.idnum, r.generation) for r in looks}) == 7  # seven objects, not one shared
    values = {name: str(day) for day, name in enumerate(sorted(texts), 1)}
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    out = BytesIO()
    writer.write(out)
    for w in pypdf.PdfReader(out).pages[0]["/Annots"]:
        w = w.get_object()
        if w.get("/T") in values:
            shown = w["/AP"]["/N"].get_object().get_data()
            assert f"({values[w['/T']]})".encode() in shown, (w["/T"], shown)
