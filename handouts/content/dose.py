"""What a dose asks for in numbers: the tick boxes of a sitting and of a day.

Its words are in templates/dose/line.j2 (rendered by handouts.wording.dose through the
sheet's language catalog), so no patient-facing word lives in Python. In English:
"Hold 30 seconds. Do 4 holds on each side, right side first, then switch. 3 times a day."

Each idea has its own word, so none can be read as another: a hold's length is "seconds",
"minutes" or "breaths"; one go is a "hold" (or a "slow round" of a movement); a group of
them is a "set" (named when there is more than one); "times" only ever counts sittings in a
day ("once", "twice", "3 times a day"); "days a week" counts days, every day when not said.
Ranges read "20 to 30".
"""

from __future__ import annotations

from typing import Literal

from handouts.content.model import Dose

Side = Literal["left", "right", "both"]
BLANK = "________"  # a line to write on, in the blank dose of dose/blank.j2


def boxes_per_sitting(dose: Dose) -> int:
    """Tick boxes for one sitting: one per hold (holds x sets), or one per set of a movement.

    A range counts at its top, so the sheet never has fewer boxes than the dose allows.
    """
    sets = dose.sets[1]
    return sets * (dose.reps or (1, 1))[1] if dose.hold is not None else sets


def boxes_per_day(dose: Dose) -> int:
    """Tick boxes for one day: every sitting's boxes, times a day at its top."""
    return boxes_per_sitting(dose) * dose.times_per_day[1]
