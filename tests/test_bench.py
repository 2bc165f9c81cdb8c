"""The benchmark itself runs: `bench/run.py --quick` prints every section of its table (not timed)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parent.parent / "bench" / "run.py"


@pytest.mark.skipif(not (Path(sys.executable).parent / "handouts").exists(),
                    reason="the bench runs the venv's own `handouts` command")
def test_quick_bench_prints_every_section():
    done = subprocess.run([sys.executable, str(BENCH), "--quick"], capture_output=True, text=True,
                          timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    table = done.stdout
    for section in ("Single handout, in-process", "Fresh processes", "Shared-plan packet",
                    "Batches"):
        assert f"**{section}" in table
    assert re.search(r"Cold build byte-identical to a warm build \s*\| yes", table)
    # Every row of the worst-case lists is a plan of its own, and the table says so.
    assert re.search(r"worst case, 4 patients: 4 distinct plans, 4 distinct handouts", table)
    assert re.search(r"worst case, 8 patients: 8 distinct plans, 8 distinct handouts", table)
    assert re.search(r"usual list, 6 patients: \d distinct plans", table)
    assert "Cores (nproc):" in table and "Date (UTC):" in table
    # The floors under the targets: the libraries' own imports and the PDF writers' share.
    imports = re.search(r"floor: importing the (\d+) third-party modules `handout` loads \((\d+) "
                        r"packages\), none of ours \s*\| (\d+) ms wall", table)
    assert imports and int(imports[1]) > 20 and int(imports[2]) >= 3 and int(imports[3]) > 0
    writing = re.search(r"writing alone, worst case of 4 .*\| (0\.\d+) \((0\.\d+) \+ (0\.\d+)\) of "
                        r"(\d+\.\d+);", table)
    assert writing and 0 < float(writing[1]) < float(writing[4])
    assert abs(float(writing[1]) - float(writing[2]) - float(writing[3])) < 0.002
    assert re.search(r"largest packet \s*\| \d+ KB, [\d,]+ form fields", table)
