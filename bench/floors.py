"""Floors under issue 14's targets that our own code cannot go below.

- `library_modules(argv)`: the third-party modules a fresh `handouts ARGV` loads (ReportLab,
  Typer, Jinja2, pydantic, ...), found by running it and reading `sys.modules`. Importing
  just those in a fresh interpreter (`import_command`) is what the command pays before any
  of our code runs.
- `writing_share(csv, out)`: a worst-case batch built in one process (`--jobs 1`), with the
  CPU seconds spent in ReportLab's PDF writer (`PDFDocument.GetPDFData`: every object of
  every sheet turned into bytes) and pikepdf's `Pdf.save` (a sheet's object streams, the
  joined packet) summed. Those objects are the pages, fields and tags the product must
  write; the other issues ask for every one of them.

    python bench/floors.py imports handout -o /tmp/x.pdf
    python bench/floors.py writing PATIENTS.csv OUT_DIR
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Run in a child: the command as `handouts` runs it, then the third-party modules it loaded.
_LIST = """
import json, sys, sysconfig
from pathlib import Path
sys.argv = ["handouts", *json.loads(sys.argv[1])]
from handouts.entry import main
try:
    main()
except SystemExit:
    pass
roots = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
names = []
for name, module in list(sys.modules.items()):
    where = getattr(module, "__file__", None)
    if not where or name.startswith("handouts") or name.split(".")[-1].startswith("_"):
        continue
    if any(root in Path(where).resolve().parents for root in roots):
        names.append(name)
print(json.dumps(sorted(names)))
"""


def library_modules(argv: list[str], env: dict[str, str] | None = None) -> list[str]:
    """Names of the public third-party modules a fresh `handouts ARGV` has loaded at its end."""
    done = subprocess.run([sys.executable, "-c", _LIST, json.dumps(argv)], check=True,
                          capture_output=True, text=True, env=env)
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def import_command(modules: list[str]) -> list[str]:
    """A fresh interpreter importing `modules` and nothing else (a failing one is skipped)."""
    code = "\n".join(["import importlib", f"for m in {modules!r}:", "    try:",
                      "        importlib.import_module(m)", "    except Exception:", "        pass"])
    return [sys.executable, "-c", code]


def tops(modules: list[str]) -> list[str]:
    """The distinct top-level packages of `modules`, for a table row."""
    return sorted({m.split(".")[0] for m in modules})


# Run in a child: the batch in this process, its writers timed.
_WRITING = """
import json, sys, time
import pikepdf
from reportlab.pdfbase import pdfdoc
spent = {"reportlab": 0.0, "pikepdf": 0.0}

def timed(owner, name, key):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - start
    setattr(owner, name, wrapper)

timed(pdfdoc.PDFDocument, "GetPDFData", "reportlab")
timed(pikepdf.Pdf, "save", "pikepdf")
sys.argv = ["handouts", "batch", sys.argv[1], "-o", sys.argv[2], "--jobs", "1"]
from handouts.entry import main
start = time.process_time()
try:
    main()
except SystemExit:
    pass
spent["all"] = time.process_time() - start
print(json.dumps(spent))
"""


def writing_share(csv_path: Path, out: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """CPU seconds of a `--jobs 1` batch of `csv_path`: 'all', and in 'reportlab' and 'pikepdf'."""
    done = subprocess.run([sys.executable, "-c", _WRITING, str(csv_path), str(out)], check=True,
                          capture_output=True, text=True, env=env)
    return {k: float(v) for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}


def main() -> None:
    if len(sys.argv) >= 3 and sys.argv[1] == "imports":
        print("\n".join(library_modules(sys.argv[2:])))
    elif len(sys.argv) == 4 and sys.argv[1] == "writing":
        print(json.dumps(writing_share(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
