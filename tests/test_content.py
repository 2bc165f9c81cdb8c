"""Content validation: every bad-content scenario names its file and line, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.cli import app
from handouts.content.library import content_folders, load_library
from handouts.content.readability import score_library
from handouts.errors import ContentError

SCENARIOS = [
    ("content-tab-indent", "stretches.yaml", 4, "tab"),
    ("content-duplicate-id", "stretches.yaml", 11, "duplicate id 'wall-calf'"),
    ("content-unknown-key", "stretches.yaml", 15, "colour: unknown key 'colour' (allowed: id, name,"),
    ("content-dangling-muscle", "stretches.yaml", 5, "unknown muscle 'calves'"),
    ("content-empty-steps", "stretches.yaml", 7, "steps: must have at least 1 item"),
    ("content-wrong-type", "stretches.yaml", 13, "'thirty' is not a number or a range like 20-30"),
    ("content-non-utf8", "stretches.yaml", 6, "not UTF-8"),
]


@pytest.mark.parametrize(("folder", "file", "line", "message"), SCENARIOS)
def test_bad_content_names_file_and_line(fixtures, folder, file, line, message):
    with pytest.raises(ContentError) as info:
        load_library(content_folders([fixtures / folder]))
    text = str(info.value)
    assert f"{fixtures / folder / file}:{line}: " in text
    assert message in text


@pytest.mark.parametrize(("folder", "file", "line", "message"), SCENARIOS)
def test_check_command_exits_2_without_traceback(runner, fixtures, folder, file, line, message):
    result = runner.invoke(app, ["check", "--content", str(fixtures / folder)])
    assert result.exit_code == 2
    assert f"{file}:{line}: " in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_every_problem_is_reported_in_one_run(fixtures):
    folder = fixtures / "content-many-problems"
    with pytest.raises(ContentError) as info:
        load_library(content_folders([folder]))
    found = {(Path(p.path).name, p.line) for p in info.value.problems}
    assert ("a.yaml", 4) in found  # kind: springy
    assert ("a.yaml", 13) in found  # hold_seconds: 900
    assert ("b.yaml", 5) in found  # routine names a stretch that does not exist
    messages = " ".join(p.message for p in info.value.problems)
    assert "no-such-stretch" in messages


def test_clinic_folder_adds_and_replaces_by_id(tmp_path, lib):
    (tmp_path / "mine.yaml").write_text(
        "routines:\n"
        "  - id: lower-back-hip\n"
        "    name: Our short routine\n"
        "    description: Two stretches.\n"
        "    stretches: [cat-cow, figure-four]\n",
        encoding="utf-8",
    )
    merged = load_library(content_folders([tmp_path]))
    assert merged.routines["lower-back-hip"].stretches == ["cat-cow", "figure-four"]
    assert lib.routines["lower-back-hip"].stretches[0] == "kneeling-hip-flexor"
    assert merged.stretches.keys() == lib.stretches.keys()


def test_library_holds_the_seed(lib):
    assert set(lib.muscles) == {
        "hip-flexors", "glutes", "piriformis", "hamstrings", "erector-spinae",
        "quadratus-lumborum",
    }
    assert lib.routines["lower-back-hip"].stretches == [
        "kneeling-hip-flexor", "figure-four", "cat-cow", "knee-to-chest",
        "seated-spinal-twist", "supine-hamstring",
    ]
    assert lib.stretches["cat-cow"].kind == "dynamic"
    assert lib.stretches["cat-cow"].dose.hold is None
    assert all(s.kind == "static" and s.dose.hold for s in lib.stretches.values()
               if s.id != "cat-cow")
    assert len(lib.principles) == 6
    assert len(lib.faqs) == 5
    assert any(not p.stretches and p.level == "stop" for p in lib.precautions.values())
    assert any("figure-four" in p.stretches for p in lib.precautions.values())
    assert set(lib.muscles["hip-flexors"].parts) >= {"psoas", "iliacus", "rectus femoris"}


def test_every_patient_text_reads_at_grade_six_or_below(lib):
    scores, overall = score_library(lib)
    too_hard = [(s.label, s.grade) for s in scores if s.grade > 6.0]
    assert not too_hard
    assert overall <= 6.0


def test_check_prints_grades_and_strict_fails_on_hard_text(runner, tmp_path):
    hard = (
        "Physiotherapeutic interventions necessitate comprehensive biomechanical "
        "evaluation of lumbopelvic musculature prior to implementation."
    )
    (tmp_path / "faq.yaml").write_text(
        f"faqs:\n  - id: hard\n    question: Why?\n    answer: {hard}\n", encoding="utf-8"
    )
    ok = runner.invoke(app, ["check"])
    assert ok.exit_code == 0, ok.output
    assert "whole library" in ok.stdout
    lenient = runner.invoke(app, ["check", "--content", str(tmp_path)])
    assert lenient.exit_code == 0
    assert "faq hard" in lenient.stdout
    strict = runner.invoke(app, ["check", "--strict", "--content", str(tmp_path)])
    assert strict.exit_code == 2
    assert "faq hard" in strict.stderr


def test_a_quote_never_closed_names_the_line_it_opens_on(tmp_path):
    """PyYAML finds the end of the file; the line to mend is where the quote opened."""
    (tmp_path / "r.yaml").write_text(
        'routines:\n  - id: r1\n    name: "Our routine\n    description: Two.\n'
        "    stretches: [cat-cow]\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_library(content_folders([tmp_path]))
    [problem] = info.value.problems
    assert problem.line == 6
    assert problem.message == ("found unexpected end of stream (while scanning a quoted "
                               "scalar that starts on line 3)")
