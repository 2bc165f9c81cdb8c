"""The weekly tracking sheet: one landscape page per week, a fillable tick box for every set."""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.platypus import Paragraph

from handouts.content.dose import boxes_per_day
from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.content.select import Selection, stop_ifs
from handouts.errors import HandoutsError, LayoutError
from handouts.layout import fonts, styles
from handouts.layout.blocks import name_line, safety_box
from handouts.layout.formboxes import BoxGrid, TextBox
from handouts.layout.sheet import Laid, Override, SheetHeader
from handouts.layout.slots import Slots
from handouts.layout.tagging import tag
from handouts.layout.trackform import (
    PREFIX_RE,
    Plan,
    PlannedStretch,
    day_label,
    field_name,
    plan_field_name,
    questions_field_name,
    text_field_name,
)
from handouts.layout.weekgrid import GridLook, SideBySide, WeekGrid
from handouts.pdf.write import DocInfo, render
from handouts.wording.dates import long_date
from handouts.wording.dose import dose_words
from handouts.wording.text import Wording, escape

__all__ = ["TrackerSpec", "build_tracker", "day_label", "field_name"]

MAX_WEEKS = 12
# Wording the same on every page; "week_of" and "week_count" are rendered for each week.
_WORDING = ("title", "how_to", "name", "pain", "notes", "questions", "stop_call")
_DATE_MARK = "\x00date\x00"  # stands for a day's words in a template rendered once for all days


@dataclass(frozen=True)
class TrackerSpec:
    """Everything a tracker is made from; the start date is given, never read from the clock."""

    selection: Selection
    start: dt.date
    weeks: int = 1
    header: SheetHeader = SheetHeader()
    page_size: str = "letter"  # a key of styles.PAGE_SIZES; the page is turned to landscape
    template_dirs: tuple[Path, ...] = ()
    overrides: Mapping[str, Override] = field(default_factory=dict)
    look: styles.Look = styles.Look()
    field_prefix: str = "t1"
    stamp_room: float = 0.0  # kept blank above the bottom margin for a packet's page stamp

    def __post_init__(self) -> None:
        if not 1 <= self.weeks <= MAX_WEEKS:
            raise LayoutError(f"a tracker covers 1 to {MAX_WEEKS} weeks, not {self.weeks}")
        try:
            styles.PageSize.parse(self.page_size)
        except HandoutsError as e:
            raise LayoutError(str(e)) from None
        if not PREFIX_RE.match(self.field_prefix):
            raise LayoutError(f"field prefix '{self.field_prefix}' must be a letter then up to "
                              "15 letters or digits")


@dataclass(frozen=True)
class Fit:
    """One way of setting the page, from roomiest to tightest: type size, spacing, largest box."""

    body: float
    spacing: float
    box: float

    @property
    def pad(self) -> float:
        return max(3.0, round(self.body * 0.3, 1))


@dataclass(frozen=True)
class Grid:
    """Where things go across the page for one Fit: column widths and the tick box size."""

    first: float  # the stretch column
    day: float  # each of the seven day columns
    inner: float  # a day cell inside its padding
    box: float

    @property
    def gap(self) -> float:
        return round(self.box * 0.35, 1)

    def per_line(self) -> int:
        return max(1, int((self.inner + self.gap) // (self.box + self.gap)))


def fit_levels(look: styles.Look) -> list[Fit]:
    """Shrink the boxes first, then the line spacing, then the type by half points to 10 pt."""
    out: list[Fit] = []
    body = max(look.body, styles.MIN_BODY)
    while body >= styles.MIN_BODY:
        big = max(14.0, min(24.0, round(body * 1.5)))
        for f in (Fit(body, look.spacing, big), Fit(body, look.spacing, 14.0),
                  Fit(body, min(look.spacing, 1.15), 14.0)):
            if f not in out:
                out.append(f)
        body -= 0.5
    return out


@dataclass(frozen=True)
class _Row:
    stretch: Stretch
    dose: str
    per_day: int  # boxes in each day's cell: holds (or sets) x times a day
    sessions: int  # times a day: one line of boxes per session when a session fits a line
    days_per_week: int  # at the low end of a range, so a patient is never counted behind


class TrackerBuilder:
    """Builds the story of each week for one Fit and measures it."""

    def __init__(self, lib: Library, spec: TrackerSpec) -> None:
        self.lib, self.spec = lib, spec
        self.slots = Slots() if spec.header.placeholders else None
        w, h = styles.page_points(spec.page_size)
        self.pagesize = (max(w, h), min(w, h))
        self.width = self.pagesize[0] - 2 * styles.MARGIN
        self.height = self.pagesize[1] - 2 * styles.MARGIN - spec.stamp_room
        self.words = Wording(spec.template_dirs, lib.language)
        self.rows: list[_Row] = []
        for s in spec.selection.stretches:
            ov = spec.overrides.get(s.id, Override())
            d = ov.dose or s.dose
            # One box per hold (or per set of a movement), for every sitting of the day.
            self.rows.append(_Row(s, dose_words(self.words, s, ov.dose, ov.side), boxes_per_day(d),
                                  d.times_per_day[1], d.days_per_week[0]))
        self.texts: dict[tuple[str, str], None] = {}  # every printed text, for the glyph check
        # Words rendered once per tracker: a week is measured and drawn at several sizes.
        self._said: dict[tuple[Any, ...], str] = {}
        self._stamps: dict[tuple[Any, ...], tuple[str, ...]] = {}
        self._paras: dict[tuple[str, int], tuple[Any, Any]] = {}
        self._style_sets: dict[Fit, dict[str, Any]] = {}
        self.wording = {n: self._say(n, week=1) for n in _WORDING}
        # Stretches of a second region (a clinic's neck stretch beside back stretches) add
        # that region's stop line under the first region's.
        more = stop_ifs(lib, spec.selection.stretches, _region(lib, spec.selection))[1:]
        self.stop_calls = (self.wording["stop_call"],
                           *(self._say_new("stop_call", 1, (1, 1), stop_if=why) for why in more))
        self.plan = Plan(spec.start, spec.weeks, self.wording["title"], tuple(
            PlannedStretch(r.stretch.id, r.stretch.name, r.per_day, r.days_per_week)
            for r in self.rows))

    def _say(self, name: str, week: int, part: tuple[int, int] = (1, 1)) -> str:
        key = ("say", name, week, part)
        if key not in self._said:
            self._said[key] = self._say_new(name, week, part)
        return self._said[key]

    def _say_new(self, name: str, week: int, part: tuple[int, int], **given: Any) -> str:
        first = self.spec.start + dt.timedelta(days=7 * (week - 1))
        last = first + dt.timedelta(days=6)
        fmt = self.spec.header.date_format
        ctx = {"selection_title": self.spec.selection.title, "clinic": self.spec.header.clinic,
               "from_routine": self.spec.selection.routine is not None, "week": week,
               # The week's dates in the packet's one form (the clinic's, else "2 March 2026").
               "weeks": self.spec.weeks, "first_day": long_date(first, self.words, fmt),
               "last_day": long_date(last, self.words, fmt), "library": self.lib.meta,
               "stop_if": _region(self.lib, self.spec.selection).stop_if,
               "page": part[0], "pages": part[1], **given}
        text = self.words.render(f"tracker/{name}.j2", **ctx)
        self.texts[(f"tracker/{name}.j2", text)] = None
        return text

    def _once(self, name: str, **context: Any) -> str:
        """Template `name` rendered once per tracker for each context (of hashable values)."""
        key = (name, *sorted(context.items()))
        if key not in self._said:
            self._said[key] = self.words.render(name, **context)
        return self._said[key]

    def _stamped(self, name: str, date: str, **context: Any) -> str:
        """Template `name` with `date` (the day's words) in it, rendered once for all days.

        The template is rendered with a mark where the date goes, and each day's words are
        put in its place: a tooltip per box of eight weeks (1,700) costs a render per
        stretch and box number. The first day is also rendered in full and compared, so a
        template that does more with the date than print it is rendered for every day.
        """
        key = (name, *sorted(context.items()))
        parts = self._stamps.get(key)
        if parts is None:
            text = self.words.render(name, date=date, **context)
            parts = tuple(self.words.render(name, date=_DATE_MARK, **context).split(_DATE_MARK))
            if len(parts) != 2 or parts[0] + date + parts[1] != text:
                parts = ()
            self._stamps[key] = parts
            return text
        if parts:
            return parts[0] + date + parts[1]
        return self.words.render(name, date=date, **context)

    def _day(self, day: dt.date, year: bool = False) -> str:
        """'Mon 2 Mar' ('lun 2 mar'), with the year when asked: names from the language."""
        return self._once("tracker/day_label.j2", day=day, year=year)

    def _spoken(self, day: dt.date) -> str:
        """'Monday 2 March' ('lunes 2 marzo'): a field's tooltip, as a screen reader says it."""
        return self._once("tracker/spoken_day.j2", day=day)

    def _date_words(self, day: dt.date) -> tuple[str, str]:
        """A day's column heading: its name ('Mon') and its date ('2 Mar')."""
        return (self._once("tracker/day_head.j2", day=day),
                self._once("tracker/day_date.j2", day=day))

    def _para(self, text: str, style: Any) -> Any:
        """A paragraph of `text`; one parsed per text and style, and each week given a copy.

        The names, doses and labels repeat on every page of the tracker; ReportLab parses a
        paragraph's markup when it is made and never changes what it parsed, so a copy
        (laid out and tagged on its own) prints the same as a new one.
        """
        self.texts[("tracker", text)] = None
        key = (text, id(style))
        made = self._paras.get(key)
        if made is None:  # the style is kept with it, so its id is not reused
            made = self._paras[key] = (_Repeated(escape(text), style), style)
        return copy.copy(made[0])

    def _styles(self, fit: Fit) -> dict[str, Any]:
        """The paragraph styles at a Fit's size, made once per tracker."""
        if fit not in self._style_sets:
            st = dict(styles.styles(styles.Look(body=fit.body, spacing=fit.spacing)))
            # The header's own styles, made here so that its paragraphs are made once too.
            st["right_h2"] = st["h2"].clone("right_h2", alignment=2, spaceAfter=0)
            st["week"] = st["h2"].clone("week", spaceAfter=0)
            st["cb"] = st["clinic"].clone("cb", fontName=fonts.BOLD)
            self._style_sets[fit] = st
        return self._style_sets[fit]

    def _day_style(self, fit: Fit, size: float) -> Any:
        """The day headings' centred style at `size`, made once per tracker."""
        key = f"center {size}"
        st = self._styles(fit)
        if key not in st:
            st[key] = st["label"].clone("center", alignment=1, fontSize=size, leading=size * 1.15)
        return st[key]

    def _day_para(self, name: str, date: str, style: Any) -> Any:
        """A day's heading, its name over its date: one parsed per text and style, as _para."""
        self.texts[("tracker days", f"{name} {date}")] = None
        key = (f"{name}\n{date}", id(style))
        made = self._paras.get(key)
        if made is None:
            made = self._paras[key] = (_Repeated(f"{escape(name)}<br/>{escape(date)}", style), style)
        return copy.copy(made[0])

    def _grid(self, fit: Fit) -> Grid:
        """Room for the dose on one line, up to 35% of the width; boxes as big as a line allows."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        need = max([stringWidth(r.dose, fonts.REGULAR, fit.body) for r in self.rows]
                   + [stringWidth(r.stretch.name, fonts.BOLD, fit.body) for r in self.rows])
        first = min(max(need + 2 * fit.pad + 2, self.width * 0.22), self.width * 0.35)
        day = (self.width - first) / 7
        inner = day - 2 * fit.pad
        # The widest line of boxes: one session when it is done several times a day, else all sets.
        k = min(5, max(r.per_day // r.sessions if r.sessions > 1 else r.per_day for r in self.rows))
        # Keep clear air between the boxes and the cell's rules, so each box plainly belongs to its day.
        box = max(14.0, min(fit.box, round((inner - 8) / (k + 0.35 * (k - 1)), 1)))
        if self.spec.look.large_print:
            # Large print keeps its boxes as large as its type and puts fewer on a line.
            box = min(fit.box, inner - 8)
        return Grid(first, day, inner, box)

    def _boxes(self, row: _Row, week: int, day: int, g: Grid, named: bool = True) -> BoxGrid:
        if named:
            date = self._spoken(self.spec.start + dt.timedelta(days=7 * (week - 1) + day - 1))
            names = [(field_name(self.spec.field_prefix, week, day, row.stretch.id, n),
                      self._stamped("tracker/box_name.j2", date, stretch=row.stretch.name, n=n))
                     for n in range(1, row.per_day + 1)]
        else:  # only measured: the lines of boxes are as long, their names are not needed
            names = [("", "")] * row.per_day
        per_session, per_line = row.per_day // row.sessions, g.per_line()
        step = per_session if row.sessions > 1 and per_session <= per_line else per_line
        return BoxGrid([names[i:i + step] for i in range(0, len(names), step)], g.box, g.gap)

    def week_story(self, week: int, fit: Fit, slack: float = 0.0,
                   rows: Sequence[_Row] | None = None, last: bool = True,
                   part: tuple[int, int] = (1, 1), named: bool = True) -> list[Any]:
        """One page; `slack` is spare height, given to the notes and questions as writing room.

        `rows` is the stretches on this page (all by default); only a week's `last` page has
        the pain, notes and questions rows. `part` is (page, pages) of a week split over pages.
        `named` False leaves the tick boxes without field names: a page only measured.
        """
        from reportlab.platypus import Spacer

        rows = self.rows if rows is None else rows
        st = self._styles(fit)
        g = self._grid(fit)
        days = [self.spec.start + dt.timedelta(days=7 * (week - 1) + i) for i in range(7)]
        day_size, day_pad = self._day_head(days, fit, g, st["label"].fontName)
        center = self._day_style(fit, day_size)
        head = [self._para(self.wording["how_to"], st["label"])]
        head += [self._day_para(*self._date_words(d), center) for d in days]
        data: list[list[Any]] = [head]
        for r in rows:
            name = self._para(r.stretch.name, st["label"])
            data.append([[name, self._para(r.dose, st["body"])],
                         *[self._boxes(r, week, d, g, named) for d in range(1, 8)]])
        if last:
            data += self._week_end(week, fit, st, g, days, slack)
        n = len(rows)
        widths = [g.first] + [g.day] * 7
        table = tag(WeekGrid(data, widths, GridLook(
            fit.pad, day_pad, tuple(range(2, n + 1, 2)), (n + 1,) if last else (), last)), "Table")
        stop = self._stop(fit, st)
        out: list[Any] = self._header(week, fit, st, part)
        if week == 1 and rows and rows[0] is self.rows[0]:
            out.insert(0, TextBox(plan_field_name(self.spec.field_prefix), "tracker plan", 1, 1, 10,
                                  value=self.plan.to_json(), border=False, hidden=True))
        return [*out, Spacer(1, fit.body * 0.5), table, Spacer(1, fit.body * 0.5), stop]

    def _day_head(self, days: Sequence[dt.date], fit: Fit, g: Grid, font: str) -> tuple[float, float]:
        """Size and side padding of the date headings.

        The dates are what a patient looks for first: a little larger than the body. When
        "10 Mar" would break over two lines (large print), the headings step down towards the
        body size, never below it, keeping clear air to the column rules; only a date still too
        wide at the body size takes some of that air, as little as it needs (2 pt at least).
        """
        from reportlab.pdfbase.pdfmetrics import stringWidth

        size = round(fit.body * 1.15, 1)

        def widest(at: float) -> float:
            return float(max(stringWidth(w, font, at) for d in days for w in self._date_words(d)))

        pad = fit.pad
        room = g.day - 2 * pad - 1
        if widest(size) > room:
            size = max(fit.body, math.floor(size * room / widest(size) * 10) / 10)
        if widest(size) > room:
            pad = max(2.0, math.floor((g.day - 1 - widest(size)) / 2 * 10) / 10)
        return size, pad

    def _week_end(self, week: int, fit: Fit, st: dict[str, Any], g: Grid, days: list[dt.date],
                  slack: float) -> list[list[Any]]:
        """The rows that close a week: pain today, notes, and questions for the next visit."""
        p = self.spec.field_prefix
        field_size = max(10.0, fit.body)
        pain_h = round(g.box + fit.body * 0.6, 1)
        pain_w = min(g.inner, max(2.6 * field_size, pain_h * 1.4))
        # Writing room grows with the type: three lines of it in large print.
        notes_h = round(fit.body * (3.2 if self.spec.look.large_print else 2.4) + slack * 0.4, 1)
        q_h = round(fit.body * 2.6 + slack * 0.6, 1)
        return [
            [self._para(self.wording["pain"], st["label"]),
             *[TextBox(text_field_name(p, "pain", week, d),
                       self._stamped("tracker/pain_field.j2", self._spoken(days[d - 1]),
                                     label=self.wording["pain"]),
                       pain_w, pain_h, field_size) for d in range(1, 8)]],
            [self._para(self.wording["notes"], st["label"]),
             *[TextBox(text_field_name(p, "notes", week, d),
                       self._stamped("tracker/notes_field.j2", self._spoken(days[d - 1]),
                                     label=self.wording["notes"]),
                       g.inner, notes_h, field_size, multiline=True, border=False)
               for d in range(1, 8)]],
            [self._para(self.wording["questions"], st["label"]),
             TextBox(questions_field_name(p, week), self.wording["questions"],
                     7 * g.day - 2 * fit.pad, q_h, field_size, multiline=True,
                     border=False), None, None, None, None, None, None],
        ]

    def _stop(self, fit: Fit, st: dict[str, Any]) -> Any:
        """The stop-and-call rule in a safety box: bold when it fits on one line."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        pad = styles.SAFETY_PAD
        bold = all(stringWidth(t, fonts.BOLD, fit.body) <= self.width - 2 * pad - 2
                   for t in self.stop_calls)
        return safety_box([self._para(t, st["label" if bold else "body"]) for t in self.stop_calls],
                          self.width, 3, 5)

    def _header(self, week: int, fit: Fit, st: dict[str, Any],
                part: tuple[int, int] = (1, 1)) -> list[Any]:
        h, clinic = self.spec.header, self.spec.header.clinic
        right_style = st["right_h2"]
        # The week's dates too long for one line break before the last date's linking word
        # ("to 13 December 2026"), never inside a date.
        dates = self._say("week_of", week)
        last = long_date(self.spec.start + dt.timedelta(days=7 * week - 1), self.words,
                         h.date_format)
        left = [self._para(self.wording["title"], st["title"]),
                *(self._para(t, st["week"])
                  for t in _two_lines(dates, dates.rfind(last) - 1, st["week"], self.width * 0.64))]
        right: list[Any] = []
        if clinic:
            right.append(self._para(clinic.name, st["cb"]))
            if clinic.phone:
                right.append(self._para(clinic.phone, st["clinic"]))
        # "Week 1 of 2, page 5 of 7" too long for one line breaks after its comma, not inside
        # "page 5 of 7".
        count = self._say("week_count", week, part)
        right += [self._para(t, right_style)
                  for t in _two_lines(count, count.find(", ") + 2, right_style, self.width * 0.36)]
        top = SideBySide(left, right, self.width * 0.64, self.width * 0.36, below=3)
        if h.patient:
            self.texts[("tracker", h.patient)] = None
        label = self._para(self.wording["name"], st["label"])
        who = name_line(label, h, st, self.width, self.slots)
        return [top, who]

    def week_shape(self, week: int, fit: Fit) -> tuple[Any, ...]:
        """What, besides its rows, can make one week's page taller than another's.

        Only the headings change from week to week: the week's dates above the grid and the
        day headings. Each is "one line" when it fits its line with room to spare, else its
        own text; weeks of one shape are equally tall, so one of them is measured.
        """
        from reportlab.pdfbase.pdfmetrics import stringWidth

        st = self._styles(fit)
        g = self._grid(fit)
        days = [self.spec.start + dt.timedelta(days=7 * (week - 1) + i) for i in range(7)]
        size, pad = self._day_head(days, fit, g, st["label"].fontName)

        def line(text: str, font: str, at: float, room: float) -> str:
            fits = text.isascii() and stringWidth(text, font, at) <= room - 0.5
            return "" if fits else text

        h2 = st["h2"]
        heads = [line(self._say("week_of", week), h2.fontName, h2.fontSize,
                      self.width * 0.64 - h2.leftIndent - h2.rightIndent),
                 line(self._say("week_count", week), h2.fontName, h2.fontSize,
                      self.width * 0.36 - h2.leftIndent - h2.rightIndent)]
        heads += [line(w, st["label"].fontName, size, g.day - 2 * pad)
                  for d in days for w in self._date_words(d)]
        return (size, pad, *heads)

    def measure(self, story: list[Any]) -> float:
        total = 0.0
        for f in story:
            _, h = f.wrap(self.width, 1e6)
            total += h + f.getSpaceBefore() + f.getSpaceAfter()
        return total


class _Repeated(Paragraph):  # type: ignore[misc]
    """A paragraph whose copies share their line breaks and their drawing.

    A shallow copy shares `_breaks`; what `wrap` sets is kept there by the size asked, and
    a copy asked the same size takes it instead of breaking the lines again. Likewise the
    operators the first copy draws on a canvas are kept with that canvas (a document), and
    a copy of the same size drawn later on it writes them again: a name or a dose is drawn
    once a week. Drawing is between drawOn's saved and restored canvas state, so where a
    copy is placed, and what the canvas is set to afterwards, are as for a real draw; the
    glyph codes it writes are those the document gave the text the first time.
    """

    def __init__(self, text: str, style: Any) -> None:
        super().__init__(text, style)
        self._breaks: dict[tuple[float, float], dict[str, Any]] = {}
        self._same = object()  # shared by the copies: what they draw is kept under it

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        known = self._breaks.get((avail_w, avail_h))
        if known is None:
            before = dict(self.__dict__)
            super().wrap(avail_w, avail_h)
            known = self._breaks[(avail_w, avail_h)] = {
                k: v for k, v in self.__dict__.items() if k not in before or before[k] is not v}
        else:
            self.__dict__.update(known)
        return self.width, self.height

    def draw(self) -> None:
        drawn: dict[tuple[Any, ...], list[str]] = self.canv.__dict__.setdefault("_handouts_drawn", {})
        key = (self._same, self.width, self.height)
        code: list[str] = self.canv._code  # the page's operators; ReportLab has no public reader
        kept = drawn.get(key)
        if kept is None:
            start = len(code)
            super().draw()
            drawn[key] = code[start:]
        else:
            code.extend(kept)


def _region(lib: Library, sel: Selection) -> Any:
    from handouts.content.select import region_of

    return sel.region or region_of(lib, sel.stretches, sel.routine)


def _render(b: TrackerBuilder, fit: Fit,
            pages: Sequence[tuple[int, Sequence[_Row], bool, tuple[int, int]]],
            slack: float, packed: bool) -> bytes | None:
    """Lay out the given (week, rows, last page of the week, (page, pages) of the week) pages;
    None if any spilled over."""
    from reportlab.platypus import PageBreak

    story: list[Any] = []
    for i, (week, rows, last, part) in enumerate(pages):
        story += b.week_story(week, fit, max(slack, 0.0), rows, last, part)
        if i < len(pages) - 1:
            story.append(PageBreak())
    for face in (fonts.REGULAR, fonts.BOLD):  # labels are bold, doses regular: check both
        fonts.check_coverage(b.texts, face)
    spec = b.spec
    info = DocInfo(
        title=b.wording["title"],
        author=spec.header.clinic.name if spec.header.clinic else b.lib.meta.name,
        subject=b.words.render("tracker/subject.j2", names=[s.name for s in spec.selection.stretches]),
        lang=b.lib.meta.language,
    )
    m = styles.MARGIN
    try:
        data, count = render(story, info, b.pagesize, (m, m, m, m + spec.stamp_room), packed=packed)
    except LayoutError:  # a week's grid taller than a whole page (it is never split)
        return None
    return data if count == len(pages) else None


def _large_print(b: TrackerBuilder, packed: bool) -> bytes | None:
    """Large print keeps its full size and spreads a week over as many pages as that takes.

    Stretches fill each page as far as they go; the week's pain, notes and questions rows
    follow on the last of them, or on a page of their own. None when one stretch alone does
    not fit a page at that size (the normal shrinking then applies).
    """
    fit = fit_levels(b.spec.look)[0]

    # Two-digit dates can wrap the day headings at this size: one week of each shape is measured.
    shapes = {b.week_shape(w, fit): w for w in range(b.spec.weeks, 0, -1)}
    tall: dict[tuple[Any, ...], float] = {}

    def fits(rows: Sequence[_Row], last: bool) -> bool:
        # 6 pt to spare keeps a packet's page stamp, in the bottom margin, on blank paper.
        for w in shapes.values():
            key = (w, tuple(map(id, rows)), last)
            if key not in tall:
                tall[key] = b.measure(b.week_story(w, fit, 0.0, rows, last, named=False))
            if tall[key] > b.height - 6.0:
                return False
        return True

    week: list[tuple[Sequence[_Row], bool]] = []
    rest = list(b.rows)
    while rest:
        take = len(rest)
        while take and not fits(rest[:take], False):
            take -= 1
        if not take:
            return None
        week.append((rest[:take], False))
        rest = rest[take:]
    if fits(week[-1][0], True):
        week[-1] = (week[-1][0], True)
    elif fits([], True):
        week.append(([], True))
    else:
        return None
    pages = [(w, rows, last, (i, len(week))) for w in range(1, b.spec.weeks + 1)
             for i, (rows, last) in enumerate(week, 1)]
    return _render(b, fit, pages, 0.0, packed)


def build_tracker(lib: Library, spec: TrackerSpec, packed: bool = True) -> bytes:
    """The tracker's PDF; see lay_out_tracker."""
    return lay_out_tracker(lib, spec, packed).data


def lay_out_tracker(lib: Library, spec: TrackerSpec, packed: bool = True) -> Laid:
    """Lay out the tracker, one page a week, at the roomiest Fit that keeps each week on a page.

    Large print instead keeps 18 pt and gives a week as many pages as its stretches need.

    `packed` puts the form's many small objects into object streams (a quarter of the size);
    a packet asks for plain objects, as it packs the joined file once at the end.

    Raises LayoutError when even 10 pt type and 14 pt boxes do not fit, or a glyph is missing.
    The cycle collector is held off meanwhile (see collector.paused).
    """
    from handouts.layout import collector

    with collector.paused():
        return _lay_out(lib, spec, packed)


def _lay_out(lib: Library, spec: TrackerSpec, packed: bool) -> Laid:
    b = TrackerBuilder(lib, spec)
    if spec.look.large_print:
        data = _large_print(b, packed)
        if data is not None:
            return Laid(data, f"large print, {fit_levels(spec.look)[0].body:g} pt",
                        marks=tuple(b.slots.marks) if b.slots else ())
    levels = fit_levels(spec.look)
    over = 0.0
    for fit in levels:
        over = b.measure(b.week_story(1, fit, named=False)) - b.height
        if over > 0:
            continue
        slack = min(-over - 2.0, 6 * fit.body)  # 2 pt kept for rounding in the layout
        pages = [(week, b.rows, True, (1, 1)) for week in range(1, spec.weeks + 1)]
        data = _render(b, fit, pages, slack, packed)
        if data is not None:
            return Laid(data, f"{fit.body:g} pt, {fit.box:g} pt boxes",
                        marks=tuple(b.slots.marks) if b.slots else ())
        over = 1.0
    last = levels[-1]
    raise LayoutError(
        f"the tracker is {over:.0f} pt ({over / 72:.1f} in) taller than one "
        f"{spec.page_size} page per week even at {last.body:g} pt with {last.box:g} pt boxes; "
        f"choose fewer stretches or fewer sets a day (it has {len(b.rows)} stretches, "
        f"up to {max(r.per_day for r in b.rows)} boxes a day)"
    )


def _two_lines(text: str, before: int, style: Any, width: float) -> list[str]:
    """`text` whole when it fits on one line of `width` points in `style`, else broken in two
    at the last space before index `before` (kept whole when there is none)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    room = width - style.leftIndent - style.rightIndent
    cut = text.rfind(" ", 0, before) if before > 0 else -1
    if cut <= 0 or stringWidth(text, style.fontName, style.fontSize) <= room:
        return [text]
    return [text[:cut], text[cut + 1:]]
