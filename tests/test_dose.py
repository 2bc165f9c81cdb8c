"""The dose line for every combination of the dose model, and the tick boxes it asks for.

The words come only from templates/dose/*.j2 through a language's catalog; these tests read
what those templates print, in English and in Spanish.
"""

from __future__ import annotations

from collections import Counter

import pytest
from pdfread import page_texts, reader, words

from handouts.cli import app
from handouts.content.dose import Side, boxes_per_day
from handouts.content.library import Library
from handouts.content.model import Dose, Stretch
from handouts.layout.trackform import FieldName
from handouts.wording.dose import blank_dose_words, dose_words
from handouts.wording.text import Wording


def dose_line(stretch: Stretch, dose: Dose | None = None, side: Side | None = None,
              lib: Library | None = None) -> str:
    """What the sheets print for a dose: dose/line.j2 in `lib`'s language (English if None)."""
    return dose_words(Wording((), lib.language if lib else None), stretch, dose, side)


def blank_dose_line(stretch: Stretch, lib: Library | None = None) -> str:
    return blank_dose_words(Wording((), lib.language if lib else None), stretch)

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


P = "por lado, primero el derecho"
# The same rows as printed in Spanish (content/es/messages.po): a clinician's own line stays theirs.
SPANISH = [
    f"Mantenga 30 segundos. Haga 4 repeticiones {P}. 3 veces al día.",
    f"Mantenga 30 segundos. Haga 4 repeticiones {P}. 3 veces al día.",
    "Mantenga 30 segundos. Haga 1 repetición solo del lado izquierdo. Una vez al día.",
    "Mantenga 30 segundos. Haga 3 repeticiones solo del lado derecho. Una vez al día.",
    "Mantenga 20 a 30 segundos. Haga 2 a 3 repeticiones. Una vez al día.",
    "Mantenga 2 minutos. Haga 1 repetición. Una vez al día.",
    "Mantenga 1 minuto. Haga 2 repeticiones. Una vez al día.",
    "Mantenga 2 a 5 minutos. Haga 1 repetición. Una vez al día.",
    "Mantenga durante 5 respiraciones lentas. Haga 3 repeticiones. Una vez al día.",
    "Mantenga durante 1 respiración lenta. Haga 1 repetición. Una vez al día.",
    f"Mantenga 30 segundos. Haga 2 series de 3 repeticiones {P}. Descanse 30 segundos entre "
    "series. Una vez al día.",
    "Mantenga 30 segundos. Haga 2 a 3 series de 3 repeticiones. Descanse 30 a 60 segundos entre "
    "series. Una vez al día.",
    "Mantenga 30 segundos. Haga 1 repetición. Dos veces al día.",
    "Mantenga 30 segundos. Haga 1 repetición. 2 a 3 veces al día.",
    "Mantenga 30 segundos. Haga 1 repetición. Una vez al día, 5 días a la semana.",
    "Mantenga 30 segundos. Haga 1 repetición. Una vez al día, 1 día a la semana.",
    "Mantenga 30 segundos. Haga 1 repetición. Dos veces al día, 3 a 5 días a la semana.",
    "Haga 2 series de 10 movimientos lentos. Una vez al día.",
    "Haga 1 movimiento lento. Una vez al día.",
    f"Haga 3 series de 8 a 12 movimientos lentos {P}. Descanse 60 segundos entre series. "
    "Dos veces al día.",
    "Haga 10 movimientos lentos solo del lado izquierdo. Una vez al día.",
    "Hold as long as is comfortable, up to 1 minute.",
    "Hold as long as is comfortable. Empiece por el lado derecho y luego cambie.",
]


@pytest.mark.parametrize(("fields", "sided", "side", "line", "boxes"), TABLE,
                         ids=[row[3][:40] for row in TABLE])
def test_dose_line_and_boxes(lib, fields, sided, side, line, boxes):
    base = lib.stretches["figure-four" if sided else "cat-cow"]
    dose = Dose.model_validate(fields)
    assert dose_line(base, dose, side) == line  # dose/line.j2 rendered with no catalog
    assert boxes_per_day(dose) == boxes
    # One idea, one word: "times" only ever counts the sittings of a day.
    assert line.count("times") <= (1 if "times a day" in line else 0)


@pytest.fixture(scope="module")
def es_lib() -> Library:
    from handouts.content.library import content_folders, load_library

    return load_library(content_folders(), "es")


def test_every_row_has_its_spanish():
    assert len(SPANISH) == len(TABLE)


@pytest.mark.parametrize(("row", "spanish"), list(enumerate(SPANISH)), ids=[s[:40] for s in SPANISH])
def test_spanish_dose_line_for_every_row(es_lib, row, spanish):
    fields, sided, side, *_ = TABLE[row]
    base = es_lib.stretches["figure-four" if sided else "cat-cow"]
    assert dose_line(base, Dose.model_validate(fields), side, es_lib) == spanish


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


def test_blank_dose_line_leaves_room_to_write(lib, es_lib):
    line = blank_dose_line(lib.stretches["figure-four"])
    assert line == ("Hold ________. Do ________ sets of ________ holds. Side: ________. "
                    "________ times a day, ________ days a week.")
    assert "Side:" not in blank_dose_line(lib.stretches["cat-cow"])
    spanish = blank_dose_line(es_lib.stretches["figure-four"], es_lib)
    assert spanish.count("________") == 6 and "Lado: ________." in spanish
    assert "Lado:" not in blank_dose_line(es_lib.stretches["cat-cow"], es_lib)


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
