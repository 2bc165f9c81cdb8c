"""Batch builds: good rows built, bad rows named, nothing outside the output folder."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pdfread import page_texts, reader, words

from handouts.cli import app
from handouts.jobs.batch import safe_name

CSV = """patient,clinician,date,routine,stretches,weeks,start,large_print,figure-four.reps,sets
Ana Ruiz,Sam Lee,2026-03-02,lower-back-hip,,1,2026-03-02,no,1,
Ben Ode,Sam Lee,2026-03-02,,knee-to-chest;wall-sit,1,,no,,
Cal Fry,Sam Lee,2026-02-30,lower-back-hip,,1,,no,,
../../etc/x,Sam Lee,2026-03-02,,cat-cow,1,,no,,
Ana Ruiz,Sam Lee,2026-03-02,,figure-four;cat-cow,1,,no,,2
,Sam Lee,2026-03-02,lower-back-hip,,1,,no,,
Dee Hall,Sam Lee,2026-03-02,lower-back-hip,,13,,maybe,,
"""


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def run(runner, tmp_path, *extra):
    (tmp_path / "in").mkdir(exist_ok=True)
    csv = tmp_path / "in" / "patients.csv"
    csv.write_text(CSV, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(csv), "-o", str(out), "--date", "2026-03-02", *extra])
    return result, csv, out


def test_good_rows_built_bad_rows_named(runner, tmp_path):
    r, csv, out = run(runner, tmp_path, "--jobs", "2")
    assert r.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "ana-ruiz-row2.pdf", "ana-ruiz-row6.pdf", "etc-x-row5.pdf",
    ]
    assert f"{csv}:row 3: stretches: unknown stretch 'wall-sit'" in r.stderr
    assert f"{csv}:row 4: date:" in r.stderr
    assert f"{csv}:row 7: patient: the patient's name is empty" in r.stderr
    assert f"{csv}:row 8: weeks:" in r.stderr and f"{csv}:row 8: large_print:" in r.stderr
    assert "built 3 of 7 packets" in r.stdout and "4 rows failed" in r.stdout
    # Nothing escaped: the traversal name became a plain file in the output folder.
    assert tree(tmp_path) == {"in", "in/patients.csv", "out", "out/ana-ruiz-row2.pdf",
                              "out/ana-ruiz-row6.pdf", "out/etc-x-row5.pdf"}


def test_row_overrides_reach_dose_line_and_boxes(runner, tmp_path):
    r, _, out = run(runner, tmp_path, "--jobs", "1")
    assert r.exit_code == 1
    first = out / "ana-ruiz-row2.pdf"
    text = words(" ".join(page_texts(first)))
    assert "Ana Ruiz" in text
    assert "Hold 30 seconds. Do 1 hold on each side, right side first, then switch. Once a day." in text
    second = words(" ".join(page_texts(out / "ana-ruiz-row6.pdf")))
    assert "Do 2 sets of 10 slow rounds. Once a day." in second  # bare sets column: every stretch
    assert "Do 2 sets of 3 holds on each side" in second
    names = list(reader(first).get_fields() or {})
    day1 = [n for n in names if "_w1_d1_" in n and n.endswith(("_s1", "_s2", "_s3"))]
    assert sum("figure-four" in n for n in day1) == 1
    assert sum("cat-cow" in n for n in day1) == 2
    assert len(reader(first).pages) == 3  # cover, handout, one week


def test_skip_existing_leaves_finished_packets(runner, tmp_path):
    run(runner, tmp_path, "--jobs", "1")
    done = tmp_path / "out" / "ana-ruiz-row2.pdf"
    os.utime(done, (1_000_000, 1_000_000))
    r, _, _ = run(runner, tmp_path, "--jobs", "1", "--skip-existing")
    assert "skipped 3 already there" in r.stdout
    assert done.stat().st_mtime == 1_000_000


@given(st.text(max_size=80), st.integers(min_value=2, max_value=10_000))
def test_safe_names_stay_plain(name, row):
    out = safe_name(name, row)
    assert "/" not in out and "\\" not in out and ".." not in out
    assert out.endswith(f"-row{row}.pdf") and not out.startswith("-")
    assert Path("/x", out).parent == Path("/x")


def test_patients_sharing_a_plan_each_get_their_own_details(runner, tmp_path):
    """Sheets laid out once per plan, in parallel runs, still carry each row's own details."""
    names = ["Ana Ruiz", "Ben Ode", "Cal Fry", "Dee Hall", "Eve Lund", "Fay Moss", "Gus Nye",
             "Hal Orr", "Ivy Pace", "Jo Quinn", "Kai Roe", "Lou Sims"]
    rows = [f"{n},Clin {i % 3},2026-03-0{2 + i % 2},lower-back-hip,,1" for i, n in enumerate(names)]
    csv = tmp_path / "patients.csv"
    csv.write_text("patient,clinician,date,routine,stretches,weeks\n" + "\n".join(rows) + "\n",
                   encoding="utf-8")
    built = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        r = runner.invoke(app, ["batch", str(csv), "-o", str(out), "--jobs", jobs])
        assert r.exit_code == 0, r.stderr
        built[jobs] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert built["1"] == built["2"] and len(built["1"]) == len(names)
    for i, name in enumerate(names):
        text = " ".join(words(" ".join(page_texts(built["1"][safe_name(name, i + 2)]))).split())
        assert f"Name: {name} Clinician: Clin {i % 3} Date: {2 + i % 2} March 2026" in text
        assert not any(other in text for other in names if other != name)


def test_a_row_wide_hold_or_side_changes_only_the_stretches_it_fits(runner, tmp_path):
    """A row's bare `hold_seconds` and `side` skip the moving cat-cow (no hold, no sides)."""
    csv = tmp_path / "p.csv"
    csv.write_text("patient,hold_seconds,side\nEva Lind,20,left\n")
    r = runner.invoke(app, ["batch", str(csv), "-o", str(tmp_path / "out"), "--jobs", "1",
                            "--date", "2026-03-02"])
    assert r.exit_code == 0, r.output
    text = words(" ".join(page_texts(next((tmp_path / "out").glob("*.pdf")))))
    assert "Do 2 sets of 10 slow rounds. Once a day." in text
    # five held stretches, on the handout and on every tracker week
    assert text.count("Hold 20 seconds. Do 3 holds on your left side only.") % 5 == 0
    assert "Hold 20 seconds. Do 3 holds on your left side only." in text
    assert "each side" not in text and "Hold 30 seconds" not in text


def test_a_hold_on_a_moving_stretch_is_refused_with_its_line(runner, tmp_path):
    prog = tmp_path / "p.yaml"
    prog.write_text("patient: A\nroutine: lower-back-hip\nchanges:\n  cat-cow: {hold_seconds: 20}\n")
    r = runner.invoke(app, ["handout", "--program", str(prog), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 2
    assert f"{prog}:4: changes.cat-cow.hold_seconds: 'cat-cow' is a moving stretch" in r.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_calling_process_builds_runs_too(tmp_path, monkeypatch):
    """With --jobs 2 the batch forks one worker and builds in its own process as well, each
    taking the next run of jobs: every job is built once, by one of exactly two processes."""
    import dataclasses

    import handouts.jobs.batch as batch_mod

    base = batch_mod.Job(2, "Ana Ruiz", tmp_path / "a.pdf",
                         batch_mod.PacketOptions(dt.date(2026, 3, 2), dt.date(2026, 3, 2)))
    jobs = [dataclasses.replace(base, row=r, output=tmp_path / f"{r}.pdf") for r in range(2, 60)]

    def build(lib, spec, caches, job, skip_existing, speakers=None):
        time.sleep(0.01)  # long enough that no process takes every run alone
        return batch_mod.Outcome(job, size=os.getpid())  # who built it, in place of a size

    monkeypatch.setattr(batch_mod, "_build", build)
    outcomes = list(batch_mod.run_batch(None, None, jobs, workers=2))
    assert sorted(o.job.row for o in outcomes) == list(range(2, 60))
    builders = {o.size for o in outcomes}
    assert len(builders) == 2 and os.getpid() in builders
    assert sum(o.size == os.getpid() for o in outcomes) > batch_mod.CHUNK


def test_a_broken_pdf_in_the_packet_spec_stops_the_batch_once(runner, tmp_path):
    """Every row failed on the same broken intake form, one error each, exit 1, after
    trying them all: it is the batch's input that is bad (exit 2, nothing built)."""
    (tmp_path / "intake.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\n")
    spec = tmp_path / "spec.yaml"
    spec.write_text("packet:\n  title: Ours\nparts:\n  - cover\n"
                    "  - pdf: {path: intake.pdf, title: Intake}\n  - handout: {}\n",
                    encoding="utf-8")
    r, csv, out = run(runner, tmp_path, "--jobs", "1", "--packet", str(spec))
    assert r.exit_code == 2, r.output
    assert r.stderr.count(f"{spec}:5: parts.1.pdf: {tmp_path / 'intake.pdf'}: ") == 1
    assert "row 2" not in r.stderr
    assert not out.exists() or not list(out.iterdir())
