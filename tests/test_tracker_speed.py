"""What the tracker does to be fast leaves its pages as they were: the week table's row
heights are ReportLab's own, and the check boxes' appearance text kept for the process
gives the same file as making it afresh, in this process or a new one."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from pdfread import reader
from reportlab.platypus import Table

from handouts.content.select import select
from handouts.layout import formboxes, styles
from handouts.layout import tracker as tracker_mod
from handouts.layout.tracker import TrackerSpec, build_tracker

START = dt.date(2026, 3, 9)
STRETCHES = ["cat-cow", "figure-four", "supine-hamstring", "knee-to-chest"]


def _week_table(story) -> Table:
    (table,) = [f for f in story if isinstance(f, Table) and len(f._argW) == 8]
    return table


@pytest.mark.parametrize("look", [styles.Look(), styles.large_print()])
@pytest.mark.parametrize("last", [True, False])
def test_the_row_heights_given_to_the_week_table_are_those_reportlab_works_out(
        lib, look, last, monkeypatch):
    sel = select(lib, None, STRETCHES)
    b = tracker_mod.TrackerBuilder(lib, TrackerSpec(sel, START, weeks=2, look=look))
    for fit in tracker_mod.fit_levels(look)[:3]:
        given = _week_table(b.week_story(2, fit, slack=7.3, last=last))
        with monkeypatch.context() as m:  # the same table, its heights left to ReportLab
            m.setattr(tracker_mod, "_row_heights", lambda data, *a: [None] * len(data))
            own = _week_table(b.week_story(2, fit, slack=7.3, last=last))
        assert own._argH[0] is None
        own.wrap(b.width, 1e6)
        given.wrap(b.width, 1e6)
        assert given._argH == own._rowHeights  # the same floats, not only close
        assert given._rowpositions == own._rowpositions


def _build(lib, weeks: int, look: styles.Look) -> bytes:
    sel = select(lib, None, STRETCHES)
    return build_tracker(lib, TrackerSpec(sel, START, weeks=weeks, look=look))


@pytest.mark.parametrize("look", [styles.Look(), styles.large_print()])
def test_a_tracker_is_the_same_with_the_appearance_cache_empty_or_full(lib, look):
    warm = _build(lib, 3, look)
    again = _build(lib, 3, look)
    formboxes._appearance_text.cache_clear()
    cold = _build(lib, 3, look)
    assert formboxes._appearance_text.cache_info().misses == 6  # one box size: 3 looks x 2 states
    assert warm == again == cold
    boxes = [a for p in reader(cold).pages for a in (p.get("/Annots") or [])
             if a.get_object().get("/FT") == "/Btn"]
    assert len(boxes) > 3 * 7 * len(STRETCHES)
    # Every box still has its own normal, down and rollover looks, ticked and not.
    ap = boxes[0].get_object()["/AP"]
    assert sorted(ap) == ["/D", "/N", "/R"] and all(sorted(ap[k]) == ["/Off", "/Yes"] for k in ap)


def test_a_tracker_is_the_same_in_a_new_process(lib, tmp_path):
    here = _build(lib, 2, styles.Look())
    out = tmp_path / "t.pdf"
    code = (
        "import datetime as dt, sys\n"
        "from handouts.content.library import content_folders, load_library\n"
        "from handouts.content.select import select\n"
        "from handouts.layout import styles\n"
        "from handouts.layout.tracker import TrackerSpec, build_tracker\n"
        "lib = load_library(content_folders())\n"
        f"sel = select(lib, None, {STRETCHES!r})\n"
        f"data = build_tracker(lib, TrackerSpec(sel, dt.date(2026, 3, 9), weeks=2, look=styles.Look()))\n"
        "open(sys.argv[1], 'wb').write(data)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == here
