"""What the tracker does to be fast leaves its pages as they were: the week grid is sized,
laid out and drawn as a ReportLab Table of its cells would be, a name drawn again from its
kept operators prints the same, and the check boxes' appearance text kept for the process
gives the same file as making it afresh, in this process or a new one."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest
from pdfread import reader
from reportlab.platypus import Table, TableStyle
from tagread import pdfium

from handouts.content.clinic import Clinic
from handouts.content.select import select
from handouts.layout import formboxes, styles
from handouts.layout import tracker as tracker_mod
from handouts.layout.formboxes import BORDER
from handouts.layout.sheet import SheetHeader
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.layout.weekgrid import GridLook, WeekGrid

START = dt.date(2026, 3, 9)
STRETCHES = ["cat-cow", "figure-four", "supine-hamstring", "knee-to-chest"]


def _week_grid(story) -> WeekGrid:
    (grid,) = [f for f in story if isinstance(f, WeekGrid)]
    return grid


def _as_table(rows, widths, heights, look: GridLook) -> Table:
    """The cells in a ReportLab Table padded, aligned and spanned as the week's grid has them
    (the way the week was drawn before the grid)."""
    cells = [[("" if c is None else c) for c in row] for row in rows]
    t = Table(cells, colWidths=widths, rowHeights=heights)
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("ALIGN", (1, 0), (-1, -1), "CENTER")]
    commands += [(f"{side}PADDING", (0, 0), (-1, -1), look.pad)
                 for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
    commands += [(f"{side}PADDING", (1, 0), (-1, 0), look.head_pad) for side in ("LEFT", "RIGHT")]
    n = len(cells) - (4 if look.span_last else 1)  # the stretches' rows
    commands += [("GRID", (0, 0), (-1, -1), styles.RULE, styles.INK),
                 ("BOX", (0, 0), (-1, -1), BORDER, styles.INK),
                 ("LINEBELOW", (0, 0), (-1, 0), BORDER, styles.INK)]
    if look.span_last:
        commands.append(("SPAN", (1, len(cells) - 1), (7, len(cells) - 1)))
        commands.append(("LINEABOVE", (0, n + 1), (-1, n + 1), BORDER, styles.INK))
    commands += [("BACKGROUND", (0, i), (-1, i), styles.ROW_TINT) for i in range(2, n + 1, 2)]
    t.setStyle(TableStyle(commands))
    return t


@pytest.mark.parametrize("look", [styles.Look(), styles.large_print()])
@pytest.mark.parametrize("last", [True, False])
def test_the_week_grid_is_sized_as_reportlab_sizes_a_table_of_its_cells(lib, look, last):
    sel = select(lib, None, STRETCHES)
    b = tracker_mod.TrackerBuilder(lib, TrackerSpec(sel, START, weeks=2, look=look))
    for fit in tracker_mod.fit_levels(look)[:3]:
        grid = _week_grid(b.week_story(2, fit, slack=7.3, last=last))
        own = _as_table(grid.content, grid.col_widths, None, grid.look)  # heights left to ReportLab
        own.wrap(b.width, 1e6)
        assert grid.row_heights == own._rowHeights  # the same floats, not only close
        assert grid.rows == own._rowpositions
        assert grid.wrap(b.width, 1e6) == (own._width, own._height)
        assert len(grid.content) == len(STRETCHES) + (4 if last else 1)


def _chars(data: bytes) -> list[tuple[str, tuple[float, ...]]]:
    """Every character of every page with its box, as pdfium reads them (0.001 pt)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for page in pdf:
            text = page.get_textpage()
            out += [(text.get_text_range(i, 1), tuple(round(v, 3) for v in text.get_charbox(i)))
                    for i in range(text.count_chars())]
        return out
    finally:
        pdf.close()


def _fields(data: bytes) -> list[tuple[str, list[float]]]:
    return [(str(a.get_object()["/T"]), [round(float(v), 3) for v in a.get_object()["/Rect"]])
            for p in reader(data).pages for a in (p.get("/Annots") or [])]


@pytest.mark.parametrize("look", [styles.Look(), styles.large_print()])
def test_the_week_grid_puts_words_and_fields_where_a_table_of_its_cells_does(lib, look):
    """Drawn by ReportLab Tables instead (the week's grid and the heading's two columns),
    every character, box and field of the tracker is at the same place, the pages look the
    same and the tagged structure reads the same."""
    from handouts.layout.tagging import table as tag_table

    sel = select(lib, None, STRETCHES)
    clinic = Clinic(name="Riverside Physio", phone="555 0100")
    spec = TrackerSpec(sel, START, weeks=2, look=look,
                       header=SheetHeader(patient="Ana Ruiz", clinic=clinic))
    ours = build_tracker(lib, spec)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(tracker_mod, "WeekGrid",
                  lambda rows, widths, look_: tag_table(
                      _as_table(rows, widths, None, look_), header_rows=1, header_cols=1))
        m.setattr(tracker_mod, "SideBySide", _heading_table)
        theirs = build_tracker(lib, spec)
    assert ours != theirs
    assert _chars(ours) == _chars(theirs) and len(_chars(ours)) > 500
    assert _fields(ours) == _fields(theirs) and len(_fields(ours)) > 2 * 7 * len(STRETCHES)
    assert [_roles(p) for p in pdfium(ours)] == [_roles(p) for p in pdfium(theirs)]
    # Rules, tints, words and boxes look the same. The grid's squares and borders are
    # placed in its own space (shared by the weeks), the Table's in each cell's: edges whose
    # coordinates round differently may differ by one level of anti-aliasing, no more.
    for mine, table in zip(_pixels(ours), _pixels(theirs), strict=True):
        assert _differ(mine, table) < 2


def _pixels(data: bytes) -> list[Any]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [page.render(scale=2).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()


def _differ(a: Any, b: Any) -> int:
    """The largest difference of one colour channel of one pixel between two images."""
    from PIL import ImageChops

    return max(high for _, high in ImageChops.difference(a, b).getextrema())


def test_a_name_drawn_again_from_its_kept_operators_prints_the_same(lib, monkeypatch):
    """A tracker whose repeated paragraphs are drawn from their kept operators is the same
    file as one that draws every paragraph afresh."""
    from reportlab.platypus import Paragraph

    sel = select(lib, None, STRETCHES)
    spec = TrackerSpec(sel, START, weeks=3, look=styles.Look())
    kept = build_tracker(lib, spec)
    drawn = []
    monkeypatch.setattr(tracker_mod._Repeated, "draw", lambda self: drawn.append(1) or Paragraph.draw(self))
    assert build_tracker(lib, spec) == kept
    assert len(drawn) > 3 * (2 * len(STRETCHES) + 4)


def _heading_table(left, right, left_w: float, right_w: float, below: float) -> Table:
    """The page's heading as a Table of one row aligned to the bottom (as it was drawn before)."""
    t = Table([[left, right]], colWidths=[left_w, right_w])
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), below),
        ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _roles(node) -> list[tuple[str, str]]:
    return [(n.role, "".join(n.text)) for n in node.walk()]


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


def test_a_week_taller_than_the_page_is_no_fit_not_an_error(lib):
    """The grid is never split: a week that does not fit even a page of its own makes the
    tracker try the next size, as a split week did."""
    sel = select(lib, None, STRETCHES)
    b = tracker_mod.TrackerBuilder(lib, TrackerSpec(sel, START, weeks=1, stamp_room=300.0))
    fit = tracker_mod.fit_levels(styles.Look())[0]
    grid = _week_grid(b.week_story(1, fit))
    assert grid.height > b.height  # taller than the frame: not even a fresh page holds it
    assert tracker_mod._render(b, fit, [(1, b.rows, True, (1, 1))], 0.0, False) is None


@pytest.mark.parametrize("look", [styles.Look(), styles.large_print()])
def test_a_page_measured_without_box_names_is_as_tall_as_the_page_drawn(lib, look):
    sel = select(lib, None, STRETCHES)
    b = tracker_mod.TrackerBuilder(lib, TrackerSpec(sel, START, weeks=2, look=look))
    for fit in tracker_mod.fit_levels(look)[:2]:
        for last in (True, False):
            named = b.week_story(2, fit, 0.0, b.rows[:3], last)
            bare = b.week_story(2, fit, 0.0, b.rows[:3], last, named=False)
            assert b.measure(bare) == b.measure(named)
            lines = [c.lines for row in _week_grid(bare).content[1:4] for c in row[1:]]
            assert lines and all(name == "" for ls in lines for line in ls for name, _ in line)
            assert [[len(line) for line in ls] for ls in lines] == [
                [len(line) for line in c.lines] for row in _week_grid(named).content[1:4]
                for c in row[1:]]
