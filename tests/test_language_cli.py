"""Choosing the language: --language on every command, a program's language, the config's,
a batch CSV column, --allow-fallback, check --language, and a bilingual handout."""

from __future__ import annotations

import pytest
from pdfread import page_texts, words

from handouts.cli import app

COMMANDS = ("check", "handout", "tracker", "education", "packet", "batch", "build")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_document_command_takes_language(runner, command):
    r = runner.invoke(app, [command, "--help"])
    assert r.exit_code == 0 and "--language" in r.output


def test_a_language_nobody_has_lists_those_there_are(runner, tmp_path):
    """It named a messages.po inside the package that does not exist; it names the option,
    the languages there are and how to add one, and writes nothing."""
    out = tmp_path / "x.pdf"
    r = runner.invoke(app, ["handout", "--language", "fr", "-o", str(out)])
    assert r.exit_code == 2 and not out.exists()
    assert "--language: language: no language 'fr' (these content folders have: en, es); a " \
        "content folder (--content) with a fr/messages.po adds it" in " ".join(r.output.split())
    assert "messages.po:" not in r.output and "Traceback" not in r.output


def test_handout_tracker_packet_in_spanish(runner, tmp_path):
    for cmd, extra, phrase in (
        ("handout", [], "Estiramientos de espalda baja y cadera"),
        ("tracker", ["--start", "2026-12-07"], "Semana del 7 de diciembre de 2026 al 13 de diciembre"),
        ("packet", [], "Su programa de espalda baja y cadera"),
    ):
        out = tmp_path / f"{cmd}.pdf"
        r = runner.invoke(app, [cmd, *extra, "--language", "es", "--date", "2026-12-07",
                                "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert phrase in words(page_texts(out.read_bytes())[0])


def test_report_reads_the_name_on_a_spanish_tracker(runner, tmp_path):
    """The report finds "Nombre:" by the PDF's /Lang, and a blank one is still blank."""
    for patient, shown in (("Ana Ruiz", "Patient: Ana Ruiz"), (None, "(no name written)")):
        out = tmp_path / "t.pdf"
        args = ["tracker", "--language", "es", "--start", "2026-12-07", "-o", str(out)]
        r = runner.invoke(app, args + (["--patient", patient] if patient else []))
        assert r.exit_code == 0, r.output
        r = runner.invoke(app, ["report", str(out)])
        assert r.exit_code == 0 and shown in r.output, r.output


def test_program_language_chooses_unless_the_option_says_otherwise(runner, tmp_path):
    prog = tmp_path / "ana.yaml"
    prog.write_text("patient: Ana Ruiz\nlanguage: es\nstretches: [cat-cow, figure-four]\n"
                    "changes:\n  figure-four: {side: left}\n", encoding="utf-8")
    out = tmp_path / "h.pdf"
    assert runner.invoke(app, ["handout", "--program", str(prog), "-o", str(out)]).exit_code == 0
    text = words(page_texts(out.read_bytes())[0])
    assert "Nombre: Ana Ruiz" in text and "Cruce el tobillo izquierdo" in text
    assert runner.invoke(app, ["handout", "--program", str(prog), "--language", "en",
                               "-o", str(out)]).exit_code == 0
    assert "Cross your left ankle" in words(page_texts(out.read_bytes())[0])


def test_config_language(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "handouts.toml").write_text('language = "es"\n', encoding="utf-8")
    r = runner.invoke(app, ["handout", "-o", "h.pdf"])
    assert r.exit_code == 0, r.output
    assert "Para su seguridad" in words(page_texts((tmp_path / "h.pdf").read_bytes())[0])


def test_batch_language_column_one_language_per_packet(runner, tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("patient,language\nAna Ruiz,es\nBen Okafor,\nCam Lee,xx\n", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(csv), "-o", str(out), "--date", "2026-12-07",
                            "--jobs", "1"])
    assert r.exit_code == 1
    assert "row 4: language: " in r.output and "no language 'xx'" in r.output
    ana = words(" ".join(page_texts((out / "ana-ruiz-row2.pdf").read_bytes())))
    ben = words(" ".join(page_texts((out / "ben-okafor-row3.pdf").read_bytes())))
    assert "Su programa de estiramientos en casa" in ana and "Página 1 de" in ana
    assert "Your home stretching program" in ben and "Página" not in ben


def test_missing_translation_is_an_error_and_allow_fallback_a_warning(runner, tmp_path):
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "extra.yaml").write_text(
        "stretches:\n  - id: calf-wall\n    name: Wall calf stretch\n    kind: static\n"
        "    targets: [hamstrings]\n    position: Stand facing a wall.\n"
        "    steps: [Step back with one foot.]\n    avoid: [Bouncing.]\n    sides: false\n"
        "    dose: {hold: 30 seconds, reps: 2}\n", encoding="utf-8")
    args = ["handout", "--content", str(clinic), "--stretch", "calf-wall", "--stretch", "cat-cow",
            "--language", "es", "-o", str(tmp_path / "h.pdf")]
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert f"{clinic / 'extra.yaml'}:2: stretches[calf-wall]: no 'es' translation" in r.output
    r = runner.invoke(app, [*args, "--allow-fallback"])
    assert r.exit_code == 0, r.output
    assert "warning:" in r.output and "stretches[calf-wall]" in r.output
    text = words(page_texts((tmp_path / "h.pdf").read_bytes())[0])
    assert "Wall calf stretch" in text and "Gato y vaca" in text


def test_clinic_template_wording_without_a_translation_is_an_error(runner, tmp_path):
    """A clinic's own safety line in English printed, silently, in a Spanish handout."""
    tpl = tmp_path / "tpl"
    (tpl / "handout").mkdir(parents=True)
    (tpl / "handout" / "safety_call.j2").write_text(
        "{% trans %}Call our nurse line at 555-0199.{% endtrans %}", encoding="utf-8")
    out = tmp_path / "h.pdf"
    args = ["handout", "--templates", str(tpl), "--stretch", "cat-cow", "--language", "es",
            "-o", str(out)]
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert (f"{tpl / 'handout' / 'safety_call.j2'}:1: msgid: no 'es' translation of "
            "'Call our nurse line at 555-0199.'") in r.stderr
    assert not out.exists() and "Traceback" not in r.output
    r = runner.invoke(app, [*args, "--allow-fallback"])
    assert r.exit_code == 0, r.output
    assert "Call our nurse line" in words(page_texts(out.read_bytes())[0])
    # The clinic's catalog translates it: Spanish on the page, and English still works.
    (tmp_path / "c" / "es").mkdir(parents=True)
    (tmp_path / "c" / "es" / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Call our nurse line at 555-0199."\n'
        'msgstr "Llame a nuestra enfermera al 555-0199."\n', encoding="utf-8")
    r = runner.invoke(app, [*args, "--content", str(tmp_path / "c")])
    assert r.exit_code == 0, r.output
    assert "Llame a nuestra enfermera al 555-0199." in words(page_texts(out.read_bytes())[0])
    r = runner.invoke(app, [*args[:-4], "-o", str(out)])
    assert r.exit_code == 0, r.output
    # A batch: the Spanish row is refused naming the template, the English row is built.
    csv = tmp_path / "p.csv"
    csv.write_text("patient,language\nAna Ruiz,es\nBen Okafor,\n", encoding="utf-8")
    r = runner.invoke(app, ["batch", str(csv), "--templates", str(tpl), "-o",
                            str(tmp_path / "b"), "--jobs", "1"])
    assert r.exit_code == 1, r.output
    assert f"row 2: language: {tpl / 'handout' / 'safety_call.j2'}:1: msgid: no 'es'" in r.stderr
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["ben-okafor-row3.pdf"]


def test_check_language_lists_missing_and_extra_ids(runner, tmp_path):
    r = runner.invoke(app, ["check", "--language", "es"])
    assert r.exit_code == 0, r.output
    assert "'es' translates every English id" in r.output and "INFLESZ" in r.output
    clinic = tmp_path / "clinic"
    (clinic / "es").mkdir(parents=True)
    (clinic / "es" / "x.yaml").write_text("faqs:\n  - id: nope\n    question: ¿Sí?\n"
                                          "    answer: No.\n", encoding="utf-8")
    r = runner.invoke(app, ["check", "--language", "es", "--content", str(clinic)])
    assert r.exit_code == 2
    assert "extra in 'es' (no such English id): faqs[nope]" in r.output


def test_bilingual_handout_from_the_command_line(runner, tmp_path):
    out = tmp_path / "b.pdf"
    r = runner.invoke(app, ["handout", "--language", "es", "--also", "en", "--stretch", "cat-cow",
                            "--stretch", "figure-four", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = words(page_texts(out.read_bytes())[0])
    assert "Gato y vaca" in text and "Cat-cow stretch" in text
    r = runner.invoke(app, ["handout", "--language", "es", "--also", "en", "-o", str(out)])
    assert r.exit_code == 2 and "of its 6 stretches fit on one page" in r.output
