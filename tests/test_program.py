"""Per-patient programs: overrides reach the handout text and the tracker's boxes."""

from __future__ import annotations

from collections import Counter

import pytest
from pdfread import page_texts, reader, words

from handouts.cli import app
from handouts.content.paths import builtin_content
from handouts.content.program import load_program
from handouts.errors import ContentError
from handouts.layout.trackform import FieldName

EXAMPLE = builtin_content() / "examples" / "program-ana.yaml"


def boxes_per_stretch(pdf) -> Counter[str]:
    """Check boxes of week 1, day 1, counted by stretch id."""
    out: Counter[str] = Counter()
    for name in reader(pdf).get_fields() or {}:
        f = FieldName.parse(name)
        if f is not None and f.kind == "set" and f.week == 1 and f.day == 1:
            out[f.stretch] += 1
    return out


def test_program_changes_dose_side_note_and_precautions(runner, tmp_path):
    out = tmp_path / "ana.pdf"
    r = runner.invoke(app, ["handout", "--program", str(EXAMPLE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = words(page_texts(out)[0])
    assert "Ana Ruiz" in text and "Sam Lee, PT" in text and "2 March 2026" in text
    assert "Hold 20 seconds. Do 2 sets of 3 holds on your left side only. Once a day." in text
    assert "Note: Left side only until your knee settles." in text
    assert ("Hold 30 seconds. Do 3 holds on each side, right side first, then switch. "
            "Twice a day.") in text
    assert "Cat-cow" not in text
    assert "No deep bending for two weeks after your injection." in text


def test_tracker_rows_follow_overridden_sets(runner, tmp_path):
    out = tmp_path / "t.pdf"
    r = runner.invoke(app, ["tracker", "--program", str(EXAMPLE), "--start", "2026-03-02",
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    boxes = boxes_per_stretch(out)
    assert boxes["figure-four"] == 6  # 2 sets of 3 holds
    assert boxes["supine-hamstring"] == 6  # 3 holds, twice a day
    assert boxes["kneeling-hip-flexor"] == 3
    assert "cat-cow" not in boxes


def test_bad_overrides_name_file_and_line_all_at_once(lib, fixtures):
    path = fixtures / "program-bad" / "program.yaml"
    with pytest.raises(ContentError) as info:
        load_program(path, lib)
    found = {(p.line, p.message.split(" (")[0]) for p in info.value.problems}
    lines = {line for line, _ in found}
    assert {5, 7, 9, 10} <= lines, found
    text = str(info.value)
    assert f"{path}:5: changes.figure-four.hold_seconds: a hold in seconds must be 5 to 600" in text
    assert f"{path}:7: changes.knee-to-chest.hold_seconds: a hold in seconds must be 5 to 600" in text
    assert "'cat-cow' has no sides" in text
    assert "unknown stretch 'wall-sit'" in text


def test_program_cli_error_exit_2(runner, fixtures, tmp_path):
    out = tmp_path / "x.pdf"
    r = runner.invoke(app, ["handout", "--program", str(fixtures / "program-bad" / "program.yaml"),
                            "-o", str(out)])
    assert r.exit_code == 2
    assert "program.yaml:5:" in r.stderr and "Traceback" not in r.output
    assert not out.exists()


def test_every_kind_of_problem_in_one_run(lib, fixtures):
    """An unknown key, a bad value, an unknown stretch, a bad change and an unprintable name
    are all reported by one run, each with its line."""
    path = fixtures / "program-many-problems" / "program.yaml"
    with pytest.raises(ContentError) as info:
        load_program(path, lib)
    text = str(info.value)
    assert f"{path}:1: patient: '李' (U+674E), '伟' (U+4F1F) cannot be printed" in text
    assert f"{path}:2: colour: unknown key 'colour' (allowed: patient, clinician, date," in text
    assert f"{path}:3: date: '2026-13-01' is not a date like 2026-03-31" in text
    assert f"{path}:7: stretches.2: unknown stretch 'wall-sit'" in text
    assert f"{path}:10: changes.cat-cow.sidez: unknown key 'sidez' (allowed: hold, hold_seconds," in text
    assert f"{path}:12: changes.figure-four.sets: sets must be 1 to 10" in text
    assert len(info.value.problems) == 6


def test_an_empty_list_of_stretches_is_refused_not_read_as_the_routine(lib, tmp_path):
    """`stretches: []` (a program started and not finished) printed the whole default
    routine for the patient; leaving the key out still means the routine."""
    path = tmp_path / "p.yaml"
    path.write_text("patient: Ana Ruiz\nstretches: []\nchanges:\n  cat-cow: {sets: 1}\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_program(path, lib)
    assert f"{path}:2: stretches: the list is empty" in str(info.value)
    path.write_text("patient: Ana Ruiz\n", encoding="utf-8")
    assert [s.id for s in load_program(path, lib).selection.stretches] == \
        list(lib.routines["lower-back-hip"].stretches)


def test_a_bad_field_does_not_hide_the_others_of_its_change(lib, tmp_path):
    """A side the file's schema refuses and a hold the stretch refuses, in one change: both
    are named in the same run (the side's error used to drop the whole change unchecked)."""
    path = tmp_path / "p.yaml"
    path.write_text("routine: lower-back-hip\nchanges:\n  figure-four:\n    hold_seconds: 0\n"
                    "    side: up\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_program(path, lib)
    text = str(info.value)
    assert f"{path}:4: changes.figure-four.hold_seconds: a hold in seconds must be 5 to 600" in text
    assert f"{path}:5: changes.figure-four.side: 'up' is not allowed" in text
    assert len(info.value.problems) == 2


def test_long_name_is_refused_with_its_length(lib, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(f"patient: {'A' * 500}\nroutine: lower-back-hip\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_program(path, lib)
    assert f"{path}:1: patient: is 500 characters long; at most 120 are allowed" in str(info.value)


def test_program_without_patient_takes_the_name_given_with_it(runner, tmp_path):
    """The name may come with the command (or the web form) instead of the file; a program is
    one patient's, so with no name anywhere it is refused, with what to do."""
    from handouts import api
    from handouts.context import BuildContext

    ctx = BuildContext.load()
    nameless = {"routine": "lower-back-hip", "changes": {"figure-four": {"sets": 2}}}
    data = api.handout(ctx, program=nameless, patient="Ana Ruiz", date="2026-03-02").pdf
    assert "Ana Ruiz" in words(page_texts(data)[0])
    tracker = api.tracker(ctx, program=nameless, patient="Ana Ruiz", weeks=1).pdf
    assert boxes_per_stretch(tracker)["figure-four"] == 6  # 2 sets of 3 holds: the program applies
    assert "Ana Ruiz" in words(page_texts(api.packet(ctx, program=nameless, patient="Ana Ruiz").pdf)[0])
    assert "Ana Ruiz" in words(" ".join(page_texts(api.packet(
        ctx, program=nameless, spec={"packet": {"title": "T", "patient": "Ana Ruiz"},
                                     "parts": ["cover"]}).pdf)))
    path = tmp_path / "p.yaml"
    path.write_text("routine: lower-back-hip\n", encoding="utf-8")
    out = tmp_path / "x.pdf"
    r = runner.invoke(app, ["handout", "--program", str(path), "--patient", "Ben Ode", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "Ben Ode" in words(page_texts(out)[0])
    for kind in ("handout", "tracker", "packet"):
        out.unlink(missing_ok=True)
        r = runner.invoke(app, [kind, "--program", str(path), "-o", str(out)])
        assert r.exit_code == 2 and "Traceback" not in r.output, (kind, r.output)
        assert "the program names no patient: add 'patient: NAME'" in r.stderr
        assert "--patient" in r.stderr and not out.exists()
