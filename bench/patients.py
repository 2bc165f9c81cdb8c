"""Made-up patients CSVs for `handouts batch`: a clinic's usual list, and a worst case.

The usual list (`write_patients`) is a clinic's day: most rows follow the routine, a
quarter pick their own stretches, a few change a dose. The worst case (`write_worst_case`)
gives every row a plan of its own, so a batch can share nothing between patients.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

ROUTINE = "lower-back-hip"
WEEKS = 4
STRETCHES = ("kneeling-hip-flexor", "figure-four", "cat-cow", "knee-to-chest", "seated-spinal-twist",
             "supine-hamstring")
SIDED = tuple(s for s in STRETCHES if s != "cat-cow")  # cat-cow has no sides
COLUMNS = ("patient", "clinician", "date", "routine", "stretches", "weeks", "start", "large_print",
           "sets", "figure-four.hold_seconds", "figure-four.side", "knee-to-chest.note")
WORST_COLUMNS = ("patient", "clinician", "date", "stretches", "weeks", "start", "large_print",
                 "cat-cow.reps", "cat-cow.sets",
                 *[f"{s}.{f}" for s in SIDED for f in ("hold_seconds", "sets", "side")])
FIRST = ("Ana", "Ben", "Carmen", "Dmitri", "Elif", "François", "Grace", "Hiroshi", "Ines", "José",
         "Kwame", "Lena", "Mateo", "Nadia", "Oluwaseun", "Priya", "Quinn", "Rosa", "Søren", "Zoë")
LAST = ("Ruiz", "Okafor", "Diaz", "Ivanov", "Yılmaz", "Lefèvre", "O'Neill", "Tanaka", "Muñoz",
        "Mensah", "Novak", "Haddad", "Nair", "Byrne", "Schäfer", "Kowalski", "Nguyen", "Adeyemi")
CLINICIANS = ("Sam Lee PT", "Priya Nair PT", "Dr. Jo Park", "Alex Moreau DPT")
NOTES = ("Go slowly in the morning.", "Stop if your knee aches.", "Use a pillow under your head.")
FIRST_DAY = dt.date(2026, 3, 2)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def write_patients(path: Path, count: int, seed: int = 1) -> None:
    """A clinic's usual list: `count` rows, each a packet with a WEEKS-week tracker.

    The same seed gives the same file. Patients of one plan share sheets in a batch.
    """
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, COLUMNS)
        out.writeheader()
        for i in range(count):
            row = {c: "" for c in COLUMNS}
            day = FIRST_DAY + dt.timedelta(days=i % 20)
            row.update(patient=_name(rng), clinician=rng.choice(CLINICIANS),
                       date=day.isoformat(), weeks=str(WEEKS), large_print="no")
            if i % 4 == 3:  # a quarter get a hand-picked subset, in library order
                chosen = sorted(rng.sample(range(len(STRETCHES)), rng.randint(3, 5)))
                row["stretches"] = ";".join(STRETCHES[k] for k in chosen)
            else:
                row["routine"] = ROUTINE
            ids = row["stretches"].split(";") if row["stretches"] else list(STRETCHES)
            if i % 5 == 0:
                row["start"] = (day + dt.timedelta(days=1)).isoformat()
            if i % 10 == 1:
                row["sets"] = str(rng.randint(1, 2))
            if i % 7 == 2 and "figure-four" in ids:
                row["figure-four.hold_seconds"] = "45"
                row["figure-four.side"] = rng.choice(("left", "right"))
            if i % 9 == 4 and "knee-to-chest" in ids:
                row["knee-to-chest.note"] = rng.choice(NOTES)
            out.writerow(row)


def write_worst_case(path: Path, count: int, seed: int = 2) -> None:
    """Every row a plan of its own: the worst case for a batch, which shares nothing then.

    Each row picks 3 to 6 stretches at random (in a random order), its own hold or
    repetitions and sets for each, a side for some, its own start date, 1 to 8 weeks,
    and one row in ten is large print. Rows that happen to repeat an earlier plan are
    drawn again, so no two rows share a handout or a tracker.
    """
    rng = random.Random(seed)
    seen: set[tuple[object, ...]] = set()
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, WORST_COLUMNS)
        out.writeheader()
        for i in range(count):
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(60))
            while True:
                row = {c: "" for c in WORST_COLUMNS}
                chosen = rng.sample(STRETCHES, rng.randint(3, 6))
                row.update(stretches=";".join(chosen), weeks=str(rng.randint(1, 8)),
                           start=(day + dt.timedelta(days=rng.randrange(14))).isoformat(),
                           large_print="yes" if i % 10 == 9 else "no")
                for s in chosen:
                    if s == "cat-cow":
                        row["cat-cow.reps"] = str(rng.randint(5, 15))
                        row["cat-cow.sets"] = str(rng.randint(1, 3))
                        continue
                    row[f"{s}.hold_seconds"] = str(rng.choice((15, 20, 30, 40, 45, 60)))
                    row[f"{s}.sets"] = str(rng.randint(1, 2))
                    row[f"{s}.side"] = rng.choice(("", "", "left", "right"))
                # A handout does not depend on the dates; a tracker does: both must be new.
                plan = tuple(sorted((k, v) for k, v in row.items() if k not in ("weeks", "start")))
                if plan not in seen:
                    seen.add(plan)
                    break
            row.update(patient=_name(rng), clinician=rng.choice(CLINICIANS), date=day.isoformat())
            out.writerow(row)


def distinct_plans(path: Path) -> tuple[int, int]:
    """(plans, handouts) in a patients CSV: rows alike but for name, clinician and date.

    A plan is what a patient's sheets are laid out from: everything but the name, the
    clinician and the date, with the tracker's start as the batch fills it in (the row's
    own, else the Monday on or after the row's date). A handout leaves out the start and
    the weeks too.
    """
    plans: set[tuple[object, ...]] = set()
    handouts: set[tuple[object, ...]] = set()
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            day = dt.date.fromisoformat(row["date"])
            start = row.get("start") or (day + dt.timedelta(days=(7 - day.weekday()) % 7)).isoformat()
            rest = {k: v for k, v in row.items() if k not in ("patient", "clinician", "date", "start")}
            plans.add((start, *sorted(rest.items())))
            handouts.add(tuple(sorted((k, v) for k, v in rest.items() if k != "weeks")))
    return len(plans), len(handouts)
