"""The dose line for every combination of the dose model, and the tick boxes it asks for."""

from __future__ import annotations

from collections import Counter

import pytest
from pdfread import page_texts, reader, words

from handouts.cli import app
from handouts.content.dose import blank_dose_line, boxes_per_day, dose_line
from handouts.content.model import Dose
from handouts.layout.trackform import FieldName

S = "on each side, right side first, then switch"
# (dose fields, sided, prescribed side, expected line, boxes a day)
TABLE = [
    ({"hold": "30 seconds", "reps": 4, "sets": 1, "times_per_day": 3}, True, None,
     f"Hold 30 seconds. Do 4 holds {S}. 3 times a day.", 12),
    ({"hold_seconds": 30, "reps": 4, "times_per_day": 3}, True, "both",
     f"Hold 30 seconds. Do 4 holds {S}. 3 times a day.", 12),
    ({"hold": "30 seconds"}, True, "left",
     "Hold 30 seconds. Do 1 hold on your left side only. Once a day.", 1),
    ({"hold": "30 s", "reps": 3}, True, "right",
     "Hold 30 seconds. Do 3 holds on your right side only. Once a day.", 3),
    ({"hold": "20-30 seconds", "reps": "2-3"}, False, None,
     "Hold 20 to 30 seconds. Do 2 to 3 holds. Once a day.", 3),
    ({"hold": "2 minutes"}, False, None, "Hold 2 minutes. Do 1 hold. Once a day.", 1),
    ({"hold": "1 minute", "reps": 2}, False, None, "Hold 1 minute. Do 2 holds. Once a day.", 2),
    ({"hold": "2 to 5 minutes"}, False, None, "Hold 2 to 5 minutes. Do 1 hold. Once a day.", 1),
    ({"hold": "5 breaths", "reps": 3}, False, None,
     "Hold for 5 slow breaths. Do 3 holds. Once a day.", 3),
    ({"hold": "1 breath"}, False, None, "Hold for 1 slow breath. Do 1 hold. Once a day.", 1),
    ({"hold": "30 seconds", "reps": 3, "sets": 2, "rest_seconds": 30}, True, None,
     f"Hold 30 seconds. Do 2 sets of 3 holds {S}. Rest 30 seconds between sets. Once a day.", 6),
    ({"hold": "30 seconds", "reps": 3, "sets": "2-3", "rest_seconds": "30-60"}, False, None,
     "Hold 30 seconds. Do 2 to 3 sets of 3 holds. Rest 30 to 60 seconds between sets. "
     "Once a day.", 9),
    ({"hold": "30 seconds", "times_per_day": 2}, False, None,
     "Hold 30 seconds. Do 1 hold. Twice a day.", 2),
    ({"hold": "30 seconds", "times_per_day": "2-3"}, False, None,
     "Hold 30 seconds. Do 1 hold. 2 to 3 times a day.", 3),
    ({"hold": "30 seconds", "days_per_week": 5}, False, None,
     "Hold 30 seconds. Do 1 hold. Once a day, 5 days a week.", 1),
    ({"hold": "30 seconds", "days_per_week": 1}, False, None,
     "Hold 30 seconds. Do 1 hold. Once a day, 1 day a week.", 1),
    ({"hold": "30 seconds", "days_per_week": "3-5", "times_per_day": 2}, False, None,
     "Hold 30 seconds. Do 1 hold. Twice a day, 3 to 5 days a week.", 2),
    ({"reps": 10, "sets": 2}, False, None, "Do 2 sets of 10 slow rounds. Once a day.", 2),
    ({"reps": 1}, False, None, "Do 1 slow round. Once a day.", 1),
    ({"reps": "8-12", "sets": 3, "rest_seconds": 60, "times_per_day": 2}, True, None,
     f"Do 3 sets of 8 to 12 slow rounds {S}. Rest 60 seconds between sets. Twice a day.", 6),
    ({"reps": 10}, True, "left", "Do 10 slow rounds on your left side only. Once a day.", 1),
    ({"hold": "30 seconds", "reps": 3, "text": "Hold as long as is comfortable, up to 1 minute."},
     False, None, "Hold as long as is comfortable, up to 1 minute.", 3),
    ({"hold": "30 seconds", "reps": 3, "text": "Hold as long as is comfortable."}, True, None,
     "Hold as long as is comfortable. Right side first, then switch.", 3),
]


@pytest.mark.parametrize(("fields", "sided", "side", "line", "boxes"), TABLE,
                         ids=[row[3][:40] for row in TABLE])
def test_dose_line_and_boxes(lib, fields, sided, side, line, boxes):
    base = lib.stretches["figure-four" if sided else "cat-cow"]
    dose = Dose.model_validate(fields)
    assert dose_line(base, dose, side) == line
    assert boxes_per_day(dose) == boxes
    # One idea, one word: "times" only ever counts the sittings of a day.
    assert line.count("times") <= (1 if "times a day" in line else 0)


@pytest.mark.parametrize(("fields", "message"), [
    ({"hold": "11 minutes"}, "a hold in minutes must be 1 to 10"),
    ({"hold": "601 seconds"}, "a hold in seconds must be 5 to 600"),
    ({"hold": "3 seconds"}, "a hold in seconds must be 5 to 600"),
    ({"hold": "40 breaths"}, "a hold in breaths must be 1 to 30"),
    ({"hold": "30 hours"}, "is not a hold like"),
    ({"hold": "30-20 seconds"}, "smaller number to the larger"),
    ({"hold": "30 seconds", "reps": 31}, "repetitions must be 1 to 30"),
    ({"hold": "30 seconds", "sets": 11}, "sets must be 1 to 10"),
    ({"hold": "30 seconds", "times_per_day": 7}, "times a day must be 1 to 6"),
    ({"hold": "30 seconds", "days_per_week": 8}, "days a week must be 1 to 7"),
    ({"hold": "30 seconds", "reps": "3-2"}, "smaller number to the larger"),
    ({"hold": "30 seconds", "rest_seconds": 30}, "rest between sets needs 2 or more sets"),
    ({"sets": 2}, "give a hold, a number of repetitions, or both"),
    ({"hold": "30 seconds", "hold_seconds": 20}, "hold or hold_seconds, not both"),
    ({"reps": "many"}, "is not a number or a range"),
])
def test_unrealistic_doses_are_refused(fields, message):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=message):
        Dose.model_validate(fields)


def test_blank_dose_line_leaves_room_to_write(lib):
    line = blank_dose_line(lib.stretches["figure-four"])
    assert line.count("________") == 6 and "Side:" in line
    assert "Side:" not in blank_dose_line(lib.stretches["cat-cow"])


def test_blank_dose_option_prints_lines_not_the_dose(runner, tmp_path, lib):
    out = tmp_path / "b.pdf"
    r = runner.invoke(app, ["handout", "--stretch", "figure-four", "--stretch", "cat-cow",
                            "--blank-dose", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = words(page_texts(out)[0])
    assert "Hold ________." in text and "Hold 30 seconds" not in text
    assert dose_line(lib.stretches["cat-cow"]) not in text


def test_hold_with_repetitions_case(runner, fixtures, tmp_path):
    """4 repetitions of a 30-second hold, 1 set, 3 times a day: on the sheet and in the boxes."""
    program = fixtures / "program-hold-with-repetitions" / "program.yaml"
    sheet, track = tmp_path / "h.pdf", tmp_path / "t.pdf"
    assert runner.invoke(app, ["handout", "--program", str(program), "-o", str(sheet)]).exit_code == 0
    r = runner.invoke(app, ["tracker", "--program", str(program), "--start", "2026-03-02",
                            "-o", str(track)])
    assert r.exit_code == 0, r.output
    line = f"Hold 30 seconds. Do 4 holds {S}. 3 times a day."
    assert line in words(page_texts(sheet)[0])
    assert line in words(page_texts(track)[0])
    per_day: Counter[int] = Counter()
    for name in reader(track).get_fields() or {}:
        f = FieldName.parse(name)
        if f is not None and f.kind == "set" and f.week == 1:
            per_day[f.day] += 1
    assert per_day == {d: 12 for d in range(1, 8)}  # 4 holds x 3 times a day, every day
