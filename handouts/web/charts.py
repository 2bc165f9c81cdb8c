"""The Report page's numbers and chart geometry, from a tracker read back by the core.

The pain chart is plain SVG drawn by a template (`report_chart.svg`): this module only works
out the points, ticks and labels, in the chart's own pixel units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handouts.pdf.report import pain_score, percent_done

CHART_W, CHART_H = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 24, 40  # room for the axis and day labels


@dataclass(frozen=True)
class Line:
    """One row of an adherence table."""

    label: str
    done: int
    planned: int

    @property
    def percent(self) -> int:
        return percent_done(self.done, self.planned)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    score: float


@dataclass(frozen=True)
class Chart:
    """A pain chart: points along the days, 0 to 10 upwards."""

    width: int
    height: int
    points: tuple[Point, ...]
    days: tuple[tuple[float, str], ...]  # x, label for every day of the tracker
    ticks: tuple[tuple[float, int], ...]  # y, score
    left: int = LEFT
    right: int = CHART_W - RIGHT
    top: int = TOP
    bottom: int = CHART_H - BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Summary:
    """One tracker: adherence per stretch, per day, overall, and its pain chart."""

    title: str
    stretches: tuple[Line, ...]
    days: tuple[Line, ...]
    total: Line
    chart: Chart
    notes: tuple[tuple[str, str], ...]
    questions: tuple[tuple[str, str], ...] = ()  # (week label, the patient's questions)


def _label(week: Any, day: int) -> str:
    d = week.date(day)
    return f"{d:%a} {d.day} {d:%b}" if d else f"Week {week.week} day {day}"


def summarise(tracker: Any) -> Summary:
    """Totals of one handouts.pdf.report.TrackerReport for the page. A day after the
    report's last due day (`until`: today, or the last day with a box ticked) is not due
    yet: planned 0, as the report's weekly counts have it."""
    by_stretch: dict[str, list[int]] = {}
    days: list[Line] = []
    pain: list[tuple[int, str, float | None]] = []
    notes: list[tuple[str, str]] = []
    questions: list[tuple[str, str]] = []
    until = tracker.until
    for week in tracker.weeks:
        if week.questions:
            questions.append((f"Week {week.week}", str(week.questions)))
        for s in week.stretches:
            tally = by_stretch.setdefault(s.name, [0, 0])
            tally[0] += min(s.done, s.planned)
            tally[1] += s.planned
        for day in range(1, 8):
            counts = [d for s in week.stretches for d in s.days if d.day == day]
            label = _label(week, day)
            when = week.date(day)
            due = until is None or when is None or when <= until
            days.append(Line(label, sum(d.done for d in counts),
                             sum(d.planned for d in counts) if due else 0))
            pain.append((len(pain), label, pain_score(week.pain[day - 1])))
            if week.notes[day - 1]:
                notes.append((label, str(week.notes[day - 1])))
    stretches = tuple(Line(name, done, planned) for name, (done, planned) in by_stretch.items())
    total = Line("All stretches", sum(x.done for x in stretches), sum(x.planned for x in stretches))
    return Summary(tracker.title or "Tracker", stretches, tuple(days), total, _chart(pain),
                   tuple(notes), tuple(questions))


def _chart(pain: list[tuple[int, str, float | None]]) -> Chart:
    n = max(len(pain), 2)
    span_x, span_y = CHART_W - LEFT - RIGHT, CHART_H - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + span_x * i / (n - 1)

    def y(score: float) -> float:
        return TOP + span_y * (1 - score / 10)

    points = tuple(Point(x(i), y(s), label, s) for i, label, s in pain if s is not None)
    step = max(1, round(len(pain) / 8))  # at most about 8 day labels under the axis
    days = tuple((x(i), label) for i, label, _ in pain[::step])
    ticks = tuple((y(v), v) for v in (0, 2, 4, 6, 8, 10))
    return Chart(CHART_W, CHART_H, points, days, ticks)
