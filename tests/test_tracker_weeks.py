"""The weeks of a tracker share their grid's fixed drawing (one form XObject per document
for each grid drawing), and each week's page still has its own dates, week number and
fields: read back as a reader would, and compared with the drawing printed on each page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pikepdf
import pytest
from pdfread import page_texts, reader, words
from tagread import pdfium, pdfium_unmarked, unmarked

from handouts.content.select import select
from handouts.layout import styles, weekgrid
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.layout.trackform import FieldName

START = dt.date(2026, 3, 9)  # a Monday: week 3 runs 23 to 29 March
STRETCHES = ["cat-cow", "figure-four", "supine-hamstring", "knee-to-chest"]


@pytest.fixture
def inline() -> Iterator[None]:
    weekgrid.shared = False
    yield
    weekgrid.shared = True


def _build(lib: Any, weeks: int, look: styles.Look | None = None) -> bytes:
    spec = TrackerSpec(select(lib, None, STRETCHES), START, weeks=weeks, look=look or styles.Look())
    return build_tracker(lib, spec)


def _fields(data: bytes) -> list[list[tuple[str, str, tuple[float, ...]]]]:
    """Each page's fields: (name, tooltip, rectangle rounded to 0.001 pt)."""
    return [[(str(a.get_object()["/T"]), str(a.get_object().get("/TU", "")),
              tuple(round(float(v), 3) for v in a.get_object()["/Rect"]))
             for a in (p.get("/Annots") or [])] for p in reader(data).pages]


def _grids(data: bytes) -> list[list[tuple[int, int]]]:
    """Each page's grid XObjects, as (object number, generation)."""
    with pikepdf.open(BytesIO(data)) as pdf:
        return [[x.objgen for name, x in p.Resources.get("/XObject", {}).items()
                 if "HandoutsGrid" in str(name)] for p in pdf.pages]


def test_week_three_has_its_own_dates_week_number_and_fields(lib):
    data = _build(lib, 4)
    texts = [words(t) for t in page_texts(data)]
    assert len(texts) == 4
    three = texts[2]
    assert "Week of 23 March 2026 to 29 March 2026" in three and "Week 3 of 4" in three
    days = re.findall(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d+) Mar", three)
    assert days == [("Mon", "23"), ("Tue", "24"), ("Wed", "25"), ("Thu", "26"), ("Fri", "27"),
                    ("Sat", "28"), ("Sun", "29")]
    assert not re.search(r"\b9 Mar", three) and "Week 1 of 4" not in three
    # Read in order: heading, the days, then each stretch's name before its dose.
    at = [three.index(w) for w in ("My stretch tracker", "Week of 23 March", "Mon 23 Mar",
                                    "Sun 29 Mar", "Cat-cow", "Figure-four", "Pain today")]
    assert at == sorted(at)
    fields = _fields(data)
    first = [f for f in fields[0] if f[0] != "t1_plan"]  # the plan, hidden, goes with week 1
    third = fields[2]
    assert len(third) == len(first) > 4 * 7 * 2
    parsed = [FieldName.parse(name) for name, _, _ in third]
    assert all(p is not None and p.week == 3 for p in parsed)
    assert {p.day for p in parsed if p is not None and p.kind == "set"} == set(range(1, 8))
    # Week 3's boxes are where week 1's are, named and described for week 3's days.
    assert [r for _, _, r in third] == [r for _, _, r in first]
    assert [n.replace("_w3_", "_w1_") for n, _, _ in third] == [n for n, _, _ in first]
    tips = [t for n, t, _ in third if n.startswith("t1_w3_d1_cat-cow_s")]
    assert tips and all("23 March" in t for t in tips)
    assert not any(re.search(r"\b9 March", t) for _, t, _ in third)


@pytest.mark.parametrize("look", [styles.Look(), styles.large_print()])
def test_the_weeks_show_one_shared_drawing_of_their_grid(lib, look):
    data = _build(lib, 3, look)
    grids = _grids(data)
    per_week = len(grids) // 3
    assert all(len(g) == 1 for g in grids)  # one grid drawing on every page
    # Each page of a week shows the same object as that page of every other week.
    for part in range(per_week):
        assert len({grids[week * per_week + part][0] for week in range(3)}) == 1
    assert len({g[0] for g in grids}) <= per_week
    with pikepdf.open(BytesIO(data)) as pdf:
        for _, x in pdf.pages[0].Resources.XObject.items():
            code = x.read_bytes()
            assert b" re" in code and b"BT" not in code and b"Tf" not in code  # no words in it
            assert b"BDC" not in code and b"BMC" not in code
    # Shown inside an artifact sequence; every page object is still marked.
    assert unmarked(data) == [] and pdfium_unmarked(data) == []
    assert _artifact_dos(data) == len(grids)


def _artifact_dos(data: bytes) -> int:
    """How many grid XObjects are shown inside an /Artifact sequence of their page."""
    count = 0
    with pikepdf.open(BytesIO(data)) as pdf:
        for page in pdf.pages:
            stack: list[str] = []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    stack.append(str(operands[0]))
                elif name == "EMC":
                    stack.pop()
                elif name == "Do" and "HandoutsGrid" in str(operands[0]):
                    assert stack and stack[-1] == "/Artifact", stack
                    count += 1
    return count


def test_a_one_week_tracker_shows_its_grid_once(lib):
    data = _build(lib, 1)
    assert _grids(data) == [_grids(data)[0]] and len(_grids(data)[0]) == 1
    assert "Week 1 of 1" in words(page_texts(data)[0])


@pytest.mark.parametrize("look", [styles.Look(), styles.large_print()])
def test_the_shared_drawing_looks_and_reads_as_one_printed_on_each_page(lib, look, inline):
    """The same words, fields, structure and pixels as the grid printed into every page;
    the file smaller for it."""
    from test_tracker_speed import _chars, _differ, _pixels, _roles

    weekgrid.shared = False
    printed = _build(lib, 3, look)
    weekgrid.shared = True
    shown = _build(lib, 3, look)
    assert _grids(printed) == [[] for _ in _grids(printed)]
    assert _chars(shown) == _chars(printed)
    assert _fields(shown) == _fields(printed)
    assert [_roles(p) for p in pdfium(shown)] == [_roles(p) for p in pdfium(printed)]
    for a, b in zip(_pixels(shown), _pixels(printed), strict=True):
        assert _differ(a, b) == 0
    assert len(shown) < len(printed) - 800  # the two later weeks: some 500 bytes each


def test_a_tracker_with_a_shared_grid_is_the_same_file_every_time(lib):
    assert _build(lib, 3, styles.large_print()) == _build(lib, 3, styles.large_print())


def test_the_collector_is_held_off_while_a_tracker_is_laid_out_and_on_again_after(lib, monkeypatch):
    """Even when the tracker cannot be laid out; and left off if it was off before."""
    import gc

    from handouts.content.dose import Dose
    from handouts.errors import LayoutError
    from handouts.layout import tracker as tracker_mod
    from handouts.layout.sheet import Override

    seen: list[bool] = []
    render = tracker_mod._render
    monkeypatch.setattr(tracker_mod, "_render",
                        lambda *a, **k: seen.append(gc.isenabled()) or render(*a, **k))
    assert gc.isenabled()
    _build(lib, 2)
    assert seen == [False] and gc.isenabled()
    sel = select(lib, None, STRETCHES)
    ov = {s: Override(dose=Dose(hold_seconds=30, sets=10, times_per_day=6)) for s in STRETCHES}
    with pytest.raises(LayoutError):
        build_tracker(lib, TrackerSpec(sel, START, overrides=ov))
    assert gc.isenabled()
    gc.disable()
    try:
        _build(lib, 1)
        assert not gc.isenabled()
    finally:
        gc.enable()
