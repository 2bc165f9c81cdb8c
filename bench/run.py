"""Benchmarks: one handout against a hand-written floor and WeasyPrint, CLI start-up, batches."""

from __future__ import annotations

import argparse
import datetime as dt
import os
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

from patients import WEEKS, write_patients
from proctree import TreeMemory
from pypdf import PdfReader

HANDOUTS = str(Path(sys.executable).parent / "handouts")  # the venv's own command
DATE = "2026-03-02"
PACKET_PAGES = 1 + 1 + WEEKS  # cover, one-page handout, one tracker page a week
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


def median_seconds(fn: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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


def in_process(repeats: int) -> list[Row]:
    """The default handout, the floor and WeasyPrint, each timed in this process."""
    from floor import build_floor
    from page import ROUTINE, page_text, posed_figures

    from handouts.content.library import content_folders, load_library
    from handouts.content.select import select
    from handouts.layout.handout import HandoutSpec, build_handout

    lib = load_library(content_folders())
    spec = HandoutSpec(select(lib, ROUTINE))
    page = page_text(lib)
    start = time.perf_counter()
    figures = posed_figures(lib, page)
    posing = time.perf_counter() - start
    runs = f"median of {repeats} after a warm-up"

    say(f"handout and floor, alternately, x{repeats}")
    handout, floor, ratio = paired_medians(lambda: build_handout(lib, spec),
                                           lambda: build_floor(page, figures), repeats)
    rows = [
        Row(f"Handout in-process, `build_handout` ({runs})",
            f"{handout * 1000:.0f} ms ({describe(build_handout(lib, spec))})"),
        Row("Floor: hand-written ReportLab, same text, font and figures (timed alternately)",
            f"{floor * 1000:.0f} ms ({describe(build_floor(page, figures))})"),
        Row("handouts / floor (median of the paired ratios)", f"{ratio:.2f}x", "<= 1.3x",
            met(ratio <= 1.3)),
    ]
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: WeasyPrint is there but Pango is not
        reason = str(e).splitlines()[0]
        return [*rows, Row("WeasyPrint", f"not available ({reason}); `pip install weasyprint`"),
                Row("WeasyPrint / handouts", "n/a", ">= 8x", "n/a")]
    from weasy import figure_svgs, page_html, render_pdf

    html = page_html(page, figure_svgs(figures))
    say(f"WeasyPrint x{repeats}")
    weasy = median_seconds(lambda: render_pdf(html), repeats)
    return [
        *rows,
        Row(f"WeasyPrint {weasyprint.__version__}: same page as HTML + CSS, inline SVG figures",
            f"{weasy * 1000:.0f} ms ({describe(render_pdf(html))})"),
        Row("WeasyPrint / handouts", f"{weasy / handout:.1f}x", ">= 8x", met(weasy / handout >= 8)),
        Row("Posing the 6 figures (`draw_figure`), once per process, outside all three timings",
            f"{posing * 1000:.0f} ms"),
    ]


def cli_seconds(args: Sequence[str], repeats: int) -> float:
    """Median wall time of the command as a fresh process, after one untimed run."""
    return median_seconds(lambda: subprocess.run([HANDOUTS, *args], check=True, capture_output=True,
                                                         env=CLI_ENV),
                          repeats)


def fresh_process(help_runs: int, build_runs: int) -> list[Row]:
    say(f"handouts --help x{help_runs}, handouts build x{build_runs}")
    helped = cli_seconds(["--help"], help_runs)
    with tempfile.TemporaryDirectory() as tmp:
        built = cli_seconds(["build", "-o", tmp, "--date", DATE], build_runs)
    return [
        Row(f"`handouts --help`, fresh process (median of {help_runs})", f"{helped * 1000:.0f} ms",
            "< 150 ms", met(helped < 0.150)),
        Row(f"`handouts build -o DIR --date {DATE}`, fresh process (median of {build_runs})",
            f"{built:.2f} s"),
    ]


@dataclass(frozen=True)
class Batch:
    """What one `handouts batch` run took and wrote."""

    patients: int
    wall: float
    peak_rss: int
    peak_pss: int
    sizes: tuple[int, ...]
    pages: tuple[int, ...]  # of a few packets spread over the run

    @property
    def per_packet(self) -> float:
        return self.wall / self.patients


def run_batch(patients: int, jobs: int = 2, distinct: bool = False) -> Batch:
    """Write a patients CSV, build it with `handouts batch` and measure the whole process tree."""
    say(f"handouts batch: {patients} patients, --jobs {jobs}" + (", every plan different" * distinct))
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, out = Path(tmp, "patients.csv"), Path(tmp, "out")
        write_patients(csv_path, patients, distinct=distinct)
        log = Path(tmp, "log.txt")
        with log.open("wb") as fh:
            start = time.perf_counter()
            proc = subprocess.Popen([HANDOUTS, "batch", str(csv_path), "-o", str(out),
                                     "--jobs", str(jobs), "--date", DATE], stdout=fh, stderr=fh,
                                    env=CLI_ENV)
            with TreeMemory(proc.pid) as mem:
                code = proc.wait()
            wall = time.perf_counter() - start
        if code != 0:
            raise SystemExit(f"handouts batch failed ({code}):\n{log.read_text()[-2000:]}")
        files = sorted(out.glob("*.pdf"))
        if len(files) != patients:
            raise SystemExit(f"handouts batch wrote {len(files)} packets for {patients} rows")
        checked = files[:: max(1, len(files) // 5)][:5]
        pages = tuple(len(PdfReader(f).pages) for f in checked)
        return Batch(patients, wall, mem.peak_rss, mem.peak_pss,
                     tuple(f.stat().st_size for f in files), pages)


def linear_fit(runs: Sequence[Batch]) -> tuple[float, float]:
    """Least-squares wall = fixed + per_packet * patients."""
    xs, ys = [b.patients for b in runs], [b.wall for b in runs]
    slope, intercept = statistics.linear_regression(xs, ys)
    return intercept, slope


def batch_rows(runs: Sequence[Batch], full_size: int) -> list[Row]:
    big = runs[-1]
    n = big.patients
    wall_met = met(big.wall < 60) if n == full_size else f"n/a ({n} patients)"
    rows = [
        Row(f"Batch of {n:,} patients, `--jobs 2`: wall time", f"{big.wall:.1f} s",
            f"< 60 s for {full_size:,}", wall_met),
        Row("  packets per second", f"{n / big.wall:.1f}", f">= {full_size / 60:.1f}",
            met(n / big.wall >= full_size / 60)),
        Row(f"  peak memory, RSS summed over the process tree ({TreeMemory.method.split()[0]})",
            f"{big.peak_rss / MB:.0f} MB", "< 300 MB", met(big.peak_rss < 300 * MB)),
        Row("  peak memory, PSS summed (pages shared by the forked workers counted once)",
            f"{big.peak_pss / MB:.0f} MB"),
        Row("  largest packet", f"{max(big.sizes) / KB:.0f} KB", "< 150 KB",
            met(max(big.sizes) < 150 * KB)),
        Row("  total size", f"{sum(big.sizes) / MB:.1f} MB (mean {statistics.mean(big.sizes) / KB:.0f} KB)"),
        Row(f"  pages of {len(big.pages)} packets (pypdf)", ", ".join(map(str, big.pages)),
            f"{PACKET_PAGES} each", met(all(p == PACKET_PAGES for p in big.pages))),
    ]
    rows += [Row(f"Batch of {b.patients:,}: seconds per packet (wall / patients)",
                 f"{b.per_packet:.3f} s ({b.wall:.1f} s; peak RSS {b.peak_rss / MB:.0f} MB)")
             for b in runs]
    if len(runs) >= 2:
        fixed, slope = linear_fit(runs)
        worst = max(abs(fixed + slope * b.patients - b.wall) / b.wall for b in runs)
        rows.append(Row("Least-squares fit: wall = fixed + per packet x patients",
                        f"{fixed:.1f} s + {slope:.3f} s x N (worst miss {worst:.1%})"))
        # Patients who share a plan share sheets, and a longer list has more of them, so a
        # packet gets cheaper as the list grows: time grows linearly at most, never faster.
        growth = runs[-1].per_packet / runs[0].per_packet
        rows.append(Row(f"Seconds per packet, {runs[-1].patients:,} vs {runs[0].patients:,} patients",
                        f"{growth:.2f}x", "<= 1.1x (at most linear)", met(growth <= 1.1)))
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
    commit = subprocess.run(["git", "-C", str(repo), "describe", "--always", "--dirty"],
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
                        help="smoke run: 5 repeats, batches of 20 and 50 patients")
    args = parser.parse_args()
    repeats, sizes = (5, (20, 50)) if args.quick else (40, (100, 300, 1000))
    started, load = time.perf_counter(), os.getloadavg()[0]
    rows = in_process(repeats)
    rows += fresh_process(5 if args.quick else 10, 3 if args.quick else 5)
    rows += batch_rows([run_batch(n) for n in sizes], full_size=1000)
    worst = run_batch(50 if args.quick else 300, distinct=True)
    rows.append(Row(f"Worst case, {worst.patients} patients each with a plan of their own "
                    "(nothing shared): seconds per packet",
                    f"{worst.per_packet:.3f} s ({worst.wall:.1f} s; peak RSS {worst.peak_rss / MB:.0f} MB;"
                    f" largest {max(worst.sizes) / KB:.0f} KB)"))
    print("\n".join(f"- {line}" for line in machine(load)))
    print()
    print(table(rows))
    print(f"\n(whole run: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
