"""The CLI through Typer's runner: outputs, exit codes, atomic writes, help text."""

from __future__ import annotations

import pytest
from pdfread import page_texts, words

from handouts.cli import app


def test_handout_writes_pdf_with_patient(runner, tmp_path):
    out = tmp_path / "ana.pdf"
    r = runner.invoke(app, ["handout", "--stretch", "figure-four", "--patient", "Ana Ruiz",
                            "--date", "2026-03-02", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = words(page_texts(out)[0])
    assert "Ana Ruiz" in text and "2 March 2026" in text


def test_filters_pick_stretches(runner, tmp_path):
    out = tmp_path / "lying.pdf"
    r = runner.invoke(app, ["handout", "--muscle", "hamstrings", "--tag", "lying", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = words(page_texts(out)[0])
    assert "Supine hamstring" in text or "hamstring" in text.lower()
    assert "Cat-cow" not in text


@pytest.mark.parametrize("args", [
    ["handout", "no-such-routine"],
    ["handout", "--stretch", "nope"],
    ["handout", "--date", "2026-13-45"],
    ["handout", "--clinic", "missing.yaml"],
    ["handout", "--muscle", "calves"],
])
def test_bad_input_exits_2_and_leaves_existing_output(runner, tmp_path, args):
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"old contents")
    r = runner.invoke(app, [*args, "-o", str(out)])
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    assert out.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"]


def test_build_writes_default_set(runner, tmp_path):
    r = runner.invoke(app, ["build", "-o", str(tmp_path), "--date", "2026-03-02"])
    assert r.exit_code == 0, r.output
    handout = tmp_path / "lower-back-hip-handout.pdf"
    assert len(page_texts(handout)) == 1
    assert "Kneeling hip flexor" in words(page_texts(handout)[0])


def test_list_commands(runner):
    r = runner.invoke(app, ["list", "stretches", "--tag", "kneeling"])
    assert r.exit_code == 0
    assert "kneeling-hip-flexor" in r.stdout and "cat-cow" in r.stdout
    assert "supine-hamstring" not in r.stdout
    r = runner.invoke(app, ["list", "muscles"])
    assert "quadratus-lumborum" in r.stdout


def test_every_command_has_help_with_example(runner):
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        assert cmd.help and "Example: handouts" in cmd.help, name


def test_help_stays_light():
    """`handouts --help` must not pay for ReportLab or pypdf."""
    import subprocess
    import sys

    code = ("import sys, handouts.cli; "
            "print(sorted(m for m in ('reportlab', 'pypdf', 'pikepdf', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_clinic_templates_come_first_and_strict(runner, tmp_path):
    mine = tmp_path / "templates" / "handout"
    mine.mkdir(parents=True)
    (mine / "intro.j2").write_text("Riverside says: stretch after your walk, {{ clinic.name }}.")
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("name: Riverside PT\n")
    out = tmp_path / "h.pdf"
    r = runner.invoke(app, ["handout", "--stretch", "cat-cow", "--stretch", "figure-four",
                            "--templates", str(tmp_path / "templates"), "--clinic", str(clinic),
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "Riverside says: stretch after your walk, Riverside PT." in words(page_texts(out)[0])
    (mine / "intro.j2").write_text("Hello {{ patient_nickname }}")
    r = runner.invoke(app, ["handout", "--stretch", "cat-cow", "--stretch", "figure-four",
                            "--templates", str(tmp_path / "templates"), "-o", str(out)])
    assert r.exit_code == 2
    assert "intro.j2" in r.stderr and "patient_nickname" in r.stderr


def test_python_dash_m_runs(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "handouts", "list", "routines"],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "lower-back-hip" in out.stdout


def test_output_that_is_a_folder_is_a_clear_error(runner, tmp_path):
    r = runner.invoke(app, ["handout", "-o", str(tmp_path)])
    assert r.exit_code == 2
    assert "is a folder" in r.stderr
    assert list(tmp_path.iterdir()) == []
