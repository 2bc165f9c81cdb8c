"""The one-page take-home handout: header, safety box, each stretch with its picture, footer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.content.dose import dose_line
from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.content.select import Selection
from handouts.errors import LayoutError
from handouts.layout import fonts, styles
from handouts.layout.sheet import Override, SheetHeader
from handouts.layout.slots import SLOT_KEYS, detail, one_line
from handouts.pdf.write import DocInfo, render
from handouts.wording.dates import long_date
from handouts.wording.text import Wording, escape


# The fit ladder, roomiest first. With room to spare the page grows: the pictures first,
# then a tip per stretch, then the type, up to 14 pt. When the page is full it shrinks the
# other way: the type back to 12 pt, the tips, then the pictures, then the type by half
# points, never below 10 pt, and last the lines a little closer. Steps, the dose, what to avoid and the
# safety box always stay.
@dataclass(frozen=True)
class FitLevel:
    """One way of setting the page: body size (pt), tips shown, picture box (w, h in pt)."""

    body: float
    tips: bool
    picture: tuple[float, float]
    spacing: float = 1.2
    large: bool = False


_BIG, _SMALL, _TINY = (126.0, 96.0), (100.0, 76.0), (84.0, 60.0)
# Bigger pictures, 4:3 like the others, for a page with room to spare.
_GROWN = tuple((w, round(w * 0.76)) for w in (184.0, 170.0, 156.0, 140.0))
FIT_LEVELS: tuple[FitLevel, ...] = (
    *(FitLevel(b, True, _GROWN[0]) for b in (14.0, 13.5, 13.0, 12.5, 12.0)),
    *(FitLevel(12.0, False, p) for p in _GROWN), FitLevel(12.0, False, _BIG),
    FitLevel(12.0, False, _SMALL),
    FitLevel(11.5, False, _SMALL), FitLevel(11.0, False, _SMALL), FitLevel(10.5, False, _SMALL),
    # At 10 pt a wide, low picture costs fewer lines of text than a narrow one.
    FitLevel(10.0, False, (126.0, 72.0)), FitLevel(10.0, False, (104.0, 66.0)),
    FitLevel(10.0, False, _TINY), FitLevel(10.0, False, _TINY, spacing=1.15),
)
# A page with room left even at the roomiest level spreads it between the stretches, at
# most this much (pt) each, rather than leave a band of white at the bottom.
MAX_SPREAD = 40.0
# Large print (APH and ACB guidance): 18 pt body, 1.5 line spacing, left aligned; the sheet
# may run to several pages but each stretch stays whole on one page.
LARGE_PRINT = FitLevel(styles.LARGE_PRINT_BODY, True, (190.0, 144.0), spacing=1.5, large=True)
# Height (pt) a large-print page keeps free besides a stretch: the page number, the rule and
# air around the block, and the credit line that goes with the last stretch.
LARGE_PRINT_BODY_ROOM = styles.LARGE_PRINT_BODY * 1.8 + 20.0 + 2 * styles.LARGE_PRINT_BODY * 1.5


@dataclass(frozen=True)
class HandoutSpec:
    """Everything a handout is made from; nothing is read from the clock or environment."""

    selection: Selection
    header: SheetHeader = SheetHeader()
    page_size: str = "letter"
    template_dirs: tuple[Path, ...] = ()
    overrides: Mapping[str, Override] = field(default_factory=dict)
    large_print: bool = False
    # Large print numbers its own pages; in a packet the packet's stamp numbers them instead.
    page_numbers: bool = True


class _Texts:
    """Collects every string put on the page, for the glyph coverage check."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def para(self, text: str, style: Any, label: str = "text", prefix: str = "",
             bold: bool = False) -> Any:
        """A Paragraph of escaped content text after an optional markup prefix."""
        from handouts.layout.flowables import CachedParagraph

        self.seen.append((label, text))
        body = f"<b>{escape(text)}</b>" if bold else escape(text)
        return CachedParagraph(prefix + body, style)


def _people_line(h: SheetHeader, st: dict[str, Any], width: float) -> Any:
    """Name, clinician and date, each filled in or left as a line to write on.

    One row at normal sizes (two when a name is too long for its third of the line); at
    large print each gets its own row so nothing is squeezed.
    """
    from reportlab.platypus import Paragraph, Table

    cells = (("Name:", h.patient), ("Clinician:", h.clinician),
             ("Date:", long_date(h.date, h.clinic.date_format if h.clinic else None) if h.date else None))
    size = st["body"].fontSize
    pairs = [[Paragraph(label, st["label"]), detail(key, value, st["body"], h.slots)]
             for key, (label, value) in zip(SLOT_KEYS, cells, strict=True)]
    lines: list[tuple[Any, ...]]
    if size >= styles.LARGE_PRINT_BODY:
        label_w = size * 6.2
        t = Table(pairs, colWidths=[label_w, width - label_w])
        lines = [("LINEBELOW", (1, r), (1, r), 0.8, styles.INK) for r in range(3)]
    else:
        label_w = [size * f for f in (4.0, 6.2, 3.6)]
        value_w = (width - sum(label_w)) / 3
        if all(one_line(value, st["body"], value_w - 6) for _, value in cells):
            # One row of fixed height: the same for every name, so a packet can fill it in.
            row = [p for pair in pairs for p in pair]
            widths = [w for lw in label_w for w in (lw, value_w)]
            t = Table([row], colWidths=widths, rowHeights=[st["body"].leading + 4])
            lines = [("LINEBELOW", (c, 0), (c, 0), 0.8, styles.INK) for c in (1, 3, 5)]
        else:
            # A long name or clinician gets the page's width on a row of its own, rather
            # than running up into the title.
            rest = width - label_w[1] - label_w[2]
            rows = [[pairs[0][0], pairs[0][1], "", ""], [*pairs[1], *pairs[2]]]
            t = Table(rows, colWidths=[label_w[1], rest * 0.6, label_w[2], rest * 0.4])
            lines = [("SPAN", (1, 0), (3, 0)), ("LINEBELOW", (1, 0), (3, 0), 0.8, styles.INK),
                     ("LINEBELOW", (1, 1), (1, 1), 0.8, styles.INK),
                     ("LINEBELOW", (3, 1), (3, 1), 0.8, styles.INK)]
    t.setStyle(styles.table_style(
        *lines,
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ))
    return t


class HandoutBuilder:
    """Builds the story for one fit level and measures it."""

    def __init__(self, lib: Library, spec: HandoutSpec) -> None:
        from reportlab.platypus import Paragraph

        self.lib, self.spec = lib, spec
        self.pagesize = styles.PAGE_SIZES[spec.page_size]
        self.width = self.pagesize[0] - 2 * styles.MARGIN
        ctx = {"selection_title": spec.selection.title, "clinic": spec.header.clinic,
               "from_routine": spec.selection.routine is not None,
               "library": lib.meta, "stretch_count": len(spec.selection.stretches)}
        words = Wording(spec.template_dirs)
        self.wording = {name: words.render(f"handout/{name}.j2", **ctx)
                        for name in ("title", "intro", "safety_title", "safety_call", "footer",
                                     "summary", "how_to_read", "done_today")}
        self.footer_para = Paragraph(escape(self.wording["footer"]),
                                     styles.styles(styles.Look())["small"])
        self.footer_h = self.footer_para.wrap(self.width, 100)[1] + 4
        self.bottom = styles.MARGIN + self.footer_h
        self.height = self.pagesize[1] - styles.MARGIN - self.bottom

    def story(self, level: FitLevel, people: bool = True, gap: float = 0.0) -> tuple[list[Any], _Texts]:
        """The page's flowables at `level`, with `gap` points of extra air above each stretch."""
        from reportlab.platypus import KeepTogether, Spacer

        st = styles.styles(self.look(level))
        tx = _Texts()
        out: list[Any] = [*self._header(st, tx, people),
                          tx.para(self.wording["summary"], st["body"], "summary", bold=True),
                          tx.para(self.wording["how_to_read"], st["body"], "how to read"),
                          Spacer(1, level.body * 0.2)]
        safety = self._safety(st, tx, columns=1 if level.large else 2)
        # Large print: what of the safety box goes on over page 1 shares page 2 with the first
        # stretch, whose picture takes the height that is left.
        taken = self._spill(out, safety) if level.large else 0.0
        out += [safety, Spacer(1, level.body * 0.2)]
        stretches = self.spec.selection.stretches
        for i, s in enumerate(stretches, 1):
            if gap:
                out.append(Spacer(1, gap))
            block = self._stretch(s, st, tx, level, taken if i == 1 else 0.0)
            if level.large:
                # The credit line goes with the last stretch, never on a page of its own.
                last = [tx.para(self.wording["footer"], st["body"], "footer")] if i == len(stretches) else []
                out.append(KeepTogether([block, *last]))
            else:
                out.append(block)
        return out, tx

    def look(self, level: FitLevel) -> styles.Look:
        return styles.Look(body=level.body, spacing=level.spacing, large_print=level.large)

    def _header(self, st: dict[str, Any], tx: _Texts, people: bool = True) -> list[Any]:
        from reportlab.platypus import Table

        left = [tx.para(self.wording["title"], st["title"], "title")]
        clinic = self.spec.header.clinic
        right: list[Any] = []
        # Large print has no room for a narrow column: the clinic goes under the title,
        # where its name and web address keep whole lines.
        large = st["body"].fontSize >= styles.LARGE_PRINT_BODY
        if clinic:
            where, style = (left, st["body"]) if large else (right, st["clinic"])
            where.append(tx.para(clinic.name, style, "clinic", bold=True))
            contact = "  \u00b7  ".join(x for x in (clinic.phone, clinic.web) if x)
            if contact:
                where.append(tx.para(contact, style, "clinic"))
        row, widths = [left, right], [self.width * 0.62, self.width * 0.38]
        if large:
            row, widths = [left], [self.width]
        if clinic and clinic.logo:
            from handouts.layout.pictures import logo_for

            # Three lines tall (0.6 in at 12 pt): words in a logo stay readable.
            logo = logo_for(clinic.logo, self.width * 0.25, 3.0 * st["body"].leading)
            logo_w = logo.wrap(self.width, self.height)[0]
            row.append(logo)
            widths = ([self.width - logo_w - 6, logo_w + 6] if large else
                      [self.width * 0.55, self.width * 0.45 - logo_w - 6, logo_w + 6])
        top = Table([row], colWidths=widths)
        top.setStyle(styles.table_style(
            ("ALIGN", (-1, 0), (-1, 0), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, 0), 1.5, styles.ACCENT),
        ))
        h = self.spec.header
        tx.seen += [("header", v) for v in (h.patient, h.clinician) if v]
        intro = tx.para(self.wording["intro"], st["body"], "intro")
        return [top, _people_line(h, st, self.width), intro] if people else [top, intro]

    def _safety(self, st: dict[str, Any], tx: _Texts, columns: int = 2, full: bool = False) -> Any:
        """The safety box: never dropped, never shrunk below the body size of the page."""
        from reportlab.platypus import Paragraph, Table

        bullets = [tx.para(p.text if full else p.short or p.text, st["bullet"], f"precaution {p.id}",
                           "\u2022\u00a0", bold=p.level == "stop")
                   for p in self.spec.selection.precautions]
        # Two columns of bullets keep the box short; reading order is down the left, then right.
        half = (len(bullets) + 1) // 2 if columns == 2 else len(bullets)
        cells = [bullets[:half], bullets[half:]] if columns == 2 else [bullets]
        cols = Table([cells], colWidths=[(self.width - 16) / len(cells)] * len(cells))
        cols.setStyle(styles.table_style(("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 1)))
        tx.seen += [("safety", self.wording["safety_title"]), ("safety", self.wording["safety_call"])]
        head = Paragraph(f"<font color='{styles.SAFETY_BORDER}' size='{st['safety_head'].fontSize}'>"
                         f"{escape(self.wording['safety_title'])}</font>\u2003"
                         f"{escape(self.wording['safety_call'])}", st["label"])
        cell: list[Any] = [head, cols]
        box = Table([[cell]], colWidths=[self.width])
        if st["body"].fontSize >= styles.LARGE_PRINT_BODY and columns == 1:
            # Large print: a row per bullet, so a long box can go on over the page, its
            # heading repeated, rather than leave most of a page blank.
            box = Table([[head], *([b] for b in bullets)], colWidths=[self.width], repeatRows=1)
        box.setStyle(styles.table_style(
            ("BOX", (0, 0), (-1, -1), 2, styles.SAFETY_BORDER),
            ("BACKGROUND", (0, 0), (-1, -1), styles.SAFETY_FILL),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ))
        return box

    def _targets(self, s: Stretch) -> str:
        names = [f"{m.name.lower()} ({m.plain_name})"
                 for m in (self.lib.muscles[t] for t in s.targets)]
        return "for the " + " and ".join(names)

    def _spill(self, first: list[Any], box: Any) -> float:
        """Height (pt) a large-print safety box carries onto page 2 after `first` (0: none)."""
        frame = self.pagesize[1] - 2 * styles.MARGIN - styles.LARGE_PRINT_BODY * 1.8
        room = frame - self.measure(first)
        box.wrap(self.width, 1e6)
        rows = list(box._rowHeights)
        if sum(rows) <= room or len(rows) < 3:
            return 0.0
        used, kept = 0.0, 0
        while kept < len(rows) and used + rows[kept] <= room:
            used, kept = used + rows[kept], kept + 1
        # Its heading row repeats on page 2 over the bullets that did not fit.
        return float(rows[0] + sum(rows[max(kept, 2):])) + styles.LARGE_PRINT_BODY * 0.2

    def _stretch(self, s: Stretch, st: dict[str, Any], tx: _Texts, level: FitLevel,
                 taken: float = 0.0) -> Any:
        """One stretch: text flowing around its picture, a rule above."""
        from reportlab.platypus import Spacer

        from handouts.layout.flowables import CachedParagraph, Stack, TextBeside, TickRow
        from handouts.layout.pictures import picture_for, video_for

        ov = self.spec.overrides.get(s.id, Override())
        tx.seen.append((s.id, s.name))
        heading = CachedParagraph(
            f"{escape(s.name)} <font name='{fonts.REGULAR}' size='{level.body}'>"
            f"{escape(self._targets(s))}</font>", st["h2"])
        tx.seen.append((f"{s.id} targets", self._targets(s)))
        text: list[Any] = [
            tx.para(s.position, st["step"], f"{s.id} position", "<b>Start:</b> "),
            *[tx.para(step, st["numbered"], f"{s.id} step", f"<bullet>{i}.</bullet>")
              for i, step in enumerate(s.steps, 1)],
            self._dose_and_avoid(s, ov, st, tx),
        ]
        if ov.note:
            text.append(tx.para(ov.note, st["body"], f"{s.id} note", "<b>Note:</b> "))
        if level.tips and s.tips:
            text.append(tx.para(s.tips[0], st["body"], f"{s.id} tip", "<b>Tip:</b> "))
        qr = video_for(s, level.picture[1] * (0.5 if level.large else 0.62), st["small"])
        if qr is not None:
            tx.seen.append((f"{s.id} video", s.video_url or ""))
            text = [TextBeside(qr, text, imageSide="right", imageLeftPadding=8,
                               imageRightPadding=0, imageBottomPadding=2)]
        # A row of boxes to tick, one per set, under the picture: the page is its own checklist
        # for today. The row takes its height from the picture's box, not from the page.
        done = self.wording["done_today"]
        tx.seen.append(("done today", done))
        dose = ov.dose or s.dose
        ticks = TickRow(done, dose.sets * dose.times_per_day, fonts.BOLD, st["small"].fontSize)
        gap = st["small"].fontSize * 0.4
        pic_w, pic_h = level.picture
        if level.large:
            pic_w, pic_h = self._large_picture([heading, *text], taken)
        pic_h -= ticks.wrap(pic_w, pic_h)[1] + gap
        pic = Stack(pic_w, [picture_for(self.lib, s, pic_w, pic_h, caption_style=st["small"],
                                        label_size=st["small"].fontSize), ticks], gap=gap)
        if level.large:
            # A page per stretch: the name, the picture as large as the page allows, then the
            # steps the full width of the page (a column beside the picture is too narrow).
            return _ruled([heading, Stack(self.width, [pic]), Spacer(1, gap), *text], self.width)
        return _ruled(TextBeside(pic, [heading, *text], imageSide="left", imageRightPadding=10,
                                 imageBottomPadding=4), self.width)

    def _large_picture(self, text: list[Any], taken: float = 0.0) -> tuple[float, float]:
        """The picture box (w, h) for a large-print stretch: the page's height left by its text
        and by `taken` pt already used on its page (ignored if that leaves too small a picture)."""
        frame = self.pagesize[1] - 2 * styles.MARGIN - LARGE_PRINT_BODY_ROOM
        used = sum(f.wrap(self.width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in text)
        if frame - used - taken >= LARGE_PRINT.picture[1]:
            frame -= taken
        h = min(max(frame - used, LARGE_PRINT.picture[1]), 320.0)
        return min(self.width, h * 1.45), h

    def _dose_and_avoid(self, s: Stretch, ov: Override, st: dict[str, Any], tx: _Texts) -> Any:
        """The dose in a tinted band, then what to avoid: one line when both fit, else two."""
        from handouts.content.dose import SEP
        from handouts.layout.flowables import DoseAndAvoid

        line = dose_line(s, ov.dose, ov.side)
        tx.seen += [(f"{s.id} dose", line), (f"{s.id} avoid", s.avoid[0])]
        # A dose line breaks only between its phrases, never inside "Hold 30 seconds".
        phrases = [escape(p).replace(" ", "\u00a0") for p in line.split(SEP)]
        dose = f"\u00a0{SEP.strip()} ".join(phrases)
        return DoseAndAvoid(f"<font backColor='{styles.DOSE_FILL}'><b>\u00a0{dose}\u00a0</b></font>",
                            f"<b>Avoid:</b> {escape(s.avoid[0])}", st["body"])

    def overrun(self, i: int) -> float:
        """How far the page at FIT_LEVELS[i] runs over (negative: room to spare)."""
        level = FIT_LEVELS[i]
        key = (*_layout_key(self.lib, self.spec), i)
        if key not in _REST:
            if len(_REST) > 4096:
                _REST.clear()
            _REST[key] = (self.lib, self.measure(self.story(level, people=False)[0]))
        st = styles.styles(self.look(level))
        people = _people_line(self.spec.header, st, self.width)
        rest: float = _REST[key][1]
        return float(rest + self.measure([people]) - self.height)

    def measure(self, story: Sequence[Any]) -> float:
        from io import BytesIO

        from reportlab.pdfgen.canvas import Canvas

        canv = Canvas(BytesIO())  # some flowables need a canvas to measure text on
        total = 0.0
        for f in story:
            _, h = f.wrapOn(canv, self.width, 1e6)
            total += h + f.getSpaceBefore() + f.getSpaceAfter()
        return total

    def footer(self, canv: Any, doc: Any) -> None:
        self.footer_para.drawOn(canv, styles.MARGIN, styles.MARGIN)

    def page_numbers(self, total: int) -> Any:
        """A footer hook printing 'Page X of Y' as large as the large-print body text."""

        def draw(canv: Any, doc: Any) -> None:
            canv.saveState()
            canv.setFont(fonts.BOLD, styles.LARGE_PRINT_BODY)
            canv.drawString(styles.MARGIN, styles.MARGIN, f"Page {doc.page} of {total}")
            canv.restoreState()

        return draw


# Everything on the page but the name, clinician and date line is the same for every patient
# given the same stretches, changes, paper and clinic; its height is measured once per level.
# The library is kept in the value so its id() cannot be reused while the entry lives.
_REST: dict[tuple[Any, ...], tuple[Library, float]] = {}


def _layout_key(lib: Library, spec: HandoutSpec) -> tuple[Any, ...]:
    sel = spec.selection
    return (id(lib), sel.title, sel.routine, tuple(s.id for s in sel.stretches),
            tuple((p.id, p.text) for p in sel.precautions), repr(sorted(spec.overrides.items())),
            spec.page_size, spec.template_dirs, repr(spec.header.clinic))


def _ruled(inner: Any, width: float) -> Any:
    """Wrap a stretch block with a thin rule above it and a little air."""
    from reportlab.platypus import Table

    t = Table([[inner]], colWidths=[width])
    t.setStyle(styles.table_style(
        ("LINEABOVE", (0, 0), (-1, 0), 0.75, styles.FRAME),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ))
    return t


def _info(lib: Library, spec: HandoutSpec, title: str) -> DocInfo:
    return DocInfo(
        title=title,
        author=spec.header.clinic.name if spec.header.clinic else lib.meta.name,
        subject="Home stretches: " + ", ".join(s.name for s in spec.selection.stretches),
        lang=lib.meta.language,
    )


def build_large_print(lib: Library, spec: HandoutSpec, builder: type[HandoutBuilder] | None = None,
                      level: FitLevel = LARGE_PRINT) -> bytes:
    """Large print: 18 pt and 1.5 spacing on as many pages as needed, numbered 'Page X of Y'."""
    b = (builder or HandoutBuilder)(lib, spec)
    story, texts = b.story(level)
    fonts.check_coverage(texts.seen)
    m = styles.MARGIN
    margins = (m, m, m, m + styles.LARGE_PRINT_BODY * 1.8)
    info = _info(lib, spec, b.wording["title"])
    if not spec.page_numbers:
        return render(story, info, b.pagesize, margins)[0]
    _, pages = render(story, info, b.pagesize, margins, b.page_numbers(0))
    story, _ = b.story(level)  # flowables are used up by a build; make them afresh
    data, _ = render(story, info, b.pagesize, margins, b.page_numbers(pages))
    return data


def build_handout(lib: Library, spec: HandoutSpec) -> bytes:
    """Lay out the handout on exactly one page, shrinking in the documented order if needed.

    One stretch chosen by id gives its detail sheet (in large print too); large print may
    take several pages.
    """
    if spec.selection.by_id and len(spec.selection.stretches) == 1:
        from handouts.layout.detail import build_detail

        return build_detail(lib, spec)
    if spec.large_print:
        return build_large_print(lib, spec)
    b = HandoutBuilder(lib, spec)
    # Heights shrink level by level: try the roomiest, else search for the first that fits.
    level: int | None = 0
    last = len(FIT_LEVELS) - 1
    if b.overrun(0) > 0:
        lo, hi = 1, last
        level = None if b.overrun(hi) > 0 else hi
        while level is not None and lo < hi:
            mid = (lo + hi) // 2
            if b.overrun(mid) <= 0:
                hi = level = mid
            else:
                lo = mid + 1
    # A level measured to fit may still spill when drawn (rounding); then try the next one.
    while level is not None and level <= last:
        # Room left over goes between the stretches, so no band of white is left at the foot.
        spare = -b.overrun(level) - 2.0
        count = len(spec.selection.stretches)
        for gap in (min(spare / count, MAX_SPREAD) if spare > 0 and count else 0.0, 0.0):
            story, texts = b.story(FIT_LEVELS[level], gap=gap)
            fonts.check_coverage([*texts.seen, ("footer", b.wording["footer"])])
            m = styles.MARGIN
            data, pages = render(story, _info(lib, spec, b.wording["title"]), b.pagesize,
                                 (m, m, m, b.bottom), b.footer)
            if pages == 1:
                return data
        level += 1
    over = max(b.overrun(last), 1.0)
    raise LayoutError(
        f"the handout is {over:.0f} pt ({over / 72:.1f} in) longer than one page even at "
        f"{FIT_LEVELS[-1].body:g} pt without tips; choose fewer stretches "
        f"(it has {len(spec.selection.stretches)})"
    )
