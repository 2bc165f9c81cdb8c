"""The numbers of a dose: counts that may be ranges ("2-3"), and a hold in seconds, minutes or breaths.

A count enters as an int, a string "20", "20-30" or "20 to 30", or a pair [20, 30], and is
kept as a (low, high) pair of ints with low == high for a single number. Limits are the
realistic ones for a home stretch; a value outside them is an error naming the field.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, model_validator

Pair = tuple[int, int]
_RANGE = re.compile(r"^\s*(\d{1,4})\s*(?:(?:-|\u2013|to)\s*(\d{1,4}))?\s*$")
_HOLD = re.compile(r"^\s*(\d{1,4})\s*(?:(?:-|\u2013|to)\s*(\d{1,4}))?\s*([a-z]+)\s*$")
UNITS: dict[str, Literal["seconds", "minutes", "breaths"]] = {
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds", "seconds": "seconds",
    "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "breath": "breaths", "breaths": "breaths",
}
# Realistic limits of a hold, by unit: up to 10 minutes, or 30 slow breaths.
HOLD_LIMITS = {"seconds": (5, 600), "minutes": (1, 10), "breaths": (1, 30)}


def parse_pair(value: Any) -> Any:
    """An int, "20", "20-30", "20 to 30" or [20, 30] as (low, high); anything else unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return (value, value)
    if isinstance(value, str):
        m = _RANGE.match(value)
        if not m:
            raise ValueError(f"'{value}' is not a number or a range like 20-30")
        low = int(m.group(1))
        return (low, int(m.group(2) or low))
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        return (value[0], value[1])
    return value


def _limits(low: int, high: int, what: str) -> AfterValidator:
    def check(pair: Pair) -> Pair:
        if pair[0] > pair[1]:
            raise ValueError(f"{what}: a range goes from the smaller number to the larger")
        if pair[0] < low or pair[1] > high:
            raise ValueError(f"{what} must be {low} to {high}")
        return pair

    return AfterValidator(check)


_PAIR = BeforeValidator(parse_pair)
Reps = Annotated[Pair, _PAIR, _limits(1, 30, "repetitions")]
Sets = Annotated[Pair, _PAIR, _limits(1, 10, "sets")]
RestSeconds = Annotated[Pair, _PAIR, _limits(5, 600, "seconds of rest between sets")]
PerDay = Annotated[Pair, _PAIR, _limits(1, 6, "times a day")]
PerWeek = Annotated[Pair, _PAIR, _limits(1, 7, "days a week")]


class Hold(BaseModel):
    """How long one hold lasts: a number or range, in seconds, minutes or breaths."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    low: int
    high: int
    unit: Literal["seconds", "minutes", "breaths"]

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            m = _HOLD.match(data.lower())
            if not m or m.group(3) not in UNITS:
                raise ValueError(f"'{data}' is not a hold like '30 seconds', '2 minutes', "
                                 "'5 breaths' or '20-30 seconds'")
            low = int(m.group(1))
            return {"low": low, "high": int(m.group(2) or low), "unit": UNITS[m.group(3)]}
        return data

    @model_validator(mode="after")
    def _realistic(self) -> Hold:
        lo, hi = HOLD_LIMITS[self.unit]
        if self.low > self.high:
            raise ValueError("a range goes from the smaller number to the larger")
        if self.low < lo or self.high > hi:
            raise ValueError(f"a hold in {self.unit} must be {lo} to {hi}")
        return self

    @property
    def seconds(self) -> Pair | None:
        """The hold in seconds, or None when it is counted in breaths."""
        if self.unit == "breaths":
            return None
        k = 60 if self.unit == "minutes" else 1
        return (self.low * k, self.high * k)


def hold_from_seconds(data: Any) -> Any:
    """Accept the older `hold_seconds: 30` (or "20-30") as `hold: 30 seconds`."""
    if isinstance(data, dict) and "hold_seconds" in data:
        data = dict(data)
        secs = data.pop("hold_seconds")
        if secs is not None:
            if "hold" in data and data["hold"] is not None:
                raise ValueError("give hold or hold_seconds, not both")
            pair = parse_pair(secs)
            if not isinstance(pair, tuple):
                raise ValueError(f"hold_seconds: '{secs}' is not a number of seconds")
            data["hold"] = {"low": pair[0], "high": pair[1], "unit": "seconds"}
    return data
