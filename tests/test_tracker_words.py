"""A tracker's words rendered once per tracker: tooltips stay what their template says, and
large print measures one week of each shape with the same result as measuring them all."""

from __future__ import annotations

import datetime as dt

import pytest
from pdfread import reader

from handouts.content.select import select
from handouts.layout import styles
from handouts.layout import tracker as tracker_mod
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.layout.trackform import FieldName
from handouts.wording.text import Wording

START = dt.date(2026, 3, 9)  # its weeks run from one-digit to two-digit dates


def tips(data: bytes) -> dict[str, str]:
    """Field name -> tooltip of every check box of the tracker."""
    out = {}
    for page in reader(data).pages:
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a.get("/FT") == "/Btn":
                out[str(a["/T"])] = str(a["/TU"])
    return out


def expected(lib, folders, names: dict[str, str], start: dt.date) -> dict[str, str]:
    """Each box's tooltip rendered from the templates in full, one render per box."""
    words = Wording(folders, lib.language)
    out = {}
    for name in names:
        f = FieldName.parse(name)
        assert f is not None
        day = start + dt.timedelta(days=7 * (f.week - 1) + f.day - 1)
        date = words.render("tracker/spoken_day.j2", day=day)
        out[name] = words.render("tracker/box_name.j2", date=date,
                                 stretch=lib.stretches[f.stretch].name, n=f.set_no)
    return out


@pytest.mark.parametrize("template", [
    None,  # the built-in wording
    "{{ date }}: {{ stretch }} number {{ n }}",  # the date first
    "{{ stretch }}, {{ date | upper }}, box {{ n }}",  # more done with the date than print it
    "{{ stretch }} box {{ n }}",  # no date at all
])
def test_every_box_tooltip_is_its_template_rendered_for_its_day(lib, tmp_path, template):
    folders: tuple = ()
    if template is not None:
        (tmp_path / "tracker").mkdir()
        (tmp_path / "tracker" / "box_name.j2").write_text(template)
        folders = (tmp_path,)
    sel = select(lib, None, ["cat-cow", "figure-four"])
    data = build_tracker(lib, TrackerSpec(sel, START, weeks=3, template_dirs=folders))
    got = tips(data)
    assert len(got) > 3 * 7 * 2
    assert got == expected(lib, folders, dict.fromkeys(got), START)
    if template and "upper" in template:
        assert any("MONDAY 16 MARCH" in t for t in got.values())


def test_large_print_measured_by_shape_matches_measuring_every_week(lib, monkeypatch):
    sel = select(lib, "lower-back-hip", [])
    spec = TrackerSpec(sel, START, weeks=4, look=styles.large_print())
    by_shape = build_tracker(lib, spec)
    # Every week a shape of its own: every week measured, as before the shapes.
    monkeypatch.setattr(tracker_mod.TrackerBuilder, "week_shape", lambda self, week, fit: (week,))
    assert build_tracker(lib, spec) == by_shape


def test_weeks_of_one_digit_and_two_digit_dates_differ_in_shape_only_when_a_heading_wraps(lib):
    sel = select(lib, "lower-back-hip", [])
    b = tracker_mod.TrackerBuilder(lib, TrackerSpec(sel, START, weeks=4))
    fit = tracker_mod.fit_levels(styles.Look())[0]
    # At normal size every heading fits its line: all weeks are one shape.
    assert len({b.week_shape(w, fit) for w in range(1, 5)}) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_large_print_dates_keep_clear_air_to_the_column_rules(language):
    """"10 Mar" in large print steps its size down (never under the body size) before it
    gives up any of the cell's padding, and then only what it needs (here 3 pt or more is left)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from handouts.content.library import content_folders, load_library
    from handouts.layout import fonts

    fonts.register()
    lib = load_library(content_folders(), language)
    sel = select(lib, "lower-back-hip", [])
    b = tracker_mod.TrackerBuilder(lib, TrackerSpec(sel, START, weeks=2, look=styles.large_print()))
    for fit in tracker_mod.fit_levels(b.spec.look)[:3]:
        g = b._grid(fit)
        days = [START + dt.timedelta(days=7 + i) for i in range(7)]  # 16 to 22 March
        size, pad = b._day_head(days, fit, g, b._styles(fit)["label"].fontName)
        widest = max(stringWidth(w, b._styles(fit)["label"].fontName, size)
                     for d in days for w in b._date_words(d))
        assert size >= fit.body
        assert pad == fit.pad or (size == fit.body and pad >= 3.0)  # air taken only at body size
        assert widest + 2 * pad <= g.day - 1


def test_a_long_week_count_breaks_after_its_comma_not_inside_the_page_count():
    """Spanish large print: "Semana 1 de 2, página 5 de 7" is too long for its corner; the
    line breaks after the comma, so "página 5 de 7" is read whole. The same for the dates."""
    from handouts.content.library import content_folders, load_library

    lib = load_library(content_folders(), "es")
    sel = select(lib, "lower-back-hip", [])
    data = build_tracker(lib, TrackerSpec(sel, START, weeks=2, look=styles.large_print()))
    pages = reader(data).pages
    lines = [ln.strip() for ln in pages[4].extract_text().splitlines()]
    assert f"página 5 de {len(pages) // 2}" in lines
    assert "Semana 1 de 2," in lines
    # and the week's dates break before the last date, never inside one
    assert "Semana del 9 de marzo de 2026" in lines and "al 15 de marzo de 2026" in lines


def test_long_week_dates_break_before_the_last_date_in_english_large_print(lib):
    sel = select(lib, "lower-back-hip", [])
    data = build_tracker(lib, TrackerSpec(sel, dt.date(2026, 12, 7), weeks=2,
                                          look=styles.large_print()))
    lines = [ln.strip() for ln in reader(data).pages[0].extract_text().splitlines()]
    assert "Week of 7 December 2026" in lines and "to 13 December 2026" in lines
