"""Benchmarks, cold and warm: one handout against a hand-written floor and WeasyPrint, fresh
processes, a shared-plan packet against stamping a pre-built one, and batches where every
patient has a plan of their own. Prints a Markdown table for bench/RESULTS.md."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path
from typing import Any

from floors import import_command, library_modules, tops, writing_share
from patients import distinct_plans, write_patients, write_worst_case
from proctree import TreeMemory
from pypdf import PdfReader

HANDOUTS = str(Path(sys.executable).parent / "handouts")  # the venv's own command
DATE = "2026-03-02"
MB, KB = 1024 * 1024, 1024
# Fresh processes get a bytecode cache of their own, as an installed package has (this machine
# sets PYTHONDONTWRITEBYTECODE, which would make every run compile the package again).
PYCACHE = tempfile.TemporaryDirectory(prefix="bench-pycache-")
CLI_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CLI_ENV["PYTHONPYCACHEPREFIX"] = PYCACHE.name


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    measure: str
    result: str
    target: str = ""
    met: str = ""


def met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def say(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(message, file=sys.stderr, flush=True)


def paired_medians(fa: Callable[[], object], fb: Callable[[], object],
                   repeats: int) -> tuple[float, float, float]:
    """Time a and b alternately (a, b, a, b, ...): median of each, and median of the ratios a/b.

    Alternating keeps a change in the machine's load from landing on one side only.
    """
    fa(), fb()
    ta, tb = [], []
    for _ in range(repeats):
        for fn, times in ((fa, ta), (fb, tb)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    ratios = [a / b for a, b in zip(ta, tb, strict=True)]
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios)


def describe(data: bytes) -> str:
    pages = len(PdfReader(BytesIO(data)).pages)
    return f"{pages} page{'' if pages == 1 else 's'}, {len(data) / KB:.0f} KB"


def _library() -> Any:
    from handouts.content.library import content_folders, load_library

    return load_library(content_folders())


def single_call(repeats: int) -> list[Row]:
    """The default handout against the floor and WeasyPrint: warm, then with every cache cleared.

    Cold: before each handout every package cache is emptied (bench/cold.py), so it poses
    its figures, compiles its templates and searches its fit again; the cold floor poses
    its figures too, as a script run once must. Each pair is timed alternately.
    """
    from cold import clear_caches
    from floor import build_floor, build_floor_cold
    from page import ROUTINE, page_text, posed_figures

    from handouts.content.select import select
    from handouts.context import Caches
    from handouts.layout.handout import HandoutSpec, build_handout

    lib = _library()
    spec = HandoutSpec(select(lib, ROUTINE))
    caches = Caches()  # the warm builds' context
    page = page_text(lib)
    start = time.perf_counter()
    figures = posed_figures(lib, page)
    posing = time.perf_counter() - start

    def cold_handout() -> bytes:
        clear_caches()
        return build_handout(lib, spec, Caches())

    def warm_handout() -> bytes:
        return build_handout(lib, spec, caches)

    say(f"handout and floor, warm, alternately, x{repeats}")
    warm, floor, warm_ratio = paired_medians(warm_handout,
                                             lambda: build_floor(page, figures), repeats)
    say(f"handout and floor, cold, alternately, x{repeats}")
    cold, floor_cold, cold_ratio = paired_medians(cold_handout, lambda: build_floor_cold(page, lib),
                                                  repeats)
    same = cold_handout() == warm_handout()
    rows = [
        Row("**Single handout, in-process** (`build_handout`, default routine)", ""),
        Row(f"Warm (caches full): handout / floor, median of {repeats} paired ratios",
            f"{warm_ratio:.2f}x ({warm * 1000:.0f} ms vs {floor * 1000:.0f} ms; "
            f"{describe(warm_handout())})", "<= 1.3x", met(warm_ratio <= 1.3)),
        Row(f"Cold (every cache cleared): handout / floor posing its figures, median of {repeats}",
            f"{cold_ratio:.2f}x ({cold * 1000:.0f} ms vs {floor_cold * 1000:.0f} ms)", "<= 1.3x",
            met(cold_ratio <= 1.3)),
        Row("Cold handout / warm floor (figures posed beforehand, outside the timing)",
            f"{cold / floor:.2f}x (medians)"),
        Row("Cold build byte-identical to a warm build", "yes" if same else "**no**", "yes",
            met(same)),
        Row("Posing the 6 figures (`draw_figure`) once, as the floor does", f"{posing * 1000:.0f} ms"),
    ]
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: WeasyPrint is there but Pango is not
        reason = str(e).splitlines()[0]
        return [*rows, Row("WeasyPrint", f"not available ({reason}); `pip install weasyprint`"),
                Row("WeasyPrint / cold handout", "n/a", ">= 10x", "n/a")]
    from weasy import figure_svgs, page_html, render_pdf

    html = page_html(page, figure_svgs(figures))
    say(f"WeasyPrint and cold handout, alternately, x{repeats}")
    weasy, cold2, weasy_ratio = paired_medians(lambda: render_pdf(html), cold_handout, repeats)
    return [
        *rows,
        Row(f"WeasyPrint {weasyprint.__version__}: same page as HTML + CSS, inline SVG figures "
            "(warm, after one run)", f"{weasy * 1000:.0f} ms ({describe(render_pdf(html))})"),
        Row(f"WeasyPrint / cold handout, median of {repeats} paired ratios",
            f"{weasy_ratio:.1f}x (cold handout {cold2 * 1000:.0f} ms)", ">= 10x",
            met(weasy_ratio >= 10)),
        Row("WeasyPrint / warm handout (medians)", f"{weasy / warm:.1f}x"),
        Row("WeasyPrint / the cold floor itself (medians): no handout drawn with ReportLab "
            "beats its floor by much", f"{weasy / floor_cold:.1f}x"),
    ]


@dataclass(frozen=True)
class Timed:
    """Medians of one fresh-process command: wall seconds and CPU seconds (its whole tree)."""

    wall: float
    cpu: float


def time_child(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall s, CPU s) of one child process; the CPU summed over it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=CLI_ENV if env is None else env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def fresh_pair(a: Sequence[str], b: Sequence[str], repeats: int) -> tuple[Timed, Timed, float]:
    """Two commands as fresh processes, alternately after one untimed run each: medians and
    the median of the paired wall-time ratios a/b."""
    time_child(a), time_child(b)
    ta: list[tuple[float, float]] = []
    tb: list[tuple[float, float]] = []
    for _ in range(repeats):
        ta.append(time_child(a))
        tb.append(time_child(b))

    def med(ts: list[tuple[float, float]]) -> Timed:
        return Timed(statistics.median(w for w, _ in ts), statistics.median(c for _, c in ts))

    return med(ta), med(tb), statistics.median(x[0] / y[0] for x, y in zip(ta, tb, strict=True))


def fresh_process(repeats: int) -> list[Row]:
    """Commands as a new user runs them: a fresh interpreter, nothing cached but bytecode."""
    import pickle

    from page import page_text, posed_figures

    lib = _library()
    page = page_text(lib)
    with tempfile.TemporaryDirectory() as tmp:
        words = Path(tmp, "words.pickle")
        words.write_bytes(pickle.dumps((page, posed_figures(lib, page))))
        floor = [sys.executable, str(Path(__file__).with_name("floor.py")), str(words),
                 str(Path(tmp, "floor.pdf"))]
        say(f"fresh processes: handout and floor, build and floor, --help and python, x{repeats}")
        handout, hfloor, h_ratio = fresh_pair([HANDOUTS, "handout", "-o", str(Path(tmp, "x.pdf"))],
                                              floor, repeats)
        build, bfloor, b_ratio = fresh_pair([HANDOUTS, "build", "-o", tmp, "--date", DATE], floor,
                                            repeats)
        bare = [sys.executable, "-c", "pass"]
        helped, python, _ = fresh_pair([HANDOUTS, "--help"], bare, repeats)
        say(f"fresh processes: importing what handout and build import, and nothing else, x{repeats}")
        loads = {name: library_modules(argv, CLI_ENV) for name, argv in (
            ("handout", ["handout", "-o", str(Path(tmp, "m.pdf"))]),
            ("build", ["build", "-o", tmp, "--date", DATE]))}
        h_imports, b_imports, _ = fresh_pair(import_command(loads["handout"]),
                                             import_command(loads["build"]), repeats)

    def t(x: Timed) -> str:
        return f"{x.wall * 1000:.0f} ms wall, {x.cpu * 1000:.0f} ms CPU"

    return [
        Row(f"**Fresh processes** (median of {repeats}, each alternated with its floor)", ""),
        Row("`handouts handout -o x.pdf`", t(handout), "< 300 ms wall", met(handout.wall < 0.3)),
        Row("  floor: `python floor.py` drawing the page (words and posed figures unpickled)",
            f"{t(hfloor)}; handout / floor {h_ratio:.2f}x"),
        Row(f"`handouts build -o DIR --date {DATE}` (handout, 4-week tracker, packet)", t(build),
            "< 800 ms wall", met(build.wall < 0.8)),
        Row("  its floor, timed alternately", f"{t(bfloor)}; build / floor {b_ratio:.2f}x"),
        Row("`handouts --help`", t(helped), "< 100 ms wall", met(helped.wall < 0.1)),
        Row("  floor: `python -c pass`", t(python)),
        Row(f"  floor: importing the {len(loads['handout'])} third-party modules `handout` loads "
            f"({len(tops(loads['handout']))} packages), none of ours", t(h_imports)),
        Row(f"  floor: importing the {len(loads['build'])} third-party modules `build` loads "
            f"({len(tops(loads['build']))} packages), none of ours", t(b_imports)),
    ]


def shared_packet(repeats: int) -> list[Row]:
    """A packet whose plan is laid out already, against stamping a name on a pre-built packet."""
    import datetime as dt

    from floor import stamp_floor

    from handouts.content.paths import builtin_content
    from handouts.context import Caches
    from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec

    lib = _library()
    caches = Caches()
    spec = load_packet_spec(builtin_content() / "packets" / "patient.yaml")
    day = dt.date.fromisoformat(DATE)
    names = iter(f"Patient {i:04d}" for i in range(10 * repeats + 10))

    def packet() -> bytes:
        return build_packet(lib, spec, PacketOptions(day, day, next(names), "Sam Lee PT"), caches)

    prebuilt = packet()
    say(f"shared-plan packet and stamp floor, alternately, x{repeats}")
    ours, floor, ratio = paired_medians(packet, lambda: stamp_floor(prebuilt, next(names)), repeats)
    return [
        Row("**Shared-plan packet** (cover, handout, 4-week tracker; the plan laid out already)", ""),
        Row(f"packet / floor (open a pre-built packet, stamp a name, save), median of {repeats}",
            f"{ratio:.2f}x ({ours * 1000:.0f} ms vs {floor * 1000:.0f} ms; {len(prebuilt) / KB:.0f} KB)",
            "<= 3x", met(ratio <= 3)),
    ]


@dataclass(frozen=True)
class Batch:
    """What one `handouts batch` run took and wrote."""

    kind: str
    patients: int
    plans: int
    handouts: int
    wall: float
    cpu: float  # user + system seconds of the whole process tree
    peak_rss: int
    peak_pss: int
    sizes: tuple[int, ...]
    pages: tuple[int, ...]  # of a few packets spread over the run
    largest_fields: int  # form fields (tick boxes, text) of the largest packet

    @property
    def per_packet(self) -> float:
        return self.wall / self.patients

    @property
    def cpu_per_packet(self) -> float:
        return self.cpu / self.patients


def run_batch(patients: int, worst: bool, jobs: int = 2) -> Batch:
    """Write a patients CSV, build it with `handouts batch` and measure the whole process tree."""
    kind = "worst case" if worst else "usual list"
    say(f"handouts batch: {patients} patients ({kind}), --jobs {jobs}")
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, out = Path(tmp, "patients.csv"), Path(tmp, "out")
        (write_worst_case if worst else write_patients)(csv_path, patients)
        plans, handouts = distinct_plans(csv_path)
        log = Path(tmp, "log.txt")
        with log.open("wb") as fh:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.Popen([HANDOUTS, "batch", str(csv_path), "-o", str(out),
                                     "--jobs", str(jobs), "--date", DATE], stdout=fh, stderr=fh,
                                    env=CLI_ENV)
            with TreeMemory(proc.pid) as mem:
                code = proc.wait()
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if code != 0:
            raise SystemExit(f"handouts batch failed ({code}):\n{log.read_text()[-2000:]}")
        files = sorted(out.glob("*.pdf"))
        if len(files) != patients:
            raise SystemExit(f"handouts batch wrote {len(files)} packets for {patients} rows")
        checked = files[:: max(1, len(files) // 5)][:5]
        pages = tuple(len(PdfReader(f).pages) for f in checked)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        largest = max(files, key=lambda f: f.stat().st_size)
        fields = sum(1 for page in PdfReader(largest).pages for a in page.get("/Annots") or ()
                     if a.get_object().get("/Subtype") == "/Widget")
        return Batch(kind, patients, plans, handouts, wall, cpu, mem.peak_rss, mem.peak_pss,
                     tuple(f.stat().st_size for f in files), pages, fields)


def writing_rows(patients: int) -> list[Row]:
    """The worst case's CPU a packet in ReportLab's writer and pikepdf's save (`--jobs 1`)."""
    say(f"handouts batch --jobs 1: {patients} patients (worst case), its PDF writers timed")
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp, "patients.csv")
        write_worst_case(csv_path, patients)
        spent = writing_share(csv_path, Path(tmp, "out"), CLI_ENV)
    writing = (spent["reportlab"] + spent["pikepdf"]) / patients
    return [Row(
        f"  writing alone, worst case of {patients} (`--jobs 1`): ReportLab's `GetPDFData` + "
        "pikepdf's `save`, CPU-s a packet",
        f"{writing:.3f} ({spent['reportlab'] / patients:.3f} + {spent['pikepdf'] / patients:.3f}) "
        f"of {spent['all'] / patients:.3f}; 60 s for 1,000 on 2 cores allows 0.120")]


def batch_rows(usual: Batch, worst: Sequence[Batch], full_size: int) -> list[Row]:
    rows = [Row("**Batches** (`handouts batch --jobs 2`, fresh process; CPU summed over the "
                "process tree)", "")]
    for b in (usual, *worst):
        rows.append(Row(
            f"{b.kind}, {b.patients:,} patients: {b.plans:,} distinct plans, "
            f"{b.handouts:,} distinct handouts",
            f"{b.wall:.1f} s wall; {b.cpu_per_packet:.3f} CPU-s a packet; peak RSS "
            f"{b.peak_rss / MB:.0f} MB (PSS {b.peak_pss / MB:.0f} MB); largest "
            f"{max(b.sizes) / KB:.0f} KB; pages of {len(b.pages)}: {', '.join(map(str, b.pages))}"))
    big = worst[-1]
    n = big.patients
    full = n == full_size
    rows += [
        Row(f"Worst case {n:,}: wall time (see the load average above)", f"{big.wall:.1f} s",
            f"< 60 s for {full_size:,}", met(big.wall < 60) if full else f"n/a ({n} patients)"),
        Row("  CPU seconds over 2 cores (the wall time on 2 idle cores, at best)",
            f"{big.cpu / 2:.1f} s ({big.cpu_per_packet:.3f} CPU-s a packet)",
            f"< 60 s for {full_size:,}", met(big.cpu / 2 < 60) if full else "n/a"),
        Row("  peak memory, RSS summed over the process tree", f"{big.peak_rss / MB:.0f} MB",
            "< 300 MB", met(big.peak_rss < 300 * MB)),
        Row("  largest packet", f"{max(big.sizes) / KB:.0f} KB, {big.largest_fields:,} form "
            "fields (one with its tag is about 76 bytes: bench/SIZE.md)", "< 150 KB",
            met(max(big.sizes) < 150 * KB)),
    ]
    if len(worst) >= 2:
        first, last = worst[0], worst[-1]
        growth = last.cpu_per_packet / first.cpu_per_packet
        memory = last.peak_rss / first.peak_rss
        rows += [
            Row(f"Growth {first.patients:,} -> {last.patients:,} (worst case): CPU-s a packet",
                f"{growth:.2f}x", "<= 1.1x (linear)", met(growth <= 1.1)),
            Row(f"Growth {first.patients:,} -> {last.patients:,}: peak RSS", f"{memory:.2f}x",
                "<= 1.1x (flat)", met(memory <= 1.1)),
        ]
    return rows


def machine(load_before: float) -> list[str]:
    def of(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    from reportlab.lib import rl_accel

    accel = "C accelerator" if rl_accel._c_funcs else "no C accelerator (rl_accel not installed)"
    repo = Path(__file__).resolve().parent.parent
    commit = os.environ.get("BENCH_COMMIT") or subprocess.run(
        ["git", "-C", str(repo), "describe", "--always", "--dirty"],
        capture_output=True, text=True).stdout.strip() or "unknown"
    return [
        f"Date (UTC): {dt.datetime.now(dt.UTC):%Y-%m-%d}",
        f"Cores (nproc): {len(os.sched_getaffinity(0))}; handouts at commit {commit}",
        f"Python {sys.version.split()[0]}, ReportLab {of('reportlab')} ({accel}), "
        f"pypdf {of('pypdf')}, pikepdf {of('pikepdf')}, WeasyPrint {of('weasyprint')}",
        f"Batch memory sampled every 100 ms with {TreeMemory.method}",
        f"Load average (1 min) before / after the run: {load_before:.2f} / {os.getloadavg()[0]:.2f}",
    ]


def table(rows: Sequence[Row]) -> str:
    head = Row("Measure", "Result", "Target", "Met")
    cells = [(r.measure, r.result, r.target, r.met) for r in (head, *rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    lines = ["| " + " | ".join(c[i].ljust(widths[i]) for i in range(4)) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="small run to check the bench works: 2 repeats, batches of 4 to 8")
    parser.add_argument("--sections", default="single,fresh,packet,batch",
                        help="comma-separated parts to run (default: all of single,fresh,packet,batch)")
    args = parser.parse_args()
    parts = set(args.sections.split(","))
    if args.quick:
        repeats, fresh, usual, worst = 2, 1, 6, (4, 8)
    else:
        repeats, fresh, usual, worst = 20, 5, 300, (100, 1000)
    started, load = time.perf_counter(), os.getloadavg()[0]
    rows: list[Row] = []
    if "single" in parts:
        rows += single_call(repeats)
    if "fresh" in parts:
        rows += fresh_process(fresh)
    if "packet" in parts:
        rows += shared_packet(repeats)
    if "batch" in parts:
        rows += batch_rows(run_batch(usual, worst=False), [run_batch(n, worst=True) for n in worst],
                           full_size=1000)
        rows += writing_rows(worst[0])
    print("\n".join(f"- {line}" for line in machine(load)))
    print()
    print(table(rows))
    print(f"\n(whole run: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
