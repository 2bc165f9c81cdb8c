"""The packet's cover page: title, whom it is for, the clinic, and the contents with page numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.content.library import Library
from handouts.errors import LayoutError
from handouts.layout import fonts, styles
from handouts.layout.blocks import date_words
from handouts.layout.sheet import SheetHeader
from handouts.layout.tagging import table as tag_table
from handouts.pdf.write import DocInfo, render
from handouts.wording.text import Wording, escape

SIDE_MARGIN = 54.0


@dataclass(frozen=True)
class Entry:
    """One line of the contents: a part (depth 0) or a section inside it (depth 1)."""

    title: str
    page: int  # 1-based, in the whole packet
    depth: int = 0


@dataclass(frozen=True)
class CoverSpec:
    """What the cover shows; the page numbers are known because every other part is built first."""

    info: DocInfo
    header: SheetHeader
    entries: tuple[Entry, ...]
    page_size: str = "letter"
    look: styles.Look = styles.Look()
    template_dirs: tuple[Path, ...] = ()
    # Credit lines of the content printed in the packet; the library's own when None.
    sources: tuple[str, ...] | None = None


class _Cover:
    def __init__(self, lib: Library, spec: CoverSpec) -> None:
        self.lib, self.spec = lib, spec
        self.st = styles.styles(spec.look)
        self.b = spec.look.body
        self.words = Wording(spec.template_dirs, lib.language)
        self.seen: list[tuple[str, str]] = []

    def say(self, name: str, **context: Any) -> str:
        h = self.spec.header
        extra = {} if self.spec.sources is None else {"sources": self.spec.sources}
        return self.words.render(f"packet/{name}.j2", library=self.lib.meta, clinic=h.clinic,
                                 header=h, **extra, **context)

    def para(self, text: str, style: str, prefix: str = "") -> Any:
        from reportlab.platypus import Paragraph

        self.seen.append(("cover", text))
        return Paragraph(prefix + escape(text), self.st[style])

    def people(self) -> Any:
        """Who it is for, from whom, and when; a blank name is a line to write on."""
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import Table, TableStyle

        h, b = self.spec.header, self.b
        # The date in the one form of the packet's other sheets (the clinic's, else the language's).
        date = date_words(h, self.words) or ""
        people = [("label_patient", h.patient or ""), ("label_clinician", h.clinician or ""),
                  ("label_date", date)]
        labels = [self.say(label) for label, _ in people]
        rows = [[self.para(label, "label"), self.para(value, "body")]
                for label, (_, value) in zip(labels, people, strict=True)]
        if h.clinic:
            contact: list[Any] = [self.para(x, "body")
                                  for x in (h.clinic.name, h.clinic.phone, h.clinic.web) if x]
            if h.clinic.logo:
                from handouts.layout.pictures import logo_for

                contact.insert(0, logo_for(h.clinic.logo, b * 8, b * 4))
                contact[0].hAlign = "LEFT"
            labels.append(self.say("label_clinic"))
            rows.append([self.para(labels[-1], "label"), contact])
        # The label column is as wide as the longest label in this language, at least 9 ems.
        label_w = max([b * 9] + [stringWidth(x, fonts.BOLD, b) + 8 for x in labels])
        t = Table(rows, colWidths=[label_w, None])
        t.setStyle(TableStyle([
            *[("LINEBELOW", (1, r), (1, r), 0.8, styles.INK) for r, (_, v) in enumerate(people) if not v],
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), b * 0.3), ("BOTTOMPADDING", (0, 0), (-1, -1), b * 0.3),
        ]))
        return t

    def contents(self, entries: tuple[Entry, ...]) -> Any:
        """Titles left, page numbers right, a rule under each row to lead the eye across."""
        from reportlab.platypus import Table, TableStyle

        b, lead = self.b, self.spec.look.leading
        page_word = self.say("page_heading")
        self.seen.append(("cover", page_word))
        rows: list[list[Any]] = [["", page_word]]
        rows += [[self.para(e.title, "body" if e.depth else "label", "&nbsp;" * 6 * e.depth),
                  str(e.page)] for e in entries]
        width = styles.page_points(self.spec.page_size)[0] - 2 * SIDE_MARGIN
        from reportlab.pdfbase.pdfmetrics import stringWidth

        num_w = max(b * 5, stringWidth(page_word, fonts.BOLD, b) + 6)
        table = tag_table(Table(rows, colWidths=[width - num_w, num_w]), header_rows=1)
        table.setStyle(TableStyle([
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, styles.FRAME),
            ("FONT", (1, 0), (1, -1), fonts.BOLD, b, lead),
            *[("FONT", (1, r), (1, r), fonts.REGULAR, b, lead)
              for r, e in enumerate(entries, 1) if e.depth],
            ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), b * 0.3), ("BOTTOMPADDING", (0, 0), (-1, -1), b * 0.4),
        ]))
        return table

    def render(self, entries: tuple[Entry, ...], extras: bool) -> tuple[bytes, int]:
        from reportlab.platypus import HRFlowable, Spacer

        b = self.b
        story = [self.para(self.spec.info.title, "cover_title"),
                 HRFlowable(width="100%", thickness=2, color=styles.ACCENT, spaceAfter=b),
                 self.people(), Spacer(1, b)]
        if extras:
            story.append(self.para(self.say("intro"), "para"))
        story += [self.para(self.say("contents_title"), "h1"), self.contents(entries),
                  Spacer(1, b * 1.2), self.para(self.say("safety_call"), "safety_head")]
        if extras:
            story += [Spacer(1, b * 0.8), self.para(self.say("source"), "small")]
        fonts.check_coverage(self.seen)
        m = styles.MARGIN
        return render(story, self.spec.info, styles.page_points(self.spec.page_size),
                      (SIDE_MARGIN, SIDE_MARGIN, m * 1.5, m + styles.FOOTER_SPACE))


def build_cover(lib: Library, spec: CoverSpec) -> bytes:
    """Lay out the cover on exactly one page.

    When it is too long (large print, many parts), first list the parts without their
    sections, then also leave out the welcome line and the source line (the handout has it).
    """
    parts_only = tuple(e for e in spec.entries if e.depth == 0)
    for entries, extras in ((spec.entries, True), (parts_only, True), (parts_only, False)):
        data, pages = _Cover(lib, spec).render(entries, extras)
        if pages == 1:
            return data
    raise LayoutError(f"the cover's contents do not fit on one page ({len(parts_only)} parts); "
                      "split the packet into two")
