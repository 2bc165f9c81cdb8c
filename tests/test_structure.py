"""The package's shape: no import cycle, no state kept in modules, the same bytes in any process."""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import handouts

PACKAGE = Path(handouts.__file__).parent


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = f.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = f
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every handouts module `path` imports, at any depth, outside `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name if name and name != "handouts" else None

    found: set[str | None] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("handouts"):
            found |= {known(node.module), *(known(f"{node.module}.{a.name}") for a in node.names)}
        elif isinstance(node, ast.Import):
            found |= {known(a.name) for a in node.names if a.name.startswith("handouts")}
    return {m for m in found if m}


def test_no_import_cycle():
    modules = _modules()
    graph = {m: _imports(p, modules) - {m} for m, p in modules.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycles.append(path[path.index(n):] + [n])
            elif n not in state:
                visit(n, [*path, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []
    assert "handouts.layout.detail" not in graph["handouts.layout.blocks"]
    assert "handouts.layout.handout" not in graph["handouts.layout.detail"]


# Private tables that are read, never written (font files, section ids, characters, "off" values).
CONSTANT_TABLES = {"handouts.layout.fonts._FILES", "handouts.layout.fonts._INVISIBLE",
                   "handouts.layout.education._LIBRARY_SECTIONS", "handouts.pdf.report._OFF"}


def test_no_mutable_state_in_modules():
    """Only public constants (UPPER_CASE, never written) may be containers at module level;
    caches belong to the caller's BuildContext."""
    found = []
    for name in _modules():
        if name == "handouts.__main__":  # importing it runs the command line
            continue
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("__") or (attr.isupper() and not attr.startswith("_")):
                continue
            if f"{name}.{attr}" in CONSTANT_TABLES:
                continue
            if isinstance(value, dict | list | set | bytearray):
                found.append(f"{name}.{attr}")
    assert found == []


def test_same_bytes_in_fresh_processes_with_different_hash_seeds(tmp_path):
    script = ("import sys, datetime as dt\n"
              "from handouts import api\n"
              "from handouts.context import BuildContext\n"
              "ctx = BuildContext.load(today=lambda: dt.date(2026, 3, 2))\n"
              "prog = {'patient': 'Ana Ruiz', 'routine': 'lower-back-hip', 'exclude': ['cat-cow'],\n"
              "        'changes': {'figure-four': {'sets': 2, 'side': 'left'}}}\n"
              "docs = [api.handout(ctx, program=prog), api.tracker(ctx, program=prog, weeks=2),\n"
              "        api.packet(ctx, spec='lower-back-hip', program=prog, page_size='A4')]\n"
              "sys.stdout.buffer.write(b'\\n--doc--\\n'.join(d.pdf for d in docs))\n")
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env,
                              cwd=tmp_path, check=True)
        outputs.append(done.stdout)
    assert outputs[0].count(b"--doc--") == 2 and outputs[0].startswith(b"%PDF")
    assert outputs[0] == outputs[1]
