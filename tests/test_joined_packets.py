"""Staff join a day's packets into one file: every patient's boxes stay their own, and
`report` reads every tracker in the joined file, one result each."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pikepdf
import pypdf
import pytest
from conftest import DAY

from handouts.content.paths import builtin_content
from handouts.content.select import select
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.pdf.report import read_report

SPEC = builtin_content() / "packets" / "patient.yaml"


def packet(lib, patient: str, day: dt.date = DAY) -> bytes:
    return build_packet(lib, load_packet_spec(SPEC), PacketOptions(day, day, patient=patient))


def join_pypdf(*files: bytes) -> bytes:
    writer = pypdf.PdfWriter()
    for data in files:
        writer.append(pypdf.PdfReader(BytesIO(data)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def join_pikepdf(*files: bytes) -> bytes:
    out = pikepdf.Pdf.new()
    sources = [pikepdf.open(BytesIO(d)) for d in files]
    for src in sources:
        out.add_pages_from(src)
    buf = BytesIO()
    out.save(buf)
    return buf.getvalue()


def prefixes(data: bytes) -> set[str]:
    return {n.split("_")[0] for n in pypdf.PdfReader(BytesIO(data)).get_fields() or {}}


def tick(data: bytes, names: list[str]) -> bytes:
    """Tick the named boxes, page by page, as a viewer would."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(BytesIO(data)))
    for page in writer.pages:
        here = {a.get_object().get("/T") for a in page.get("/Annots", [])}
        values = {n: "/Yes" for n in names if n in here}
        if values:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_prefix_is_per_patient_and_the_same_every_run(lib):
    ana, ben = packet(lib, "Ana Ruiz"), packet(lib, "Ben Ode")
    (pa,), (pb,) = prefixes(ana), prefixes(ben)
    assert re.fullmatch(r"t1x[0-9a-f]{10}", pa) and re.fullmatch(r"t1x[0-9a-f]{10}", pb)
    assert pa != pb
    assert prefixes(packet(lib, "Ana Ruiz")) == {pa}
    assert prefixes(packet(lib, "Ana Ruiz", dt.date(2026, 3, 9))) != {pa}  # another visit


@pytest.mark.parametrize("join", [join_pypdf, join_pikepdf])
def test_joined_packets_keep_each_patients_boxes_and_report_reads_both(lib, join):
    ana, ben = packet(lib, "Ana Ruiz"), packet(lib, "Ben Ode")
    (pa,), (pb,) = prefixes(ana), prefixes(ben)
    joined = join(ana, ben)
    names = set(pypdf.PdfReader(BytesIO(joined)).get_fields() or {})
    assert {n.split("_")[0] for n in names} == {pa, pb}  # nothing renamed or merged
    # Ben ticked all three sets of figure-four on his first day; Ana nothing.
    filled = tick(joined, [f"{pb}_w1_d1_figure-four_s{s}" for s in (1, 2, 3)])
    report = read_report(filled, "day.pdf")
    by_prefix = {t.prefix: t for t in report.trackers}
    assert set(by_prefix) == {pa, pb}
    assert by_prefix[pb].weeks[0].done == 3 and by_prefix[pa].weeks[0].done == 0


@pytest.mark.parametrize("join", [join_pypdf, join_pikepdf])
def test_older_trackers_with_one_prefix_still_read_as_two(lib, join):
    """Trackers made alone (all 't1') and joined: a tool keeps both names, or renames one."""
    sel = select(lib, None, ["figure-four", "cat-cow"])
    one = build_tracker(lib, TrackerSpec(sel, DAY, 1))
    two = build_tracker(lib, TrackerSpec(sel, DAY + dt.timedelta(days=7), 1))
    report = read_report(join(one, two), "two.pdf")
    assert len(report.trackers) == 2
    starts = sorted(t.weeks[0].first_day for t in report.trackers)
    assert starts == [DAY, DAY + dt.timedelta(days=7)]


# -- Trackers made on their own (command, API, web download), joined by staff --------------

def alone(lib, patient: str | None, **kw) -> bytes:
    from handouts import api
    from handouts.context import BuildContext

    ctx = BuildContext.load(today=lambda: DAY)
    return api.tracker(ctx, stretches=["figure-four", "cat-cow"], patient=patient,
                       date=DAY, weeks=2, **kw).pdf


def join_qpdf(*files: bytes, tmp: Path) -> bytes:
    paths = []
    for i, data in enumerate(files):
        paths.append(tmp / f"part{i}.pdf")
        paths[-1].write_bytes(data)
    out = tmp / "joined.pdf"
    subprocess.run(["qpdf", "--empty", "--pages", *map(str, paths), "--", str(out)], check=True)
    return out.read_bytes()


def test_standalone_tracker_prefix_is_per_patient_and_the_same_in_any_process(lib, tmp_path):
    ana, ben = alone(lib, "Ana Ruiz"), alone(lib, "Ben Ode")
    (pa,), (pb,) = prefixes(ana), prefixes(ben)
    assert re.fullmatch(r"t[0-9a-f]{10}", pa) and re.fullmatch(r"t[0-9a-f]{10}", pb)
    assert pa != pb
    assert prefixes(alone(lib, "Ana Ruiz", start=DAY + dt.timedelta(days=7))) != {pa}
    assert prefixes(alone(lib, "Ana Ruiz", language="es")) != {pa}
    # Another process (its own hash seed) makes the same bytes.
    out = tmp_path / "ana.pdf"
    code = ("import datetime as dt, sys; from handouts import api; "
            "from handouts.context import BuildContext; "
            "c = BuildContext.load(today=lambda: dt.date(2026, 3, 2)); "
            "sys.stdout.buffer.write(api.tracker(c, stretches=['figure-four', 'cat-cow'], "
            "patient='Ana Ruiz', date=dt.date(2026, 3, 2), weeks=2).pdf)")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out.write_bytes(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                   check=True, env=env).stdout)
    assert out.read_bytes() == ana


@pytest.mark.parametrize("how", ["pikepdf", "qpdf"])
def test_joined_standalone_trackers_keep_each_patients_boxes(lib, how, tmp_path):
    assert shutil.which("qpdf"), "qpdf is not installed"
    ana, ben = alone(lib, "Ana Ruiz"), alone(lib, "Ben Ode")
    (pa,), (pb,) = prefixes(ana), prefixes(ben)
    joined = join_pikepdf(ana, ben) if how == "pikepdf" else join_qpdf(ana, ben, tmp=tmp_path)
    names = set(pypdf.PdfReader(BytesIO(joined)).get_fields() or {})
    assert names == set(pypdf.PdfReader(BytesIO(ana)).get_fields()) | set(
        pypdf.PdfReader(BytesIO(ben)).get_fields())  # nothing shared, renamed or merged
    assert {n.split("_")[0] for n in names} == {pa, pb}
    # Ben ticked figure-four three times on day 1 and cat-cow twice on day 2 of week 1.
    filled = tick(joined, [*(f"{pb}_w1_d1_figure-four_s{s}" for s in (1, 2, 3)),
                           *(f"{pb}_w1_d2_cat-cow_s{s}" for s in (1, 2))])
    report = read_report(filled, "day.pdf")
    assert len(report.trackers) == 2
    by_prefix = {t.prefix: t for t in report.trackers}
    assert by_prefix[pb].patient == "Ben Ode" and by_prefix[pa].patient == "Ana Ruiz"
    assert [w.done for w in by_prefix[pb].weeks] == [5, 0]
    assert [w.done for w in by_prefix[pa].weeks] == [0, 0]
