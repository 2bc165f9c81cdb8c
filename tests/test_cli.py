"""The CLI through Typer's runner: outputs, exit codes, atomic writes, help text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfread import page_texts, reader, words

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
    # Exactly the stretches lying down that work the hamstrings, each by its own name
    # (the old check, "hamstring" anywhere, was true of any page naming the muscle).
    assert "Lying hamstring stretch" in text and "Knee-to-chest stretch" in text
    assert "Cat-cow" not in text
    assert "Kneeling hip flexor" not in text and "Seated spinal twist" not in text
    assert "Figure-four stretch" not in text  # lying, but not for the hamstrings


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


@pytest.mark.parametrize("interruption", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_write_interrupted_halfway_leaves_existing_output(runner, tmp_path, monkeypatch, interruption):
    """The PDF is built, half of it is written, then the disk fills or the user presses Ctrl-C."""
    import os

    out = tmp_path / "keep.pdf"
    out.write_bytes(b"old contents")
    real_fdopen, written = os.fdopen, []

    class HalfThenFail:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            written.append(os.path.getsize(self.fh.name))
            raise interruption

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: HalfThenFail(real_fdopen(fd, mode)))
    r = runner.invoke(app, ["handout", "--stretch", "cat-cow", "-o", str(out)])
    assert written and written[0] > 1000  # a real write of a real PDF had begun
    if isinstance(interruption, OSError):
        assert r.exit_code == 2 and "No space left" in r.stderr and "Traceback" not in r.output
    else:
        assert r.exit_code == 130  # Ctrl-C: Click's "Aborted!"
    assert out.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"]  # no temporary file left


def test_build_writes_default_set(runner, tmp_path):
    r = runner.invoke(app, ["build", "-o", str(tmp_path), "--date", "2026-03-02"])
    assert r.exit_code == 0, r.output
    handout = tmp_path / "handout.pdf"
    assert len(page_texts(handout)) == 1
    assert "Kneeling hip flexor" in words(page_texts(handout)[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf", "packet.pdf", "tracker.pdf"]


def test_build_into_a_file_names_the_mistake_and_keeps_the_file(runner, tmp_path):
    """`build -o afile.pdf` (a file where a folder is wanted) says so, and the file stays."""
    target = tmp_path / "afile.pdf"
    target.write_bytes(b"%PDF-1.7 keep me")
    r = runner.invoke(app, ["build", "-o", str(target), "--date", "2026-03-02"])
    assert r.exit_code == 2
    assert f"error: {target}: is a file; build writes several documents: give a folder" in r.stderr
    assert target.read_bytes() == b"%PDF-1.7 keep me" and sorted(tmp_path.iterdir()) == [target]


def test_one_naming_rule_for_build_and_each_command(runner, tmp_path, monkeypatch):
    """`handouts tracker` (and handout, packet) writes the file `handouts build` writes."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["build", "--date", "2026-03-02"]).exit_code == 0
    built = {p.name for p in (tmp_path / "build").iterdir()}
    for kind in ("handout", "tracker", "packet"):
        r = runner.invoke(app, [kind, "--date", "2026-03-02"])
        assert r.exit_code == 0, r.output
        assert f"wrote {Path('build') / f'{kind}.pdf'} " in r.stdout
    assert {p.name for p in (tmp_path / "build").iterdir()} == built


def test_build_takes_templates_like_the_other_commands(runner, tmp_path):
    mine = tmp_path / "templates" / "handout"
    mine.mkdir(parents=True)
    (mine / "intro.j2").write_text("Riverside says: stretch after your walk.")
    r = runner.invoke(app, ["build", "-o", str(tmp_path / "out"), "--templates",
                            str(tmp_path / "templates")])
    assert r.exit_code == 0, r.output
    assert "Riverside says: stretch after your walk." in words(
        page_texts(tmp_path / "out" / "handout.pdf")[0])


def test_batch_example_writes_a_csv_to_start_from_and_never_overwrites(runner, tmp_path):
    csv = tmp_path / "patients.csv"
    r = runner.invoke(app, ["batch", str(csv), "--example"])
    assert r.exit_code == 0, r.output
    assert csv.read_text(encoding="utf-8").startswith("patient,clinician,date,")
    csv.write_text("patient\nAna Ruiz\n", encoding="utf-8")
    r = runner.invoke(app, ["batch", str(csv), "--example"])
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert csv.read_text(encoding="utf-8") == "patient\nAna Ruiz\n"


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
    """`handouts --help` imports Typer and the standard library, nothing heavy: not ReportLab,
    the PDF readers, the YAML and model libraries, Jinja, Babel, Rich or the web server."""
    import subprocess
    import sys

    heavy = ("reportlab", "pypdf", "pikepdf", "pypdfium2", "yaml", "pydantic", "pydantic_core",
             "jinja2", "babel", "rich", "PIL", "svglib", "textstat", "starlette", "uvicorn")
    code = ("import sys\nsys.argv = ['handouts', '--help']\nimport handouts.cli\n"
            "try:\n    handouts.cli.main()\nexcept SystemExit:\n    pass\n"
            f"print('loaded:', sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Commands:" in out.stdout
    assert out.stdout.strip().endswith("loaded: []"), out.stdout[-300:]


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


def test_conventions_short_help_version_and_no_python_types(runner):
    import typer.main

    from handouts import __version__

    assert runner.invoke(app, ["-h"]).exit_code == 0
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"handouts {__version__}"
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout
    for name in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        text = runner.invoke(app, [name, "-h"]).stdout
        for python_type in ("<str>", "<list", "<path>", "<file>", "<int>", "Path]", "<directory>"):
            assert python_type not in text, (name, python_type)
        assert "content/" not in text, name  # no repository paths: they do not exist after pip install


def test_help_examples_run_in_an_empty_folder(runner, tmp_path, monkeypatch):
    """Every command's example works after a plain install: no repository paths in them."""
    import shlex

    import typer.main

    monkeypatch.chdir(tmp_path)
    for name, cmd in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        if name == "serve":  # runs until stopped: tests/test_browser.py starts it as a process
            continue
        example = cmd.help.split("Example: ", 1)[1].strip()
        for part in example.split("&&"):
            args = shlex.split(part.split(">")[0])
            assert args[0] == "handouts", name
            r = runner.invoke(app, args[1:])
            assert r.exit_code == 0, (name, part, r.output)


def test_output_dash_writes_the_pdf_to_stdout_and_page_size_any_case(runner, tmp_path):
    r = runner.invoke(app, ["handout", "--stretch", "cat-cow", "--stretch", "figure-four",
                            "--page-size", "A4", "--date", "today", "-o", "-"])
    assert r.exit_code == 0, r.output
    data = r.stdout_bytes
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    box = reader(data).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    import datetime as dt

    from handouts.wording.dates import long_date
    from handouts.wording.text import Wording

    assert long_date(dt.date.today(), Wording()) in words(page_texts(data)[0])
    assert list(tmp_path.iterdir()) == []  # nothing written to disk


def test_a_bad_date_names_every_word_accepted(runner, tmp_path):
    r = runner.invoke(app, ["handout", "--date", "2026-02-31", "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 2
    assert "'2026-02-31' is not a date like 2026-03-31, 'today' or 'blank'" in r.stderr


def test_a_date_counted_from_cannot_be_blank(runner, tmp_path):
    """'blank' leaves a printed date empty; a tracker's first day and the report's today are
    counted from, so 'blank' there is an error (it silently meant the default), and the
    message offers only what works."""
    r = runner.invoke(app, ["tracker", "--start", "blank", "-o", str(tmp_path / "t.pdf")])
    assert r.exit_code == 2 and not (tmp_path / "t.pdf").exists()
    assert "start: 'blank' is not a date like 2026-03-31 or 'today'" in r.stderr
    r = runner.invoke(app, ["tracker", "--start", "2026-03-02", "-o", str(tmp_path / "t.pdf")])
    assert r.exit_code == 0
    r = runner.invoke(app, ["report", str(tmp_path / "t.pdf"), "--today", "blank"])
    assert r.exit_code == 2 and "today: 'blank' is not a date like 2026-03-31 or 'today'" in r.stderr


def test_help_and_counts_say_what_each_command_does(runner):
    """`--language` is described for what each command does with it (education and build take
    no program, check checks a translation), and check counts in words ('1 routine')."""
    for command in ("education", "build"):
        r = runner.invoke(app, [command, "--help"])
        assert "program" not in " ".join(r.output.split()).split("--language", 1)[1].split("--", 1)[0]
    r = runner.invoke(app, ["check", "--help"])
    assert "Also check this translation" in " ".join(r.output.split())
    r = runner.invoke(app, ["check"])
    assert r.exit_code == 0 and r.output.rstrip().endswith("6 stretches, 6 muscles, 1 routine: ok")


def test_packet_weeks_sets_every_trackers_length(runner, tmp_path):
    """A clinician sets how long a packet's tracker runs on the command line, as for a tracker."""
    out = tmp_path / "p.pdf"
    r = runner.invoke(app, ["packet", "--weeks", "2", "--date", "2026-03-02", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = words(" ".join(page_texts(out.read_bytes())))
    assert "Week 2 of 2" in text and "Week 3 of" not in text and "of 4" not in text
