"""Fresh processes, as a new user runs them: `handouts --help`, `handouts handout -o x.pdf` and
`handouts build`, each a new interpreter. Best of N, wall and CPU (user + system of the child,
from getrusage), and where the CPU goes: imports, loading the library, the first build.

    python bench/fresh.py                      # this tree, best of 5
    python bench/fresh.py --before OLD -n 7    # OLD: an exported older tree
                                               # (git archive COMMIT | tar -x -C OLD)

With --before, the two trees run alternately (old, new, old, new, ...) so a busy machine
slows both alike; CPU seconds are steadier than wall seconds when other work shares the cores.
Each tree keeps its own bytecode cache (an installed package has one; this machine sets
PYTHONDONTWRITEBYTECODE) and its own compiled-template cache, both warmed by one untimed run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from run import time_child

HERE = Path(__file__).resolve().parent.parent
DATE = "2026-03-02"
COMMANDS = {
    "--help": ["--help"],
    "handout": ["handout", "-o", "{tmp}/x.pdf"],
    "build": ["build", "-o", "{tmp}/build", "--date", DATE],
}
# Where a fresh `handouts handout` spends its CPU, measured in one process of its own.
PHASES = """
import resource, sys, time
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
marks = [("start", cpu())]
import typer
marks.append(("import typer", cpu()))
import handouts.cli
from handouts import api
from handouts.context import BuildContext
from handouts.layout import handout
marks.append(("import the rest", cpu()))
ctx = BuildContext.load()
marks.append(("load the library", cpu()))
api.handout(ctx)
marks.append(("first handout", cpu()))
api.handout(ctx)
marks.append(("second handout", cpu()))
print(";".join(f"{n}={c - p:.4f}" for (n, c), (_, p) in zip(marks[1:], marks)))
print(f"interpreter start={marks[0][1]:.4f}")
"""


def _env(tree: Path, tmp: Path, name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / f"pycache-{name}")
    env["HANDOUTS_CACHE"] = str(tmp / f"cache-{name}")
    return env


def _phases(env: dict[str, str], best: dict[str, float]) -> None:
    """One run of PHASES; keep each phase's lowest CPU in `best`."""
    out = subprocess.run([sys.executable, "-c", PHASES], check=True, capture_output=True,
                         text=True, env=env).stdout
    for part in out.replace("\n", ";").strip(";").split(";"):
        name, value = part.split("=")
        best[name] = min(best.get(name, 1e9), float(value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="an exported older tree to compare with")
    parser.add_argument("-n", type=int, default=5, help="runs of each command (best is kept)")
    args = parser.parse_args()
    trees = {"before": args.before.resolve()} if args.before else {}
    trees["now"] = HERE
    with tempfile.TemporaryDirectory(prefix="bench-fresh-") as t:
        tmp = Path(t)
        envs = {name: _env(tree, tmp, name) for name, tree in trees.items()}
        best: dict[tuple[str, str], tuple[float, float]] = {}
        for label, argv in COMMANDS.items():
            cmds = {name: [sys.executable, "-m", "handouts", *(a.format(tmp=tmp) for a in argv)]
                    for name in trees}
            for name in trees:  # warm the bytecode and template caches, untimed
                time_child(cmds[name], envs[name])
            for _ in range(args.n):
                for name in trees:
                    w, c = time_child(cmds[name], envs[name])
                    old = best.get((label, name), (1e9, 1e9))
                    best[(label, name)] = (min(old[0], w), min(old[1], c))
        bare = min(time_child([sys.executable, "-c", "pass"], envs["now"]) for _ in range(args.n))
        phases: dict[str, dict[str, float]] = {name: {} for name in trees}
        for _ in range(args.n):
            for name in trees:
                _phases(envs[name], phases[name])
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, load average (1 min) {load:.2f}; best of {args.n}")
    print(f"python -c pass: {bare[0] * 1000:.0f} ms wall, {bare[1] * 1000:.0f} ms CPU")
    print("| command | " + " | ".join(f"{n} wall / CPU" for n in trees) + " |")
    print("|---|" + "---|" * len(trees))
    for label in COMMANDS:
        cells = [f"{best[(label, n)][0] * 1000:.0f} / {best[(label, n)][1] * 1000:.0f} ms" for n in trees]
        print(f"| `handouts {label}` | " + " | ".join(cells) + " |")
    print("\nCPU of a fresh `handouts handout`, by phase (best of runs, ms):")
    print("| phase | " + " | ".join(trees) + " |")
    print("|---|" + "---|" * len(trees))
    for phase in phases["now"]:
        print(f"| {phase} | " + " | ".join(f"{phases[n].get(phase, 0) * 1000:.0f}" for n in trees) + " |")


if __name__ == "__main__":
    main()
