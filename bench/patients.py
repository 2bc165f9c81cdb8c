"""A made-up patients CSV for `handouts batch`: varied names, stretch subsets and a few overrides."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

ROUTINE = "lower-back-hip"
WEEKS = 4
STRETCHES = ("kneeling-hip-flexor", "figure-four", "cat-cow", "knee-to-chest", "seated-spinal-twist",
             "supine-hamstring")
COLUMNS = ("patient", "clinician", "date", "routine", "stretches", "weeks", "start", "large_print",
           "sets", "figure-four.hold_seconds", "figure-four.side", "knee-to-chest.note")
FIRST = ("Ana", "Ben", "Carmen", "Dmitri", "Elif", "François", "Grace", "Hiroshi", "Ines", "José",
         "Kwame", "Lena", "Mateo", "Nadia", "Oluwaseun", "Priya", "Quinn", "Rosa", "Søren", "Zoë")
LAST = ("Ruiz", "Okafor", "Diaz", "Ivanov", "Yılmaz", "Lefèvre", "O'Neill", "Tanaka", "Muñoz",
        "Mensah", "Novak", "Haddad", "Nair", "Byrne", "Schäfer", "Kowalski", "Nguyen", "Adeyemi")
CLINICIANS = ("Sam Lee PT", "Priya Nair PT", "Dr. Jo Park", "Alex Moreau DPT")
NOTES = ("Go slowly in the morning.", "Stop if your knee aches.", "Use a pillow under your head.")


def write_patients(path: Path, count: int, seed: int = 1, distinct: bool = False) -> None:
    """Write `count` rows, each a packet with a WEEKS-week tracker; the same seed, the same file.

    `distinct` gives every row a plan of its own (up to 300 rows): its own start date, so
    no two trackers are alike, and its own hold time and sets, so no two handouts are.
    That is the worst case for a batch, which lays out shared plans once.
    """
    rng = random.Random(seed)
    first_day = dt.date(2026, 3, 2)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, COLUMNS)
        out.writeheader()
        for i in range(count):
            row = {c: "" for c in COLUMNS}
            day = first_day + dt.timedelta(days=i % 20)
            row.update(patient=f"{rng.choice(FIRST)} {rng.choice(LAST)}", clinician=rng.choice(CLINICIANS),
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
                row["sets"] = str(rng.randint(2, 4))
            if i % 7 == 2 and "figure-four" in ids:
                row["figure-four.hold_seconds"] = "45"
                row["figure-four.side"] = rng.choice(("left", "right"))
            if i % 9 == 4 and "knee-to-chest" in ids:
                row["knee-to-chest.note"] = rng.choice(NOTES)
            if distinct:
                row.update(stretches="", routine=ROUTINE, start=(day + dt.timedelta(days=i)).isoformat(),
                           sets=str(1 + (i // 100) % 3), **{"figure-four.side": ""})
                row["figure-four.hold_seconds"] = str(15 + i % 100)
            out.writerow(row)
