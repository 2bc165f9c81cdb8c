"""Fresh `handouts handout -o x.pdf` and `handouts build -o DIR`, as a user runs them: two
installed `handouts` commands (e.g. main's venv and a branch's) run alternately, each run in
a new empty folder, with the disk cache ($HANDOUTS_CACHE) empty (a new folder every run)
and filled (one folder per command, warmed by two untimed runs). Median of N, wall and CPU
(user + system of the child).

    python bench/fresh_cache.py /work/main/.venv/bin/handouts .venv/bin/handouts -n 5

Each command keeps its bytecode in a folder of its own (PYTHONPYCACHEPREFIX), so a machine
that sets PYTHONDONTWRITEBYTECODE does not compile every module on every run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

COMMANDS = {"handout": ["handout", "-o", "x.pdf"], "build": ["build", "-o", "out"]}


def _run(exe: str, argv: list[str], base: Path, label: str, cache: Path) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "HANDOUTS_CACHE")}
    env["PYTHONPYCACHEPREFIX"] = str(base / f"pycache-{label}")
    env["HANDOUTS_CACHE"] = str(cache)
    cwd = Path(tempfile.mkdtemp(dir=base))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([exe, *argv], cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", help="the `handouts` command to compare with")
    parser.add_argument("after", help="the `handouts` command measured")
    parser.add_argument("-n", type=int, default=5, help="runs of each (the median is kept)")
    args = parser.parse_args()
    trees = {"before": args.before, "after": args.after}
    base = Path(tempfile.mkdtemp(prefix="bench-fresh-cache-"))
    try:
        times: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
        for name, argv in COMMANDS.items():
            for label, exe in trees.items():
                for _ in range(2):
                    _run(exe, argv, base, label, base / f"filled-{label}")
            for mode in ("empty", "filled"):
                for _ in range(args.n):
                    for label, exe in trees.items():
                        cache = (Path(tempfile.mkdtemp(dir=base)) / "cache" if mode == "empty"
                                 else base / f"filled-{label}")
                        times.setdefault((name, mode, label), []).append(
                            _run(exe, argv, base, label, cache))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"{os.cpu_count()} cores, load average (1 min) {os.getloadavg()[0]:.2f}; "
          f"median of {args.n}, alternating")
    print("| command | disk cache | before wall / CPU | after wall / CPU |")
    print("|---|---|---|---|")
    for name in COMMANDS:
        for mode in ("empty", "filled"):
            cells = []
            for label in trees:
                runs = times[(name, mode, label)]
                wall = statistics.median(w for w, _ in runs) * 1000
                cpu = statistics.median(c for _, c in runs) * 1000
                cells.append(f"{wall:.0f} / {cpu:.0f} ms")
            print(f"| `handouts {name}` | {mode} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
