"""A clinic's own files, its templates folder (--templates, `templates =`) and its clinic
file (--clinic): what they change, and every mistake in them named by file and line, all in
one run, with no PDF written."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfread import page_texts, words

from handouts.cli import app


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    tpl = tmp_path / "tpl"
    for name, text in files.items():
        (tpl / name).parent.mkdir(parents=True, exist_ok=True)
        (tpl / name).write_text(text, encoding="utf-8")
    return tpl


def test_clinic_wording_prints(runner, tmp_path):
    tpl = folder(tmp_path, {"handout/safety_call.j2": "Call our nurse line at 555-0199."})
    out = tmp_path / "h.pdf"
    r = runner.invoke(app, ["handout", "--templates", str(tpl), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "Stay safe Call our nurse line at 555-0199." in words(page_texts(out.read_bytes())[0])


def test_a_templates_folder_that_is_not_there_is_an_error(runner, tmp_path, monkeypatch):
    """A misspelt folder printed our wording instead of the clinic's, with exit 0."""
    out = tmp_path / "h.pdf"
    r = runner.invoke(app, ["handout", "--templates", str(tmp_path / "tmpl"), "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert f"error: {tmp_path / 'tmpl'}: templates folder not found" in r.stderr
    assert not out.exists()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "handouts.toml").write_text('templates = "my-templates"\n', encoding="utf-8")
    r = runner.invoke(app, ["handout", "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert "my-templates: templates folder not found" in r.stderr and not out.exists()


def test_every_broken_template_named_by_file_and_line_in_one_run(runner, tmp_path):
    tpl = folder(tmp_path, {
        "handout/title.j2": "My stretches\n{{ patient_nam }}\n",
        "tracker/title.j2": "{% if weeks %}\nMy tracker\n",
        "packet/intro.j2": "Keep this {{ where }\n",
    })
    out = tmp_path / "p.pdf"
    out.write_bytes(b"old")
    r = runner.invoke(app, ["packet", "--templates", str(tpl), "-o", str(out)])
    assert r.exit_code == 2, r.output
    err = r.stderr
    assert f"{tpl / 'tracker' / 'title.j2'}:2: template: Unexpected end of template" in err
    assert f"{tpl / 'packet' / 'intro.j2'}:1: template: unexpected '}}'" in err
    assert "Traceback" not in r.output and out.read_bytes() == b"old"
    # Mended, the one left is found as it prints, by file and line.
    for name in ("tracker/title.j2", "packet/intro.j2"):
        (tpl / name).unlink()
    r = runner.invoke(app, ["packet", "--templates", str(tpl), "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert (f"error: {tpl / 'handout' / 'title.j2'}:2: template: 'patient_nam' is undefined"
            in r.stderr)
    assert out.read_bytes() == b"old"


def test_every_problem_of_a_clinic_file_in_one_run(runner, tmp_path):
    """A missing logo hid the empty name and the misspelt key until it was mended."""
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("name: ''\nphone: 555-0142\nlogo: missing.png\ncolour: blue\n",
                      encoding="utf-8")
    out = tmp_path / "h.pdf"
    r = runner.invoke(app, ["handout", "--clinic", str(clinic), "-o", str(out)])
    assert r.exit_code == 2, r.output
    err = r.stderr
    assert f"{clinic}:1: name:" in err
    assert f"{clinic}:3: logo: image not found: {tmp_path / 'missing.png'}" in err
    assert f"{clinic}:4: colour: unknown key 'colour'" in err
    assert not out.exists()


def test_a_number_where_text_goes_says_to_quote_it(tmp_path):
    """`phone: 5550142` is a number to YAML: the error says how to write it as text."""
    from handouts.content.clinic import load_clinic
    from handouts.errors import ContentError

    path = tmp_path / "clinic.yaml"
    path.write_text("name: River Clinic\nphone: 5550142\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_clinic(path)
    assert f'{path}:2: phone: must be text, not \'5550142\'; put it in quotes: "5550142"' \
        in str(info.value)
