"""The public API, called as the web page calls it: results, choices, precedence, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import DAY
from pdfread import page_texts, reader, words

from handouts import api
from handouts.context import BuildContext
from handouts.errors import ContentError, HandoutsError, OptionError, SelectionError

EXAMPLES = Path(__file__).parent.parent / "content" / "examples"
WEDNESDAY = dt.date(2026, 3, 4)


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    """One context for the module, as a web worker keeps one; its clock says Wednesday 4 March."""
    return BuildContext.load(today=lambda: WEDNESDAY)


def test_handout_result_record(ctx):
    r = api.handout(ctx, stretches=["figure-four", "cat-cow"], patient="Ana Ruiz", date=DAY)
    assert r.pages == len(page_texts(r.pdf)) == 1
    assert r.title == "Your home stretches" == reader(r.pdf).metadata.title
    assert r.fit == "13 pt, large pictures"  # two stretches: the page grows, tips and all
    text = words(page_texts(r.pdf)[0])
    assert "Ana Ruiz" in text and "2 March 2026" in text and "Tip:" in text
    tight = api.handout(ctx)  # the whole routine steps down to fit
    assert tight.fit == "10 pt, smallest pictures, no tips, close lines"


@pytest.mark.parametrize("given", ["A4", "a4", " A4 "])
def test_page_size_in_any_case(ctx, given):
    data = api.handout(ctx, stretches=["cat-cow", "figure-four"], page_size=given).pdf
    box = reader(data).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


@pytest.mark.parametrize(("call", "message"), [
    (lambda c: api.handout(c, page_size="legal"), "unknown page size 'legal' (choose letter or a4)"),
    (lambda c: api.tracker(c, weeks=13), "1 to 12 weeks, not 13"),
    (lambda c: api.tracker(c, weeks=0), "1 to 12 weeks, not 0"),
    (lambda c: api.handout(c, date="2026-02-30"), "'2026-02-30' is not a date"),
    (lambda c: api.handout(c, language="français"),
     "'français' is not a language code like en or es"),
])
def test_bad_choices_are_option_errors(ctx, call, message):
    with pytest.raises(OptionError) as err:
        call(ctx)
    assert message in str(err.value)
    assert isinstance(err.value, HandoutsError) and err.value.exit_code == 2


def test_dates_today_blank_and_default(ctx):
    today = words(page_texts(api.handout(ctx, stretches=["cat-cow", "figure-four"], date="today").pdf)[0])
    default = words(page_texts(api.handout(ctx, stretches=["cat-cow", "figure-four"]).pdf)[0])
    blank = words(page_texts(api.handout(ctx, stretches=["cat-cow", "figure-four"], date="blank").pdf)[0])
    assert "Date: 4 March 2026" in today and "Date: 4 March 2026" in default
    assert "4 March 2026" not in blank and "Date:" in blank


def test_tracker_defaults_4_weeks_from_the_coming_monday(ctx):
    r = api.tracker(ctx, routine="lower-back-hip")
    assert r.pages == 4
    first = words(page_texts(r.pdf)[0])
    assert "9 Mar" in first and "15 Mar" in first  # Wednesday 4 March -> Monday 9 March
    after = words(page_texts(api.tracker(ctx, date="2026-03-09", weeks=1).pdf)[0])
    assert "9 Mar" in after and "15 Mar" in after  # a Monday starts that very day
    own = words(page_texts(api.tracker(ctx, start="2026-03-12", weeks=1).pdf)[0])
    assert "12 Mar" in own and "18 Mar" in own


def test_program_as_file_or_mapping_gives_the_same_pdf(ctx):
    path = EXAMPLES / "program-ana.yaml"
    mapping = yaml.safe_load(path.read_text())
    assert api.handout(ctx, program=path).pdf == api.handout(ctx, program=mapping).pdf
    assert api.tracker(ctx, program=path).pdf == api.tracker(ctx, program=mapping).pdf


def test_program_mapping_errors_name_their_source_all_at_once(ctx):
    bad = {"patient": "Ana", "routine": "lower-back-hip",
           "changes": {"figure-four": {"hold_seconds": 0}, "nope": {"sets": 2}}}
    with pytest.raises(ContentError) as err:
        api.load_program(ctx, bad, source="web form")
    lines = err.value.lines()
    assert any(x.startswith("web form: changes.nope") for x in lines)
    assert any(x.startswith("web form: changes.figure-four.hold_seconds") for x in lines)


def test_program_and_filters_together_are_refused(ctx):
    with pytest.raises(SelectionError, match="program already chooses"):
        api.handout(ctx, program=EXAMPLES / "program-ana.yaml", stretches=["cat-cow"])


def test_precedence_option_over_program_over_default(ctx):
    path = EXAMPLES / "program-ana.yaml"
    from_program = words(page_texts(api.handout(ctx, program=path).pdf)[0])
    assert "Ana Ruiz" in from_program and "2 March 2026" in from_program and "Sam Lee, PT" in from_program
    given = words(page_texts(api.handout(ctx, program=path, patient="Bo Lin", date="2026-04-01").pdf)[0])
    assert "Bo Lin" in given and "1 April 2026" in given and "Ana Ruiz" not in given
    assert "Sam Lee, PT" in given  # not given as an option: the program's


def test_detail_sheet(ctx):
    r = api.detail(ctx, stretch="cat-cow", patient="Ana")
    text = words(page_texts(r.pdf)[0])
    assert r.pages == 1 and r.title == "Cat-cow stretch"
    assert "How to do it" in text and "What it stretches" in text and "Ana" in text


def test_education_sections_in_order(ctx):
    r = api.education(ctx, sections=["faq", "connection"])
    text = " ".join(page_texts(r.pdf))
    assert r.pages >= 1
    assert text.index("Questions people often ask") < text.index("How your low back and hips work")
    with pytest.raises(SelectionError, match="known: connection, muscles"):
        api.education(ctx, sections=["nope"])


def test_packet_dates_option_then_program_then_spec_then_today(ctx):
    spec = {"packet": {"title": "Test packet", "date": "2026-05-01"},
            "parts": ["cover", {"tracker": {"routine": "lower-back-hip", "weeks": 1}}]}
    cover = lambda r: words(page_texts(r.pdf)[0])  # noqa: E731
    assert "1 May 2026" in cover(api.packet(ctx, spec=spec))
    assert "2 March 2026" in cover(api.packet(ctx, spec=spec, program=EXAMPLES / "program-ana.yaml"))
    assert "20 March 2026" in cover(api.packet(ctx, spec=spec, date="2026-03-20",
                                               program=EXAMPLES / "program-ana.yaml"))
    undated = {"packet": {"title": "Test packet"}, "parts": ["cover"]}
    assert "4 March 2026" in cover(api.packet(ctx, spec=undated))
    # The tracker starts on the Monday on or after the packet's date.
    tracker = words(page_texts(api.packet(ctx, spec=spec, date="2026-03-20").pdf)[1])
    assert "23 Mar" in tracker and "29 Mar" in tracker


def test_packet_spec_by_builtin_name(ctx):
    r = api.packet(ctx, spec="patient", patient="Ana Ruiz", date=DAY)
    assert r.title == "Your home stretching program"
    assert "Ana Ruiz" in " ".join(page_texts(r.pdf))
    with pytest.raises(HandoutsError, match="packet spec not found"):
        api.packet(ctx, spec="no-such-spec.yaml")


def test_default_set_is_built_whole(ctx):
    docs = api.default_set(ctx, date=DAY)
    assert list(docs) == ["handout.pdf", "tracker.pdf", "packet.pdf"]  # as the commands name them
    assert docs["tracker.pdf"].pages == 4  # 4 weeks here too


def test_batch_check_then_build_with_progress(ctx, tmp_path):
    csv = tmp_path / "patients.csv"
    csv.write_text("patient,date,weeks,sets\nAna Ruiz,2026-03-02,1,\nBo Lin,2026-02-30,1,\n"
                   "Cy Ng,,2,0\nDi Oz,,1,\n", encoding="utf-8")
    plan = api.batch_check(ctx, patients=csv, output=tmp_path / "out")
    assert plan.rows == 4 and [j.patient for j in plan.jobs] == ["Ana Ruiz", "Di Oz"]
    assert {e.row for e in plan.errors} == {3, 4}
    assert (3, "date") in {(e.row, e.column) for e in plan.errors}
    assert all(e.column.endswith("sets") for e in plan.errors if e.row == 4)
    assert plan.failed_rows == {3, 4}
    tally = api.BatchTally(plan.rows, set(plan.failed_rows))
    states = [tally.add(o) for o in api.batch_build(ctx, plan, workers=1)]
    assert states == ["wrote", "wrote"] and tally.exit_code == 1
    assert tally.summary(plan.output).startswith("built 2 of 4 packets")
    di = next(j for j in plan.jobs if j.patient == "Di Oz")
    assert di.options.date == WEDNESDAY and di.options.start == dt.date(2026, 3, 9)
    assert "Di Oz" in " ".join(page_texts(di.output))


def test_report_from_bytes_or_file(ctx, tmp_path):
    data = api.tracker(ctx, weeks=1).pdf
    (tmp_path / "t.pdf").write_bytes(data)
    from_bytes, from_file = api.report(data, source="upload"), api.report(tmp_path / "t.pdf")
    assert from_bytes.source == "upload" and from_file.source == str(tmp_path / "t.pdf")
    assert from_bytes.trackers == from_file.trackers and len(from_bytes.trackers) == 1


def test_check_and_entries(ctx):
    report = api.check(ctx)
    assert report.lines and not report.failures
    assert ("cat-cow", "Cat-cow stretch  [floor, kneeling, hands-and-knees]") in api.entries(
        ctx, kind="stretches", tags=["kneeling"])
    with pytest.raises(OptionError):
        api.entries(ctx, kind="exercises")


def test_context_caches_stay_bounded(ctx):
    caches = ctx.caches
    for i in range(3):
        api.packet(ctx, spec="patient", patient=f"P{i}", date=DAY + dt.timedelta(days=7 * i))
    assert 0 < len(caches.sheets) <= caches.sheets.size
    assert len(caches.figures) <= caches.figures.size  # 0 once replayed (figures/replay.py)
    assert len(caches.education) <= caches.education.size
