"""A few hundred generated inputs (bench/fuzz.py): a valid PDF or one clear error, nothing else."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).parent.parent / "bench" / "fuzz.py"
CASES = 200


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf checks every PDF made")
def test_generated_inputs_give_a_pdf_or_one_clear_error():
    spec = importlib.util.spec_from_file_location("handouts_fuzz", FUZZ)
    assert spec is not None and spec.loader is not None
    fuzz = importlib.util.module_from_spec(spec)
    sys.modules["handouts_fuzz"] = fuzz  # dataclasses look their module up there
    spec.loader.exec_module(fuzz)
    tally = fuzz.run(CASES, seed=1)
    outcomes = {key.split(":")[1] for key in tally.counts}
    assert sum(tally.counts.values()) == CASES
    assert outcomes <= {"pdf", "error"}, tally.samples
    assert sum(n for k, n in tally.counts.items() if k.endswith(":pdf")) >= 10  # not only errors
    assert {k.split(":")[0] for k in tally.counts} == {"content", "program", "spec", "csv"}
