"""A long batch's memory stays where a short one's is: the caches that fill as rows come are
small enough to be full early, and freed heap pages go back to the system between runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import platform
import tracemalloc

import pytest
from conftest import DAY

import handouts.jobs.batch as batch_mod
from handouts import api
from handouts.context import DRAWN, PARAGRAPHS, BuildContext

MIXES = [["knee-to-chest", "seated-spinal-twist", "cat-cow", "figure-four"],
         ["kneeling-hip-flexor", "supine-hamstring", "cat-cow"],
         ["figure-four", "knee-to-chest", "supine-hamstring", "seated-spinal-twist"]]


def _held(clear: object) -> int:
    """Bytes traced memory drops by when `clear()` empties a cache."""
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    clear()  # type: ignore[operator]
    gc.collect()
    return before - tracemalloc.get_traced_memory()[0]


def test_the_caches_that_fill_as_rows_come_hold_a_few_mb_when_full():
    """Each process of a worst-case batch fills the paragraph memo and the drawn figures by
    its 50th packet or so; at their caps they hold under 10 MB and 7 MB (4,096 paragraphs
    were 16 MB and took 250 packets to fill, so a 1,000-row batch peaked 1.28x a 100-row one)."""
    ctx = BuildContext.load(today=lambda: DAY)
    tracemalloc.start()
    try:
        for i, mix in enumerate(MIXES):
            for side in ("left", "right"):
                changes = {s: {"side": side, "hold_seconds": 20 + 5 * i} for s in mix if s != "cat-cow"}
                api.handout(ctx, program={"patient": "Ana Ruiz", "date": DAY, "stretches": mix,
                                          "changes": changes})
        caches = ctx.caches
        paragraphs, drawn = len(caches.paragraphs), len(caches.drawn)
        assert paragraphs > 100 and drawn > 10
        per_paragraph = _held(caches.paragraphs.clear) / paragraphs
        per_figure = _held(caches.drawn.clear) / drawn
    finally:
        tracemalloc.stop()
    assert per_paragraph > 500 and PARAGRAPHS * per_paragraph < 10e6
    assert per_figure > 10_000 and DRAWN * per_figure < 7e6
    assert (caches.paragraphs.size, caches.drawn.size) == (PARAGRAPHS, DRAWN)


def _jobs(tmp_path, count):
    base = batch_mod.Job(2, "Ana Ruiz", tmp_path / "a.pdf",
                         batch_mod.PacketOptions(dt.date(2026, 3, 2), dt.date(2026, 3, 2)))
    return [dataclasses.replace(base, row=r, output=tmp_path / f"{r}.pdf") for r in range(count)]


def test_the_heap_is_trimmed_after_each_run_of_packets(tmp_path, monkeypatch):
    """One process: malloc_trim after every CHUNK packets, not after each one."""
    trims: list[int] = []
    built: list[int] = []

    def build(lib, spec, caches, job, skip_existing, speakers=None):
        built.append(job.row)
        return batch_mod.Outcome(job)

    monkeypatch.setattr(batch_mod, "_build", build)
    monkeypatch.setattr(batch_mod, "_malloc_trim", lambda pad: trims.append(len(built)))
    outcomes = list(batch_mod.run_batch(None, None, _jobs(tmp_path, 2 * batch_mod.CHUNK + 3)))
    assert len(outcomes) == 2 * batch_mod.CHUNK + 3
    assert trims == [batch_mod.CHUNK, 2 * batch_mod.CHUNK]


def test_the_calling_process_trims_after_its_runs_too(tmp_path, monkeypatch):
    trims: list[int] = []

    def build(lib, spec, caches, job, skip_existing, speakers=None):
        import time

        time.sleep(0.01)
        return batch_mod.Outcome(job)

    monkeypatch.setattr(batch_mod, "_build", build)
    monkeypatch.setattr(batch_mod, "_malloc_trim", lambda pad: trims.append(pad))
    outcomes = list(batch_mod.run_batch(None, None, _jobs(tmp_path, 40), workers=2))
    assert len(outcomes) == 40
    # once before the fork, then after each of its own runs (a worker trims in its process)
    assert len(trims) >= 2 and set(trims) == {0}


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_malloc_trim_is_found_and_called(monkeypatch):
    monkeypatch.setattr(batch_mod, "_malloc_trim", None)
    batch_mod._release()
    assert callable(batch_mod._malloc_trim)


def _worst_rows(path, count):
    """Rows like the bench's worst case: every row its own stretches, holds, sides and weeks."""
    import random

    ids = ["knee-to-chest", "seated-spinal-twist", "figure-four", "supine-hamstring",
           "kneeling-hip-flexor"]
    rng = random.Random(7)
    head = ["patient", "date", "stretches", "weeks", "start", "large_print",
            *(f"{s}.{f}" for s in ids for f in ("hold_seconds", "sets", "side")), "cat-cow.reps"]
    lines = [",".join(head)]
    for i in range(count):
        chosen = rng.sample(ids, rng.randint(2, 5))
        cells = {"patient": f"Pat Number{i}", "date": "2026-03-02", "weeks": str(rng.randint(1, 8)),
                 "stretches": ";".join([*chosen, "cat-cow"]), "start": f"2026-03-{rng.randint(2, 20):02d}",
                 "large_print": "yes" if i % 10 == 9 else "no", "cat-cow.reps": str(rng.randint(5, 15))}
        for s in chosen:
            cells |= {f"{s}.hold_seconds": str(rng.choice((15, 20, 30, 45, 60))),
                      f"{s}.sets": str(rng.randint(1, 3)), f"{s}.side": rng.choice(("", "left", "right"))}
        lines.append(",".join(cells.get(c, "") for c in head))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_parent_keeps_a_checked_row_as_its_cells(lib, tmp_path):
    """A batch checks every row before it builds and keeps the good ones for the whole run
    (and each forked worker counts them again): a row is kept as its CSV cells, some 1 to
    2 KB, not as its packet options (a pydantic Dose per stretch, about 10 KB a row)."""
    count = 300
    _worst_rows(tmp_path / "patients.csv", count)
    base = batch_mod.default_options(DAY, None, "letter", ())
    batch_mod.read_jobs(lib, tmp_path / "patients.csv", tmp_path / "out", base)  # warm up
    gc.collect()
    tracemalloc.start()
    try:
        jobs, errors = batch_mod.read_jobs(lib, tmp_path / "patients.csv", tmp_path / "out", base)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert not errors and len(jobs) == count
    assert all(isinstance(job.source, batch_mod.Cells) for job in jobs)
    assert all(isinstance(v, str) for job in jobs for v in job.source.values)
    assert held / count < 4000
    assert len({batch_mod._plan(job) for job in jobs}) == count  # every row its own plan


def test_options_made_from_the_cells_are_the_rows(lib, tmp_path):
    """The options a packet is built from are made again from the row's cells: the row's
    stretches, doses, sides, weeks, start and print size, whatever process asks."""
    import pickle

    (tmp_path / "patients.csv").write_text(
        "patient,date,stretches,weeks,start,large_print,figure-four.hold_seconds,figure-four.side,"
        "cat-cow.reps,sets\n\"Ruiz, Ana\",2026-03-04,figure-four;cat-cow,3,2026-03-16,yes,45,left,12,2\n",
        encoding="utf-8")
    base = batch_mod.default_options(DAY, None, "letter", ())
    (job,), errors = batch_mod.read_jobs(lib, tmp_path / "patients.csv", tmp_path / "out", base)
    assert not errors and isinstance(job.source, batch_mod.Cells)
    o = job.options
    assert o is not job.options and o == job.options  # made each time, the same each time
    assert (o.patient, o.date, o.start, o.weeks) == ("Ana Ruiz", dt.date(2026, 3, 4),
                                                     dt.date(2026, 3, 16), 3)
    assert [s.id for s in o.selection.stretches] == ["figure-four", "cat-cow"]
    four, cat = o.overrides["figure-four"], o.overrides["cat-cow"]
    assert (four.side, four.dose.hold.seconds, four.dose.sets, cat.dose.reps, cat.dose.sets) == \
        ("left", (45, 45), (2, 2), (12, 12), (2, 2))
    assert o.look == batch_mod.styles.large_print()
    sent = pickle.loads(pickle.dumps(job))  # to a web worker: the options, not the library
    assert isinstance(sent.source, batch_mod.PacketOptions) and sent.options == o
    assert (sent.row, sent.output, batch_mod._plan(sent)) == (job.row, job.output, batch_mod._plan(job))
