"""The tracking sheet's form fields: how they are named, and the plan stored beside them.

Written by tracker.py, read back by report.py; nothing else makes or parses these names.

Names (no dots, so every viewer keeps them flat; stretch ids never hold "_"):

    t1_w2_d3_cat-cow_s1    check box: tracker t1, week 2, day 3 of that week, cat-cow, set 1
    t1_w2_d3_pain          text: pain today (0-10) on that day
    t1_w2_d3_notes         text: notes for that day
    t1_w2_questions        text: questions for the next visit, one per week
    t1_plan                hidden, read-only text holding the Plan as JSON

Days run 1..7 from the first day of the week; the date of day d of week w is
start + 7*(w-1) + (d-1), with start taken from the plan. A box's number runs 1..boxes a
day (one per hold, or per set of a movement, times the sittings of a day), so the boxes of
a cell are what was planned that day.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["set", "pain", "notes", "questions", "plan"]

PREFIX_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,15}$")
_NAME_RE = re.compile(
    r"^(?P<prefix>[A-Za-z][A-Za-z0-9]{0,15})_(?:(?P<plan>plan)|w(?P<week>[1-9]\d?)_(?:"
    r"(?P<questions>questions)|d(?P<day>[1-7])_(?:(?P<text>pain|notes)"
    r"|(?P<stretch>[a-z0-9]+(?:-[a-z0-9]+)*)_s(?P<set>[1-9]\d?))))$"
)
PLAN_VERSION = 1
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(d: dt.date, year: bool = False) -> str:
    """'Mon 2 Mar' (or 'Mon 2 Mar 2026') for the clinician's report: English names, never
    the process locale (the sheets word their dates through tracker/day_label.j2)."""
    text = f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"
    return f"{text} {d.year}" if year else text


@dataclass(frozen=True)
class FieldName:
    """One tracker field's name, taken apart: which tracker, week, day, stretch and set."""

    prefix: str
    kind: Kind
    week: int = 0
    day: int = 0
    stretch: str = ""
    set_no: int = 0

    def format(self) -> str:
        p = self.prefix
        if self.kind == "plan":
            return f"{p}_plan"
        if self.kind == "questions":
            return f"{p}_w{self.week}_questions"
        if self.kind == "set":
            return f"{p}_w{self.week}_d{self.day}_{self.stretch}_s{self.set_no}"
        return f"{p}_w{self.week}_d{self.day}_{self.kind}"

    @classmethod
    def parse(cls, name: str) -> FieldName | None:
        """The parts of a tracker field name, or None for any other field."""
        m = _NAME_RE.match(name)
        if not m:
            return None
        g = m.groupdict()
        prefix = g["prefix"]
        if g["plan"]:
            return cls(prefix, "plan")
        week = int(g["week"])
        if g["questions"]:
            return cls(prefix, "questions", week)
        day = int(g["day"])
        if g["text"]:
            return cls(prefix, "pain" if g["text"] == "pain" else "notes", week, day)
        return cls(prefix, "set", week, day, g["stretch"], int(g["set"]))


def field_name(prefix: str, week: int, day: int, stretch_id: str, set_no: int) -> str:
    """The name of the check box for one set of one stretch on one day (day 1..7 of the week)."""
    return FieldName(prefix, "set", week, day, stretch_id, set_no).format()


def text_field_name(prefix: str, kind: Literal["pain", "notes"], week: int, day: int) -> str:
    """The name of the pain or notes field of one day."""
    return FieldName(prefix, kind, week, day).format()


def questions_field_name(prefix: str, week: int) -> str:
    return FieldName(prefix, "questions", week).format()


def plan_field_name(prefix: str) -> str:
    return FieldName(prefix, "plan").format()


@dataclass(frozen=True)
class PlannedStretch:
    """One row of the sheet as planned: what to call it and how often it is due."""

    id: str
    name: str
    per_day: int  # boxes in each day's cell: holds (or sets) x times a day
    days_per_week: int


@dataclass(frozen=True)
class Plan:
    """What the form fields alone cannot say: the dates, the title and the names of the rows."""

    start: dt.date
    weeks: int
    title: str
    stretches: tuple[PlannedStretch, ...]

    def day_date(self, week: int, day: int) -> dt.date:
        return self.start + dt.timedelta(days=7 * (week - 1) + day - 1)

    def to_json(self) -> str:
        data = {
            "v": PLAN_VERSION, "start": self.start.isoformat(), "weeks": self.weeks,
            "title": self.title,
            "stretches": [[s.id, s.name, s.per_day, s.days_per_week] for s in self.stretches],
        }
        return json.dumps(data, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """Raise ValueError when the text is not a plan this version wrote."""
        try:
            data: Any = json.loads(text)
            if data.get("v") != PLAN_VERSION:
                raise ValueError(f"plan version {data.get('v')!r}")
            rows = tuple(PlannedStretch(str(i), str(n), int(p), int(d))
                         for i, n, p, d in data["stretches"])
            return cls(dt.date.fromisoformat(data["start"]), int(data["weeks"]),
                       str(data["title"]), rows)
        except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as e:
            raise ValueError(f"unreadable plan: {e}") from e
