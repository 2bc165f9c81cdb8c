"""The one-page take-home handout: header, safety box, each stretch with its picture, footer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.content.select import Selection
from handouts.errors import LayoutError
from handouts.layout import fonts, styles
from handouts.layout.sheet import Override, SheetHeader
from handouts.layout.slots import SLOT_KEYS, detail, one_line
from handouts.pdf.write import DocInfo, render
from handouts.wording.dose import blank_dose_words, dose_words, side_names
from handouts.wording.text import Wording, escape


# When the page is full, shrink in this order: first drop the tips, then make the pictures
# smaller, then step the type size down by half points, never below 10 pt.
# and last set the lines a little closer (1.15, then 1.1). Steps, the dose, what to avoid and the safety
# box always stay.
@dataclass(frozen=True)
class FitLevel:
    """One way of setting the page, from roomiest to tightest."""

    body: float
    tips: bool
    picture: tuple[float, float]


    spacing: float = 1.2
    large: bool = False
    rule_pad: float = 3.0  # air above each stretch's rule


_BIG, _SMALL, _TINY = (126.0, 96.0), (100.0, 76.0), (84.0, 60.0)
FIT_LEVELS: tuple[FitLevel, ...] = (
    FitLevel(12.0, True, _BIG), FitLevel(12.0, False, _BIG), FitLevel(12.0, False, _SMALL),
    FitLevel(11.5, False, _SMALL), FitLevel(11.0, False, _SMALL), FitLevel(10.5, False, _SMALL),
    FitLevel(10.0, False, _TINY), FitLevel(10.0, False, _TINY, spacing=1.15),
    FitLevel(10.0, False, _TINY, spacing=1.1), FitLevel(10.0, False, _TINY, 1.1, rule_pad=1.0),
)
# Large print (APH and ACB guidance): 18 pt body, 1.5 line spacing, left aligned; the sheet
# may run to several pages but each stretch stays whole on one page.
LARGE_PRINT = FitLevel(styles.LARGE_PRINT_BODY, True, (190.0, 144.0), spacing=1.5, large=True)


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
    # Empty lines in place of each dose, for the clinician to write it by hand.
    blank_dose: bool = False


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


def _label_width(label: str, style: Any, least: float) -> float:
    """Room for a label in its bold style and the 6 pt before its line: measured, so a longer
    word in another language gets the room it needs, and never less than `least`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return max(least, float(stringWidth(label, style.fontName, style.fontSize)) + 8)


def _people_line(h: SheetHeader, st: dict[str, Any], width: float, words: dict[str, str]) -> Any:
    """Name, clinician and date, each filled in or left as a line to write on.

    One row at normal sizes (two when a name is too long for its third of the line); at
    large print each gets its own row so nothing is squeezed. `words` holds the labels and
    the date as printed (see HandoutBuilder.wording).
    """
    from reportlab.platypus import Paragraph, Table

    cells = ((words["label_name"], h.patient), (words["label_clinician"], h.clinician),
             (words["label_date"], words["date"] or None))
    size = st["body"].fontSize
    pairs = [[Paragraph(escape(label), st["label"]), detail(key, value, st["body"], h.slots)]
             for key, (label, value) in zip(SLOT_KEYS, cells, strict=True)]
    lines: list[tuple[Any, ...]]
    if size >= styles.LARGE_PRINT_BODY:
        column = max(_label_width(label, st["label"], size * 6.2) for label, _ in cells)
        t = Table(pairs, colWidths=[column, width - column])
        lines = [("LINEBELOW", (1, r), (1, r), 0.8, styles.INK) for r in range(3)]
    else:
        label_w = [_label_width(label, st["label"], size * f)
                   for (label, _), f in zip(cells, (4.0, 6.2, 3.6), strict=True)]
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


# The handout's fixed wording, each from handout/<name>.j2 in the sheet's language.
_WORDING = ("title", "intro", "safety_title", "safety_call", "footer", "label_name",
            "label_clinician", "label_date", "label_start", "label_note", "label_tip",
            "label_avoid", "label_stop_if", "label_need")


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
        self.words = words = Wording(spec.template_dirs, lib.language)
        self.wording = {name: words.render(f"handout/{name}.j2", **ctx) for name in _WORDING}
        self.wording["date"] = (words.render("handout/date.j2", day=spec.header.date)
                                if spec.header.date else "")
        self.footer_para = Paragraph(escape(self.wording["footer"]),
                                     styles.styles(styles.Look())["small"])
        self.footer_h = self.footer_para.wrap(self.width, 100)[1] + 4
        self.bottom = styles.MARGIN + self.footer_h
        self.height = self.pagesize[1] - styles.MARGIN - self.bottom

    def story(self, level: FitLevel, people: bool = True) -> tuple[list[Any], _Texts]:
        from reportlab.platypus import KeepTogether, Spacer

        st = styles.styles(self.look(level))
        tx = _Texts()
        out: list[Any] = [*self._header(st, tx, people), Spacer(1, level.body * 0.2),
                          self._safety(st, tx, columns=1 if level.large else 2),
                          Spacer(1, level.body * 0.2)]
        for s in self.spec.selection.stretches:
            block = self._stretch(s, st, tx, level)
            out.append(KeepTogether([block]) if level.large else block)
        if level.large:
            out.append(tx.para(self.wording["footer"], st["body"], "footer"))
        return out, tx

    def look(self, level: FitLevel) -> styles.Look:
        return styles.Look(body=level.body, spacing=level.spacing, large_print=level.large)

    def _header(self, st: dict[str, Any], tx: _Texts, people: bool = True) -> list[Any]:
        from reportlab.platypus import Table

        left = [tx.para(self.wording["title"], st["title"], "title")]
        clinic = self.spec.header.clinic
        right: list[Any] = []
        if clinic:
            right.append(tx.para(clinic.name, st["clinic"], "clinic", bold=True))
            contact = "  \u00b7  ".join(x for x in (clinic.phone, clinic.web) if x)
            if contact:
                right.append(tx.para(contact, st["clinic"], "clinic"))
        row, widths = [left, right], [self.width * 0.62, self.width * 0.38]
        if clinic and clinic.logo:
            from handouts.layout.pictures import logo_for

            logo_w = 3.2 * st["body"].leading
            row.append(logo_for(clinic.logo, logo_w, 2.2 * st["body"].leading))
            widths = [self.width * 0.55, self.width * 0.45 - logo_w - 6, logo_w + 6]
        top = Table([row], colWidths=widths)
        top.setStyle(styles.table_style(
            ("ALIGN", (2, 0), (2, 0), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, 0), 1.5, styles.ACCENT),
        ))
        h = self.spec.header
        tx.seen += [("header", v) for v in (h.patient, h.clinician) if v]
        tx.seen += [("header", self.wording[k]) for k in ("label_name", "label_clinician",
                                                           "label_date", "date")]
        intro = tx.para(self.wording["intro"], st["body"], "intro")
        return ([top, _people_line(h, st, self.width, self.wording), intro] if people
                else [top, intro])

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
        return self.words.render("handout/targets.j2", muscles=names)

    def _label(self, name: str) -> str:
        """A bold label and a space, as markup, in front of a paragraph."""
        return f"<b>{escape(self.wording[name])}</b> "

    def _stretch(self, s: Stretch, st: dict[str, Any], tx: _Texts, level: FitLevel) -> Any:
        """One stretch: text flowing around its picture (or the full width without one)."""
        from handouts.content.sides import for_side, mirrored
        from handouts.layout.flowables import CachedParagraph, TextBeside
        from handouts.layout.pictures import picture_for, video_for

        ov = self.spec.overrides.get(s.id, Override())
        shown = for_side(s, ov.side, side_names(self.words))
        tx.seen.append((s.id, s.name))
        heading = CachedParagraph(
            f"{escape(s.name)} <font name='{fonts.REGULAR}' size='{level.body}'>"
            f"{escape(self._targets(s))}</font>", st["h2"])
        tx.seen.append((f"{s.id} targets", self._targets(s)))
        text: list[Any] = [
            heading,
            tx.para(shown.position, st["step"], f"{s.id} position", self._label("label_start")),
            *[tx.para(step, st["numbered"], f"{s.id} step", f"<bullet>{i}.</bullet>")
              for i, step in enumerate(shown.steps, 1)],
            *self._side_and_needs(s, ov, st, tx),
            self._dose_and_avoid(shown, ov, st, tx),
        ]
        if ov.note:
            text.append(tx.para(ov.note, st["body"], f"{s.id} note", self._label("label_note")))
        if shown.stop_if:
            text.append(tx.para(shown.stop_if, st["body"], f"{s.id} stop", self._label("label_stop_if")))
        if level.tips and s.tips:
            text.append(tx.para(shown.tips[0], st["body"], f"{s.id} tip", self._label("label_tip")))
        qr = video_for(s, level.picture[1] * (0.5 if level.large else 0.62), st["small"])
        if qr is not None:
            tx.seen.append((f"{s.id} video", s.video_url or ""))
            text = [TextBeside(qr, text, imageSide="right", imageLeftPadding=8,
                                      imageRightPadding=0, imageBottomPadding=2)]
        pic = picture_for(self.lib, s, *level.picture, caption_style=st["small"],
                          mirror=mirrored(s, ov.side))
        if pic is None:  # no figure and no image: the text takes the whole width
            return _ruled(_column(text), self.width, level.rule_pad)
        return _ruled(TextBeside(pic, text, imageSide="left", imageRightPadding=10,
                                        imageBottomPadding=4), self.width, level.rule_pad)

    def _side_and_needs(self, s: Stretch, ov: Override, st: dict[str, Any],
                        tx: _Texts) -> list[Any]:
        """What equipment to have at hand (the side to start with is in the dose)."""
        out = []
        if s.equipment:
            out.append(tx.para(", ".join(s.equipment), st["body"], f"{s.id} equipment",
                               self._label("label_need")))
        return out

    def _dose_line(self, s: Stretch, ov: Override) -> str:
        if self.spec.blank_dose:
            return blank_dose_words(self.words, s)
        return dose_words(self.words, s, ov.dose, ov.side)

    def _dose_and_avoid(self, s: Stretch, ov: Override, st: dict[str, Any], tx: _Texts) -> Any:
        """The dose in a tinted band, then what to avoid, in one paragraph to save a line."""
        from handouts.layout.flowables import CachedParagraph

        line = self._dose_line(s, ov)
        tx.seen += [(f"{s.id} dose", line), (f"{s.id} avoid", s.avoid[0]),
                    ("labels", " ".join(self.wording[k] for k in _WORDING if k.startswith("label_")))]
        markup = (f"<font backColor='{styles.DOSE_FILL}'><b>\u00a0{escape(line)}\u00a0</b></font>"
                  f"\u2003{self._label('label_avoid')}{escape(s.avoid[0])}")
        return CachedParagraph(markup, st["body"])

    def overrun(self, i: int) -> float:
        """How far the page at FIT_LEVELS[i] runs over (negative: room to spare)."""
        level = FIT_LEVELS[i]
        key = (*_layout_key(self.lib, self.spec), i)
        if key not in _REST:
            if len(_REST) > 4096:
                _REST.clear()
            _REST[key] = (self.lib, self.measure(self.story(level, people=False)[0]))
        st = styles.styles(self.look(level))
        people = _people_line(self.spec.header, st, self.width, self.wording)
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
            canv.drawString(styles.MARGIN, styles.MARGIN,
                            self.words.render("handout/page_of.j2", page=doc.page, pages=total))
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
            spec.page_size, spec.blank_dose, spec.template_dirs, repr(spec.header.clinic))


def _column(items: list[Any]) -> Any:
    """Flowables stacked in one table cell, so a block without a picture stays one piece."""
    from reportlab.platypus import Table

    t = Table([[items]])
    t.setStyle(styles.table_style(("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)))
    return t


def _ruled(inner: Any, width: float, pad: float = 3.0) -> Any:
    """Wrap a stretch block with a thin rule above it and a little air."""
    from reportlab.platypus import Table

    t = Table([[inner]], colWidths=[width])
    t.setStyle(styles.table_style(
        ("LINEABOVE", (0, 0), (-1, 0), 0.75, styles.FRAME),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 2 / 3),
    ))
    return t


def _info(lib: Library, spec: HandoutSpec, title: str) -> DocInfo:
    words = Wording(spec.template_dirs, lib.language)
    return DocInfo(
        title=title,
        author=spec.header.clinic.name if spec.header.clinic else lib.meta.name,
        subject=words.render("handout/subject.j2",
                             names=[s.name for s in spec.selection.stretches]),
        lang=lib.meta.language,
    )


def build_large_print(lib: Library, spec: HandoutSpec) -> bytes:
    """Large print: 18 pt and 1.5 spacing on as many pages as needed, numbered 'Page X of Y'."""
    b = HandoutBuilder(lib, spec)
    story, texts = b.story(LARGE_PRINT)
    fonts.check_coverage(texts.seen)
    m = styles.MARGIN
    margins = (m, m, m, m + styles.LARGE_PRINT_BODY * 1.8)
    info = _info(lib, spec, b.wording["title"])
    if not spec.page_numbers:
        return render(story, info, b.pagesize, margins)[0]
    _, pages = render(story, info, b.pagesize, margins, b.page_numbers(0))
    story, _ = b.story(LARGE_PRINT)  # flowables are used up by a build; make them afresh
    data, _ = render(story, info, b.pagesize, margins, b.page_numbers(pages))
    return data


def build_handout(lib: Library, spec: HandoutSpec) -> bytes:
    """Lay out the handout on exactly one page, shrinking in the documented order if needed.

    One stretch chosen by id gives its detail sheet; large print may take several pages.
    """
    if spec.large_print:
        return build_large_print(lib, spec)
    if spec.selection.by_id and len(spec.selection.stretches) == 1:
        from handouts.layout.detail import build_detail

        return build_detail(lib, spec)
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
    if level is not None:
        story, texts = b.story(FIT_LEVELS[level])
        fonts.check_coverage([*texts.seen, ("footer", b.wording["footer"])])
        m = styles.MARGIN
        data, pages = render(story, _info(lib, spec, b.wording["title"]), b.pagesize,
                             (m, m, m, b.bottom), b.footer)
        if pages == 1:
            return data
    over = max(b.overrun(last), 1.0)
    raise LayoutError(
        f"the handout is {over:.0f} pt ({over / 72:.1f} in) longer than one page even at "
        f"{FIT_LEVELS[-1].body:g} pt without tips; choose fewer stretches "
        f"(it has {len(spec.selection.stretches)})"
    )
