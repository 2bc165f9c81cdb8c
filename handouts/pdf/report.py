"""Read filled-in tracking sheets back from a PDF: sets done against sets planned, and pain by day.

Everything comes from the PDF's form fields (see handouts.layout.trackform for the names):
a check box per set says which tracker, week, day (1..7), stretch and set it is; the
boxes of a day are the sets planned that day. Each tracker also carries one hidden,
read-only text field, `<prefix>_plan`, holding JSON with the start date, the title, and
per stretch its name, boxes a day and days a week. The plan gives the dates and names;
without it (stripped by some tool) the report still counts boxes, with stretch ids for
names, no dates, and every day of the week due.

Sets planned in a week = boxes a day x days a week (a stretch due 5 days a week is not
behind for two empty days); adherence = sets done / sets planned, at most 100%. Given
`today`, days after it are not due yet: they count neither as done nor as missed; but the
days up to the last one with a box ticked are due whatever `today` says (the patient got
that far), so what was ticked never exceeds what was planned.
A pain entry that is not one number from 0 to 10 ("3-4", "four", "11") is counted as
unreadable and listed, never dropped without a word. The patient's name is read from the
tracker's "Name:" line on its first page.
Any number of trackers with different prefixes can sit in one PDF (a whole packet).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from handouts.errors import InputFileError
from handouts.layout.trackform import DAYS, FieldName, Plan, day_label
from handouts.pdf.read import open_pdf

_OFF = {"", "/Off", "Off"}
_SCORE = re.compile(r"^\s*(\d{1,2}(?:[.,]\d)?)\s*(?:/\s*10)?\s*$")


def pain_score(text: str | None) -> float | None:
    """A pain rating written as '3', '4.5' or '6/10'; None when blank or not a 0-10 number."""
    m = _SCORE.match(text or "")
    if not m:
        return None
    value = float(m.group(1).replace(",", "."))
    return value if 0 <= value <= 10 else None


@dataclass(frozen=True)
class DayCount:
    """Boxes ticked and boxes printed for one stretch on one day."""

    day: int  # 1..7 within the week
    date: dt.date | None
    done: int
    planned: int


@dataclass(frozen=True)
class StretchWeek:
    """One stretch over one week."""

    id: str
    name: str
    days: tuple[DayCount, ...]
    planned: int  # sets due this week: boxes a day x days a week (up to today)

    @property
    def done(self) -> int:
        return sum(d.done for d in self.days)

    @property
    def adherence(self) -> int:
        """Percent of the planned sets done, rounded, at most 100."""
        return percent_done(self.done, self.planned)


def percent_done(done: int, planned: int) -> int:
    """Adherence: percent of the planned boxes ticked, rounded, at most 100 (0 when none)."""
    return round(100 * min(done, planned) / planned) if planned else 0


@dataclass(frozen=True)
class WeekReport:
    """One week of one tracker: each stretch, and pain and notes by day."""

    week: int
    first_day: dt.date | None
    stretches: tuple[StretchWeek, ...]
    pain: tuple[str | None, ...]  # seven entries, as written
    notes: tuple[str | None, ...]
    questions: str | None

    @property
    def unreadable_pain(self) -> tuple[str, ...]:
        """Pain entries written but not readable as one number from 0 to 10."""
        return tuple(p for p in self.pain if p and pain_score(p) is None)

    @property
    def done(self) -> int:
        return sum(s.done for s in self.stretches)

    @property
    def planned(self) -> int:
        return sum(s.planned for s in self.stretches)

    @property
    def adherence(self) -> int:
        return round(100 * sum(min(s.done, s.planned) for s in self.stretches) / self.planned) \
            if self.planned else 0

    def date(self, day: int) -> dt.date | None:
        return self.first_day + dt.timedelta(days=day - 1) if self.first_day else None


@dataclass(frozen=True)
class TrackerReport:
    """Every week found for one field prefix."""

    prefix: str
    title: str | None
    weeks: tuple[WeekReport, ...]
    patient: str | None = None
    until: dt.date | None = None  # the last day counted as due (None: every day is)


@dataclass(frozen=True)
class Report:
    """Every tracker found in one PDF."""

    source: str
    trackers: tuple[TrackerReport, ...]


def _widgets(reader: Any) -> Iterator[tuple[str, Any]]:
    """(full field name, value) of every form widget on every page; parents supply /T and /V."""
    for page in reader.pages:
        for ref in page.get("/Annots") or ():
            node = ref.get_object()
            if node.get("/Subtype") != "/Widget":
                continue
            parts: list[str] = []
            value, state = None, node.get("/AS")
            for _ in range(16):  # a field tree is shallow; a loop in a damaged file must end
                if "/T" in node:
                    parts.insert(0, str(node["/T"]))
                if value is None and "/V" in node:
                    value = node["/V"]
                parent = node.get("/Parent")
                if parent is None:
                    break
                node = parent.get_object()
            yield ".".join(parts), state if value is None else value


class _Collected:
    """The raw values of one tracker's fields, by week and day."""

    def __init__(self) -> None:
        self.plan: Plan | None = None
        self.boxes: dict[tuple[int, str, int], dict[int, bool]] = {}  # (week, stretch, day)
        self.order: list[str] = []  # stretch ids as first met
        self.text: dict[tuple[str, int, int], str] = {}  # (kind, week, day)

    def add(self, f: FieldName, value: Any) -> None:
        text = "" if value is None else str(value).strip()
        if f.kind == "set":
            self.boxes.setdefault((f.week, f.stretch, f.day), {})[f.set_no] = text not in _OFF
            if f.stretch not in self.order:
                self.order.append(f.stretch)
        elif f.kind == "plan":
            try:
                self.plan = Plan.from_json(text)
            except ValueError:
                self.plan = None  # fall back to what the boxes say
        elif text:
            self.text[(f.kind, f.week, f.day)] = text

    def report(self, prefix: str, today: dt.date | None = None) -> TrackerReport:
        plan = self.plan
        rows = {s.id: s for s in plan.stretches} if plan else {}
        ids = [s for s in rows if s in self.order] + [s for s in self.order if s not in rows]
        weeks = sorted({w for w, _, _ in self.boxes})
        # Due: every day up to `today`, and up to the last day with a box ticked (the patient
        # got that far), so what was ticked is never more than what was planned.
        ticked = [plan.day_date(w, d) for (w, _, d), box in self.boxes.items() if any(box.values())] \
            if plan else []
        until = max([today, *ticked]) if today is not None else None
        out = []
        for w in weeks:
            first = plan.day_date(w, 1) if plan else None
            stretches = []
            for sid in ids:
                days = tuple(
                    DayCount(d, first + dt.timedelta(days=d - 1) if first else None,
                             sum(box.values()), len(box))
                    for d in range(1, 8) if (box := self.boxes.get((w, sid, d))) is not None)
                if not days:
                    continue
                per_week = rows[sid].days_per_week if sid in rows else 7
                due = [d for d in days if until is None or d.date is None or d.date <= until]
                planned = max(d.planned for d in days) * min(per_week, len(due))
                stretches.append(StretchWeek(sid, rows[sid].name if sid in rows else sid, days,
                                             planned))
            out.append(WeekReport(
                w, first, tuple(stretches),
                tuple(self.text.get(("pain", w, d)) for d in range(1, 8)),
                tuple(self.text.get(("notes", w, d)) for d in range(1, 8)),
                self.text.get(("questions", w, 0))))
        return TrackerReport(prefix, plan.title if plan else None, tuple(out), until=until)


def _patient(reader: Any, page: int | None) -> str | None:
    """The name written after the tracker's "Name:" label on its page (in the language of
    the PDF's /Lang, English when that is not a built-in language), or None when blank."""
    if page is None:
        return None
    try:
        lines = [x.strip() for x in (reader.pages[page].extract_text() or "").splitlines()]
    except Exception:  # a damaged page: the report still stands without the name
        return None
    label, how_to = _name_label(reader)
    for i, line in enumerate(lines):
        if line.startswith(label):
            rest = line[len(label):].strip() or (lines[i + 1] if i + 1 < len(lines) else "")
            # A blank name is followed by the how-to line, or by its first part when it wraps.
            return None if not rest or how_to.startswith(rest) else rest
    return None


def _name_label(reader: Any) -> tuple[str, str]:
    """The tracker's name label and the how-to line under it, in the tracker's language."""
    from handouts.content.paths import builtin_content
    from handouts.wording.language import Language, load_language
    from handouts.wording.text import Wording

    language: Language | None = None
    try:
        code = str(reader.trailer["/Root"].get("/Lang") or "en")
    except Exception:  # no catalog to read: English
        code = "en"
    if code != "en":
        found, problems, _ = load_language(code, [builtin_content()], allow_fallback=True)
        language = None if problems else found
    words = Wording((), language)
    return words.render("tracker/name.j2"), words.render("tracker/how_to.j2")


def _pages_of(reader: Any) -> dict[str, int]:
    """The first page holding each tracker prefix's fields."""
    out: dict[str, int] = {}
    for i, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or ():
            f = FieldName.parse(str(ref.get_object().get("/T", "")))
            if f is not None and f.prefix not in out:
                out[f.prefix] = i
    return out


# qpdf (pikepdf's add_pages_from) renames a clashing field "t1_plan" to "t1_plan+1".
_COPY = re.compile(r"^(?P<base>.*?)(?P<copy>\+\d+)?$")


def _group(widgets: list[tuple[str, Any]]) -> list[tuple[str, _Collected]]:
    """The fields of each tracker, however the file was joined from several packets.

    A tracker is told apart by its prefix (unique per patient in packets made now), by a
    copy suffix qpdf adds to clashing names ("+1"), by a parent field some tools put the
    joined files' fields under, and, when a tool kept two fields of one name, by order:
    a name met again starts the next copy of that tracker.
    """
    found: dict[tuple[str, str, str], list[tuple[set[str], _Collected]]] = {}
    for name, value in widgets:
        parent, _, last = name.rpartition(".")
        m = _COPY.match(last)
        assert m is not None  # the pattern matches any text
        f = FieldName.parse(m["base"])
        if f is None:
            continue
        copies = found.setdefault((parent, f.prefix, m["copy"] or ""), [])
        slot = next((c for c in copies if m["base"] not in c[0]), None)
        if slot is None:
            slot = (set(), _Collected())
            copies.append(slot)
        slot[0].add(m["base"])
        slot[1].add(f, value)
    out = []
    for (parent, prefix, copy), copies in found.items():
        for k, (_, collected) in enumerate(copies):
            label = ".".join(p for p in (parent, prefix + copy) if p)
            out.append((f"{label}#{k + 1}" if k else label, collected))
    return out


def read_report(data: bytes, source: str = "file", today: dt.date | None = None) -> Report:
    """Every tracker in a PDF, read from its form fields; InputFileError when there are none.

    `today` (never read from the clock here): days after it are not yet due.
    """
    reader = open_pdf(data, source)
    try:
        widgets = list(_widgets(reader))
    except Exception as e:  # a damaged object deep in the file
        raise InputFileError(source, f"cannot read the form fields: {e}") from e
    try:
        pages = _pages_of(reader)
    except Exception:  # names are a courtesy; the counts come from the fields
        pages = {}
    # A copy made by a joining tool shares its prefix with another patient's tracker: its
    # name is left out rather than risk printing the other patient's.
    trackers = tuple(replace(c.report(label, today),
                             patient=_patient(reader, pages.get(label)))
                     for label, c in _group(widgets) if c.boxes)
    if not trackers:
        raise InputFileError(source, "no tracking sheet fields found (not a tracker from "
                                     "handouts, or the form was flattened when saved)")
    return Report(source, trackers)


def _date(d: dt.date | None, year: bool = False) -> str:
    return day_label(d, year) if d else "?"


def format_report(report: Report) -> list[str]:
    """Lines for the terminal: per week, each stretch's sets done of planned, then pain and notes."""
    n = len(report.trackers)
    lines = [f"{report.source}: {n} tracker{'s' if n != 1 else ''}"]
    for t in report.trackers:
        lines.append("")
        lines.append(f"{t.title or 'Tracker'} (fields {t.prefix}_...)")
        lines.append(f"  Patient: {t.patient or '(no name written)'}")
        for w in t.weeks:
            span = (f"{_date(w.first_day)} to {_date(w.date(7), True)}" if w.first_day
                    else "dates unknown")
            if w.planned:
                lines.append(f"  Week {w.week}, {span}: {w.done} of {w.planned} boxes ticked "
                             f"({w.adherence}%)")
            else:
                lines.append(f"  Week {w.week}, {span}: not due yet")
            width = max(len(s.name) for s in w.stretches)
            for s in w.stretches:
                by_day = "  ".join(f"{d.done}/{d.planned}" for d in s.days)
                count = f"{s.done} of {s.planned} ticked" if s.planned else "not due yet"
                share = f"{s.adherence:>4}%" if s.planned else "     "
                lines.append(f"    {s.name:<{width}}  {count:>15} {share}   by day: {by_day}")
            labels = [DAYS[(w.first_day.weekday() + d - 1) % 7] if w.first_day else f"day {d}"
                      for d in range(1, 8)]
            lines.append("    Pain (0-10): " + ", ".join(
                f"{lab} {p or '-'}" for lab, p in zip(labels, w.pain, strict=True)))
            scores = [s for s in map(pain_score, w.pain) if s is not None]
            if scores:
                lines[-1] += f"   (average {sum(scores) / len(scores):.1f})"
            bad = w.unreadable_pain
            if bad:
                listed = ", ".join(f"'{p}'" for p in bad)
                lines.append(f"    Pain not read ({len(bad)}, not a number from 0 to 10): {listed}")
            lines += [f"    Notes, {lab}: {note}" for lab, note in zip(labels, w.notes, strict=True)
                      if note]
            if w.questions:
                lines.append(f"    Questions: {w.questions}")
    return lines


def report_csv(report: Report) -> str:
    """One row per day and stretch: tracker, week, date, stretch, sets_done, sets_planned, pain."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["tracker", "week", "date", "stretch", "sets_done", "sets_planned", "pain"])
    for t in report.trackers:
        for w in t.weeks:
            for day in range(1, 8):
                for s in w.stretches:
                    for d in (x for x in s.days if x.day == day):
                        out.writerow([t.prefix, w.week, d.date.isoformat() if d.date else "",
                                      s.id, d.done, d.planned, w.pain[day - 1] or ""])
    return buf.getvalue()
