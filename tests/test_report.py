"""Reading filled-in trackers back: exact counts, pain by day, CSV rows, and clean errors."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from io import BytesIO

import pypdf
import pytest
from conftest import DAY
from pypdf import PdfReader, PdfWriter

from handouts.content.model import Dose
from handouts.content.select import select
from handouts.errors import InputFileError
from handouts.layout.sheet import Override
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.layout.trackform import field_name, plan_field_name, questions_field_name, text_field_name
from handouts.pdf.report import format_report, pain_score, read_report, report_csv

FF, CC = "figure-four", "cat-cow"  # 3 and 2 sets a day, every day


def tracker(lib, weeks=2, prefix="t1", **kw):
    return build_tracker(lib, TrackerSpec(select(lib, None, [FF, CC]), DAY, weeks,
                                          field_prefix=prefix, **kw))


def fill(data: bytes, values_by_page: dict[int, dict[str, str]]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    for index, values in values_by_page.items():
        writer.update_page_form_field_values(writer.pages[index], values, auto_regenerate=False)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def ticks(prefix, week, stretch, days, sets):
    return {field_name(prefix, week, d, stretch, s): "/Yes" for d in days for s in sets}


@pytest.fixture(scope="module")
def filled(lib) -> bytes:
    week1 = {**ticks("t1", 1, FF, range(1, 6), (1, 2, 3)),  # 15 of 21
             **ticks("t1", 1, CC, [1], (1, 2)),  # 2 of 14
             text_field_name("t1", "pain", 1, 1): "3", text_field_name("t1", "pain", 1, 2): "6/10",
             text_field_name("t1", "notes", 1, 3): "Knee sore",
             questions_field_name("t1", 1): "Can I do the twist at work?"}
    week2 = {**ticks("t1", 2, FF, [7], (1,)), text_field_name("t1", "pain", 2, 7): "2"}
    return fill(tracker(lib), {0: week1, 1: week2})


def test_exact_counts_and_pain_by_day(filled):
    report = read_report(filled, "ana.pdf")
    assert report.source == "ana.pdf"
    (t,) = report.trackers
    assert t.prefix == "t1" and t.title == "My stretch tracker"
    w1, w2 = t.weeks
    assert (w1.week, w1.first_day, w2.first_day) == (1, DAY, DAY.replace(day=9))
    ff, cc = w1.stretches
    assert (ff.id, ff.name, ff.done, ff.planned, ff.adherence) == (FF, "Figure-four stretch", 15, 21, 71)
    assert (cc.id, cc.done, cc.planned, cc.adherence) == (CC, 2, 14, 14)
    assert [(d.done, d.planned) for d in ff.days] == [(3, 3)] * 5 + [(0, 3)] * 2
    assert (w1.done, w1.planned, w1.adherence) == (17, 35, 49)
    assert w1.pain == ("3", "6/10", None, None, None, None, None)
    assert w1.notes[2] == "Knee sore" and w1.questions == "Can I do the twist at work?"
    assert [s.done for s in w2.stretches] == [1, 0]
    assert (w2.adherence, w2.pain[6], w2.stretches[0].days[6].date) == (3, "2", DAY.replace(day=15))


def test_format_report_lines(filled):
    lines = format_report(read_report(filled, "ana.pdf"))
    text = "\n".join(lines)
    assert lines[0] == "ana.pdf: 1 tracker"
    assert "Week 1, Mon 2 Mar to Sun 8 Mar 2026: 17 of 35 boxes ticked (49%)" in text
    assert any("Figure-four stretch" in x and "15 of 21 ticked" in x and "71%" in x for x in lines)
    assert "Pain (0-10): Mon 3, Tue 6/10, Wed -, Thu -, Fri -, Sat -, Sun -   (average 4.5)" in text
    assert "Notes, Wed: Knee sore" in text


def test_csv_one_row_per_day_and_stretch(filled):
    rows = list(csv.DictReader(io.StringIO(report_csv(read_report(filled)))))
    assert len(rows) == 2 * 7 * 2
    assert list(rows[0]) == ["tracker", "week", "date", "stretch", "sets_done", "sets_planned", "pain"]
    assert rows[0] == {"tracker": "t1", "week": "1", "date": "2026-03-02", "stretch": FF,
                       "sets_done": "3", "sets_planned": "3", "pain": "3"}
    assert rows[1] == {**rows[0], "stretch": CC, "sets_done": "2", "sets_planned": "2"}
    last = rows[-2]
    assert (last["week"], last["date"], last["stretch"], last["sets_done"], last["pain"]) == (
        "2", "2026-03-15", FF, "1", "2")


def test_days_per_week_sets_the_plan_not_the_boxes(lib):
    ov = {FF: Override(dose=Dose(hold_seconds=30, sets=2, days_per_week=5))}
    data = fill(tracker(lib, weeks=1, overrides=ov), {0: ticks("t1", 1, FF, range(1, 8), (1, 2))})
    ff = read_report(data).trackers[0].weeks[0].stretches[0]
    assert (ff.done, ff.planned, ff.adherence) == (14, 10, 100)
    assert all(d.planned == 2 for d in ff.days)


def test_a_packet_with_two_trackers(lib):
    a = fill(tracker(lib, weeks=1, prefix="t1"), {0: ticks("t1", 1, CC, [1, 2], (1,))})
    b = fill(tracker(lib, weeks=2, prefix="t2"), {1: ticks("t2", 2, FF, [4], (1, 2, 3))})
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(a)))
    writer.append(PdfReader(BytesIO(b)))
    out = BytesIO()
    writer.write(out)
    report = read_report(out.getvalue())
    assert [(t.prefix, len(t.weeks)) for t in report.trackers] == [("t1", 1), ("t2", 2)]
    assert report.trackers[0].weeks[0].stretches[1].done == 2
    assert report.trackers[1].weeks[1].stretches[0].done == 3
    assert report.trackers[1].weeks[0].done == 0


def test_without_a_readable_plan_boxes_still_count(lib):
    data = fill(tracker(lib, weeks=1), {0: {plan_field_name("t1"): "garbage",
                                            **ticks("t1", 1, CC, [1], (1, 2))}})
    (t,) = read_report(data).trackers
    week = t.weeks[0]
    assert t.title is None and week.first_day is None
    assert [(s.name, s.done, s.planned) for s in week.stretches] == [(FF, 0, 21), (CC, 2, 14)]
    assert report_csv(read_report(data)).splitlines()[2] == "t1,1,,cat-cow,2,2,"
    assert "  Week 1, dates unknown: 2 of 35 boxes ticked (6%)" in format_report(read_report(data))


@pytest.mark.parametrize(("text", "score"), [("3", 3.0), (" 4.5 ", 4.5), ("6/10", 6.0), ("7,5", 7.5),
                                             ("11", None), ("bad", None), ("", None), (None, None)])
def test_pain_score(text, score):
    assert pain_score(text) == score


# Errors: every one an InputFileError naming the file, with a one-line reason.

def expect_error(data: bytes, match: str) -> None:
    with pytest.raises(InputFileError, match=match) as e:
        read_report(data, "in.pdf")
    assert e.value.path == "in.pdf" and "\n" not in str(e.value)


def test_pdf_without_fields(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    buf = BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, "Just a letter")
    c.save()
    expect_error(buf.getvalue(), "no tracking sheet fields")


def encrypted(data: bytes, algorithm: str, tmp_path) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    try:
        writer.encrypt("secret", "owner", algorithm=algorithm)
    except pypdf.errors.DependencyError:  # AES needs the cryptography package; qpdf can do it
        assert shutil.which("qpdf")
        src, dst = tmp_path / "plain.pdf", tmp_path / "aes.pdf"
        src.write_bytes(data)
        subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--", str(src), str(dst)],
                       check=True)
        return dst.read_bytes()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_encrypted_pdf(lib, tmp_path, algorithm):
    data = encrypted(tracker(lib, weeks=1), algorithm, tmp_path)
    assert b"/Encrypt" in data
    expect_error(data, "encrypted|password")


def test_truncated_pdf(filled):
    expect_error(filled[: len(filled) // 2], "cut short")


def test_damaged_pdf():
    expect_error(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage\n%%EOF\n",
                 "cannot be read|no tracking sheet")


def test_empty_file():
    expect_error(b"", "empty")


def test_text_file():
    expect_error(b"Name,Week\nAna,1\n", "not a PDF")


def test_report_names_the_patient(lib):
    from handouts.layout.sheet import SheetHeader

    named = tracker(lib, weeks=1, header=SheetHeader(patient="Ana Ruiz"))
    lines = format_report(read_report(named, "ana.pdf"))
    assert "  Patient: Ana Ruiz" in lines
    assert read_report(tracker(lib, weeks=1)).trackers[0].patient is None


def test_report_names_the_patient_of_a_packet(lib, tmp_path):
    import datetime as dt

    from handouts.content.paths import builtin_content
    from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec

    spec = load_packet_spec(builtin_content() / "packets" / "patient.yaml")
    data = build_packet(lib, spec, PacketOptions(patient="Ben Okafor", date=DAY,
                                                 start=dt.date(2026, 3, 2)))
    assert [t.patient for t in read_report(data).trackers] == ["Ben Okafor"]


def test_days_after_today_are_not_missed(lib):
    import datetime as dt

    data = fill(tracker(lib, weeks=2), {0: ticks("t1", 1, FF, [1, 2, 3], (1, 2, 3))})
    wednesday = dt.date(2026, 3, 4)
    w1, w2 = read_report(data, today=wednesday).trackers[0].weeks
    ff = w1.stretches[0]
    assert (ff.done, ff.planned, ff.adherence) == (9, 9, 100)  # Mon to Wed, all done
    assert w2.planned == 0  # week 2 has not started
    later = read_report(data, today=dt.date(2026, 3, 31)).trackers[0].weeks[0].stretches[0]
    assert (later.done, later.planned) == (9, 21)


def test_ticks_after_today_are_never_more_than_planned(lib):
    """A tracker filled ahead of the report's `today` (before it starts, say): every day up to
    the last one ticked is due, for every stretch, and a week with nothing due says so."""
    import datetime as dt

    data = fill(tracker(lib, weeks=2), {0: {**ticks("t1", 1, FF, [1], (1, 2, 3)),
                                            **ticks("t1", 1, FF, [2], (1, 2))}})
    before = DAY - dt.timedelta(days=5)
    report = read_report(data, today=before)
    w1, w2 = report.trackers[0].weeks
    ff, cc = w1.stretches
    assert (ff.done, ff.planned, ff.adherence) == (5, 6, 83)  # Mon and Tue are due
    assert (cc.done, cc.planned) == (0, 4)  # cat-cow's Mon and Tue too: 2 sets a day
    assert w2.planned == 0
    lines = format_report(report)
    assert any("Week 1" in ln and "5 of 10 boxes ticked (50%)" in ln for ln in lines)
    assert any("Week 2" in ln and ln.endswith("not due yet") for ln in lines)
    assert not any(" of 0 " in ln or ("0%" in ln and "Week 2" in ln) for ln in lines)


def test_unreadable_pain_entries_are_counted_and_listed(lib):
    data = fill(tracker(lib, weeks=1), {0: {
        text_field_name("t1", "pain", 1, 1): "3-4", text_field_name("t1", "pain", 1, 2): "four",
        text_field_name("t1", "pain", 1, 3): "11", text_field_name("t1", "pain", 1, 4): "5"}})
    week = read_report(data).trackers[0].weeks[0]
    assert week.unreadable_pain == ("3-4", "four", "11")
    text = "\n".join(format_report(read_report(data)))
    assert "(average 5.0)" in text
    assert "Pain not read (3, not a number from 0 to 10): '3-4', 'four', '11'" in text
