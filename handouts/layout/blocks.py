"""Blocks the one-page sheets share: the top band, the people line, the safety box, the footer.

`SheetBuilder` holds what the handout and the detail sheet both set up (page, wording,
footer) and draws their header and safety box; the tracker uses `name_line` and
`safety_box` for its own header and stop box. Sizes and colours come from `styles`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from typing import Any

from handouts.content.clinic import Clinic
from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.context import Bounded, Caches
from handouts.layout import fonts, styles
from handouts.layout.sheet import HandoutSpec, Override, SheetHeader
from handouts.layout.slots import SLOT_KEYS, Slots, detail, one_line
from handouts.layout.tagging import tag
from handouts.pdf.tags import NONE
from handouts.pdf.write import DocInfo
from handouts.wording.text import Wording, escape

# A number that ends a sentence ("the shape of a 4.") keeps to the word before it: alone at
# the start of a line, "4." reads as the next numbered step.
_LAST_NUMBER = re.compile(r"(?<=\S) (\d{1,3}[.!?:])(?=\s|$)")
NO_PADDING = (("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0))


class Texts:
    """Collects every string put on the page, for the glyph coverage check; its paragraphs
    keep their lines in `memo` when given (Caches.paragraphs, see layout.paragraph)."""

    def __init__(self, memo: Bounded[Hashable, Any] | None = None) -> None:
        self.seen: list[tuple[str, str]] = []
        self.memo = memo

    def para(self, text: str, style: Any, label: str = "text", prefix: str = "",
             bold: bool = False) -> Any:
        """A Paragraph of escaped content text after an optional markup prefix."""
        from handouts.layout.flowables import CachedParagraph

        self.seen.append((label, text))
        text = _LAST_NUMBER.sub("\u00a0\\1", text)
        body = f"<b>{escape(text)}</b>" if bold else escape(text)
        return CachedParagraph(prefix + body, style, memo=self.memo)


def label_width(label: str, style: Any, least: float) -> float:
    """Room for a label in its bold style and the 6 pt before its line: measured, so a longer
    word in another language gets the room it needs, and never less than `least`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return max(least, float(stringWidth(label, style.fontName, style.fontSize)) + 8)


def longest_word(clinic: Clinic, style: Any) -> float:
    """Width in points of the clinic's longest word (its name in bold, phone, web) in `style`,
    with the paragraph's rounding room."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = [(w, fonts.BOLD) for w in clinic.name.split()]
    pieces += [(w, style.fontName) for x in (clinic.phone, clinic.web) if x for w in x.split()]
    return max(float(stringWidth(w, font, style.fontSize)) for w, font in pieces) + 1


def date_words(h: SheetHeader, words: Wording) -> str | None:
    """The date as printed, in the one form of every sheet of a packet (wording.dates):
    a clinic's own strftime format when its config sets one, else the language's long form
    ("2 March 2026", "2 de marzo de 2026"); None when there is no date."""
    from handouts.wording.dates import long_date

    return None if h.date is None else long_date(h.date, words, h.date_format)


def people_line(h: SheetHeader, st: dict[str, Any], width: float, slots: Slots | None,
                words: dict[str, str]) -> Any:
    """Name, clinician and date, each filled in, left as a line to write on, or (with
    `slots`) a placeholder to fill in later. `words` holds the labels and the date as printed
    (see SheetBuilder.wording).

    One row at normal sizes (two when a name is too long for its third of the line); at
    large print each gets its own row so nothing is squeezed.
    """
    from reportlab.platypus import Paragraph, Table

    cells = ((words["label_name"], h.patient), (words["label_clinician"], h.clinician),
             (words["label_date"], words["date"] or None))
    size = st["body"].fontSize
    pairs = [[Paragraph(escape(label), st["label"]), detail(key, value, st["body"], slots)]
             for key, (label, value) in zip(SLOT_KEYS, cells, strict=True)]
    lines: list[tuple[Any, ...]]
    if size >= styles.LARGE_PRINT_BODY:
        column = max(label_width(label, st["label"], size * 6.2) for label, _ in cells)
        t = Table(pairs, colWidths=[column, width - column])
        lines = [("LINEBELOW", (1, r), (1, r), styles.RULE, styles.INK) for r in range(3)]
    else:
        label_w = [label_width(label, st["label"], size * f)
                   for (label, _), f in zip(cells, (4.0, 6.2, 3.6), strict=True)]
        value_w = (width - sum(label_w)) / 3
        if all(one_line(value, st["body"], value_w - 6) for _, value in cells):
            # One row of fixed height: the same for every name, so a packet can fill it in.
            row = [p for pair in pairs for p in pair]
            widths = [w for lw in label_w for w in (lw, value_w)]
            t = Table([row], colWidths=widths, rowHeights=[st["body"].leading + 4])
            lines = [("LINEBELOW", (c, 0), (c, 0), styles.RULE, styles.INK) for c in (1, 3, 5)]
        else:
            # A long name or clinician gets the page's width on a row of its own, rather
            # than running up into the title.
            rest = width - label_w[1] - label_w[2]
            rows = [[pairs[0][0], pairs[0][1], "", ""], [*pairs[1], *pairs[2]]]
            t = Table(rows, colWidths=[label_w[1], rest * 0.6, label_w[2], rest * 0.4])
            lines = [("SPAN", (1, 0), (3, 0)),
                     ("LINEBELOW", (1, 0), (3, 0), styles.RULE, styles.INK),
                     ("LINEBELOW", (1, 1), (1, 1), styles.RULE, styles.INK),
                     ("LINEBELOW", (3, 1), (3, 1), styles.RULE, styles.INK)]
    t.setStyle(styles.table_style(
        *lines,
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ))
    return t


def name_line(label: Any, h: SheetHeader, st: dict[str, Any], width: float,
              slots: Slots | None) -> Any:
    """The patient's name alone on a line to write on (the tracker's), half the width.

    Half the width and a fixed height keep it the same for every name, so a packet can fill
    it in later; a long name takes the whole width, and a second line if it must.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table

    text = label.getPlainText() if hasattr(label, "getPlainText") else str(label)
    label_w = max(st["label"].fontSize * 4.5,
                  stringWidth(text, st["label"].fontName, st["label"].fontSize) + 8)
    name = detail("patient", h.patient, st["body"], slots)
    if one_line(h.patient, st["body"], width * 0.5 - label_w - 6):
        who = Table([[label, name, ""]], colWidths=[label_w, width * 0.5 - label_w, width * 0.5],
                    rowHeights=[st["body"].leading + 8])
    else:
        who = Table([[label, name, ""]], colWidths=[label_w, width - label_w, 0])
    who.setStyle(styles.table_style(
        ("LINEBELOW", (1, 0), (1, 0), styles.RULE, styles.INK), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ))
    return who


def safety_box(content: Sequence[Any], width: float, top: float = 2, bottom: float = 3) -> Any:
    """The safety box: a bold dark-red border on pale yellow around `content` (flowables)."""
    from reportlab.platypus import Table

    box = Table([[list(content)]], colWidths=[width - styles.SAFETY_RULE])  # border inside `width`
    box.setStyle(styles.table_style(
        ("BOX", (0, 0), (-1, -1), styles.SAFETY_RULE, styles.SAFETY_BORDER),
        ("BACKGROUND", (0, 0), (-1, -1), styles.SAFETY_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), styles.SAFETY_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), styles.SAFETY_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ))
    return box


def sources(lib: Library, stretches: Sequence[Stretch]) -> list[str]:
    """The credit lines of the content folders these stretches come from, each once."""
    return list(dict.fromkeys(
        src for s in stretches if (src := lib.source_of("stretches", s.id)) is not None))


def safety_rows(rows: Sequence[Any], width: float) -> Any:
    """The safety box with a row per flowable, splittable between rows; the first repeats."""
    from reportlab.platypus import Table

    box = Table([[r] for r in rows], colWidths=[width - styles.SAFETY_RULE], repeatRows=1)
    box.setStyle(styles.table_style(
        ("BOX", (0, 0), (-1, -1), styles.SAFETY_RULE, styles.SAFETY_BORDER),
        ("BACKGROUND", (0, 0), (-1, -1), styles.SAFETY_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), styles.SAFETY_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), styles.SAFETY_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ))
    return box


def doc_info(lib: Library, spec: HandoutSpec, title: str) -> DocInfo:
    """Title, author (the clinic, else the library), subject and language of a handout."""
    words = Wording(spec.template_dirs, lib.language)
    return DocInfo(
        title=title,
        author=spec.header.clinic.name if spec.header.clinic else lib.meta.name,
        subject=words.render("handout/subject.j2",
                             names=[s.name for s in spec.selection.stretches]),
        lang=lib.meta.language,
    )


# The handout's and detail sheet's fixed wording, each from handout/<name>.j2 in the
# sheet's language.
WORDING = ("title", "intro", "safety_title", "safety_call", "footer", "label_name",
           "label_clinician", "label_date", "label_start", "label_note", "label_tip",
           "label_avoid", "label_stop_if", "label_need", "legend", "summary", "how_to_read",
           "done_today")


class SheetBuilder:
    """The page, wording, header, safety box and footer of a one-page sheet.

    `slots` collects the placeholders' marks when the header asks for placeholders.
    """

    def __init__(self, lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> None:
        from reportlab.platypus import Paragraph

        self.lib, self.spec = lib, spec
        self.caches = caches or Caches()
        self.slots = Slots() if spec.header.placeholders else None
        self._measuring: Any = None  # the canvas measure() wraps on, made when first needed
        self.pagesize = styles.page_points(spec.page_size)
        self.width = self.pagesize[0] - 2 * styles.MARGIN
        from handouts.content.select import region_of

        sel = spec.selection
        drawn = [s for s in sel.stretches if s.figure and not s.image]
        ctx = {"selection_title": sel.title, "clinic": spec.header.clinic,
               "from_routine": sel.routine is not None,
               "library": lib.meta, "stretch_count": len(sel.stretches),
               "intro": (sel.region or region_of(lib, sel.stretches, sel.routine)).intro,
               "sources": sources(lib, sel.stretches), "drawn": bool(drawn),
               "moving": any(lib.figures[s.figure].start for s in drawn if s.figure)}
        self.words = words = Wording(spec.template_dirs, lib.language)
        self.wording = {name: words.render(f"handout/{name}.j2", **ctx) for name in WORDING}
        self.wording["date"] = date_words(spec.header, words) or ""
        self.footer_para = tag(Paragraph(escape(self.wording["footer"]),
                                         styles.styles(styles.Look())["small"]), "P")
        # In a packet (no page numbers of its own) the packet's page stamp goes at the foot's
        # right: the footer keeps clear of it.
        foot_w = self.width - (0.0 if spec.page_numbers else styles.STAMP_CLEAR)
        self.footer_h = self.footer_para.wrap(foot_w, 100)[1] + 4
        self.bottom = styles.MARGIN + self.footer_h
        self.height = self.pagesize[1] - styles.MARGIN - self.bottom

    def story(self, level: styles.FitLevel, people: bool = True) -> tuple[list[Any], Texts]:
        """The sheet's flowables at `level` and the texts they print (see the subclasses)."""
        raise NotImplementedError

    def look(self, level: styles.FitLevel) -> styles.Look:
        return styles.Look(body=level.body, spacing=level.spacing, large_print=level.large)

    def _header(self, st: dict[str, Any], tx: Texts, people: bool = True,
                legend: bool = True) -> list[Any]:
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
            logo = logo_for(clinic.logo, self.width * 0.25, 3.0 * st["body"].leading, self.caches)
            logo_w = logo.wrap(self.width, self.height)[0]
            row.append(logo)
            widths = ([self.width - logo_w - 6, logo_w + 6] if large else
                      [self.width * 0.55, self.width * 0.45 - logo_w - 6, logo_w + 6])
        if clinic and not large:
            # A web address or phone number broken mid-word cannot be typed or dialled: the
            # clinic column takes room from the title for its longest word.
            need = min(longest_word(clinic, st["clinic"]), self.width * 0.6 - sum(widths[2:]))
            if need > widths[1]:
                widths[0], widths[1] = widths[0] + widths[1] - need, need
        top = Table([row], colWidths=widths)
        top.setStyle(styles.table_style(
            ("ALIGN", (-1, 0), (-1, 0), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING,
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, 0), 1.5, styles.ACCENT, 0),  # butt ends: not past the margin
        ))
        h = self.spec.header
        tx.seen += [("header", v) for v in (h.patient, h.clinician) if v]
        tx.seen += [("labels", self.wording[k]) for k in WORDING if k.startswith("label_")]
        tx.seen.append(("header", self.wording["date"]))
        # The legend of the drawn figures (empty when none is printed) follows the intro,
        # unless the sheet prints it under its one picture.
        said = self.wording["legend"] if legend else ""
        intro = tx.para(f"{self.wording['intro']} {said}".strip(), st["body"], "intro")
        return [top, self.people(st), intro] if people else [top, intro]

    def people(self, st: dict[str, Any]) -> Any:
        return people_line(self.spec.header, st, self.width, self.slots, self.wording)

    def label(self, name: str) -> str:
        """A bold label and a space, as markup, in front of a paragraph."""
        return f"<b>{escape(self.wording[name])}</b> "

    def _side_and_needs(self, s: Stretch, st: dict[str, Any], tx: Texts) -> list[Any]:
        """What equipment to have at hand (the side to start with is in the dose)."""
        if not s.equipment:
            return []
        return [tx.para(", ".join(s.equipment), st["body"], f"{s.id} equipment",
                        self.label("label_need"))]

    def _dose_line(self, s: Stretch) -> str:
        """The dose as prescribed, or empty lines to write it on (blank_dose)."""
        from handouts.wording.dose import blank_dose_words, dose_words

        ov = self.spec.overrides.get(s.id, Override())
        if self.spec.blank_dose:
            return blank_dose_words(self.words, s)
        return dose_words(self.words, s, ov.dose, ov.side)

    def _ticks(self, s: Stretch, ov: Override, st: dict[str, Any], tx: Texts,
               size: str = "small") -> Any | None:
        """'Done:' and a box per hold or set of the day (content.dose.boxes_per_day); None with
        a blank dose, whose count the clinician writes in. The row is for a pen, so a tagged
        PDF marks it an artifact: a screen reader skips it (the tracker's boxes are the ones
        to tick on screen), and text extraction reads the same wherever the row sits. The label
        and boxes take the size of `st[size]`."""
        from handouts.content.dose import boxes_per_day, boxes_per_sitting
        from handouts.layout.flowables import TickRow

        if self.spec.blank_dose:
            return None
        done = self.wording["done_today"]
        tx.seen.append(("done today", done))
        dose = ov.dose or s.dose
        sitting = boxes_per_sitting(dose) if dose.times_per_day[1] > 1 else 0
        return tag(TickRow(done, boxes_per_day(dose), fonts.BOLD, st[size].fontSize, sitting),
                   NONE)

    def _safety(self, st: dict[str, Any], tx: Texts, columns: int = 2, full: bool = False) -> Any:
        """The safety box: never dropped, never shrunk below the body size of the page."""
        from reportlab.platypus import Table

        from handouts.layout.paragraph import CachedParagraph

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
        head = CachedParagraph(f"<font color='{styles.SAFETY_BORDER}' size='{st['safety_head'].fontSize}'>"
                               f"{escape(self.wording['safety_title'])}</font>\u2003"
                               f"{escape(self.wording['safety_call'])}", st["label"],
                               memo=self.caches.paragraphs)
        if st["body"].fontSize >= styles.LARGE_PRINT_BODY and columns == 1:
            # Large print: a row per bullet, so a long box can go on over the page, its
            # heading repeated, rather than leave most of a page blank.
            return tag(safety_rows([tag(head, "H2"), *bullets], self.width), "Sect")
        return tag(safety_box([tag(head, "H2"), cols], self.width), "Sect")

    def measure(self, story: Sequence[Any]) -> float:
        from io import BytesIO

        from reportlab.pdfgen.canvas import Canvas

        if self._measuring is None:  # some flowables need a canvas to measure text on
            self._measuring = Canvas(BytesIO())
        canv = self._measuring
        total = 0.0
        for f in story:
            _, h = f.wrapOn(canv, self.width, 1e6)
            total += h + f.getSpaceBefore() + f.getSpaceAfter()
        return total

    def footer(self, canv: Any, doc: Any) -> None:
        self.footer_para.drawOn(canv, styles.MARGIN, styles.MARGIN)

    def marks(self) -> tuple[Any, ...]:
        """Where the placeholders went in the last layout (empty without placeholders)."""
        return tuple(self.slots.marks) if self.slots else ()

    def page_numbers(self, total: int) -> Any:
        """A footer hook printing 'Page X of Y' as large as the large-print body text."""
        from handouts.layout import fonts

        def draw(canv: Any, doc: Any) -> None:
            canv.saveState()
            canv.setFont(fonts.BOLD, styles.LARGE_PRINT_BODY)
            canv.drawString(styles.MARGIN, styles.MARGIN + styles.LARGE_PRINT_BODY * 0.25,  # descenders too
                            self.words.render("handout/page_of.j2", page=doc.page, pages=total))
            canv.restoreState()

        return draw


def render_paged(b: SheetBuilder, level: styles.FitLevel) -> bytes:
    """A large-print sheet from builder `b` at `level`, on as many pages as it takes, each
    numbered 'Page X of Y' as large as its text (unless the spec leaves that to a packet)."""
    from handouts.layout import fonts
    from handouts.pdf.write import render

    story, texts = b.story(level)
    fonts.check_coverage(texts.seen)
    m = styles.MARGIN
    # A safety box going on over a page starts at its top with its border, half outside.
    margins = (m, m, m + styles.SAFETY_RULE / 2, m + styles.LARGE_PRINT_BODY * 1.8)
    info = doc_info(b.lib, b.spec, b.wording["title"])
    if not b.spec.page_numbers:
        return render(story, info, b.pagesize, margins)[0]
    _, pages = render(story, info, b.pagesize, margins, b.page_numbers(0))
    story, _ = b.story(level)  # flowables are used up by a build; make them afresh
    return render(story, info, b.pagesize, margins, b.page_numbers(pages))[0]
