"""Every command on a corpus of hostile inputs: a clear message or a good PDF, never a traceback.

The corpus is in tests/fixtures/bad-yaml (each file used as a content file, a program, a
packet spec and a clinic file), bad-csv (patients lists) and bad-pdf (filled trackers,
outside PDFs, files to preview). A run passes when the command ends with exit 0, 1 (batch
rows failed) or 2, raises nothing outside the project's error family, prints no
traceback, and leaves no file behind unless it succeeded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app
from handouts.content.paths import builtin_content

FIXTURES = Path(__file__).parent / "fixtures"
YAML = sorted((FIXTURES / "bad-yaml").iterdir())
CSV = sorted((FIXTURES / "bad-csv").iterdir())
PDF = sorted((FIXTURES / "bad-pdf").iterdir())
SPEC = builtin_content() / "packets" / "patient.yaml"
GOOD_CSV = builtin_content() / "examples" / "patients.csv"


def run_clean(args: list[str], out: Path) -> None:
    """Run one command and check it failed (or succeeded) cleanly."""
    if out.is_file():
        out.unlink()
    result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"{' '.join(args)} raised {type(result.exception).__name__}:\n{trace}")
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text
    assert result.exit_code in (0, 1, 2), (result.exit_code, text)
    if result.exit_code == 2:
        assert result.stderr.strip(), "exit 2 without a message"
    if result.exit_code != 0 and out.suffix == ".pdf":
        assert not out.exists(), f"{out} left behind after exit {result.exit_code}"
    leftovers = [p for p in out.parent.rglob(".*.tmp")] if out.parent.exists() else []
    assert not leftovers, leftovers


@pytest.mark.parametrize("bad", YAML, ids=lambda p: p.name)
def test_bad_yaml_in_every_role(tmp_path, bad):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(bad, content / "stretches.yaml")
    out = tmp_path / "out.pdf"
    for args in (
        ["check", "--content", str(content)],
        ["handout", "--content", str(content), "-o", str(out)],
        ["handout", "--program", str(bad), "-o", str(out)],
        ["tracker", "--program", str(bad), "-o", str(out)],
        ["packet", str(bad), "-o", str(out)],
        ["packet", str(SPEC), "--program", str(bad), "-o", str(out)],
        ["handout", "--clinic", str(bad), "-o", str(out)],
    ):
        run_clean(args, out)


@pytest.mark.parametrize("bad", CSV, ids=lambda p: p.name)
def test_bad_csv(tmp_path, bad):
    out = tmp_path / "batch"
    run_clean(["batch", str(bad), "-o", str(out), "--jobs", "1", "--date", "2026-03-02"],
              out / "x")


@pytest.mark.parametrize("bad", PDF, ids=lambda p: p.name)
def test_bad_pdf_for_report_preview_and_packet(tmp_path, bad):
    run_clean(["report", str(bad)], tmp_path / "none")
    run_clean(["report", str(bad), "--csv"], tmp_path / "none")
    run_clean(["preview", str(bad), "-o", str(tmp_path / "png")], tmp_path / "png" / "x")
    shutil.copy(bad, tmp_path / "outside.pdf")
    spec = tmp_path / "spec.yaml"
    spec.write_text("packet:\n  title: T\nparts:\n  - cover\n"
                    "  - pdf: {path: outside.pdf, title: Theirs}\n", encoding="utf-8")
    run_clean(["packet", str(spec), "-o", str(tmp_path / "p.pdf")], tmp_path / "p.pdf")


def test_yaml_over_the_size_limit_is_one_line(tmp_path):
    big = tmp_path / "program.yaml"
    big.write_text("patient: Ana\n" + "# padding\n" * 250_000, encoding="utf-8")
    result = CliRunner().invoke(app, ["handout", "--program", str(big), "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {big}: file is ") and "at most" in result.stderr


def test_cases_from_the_issue(tmp_path):
    """yaml-control-char and large-print-long-step, as the issue's README runs them."""
    runner = CliRunner()
    r = runner.invoke(app, ["check", "--content", str(FIXTURES / "bad-yaml-control-char")])
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == [
        f"error: {FIXTURES / 'bad-yaml-control-char' / 'stretches.yaml'}:1: control character "
        "U+0000 in the text; only printable characters, tabs and line breaks may be used"]
    out = tmp_path / "x.pdf"
    r = runner.invoke(app, ["handout", "--stretch", "longstep", "--stretch", "cat-cow", "--large-print",
                            "--content", str(FIXTURES / "content-long-step"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    from pdfread import page_texts, words

    texts = [words(t) for t in page_texts(out)]
    assert len(texts) >= 3
    whole = " ".join(texts)
    assert whole.count("Move your leg slowly and keep your back flat on the mat.") >= 50
    assert "Do 2 sets of 10 slow rounds. Once a day." in whole and "Stay safe" in texts[0]
