"""Fuzz the inputs: generated content files, programs, packet specs and CSV rows, hostile strings.

Each case is built from the schema (hypothesis strategies over the fields each file may
hold), written to disk as a user would write it (sometimes with raw damage spliced into
the text) and run through the core, as the commands run it, into an output file:

    content  -> load the library with the file as a clinic folder, lay out a handout
    program  -> load the program, lay out its handout
    spec     -> load the packet spec, build the packet
    csv      -> read the patients list, build the first good row's packet

Every case must end as a PDF that `qpdf --check` passes, or as one HandoutsError with a
message; never another exception (a traceback), a run over 10 s (a hang), a bad PDF, or a
file left behind after an error (a partial file). Counts go to standard output.

    python bench/fuzz.py --cases 10000            # the full run (bench/FUZZ.md)
    python bench/fuzz.py --cases 300 --seed 1     # what the test suite runs
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

DAY = "2026-03-02"
TIMEOUT = 10  # seconds a case may take
STRETCHES = ["cat-cow", "figure-four", "knee-to-chest", "kneeling-hip-flexor",
             "seated-spinal-twist", "supine-hamstring"]
MUSCLES = ["hamstrings", "hip-flexors", "piriformis", "erector-spinae", "glutes",
           "quadratus-lumborum"]
HOSTILE = ["\x00", "\x07", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\U0001F600", "ễ", "\u0301",
           "'", '"', ": ", "- ", "{", "}", "[", "&a ", "*a", "!!python/name:os.system", "<b>",
           "</para>", "&amp;", "<font size='900'>", "%s", "{{ x }}", "{% for %}", "\\", "\r\n",
           "\t", "..", "../../etc/passwd", "=cmd|'/C calc'!A0", "W" * 300, "e" * 2000, "2026-02-30",
           "NaN", "-1", "1e309", "0x10", "~", "null", "yes", "no", "on", "???", "\u2028", ";", ","]


def mostly(good: st.SearchStrategy[Any], other: st.SearchStrategy[Any], odds: int) -> st.SearchStrategy[Any]:
    """`good` about `odds` times in `odds + 1`, else `other` (without hypothesis's huge reprs)."""
    return st.integers(0, odds).flatmap(lambda i: other if i == 0 else good)


def words() -> st.SearchStrategy[str]:
    """Text a clinician might write, or something hostile, or a mix of both."""
    plain = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                    min_size=0, max_size=40)
    readable = st.lists(st.sampled_from(["Lie", "on", "your", "back", "slowly", "knee", "Ana",
                                         "Ruiz", "hold", "breathe", "stretch", "gently"]),
                        min_size=1, max_size=12).map(" ".join)
    hostile = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join)
    mixed = st.tuples(readable, hostile, readable).map("".join)
    return mostly(readable, st.one_of(hostile, mixed, plain), 15)


def ids(pool: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(pool), st.sampled_from(pool), words())


def anything() -> st.SearchStrategy[Any]:
    """A value of the wrong kind: lists, numbers, mappings, nothing."""
    return st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                     st.booleans(), st.lists(words(), max_size=3),
                     st.dictionaries(words(), words(), max_size=2))


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the right kind of value, sometimes the wrong kind."""
    return mostly(strategy, anything(), 30)


def dose() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"sets": maybe(mostly(st.integers(1, 10), st.integers(-5, 99), 6))},
        optional={"hold_seconds": maybe(mostly(st.integers(5, 120), st.integers(-5, 999), 6)),
                  "reps": maybe(st.integers(0, 40)), "times_per_day": maybe(st.integers(0, 8)),
                  "days_per_week": maybe(st.integers(0, 8))})


def stretch() -> st.SearchStrategy[dict[str, Any]]:
    text = maybe(words())
    texts = maybe(st.lists(words(), min_size=0, max_size=5))
    return st.fixed_dictionaries(
        {"id": maybe(st.sampled_from(["fz-one", "fz-two", "cat-cow"])), "name": text,
         "kind": maybe(st.sampled_from(["static", "dynamic", "springy"])),
         "targets": maybe(st.lists(ids(MUSCLES), min_size=0, max_size=3)), "position": text,
         "steps": texts, "avoid": texts, "sides": maybe(st.booleans()), "dose": maybe(dose())},
        optional={"tips": texts, "also_helps": texts, "also_called": text,
                  "tags": maybe(st.lists(st.sampled_from(["floor", "lying", "Bad Tag"]), max_size=3)),
                  "figure": maybe(ids(["cat-cow", "figure-four"])),
                  "video_url": maybe(st.sampled_from(["https://example.org/v", "javascript:alert(1)",
                                                      "http://" + "x" * 400]))})


def content_file() -> st.SearchStrategy[Any]:
    proper = st.fixed_dictionaries({"stretches": maybe(st.lists(stretch(), min_size=1, max_size=2))})
    return mostly(proper, anything(), 8)


def program_file() -> st.SearchStrategy[Any]:
    change = st.fixed_dictionaries({}, optional={
        "hold_seconds": maybe(st.integers(0, 200)), "sets": maybe(st.integers(0, 12)),
        "reps": maybe(st.integers(0, 40)), "side": maybe(st.sampled_from(["left", "right", "up"])),
        "note": maybe(words())})
    return st.fixed_dictionaries(
        {"patient": maybe(words())},
        optional={"clinician": maybe(words()), "date": maybe(st.sampled_from([DAY, "2026-02-30", "x"])),
                  "routine": maybe(ids(["lower-back-hip"])),
                  "stretches": maybe(st.lists(ids(STRETCHES), max_size=3)),
                  "exclude": maybe(st.lists(ids(STRETCHES), max_size=2)),
                  "changes": maybe(st.dictionaries(ids(STRETCHES), change, max_size=2)),
                  "precautions": maybe(st.lists(words(), max_size=2))})


def spec_file() -> st.SearchStrategy[Any]:
    sel = st.fixed_dictionaries({}, optional={
        "routine": maybe(ids(["lower-back-hip"])), "stretches": maybe(st.lists(ids(STRETCHES), max_size=2)),
        "title": maybe(words()), "tags": maybe(st.lists(st.sampled_from(["floor", "lying"]), max_size=1))})
    part = st.one_of(
        st.just("cover"),
        st.fixed_dictionaries({"cover": st.fixed_dictionaries({}, optional={"title": words()})}),
        st.fixed_dictionaries({"handout": sel}),
        st.fixed_dictionaries({"tracker": sel.map(lambda d: {**d, "weeks": 1})}),
        st.fixed_dictionaries({"education": st.fixed_dictionaries(
            {"sections": maybe(st.lists(st.sampled_from(["faq", "when", "habit", "nope"]), max_size=1))})}),
        st.fixed_dictionaries({"pdf": st.fixed_dictionaries({"path": maybe(words()), "title": words()})}),
        anything())
    return st.fixed_dictionaries(
        {"packet": maybe(st.fixed_dictionaries({"title": maybe(words())}, optional={
            "patient": maybe(words()), "date": maybe(st.sampled_from([DAY, "x"]))})),
         "parts": maybe(st.lists(part, min_size=0, max_size=3))})


def csv_rows() -> st.SearchStrategy[tuple[list[str], list[list[str]], str, str]]:
    known = st.lists(st.sampled_from(["clinician", "date", "routine", "stretches", "weeks",
                                      "large_print", "sets", "figure-four.side", "cat-cow.note", "MRN"]),
                     min_size=0, max_size=5, unique=True)
    odd = st.lists(st.sampled_from([" Patient ", "pateint", "patient", "DOB", "Patient"]), max_size=2)
    columns = mostly(known.map(lambda c: ["patient", *c]), st.tuples(known, odd).map(
        lambda t: [*t[1], *t[0]]), 6)
    cell = mostly(st.sampled_from(["", DAY, "03/02/2026", "13/45/2026", "2", "yes", "nope",
                                   "lower-back-hip", "cat-cow;figure-four", "Ruiz, Ana"]), words(), 2)
    return columns.flatmap(lambda cols: st.tuples(
        st.just(cols), st.lists(st.lists(cell, min_size=max(0, len(cols) - 1), max_size=len(cols) + 1),
                                min_size=1, max_size=2),
        st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])))


def damage() -> st.SearchStrategy[tuple[int, str] | None]:
    """Now and then, raw text spliced into the file at some place (to break the syntax)."""
    return mostly(st.none(), st.tuples(st.integers(0, 10_000), st.sampled_from(HOSTILE)), 8)


def dump(data: Any, hurt: tuple[int, str] | None) -> bytes:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if hurt is not None:
        at = hurt[0] % (len(text) + 1)
        text = text[:at] + hurt[1] + text[at:]
    return text.encode("utf-8", "surrogatepass")


@dataclass
class Tally:
    """What every case came to, and the first few failures of each bad kind."""

    counts: Counter[str] = field(default_factory=Counter)
    samples: dict[str, list[str]] = field(default_factory=dict)
    slowest: float = 0.0

    def add(self, kind: str, outcome: str, detail: str = "") -> None:
        self.counts[f"{kind}:{outcome}"] += 1
        keep = 5 if outcome not in ("pdf", "error") else 12
        if outcome != "pdf" and len(self.samples.setdefault(outcome, [])) < keep:
            self.samples[outcome].append(f"[{kind}] {detail}")


class _Hang(BaseException):
    """Raised by the alarm when a case runs past TIMEOUT (BaseException: no except catches it)."""


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang()


class Runner:
    """Runs cases through the core in this process, each in its own folder, with a time limit."""

    def __init__(self) -> None:
        from handouts.content.library import content_folders, load_library

        self.lib = load_library(content_folders())
        self.root = Path(tempfile.mkdtemp(prefix="handouts-fuzz-"))
        self.n = 0
        self.tally = Tally()
        signal.signal(signal.SIGPROF, _alarm)

    def case(self, kind: str, files: dict[str, bytes], build: Callable[[Path], bytes]) -> None:
        from handouts.errors import HandoutsError
        from handouts.pdf.write import write_atomic

        self.n += 1
        folder = self.root / f"c{self.n}"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        out = folder / "out" / "result.pdf"
        start = time.perf_counter()
        outcome, detail = "pdf", ""
        # CPU time, not wall time: the machine may be busy with other work.
        signal.setitimer(signal.ITIMER_PROF, TIMEOUT)
        try:
            try:
                data = build(folder)
                write_atomic(out, data)
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
        except _Hang:
            outcome, detail = "hang", f"over {TIMEOUT} s: {files}"[:400]
        except HandoutsError as e:
            message = " ".join(e.lines())
            outcome = "error" if message.strip() and "Traceback" not in message else "unclear-error"
            detail = message[:300]
        except Exception:  # the thing this script hunts for
            outcome, detail = "traceback", traceback.format_exc()[-1500:] + f"\ninput: {files}"[:1500]
        self.tally.slowest = max(self.tally.slowest, time.perf_counter() - start)
        leftovers = [p.name for p in out.parent.glob(".*.tmp")] if out.parent.exists() else []
        if outcome == "pdf":
            check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
            if check.returncode not in (0, 3):  # 3: warnings only
                outcome, detail = "bad-pdf", check.stdout[-300:] + check.stderr[-300:]
        elif out.exists() or leftovers:
            outcome, detail = "partial", f"{out} or {leftovers} left after: {detail}"
        self.tally.add(kind, outcome, detail)
        shutil.rmtree(folder, ignore_errors=True)

    # The four kinds of input

    def content(self, data: Any, hurt: tuple[int, str] | None) -> None:
        def build(folder: Path) -> bytes:
            from handouts.content.checks import check_glyphs
            from handouts.content.library import content_folders, load_library
            from handouts.content.select import select
            from handouts.errors import ContentError
            from handouts.layout.handout import HandoutSpec, build_handout

            mine = folder / "content"
            lib = load_library(content_folders([mine]))
            problems = check_glyphs(lib)  # what `handouts check` adds to loading
            if problems:
                raise ContentError(problems)
            ours = [s for s in ("fz-one", "fz-two", "cat-cow") if s in lib.stretches][:2]
            chosen = ours + (["figure-four"] if len(ours) == 1 else [])
            return build_handout(lib, HandoutSpec(select(lib, None, chosen), large_print=len(ours) > 1))

        self.case("content", {"content/stretches.yaml": dump(data, hurt)}, build)

    def program(self, data: Any, hurt: tuple[int, str] | None) -> None:
        def build(folder: Path) -> bytes:
            from handouts.content.program import load_program
            from handouts.layout.handout import HandoutSpec, build_handout
            from handouts.layout.sheet import SheetHeader

            prog = load_program(folder / "program.yaml", self.lib)
            header = SheetHeader(prog.patient, prog.clinician, prog.date)
            return build_handout(self.lib, HandoutSpec(prog.selection, header, overrides=prog.overrides))

        self.case("program", {"program.yaml": dump(data, hurt)}, build)

    def spec(self, data: Any, hurt: tuple[int, str] | None) -> None:
        def build(folder: Path) -> bytes:
            import datetime as dt

            from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec

            day = dt.date(2026, 3, 2)
            return build_packet(self.lib, load_packet_spec(folder / "packet.yaml"),
                                PacketOptions(day, day, patient="Ana Ruiz"))

        self.case("spec", {"packet.yaml": dump(data, hurt)}, build)

    def csv(self, columns: list[str], rows: list[list[str]], delimiter: str, encoding: str) -> None:
        buf = io.StringIO()
        out = csv.writer(buf, delimiter=delimiter)
        out.writerow(columns)
        out.writerows(rows)
        data = buf.getvalue().encode(encoding, "replace")

        def build(folder: Path) -> bytes:
            import datetime as dt

            from handouts.errors import HandoutsError
            from handouts.jobs.batch import default_options, read_jobs
            from handouts.jobs.packet import build_packet, load_packet_spec

            day = dt.date(2026, 3, 2)
            spec = folder / "packet.yaml"
            spec.write_text("packet: {title: T}\nparts: [cover, {handout: {}}, {tracker: {weeks: 1}}]\n")
            jobs, errors = read_jobs(self.lib, folder / "patients.csv", folder / "batch",
                                     default_options(day, None, "letter", ()))
            if errors and not jobs:
                raise HandoutsError("; ".join(str(e) for e in errors))
            if not jobs:
                raise HandoutsError("no rows")
            job = jobs[0]
            return build_packet(self.lib, load_packet_spec(spec), job.options)

        self.case("csv", {"patients.csv": data}, build)


def run(cases: int, seed: int) -> Tally:
    """Run `cases` generated cases (a quarter of each kind); return the tally."""
    import logging

    logging.disable(logging.WARNING)  # pypdf and svglib complain about damaged files
    runner = Runner()
    kinds = st.one_of(
        st.tuples(st.just("content"), content_file(), damage()),
        st.tuples(st.just("program"), program_file(), damage()),
        st.tuples(st.just("spec"), spec_file(), damage()),
        st.tuples(st.just("csv"), csv_rows(), st.none()),
    )

    @settings(max_examples=cases, database=None, deadline=None, derandomize=False,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(kinds)
    def one(case: tuple[str, Any, Any]) -> None:
        kind, data, hurt = case
        if kind == "csv":
            runner.csv(*data)
        else:
            getattr(runner, kind)(data, hurt)

    from hypothesis import seed as hypothesis_seed

    hypothesis_seed(seed)(one)()
    shutil.rmtree(runner.root, ignore_errors=True)
    return runner.tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the tally as JSON")
    args = parser.parse_args()
    start = time.perf_counter()
    tally = run(args.cases, args.seed)
    took = time.perf_counter() - start
    if args.json:
        print(json.dumps({"counts": tally.counts, "samples": tally.samples, "seconds": took,
                          "slowest": tally.slowest}, indent=1))
        return
    print(f"{sum(tally.counts.values())} cases in {took:.0f} s (slowest {tally.slowest:.1f} s)")
    for key, n in sorted(tally.counts.items()):
        print(f"  {key:24} {n}")
    for outcome, samples in tally.samples.items():
        print(f"\n{outcome}:")
        for s in samples:
            print("  " + s.replace("\n", "\n  "))
    bad = sum(n for k, n in tally.counts.items() if not k.endswith((":pdf", ":error")))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
