"""A packet: cover, education pages, handouts, trackers and outside PDFs joined into one file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from handouts import fonts, styles
from handouts.clinic import Clinic
from handouts.education import build_education
from handouts.errors import ContentError, LayoutError, Problem, SelectionError
from handouts.handout import HandoutSpec, build_handout
from handouts.library import Library
from handouts.merge import Piece, merge, read_external
from handouts.packet_spec import PacketSpec, load_packet_spec
from handouts.pdfout import DocInfo, render
from handouts.select import Selection, select
from handouts.sheet import Override, SheetHeader
from handouts.text import Wording, escape
from handouts.tracker import TrackerSpec, build_tracker

__all__ = ["PacketOptions", "build_packet", "load_packet_spec"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
COVER_SIDE_MARGIN = 72.0


@dataclass(frozen=True)
class PacketOptions:
    """What the command line passes in; nothing is read from the clock here.

    The spec's own date wins over `date` (the command line's default, today); a patient or
    clinician given here wins over the spec's. A tracker without `start:` starts on `start`.
    """

    date: dt.date
    start: dt.date
    patient: str | None = None
    clinician: str | None = None
    clinic: Clinic | None = None
    page_size: str = "letter"
    template_dirs: tuple[Path, ...] = ()
    overrides: Mapping[str, Override] = field(default_factory=dict)
    look: styles.Look = styles.Look()


@dataclass(frozen=True)
class _Built:
    """A part laid out: its PDF, its page count and its bookmark title."""

    title: str
    data: bytes
    pages: int
    own: bool = True
    children: tuple[tuple[str, int], ...] = ()


def _read_back(data: bytes) -> tuple[int, str]:
    """Pages and /Title of a PDF we just made."""
    reader = PdfReader(BytesIO(data))
    meta = reader.metadata
    return len(reader.pages), str(meta.title) if meta and meta.title else ""


def _selections(lib: Library, spec: PacketSpec) -> dict[int, Selection]:
    """Choose the stretches of every handout and tracker; report every bad choice with its line."""
    out: dict[int, Selection] = {}
    problems = []
    for i, part in enumerate(spec.parts):
        body = part.handout or part.tracker
        if body is None:
            continue
        try:
            out[i] = select(lib, body.routine, body.stretches, body.muscles, body.tags)
        except SelectionError as e:
            path, line = spec.where("parts", i, part.kind)
            problems.append(Problem(path, line, f"parts.{i}.{part.kind}", str(e)))
    if problems:
        raise ContentError(problems)
    return out


class _Packet:
    """Builds the parts of one packet in order, then its cover, then joins them."""

    def __init__(self, lib: Library, spec: PacketSpec, opts: PacketOptions) -> None:
        self.lib, self.spec, self.opts = lib, spec, opts
        self.words = Wording(opts.template_dirs)
        info = spec.packet
        self.header = SheetHeader(patient=opts.patient or info.patient,
                                  clinician=opts.clinician or info.clinician,
                                  date=info.date or opts.date, clinic=opts.clinic)
        self.ctx: dict[str, Any] = {"library": lib.meta, "clinic": opts.clinic,
                                    "packet": info, "header": self.header}

    def say(self, name: str, **context: Any) -> str:
        return self.words.render(f"packet/{name}.j2", **self.ctx, **context)

    def parts(self, externals: dict[int, bytes]) -> list[_Built | None]:
        """Every part except the cover (None in its place), in order."""
        sels = _selections(self.lib, self.spec)
        o, out, trackers = self.opts, [], 0
        built: _Built | None
        for i, part in enumerate(self.spec.parts):
            if part.cover is not None:
                built = None
            elif part.education is not None:
                data, marks = build_education(self.lib, part.education.sections,
                                              page_size=o.page_size, look=o.look,
                                              template_dirs=o.template_dirs)
                pages, title = _read_back(data)
                built = _Built(part.education.title or title, data, pages, children=tuple(marks))
            elif part.handout is not None:
                data = build_handout(self.lib, HandoutSpec(sels[i], self.header, o.page_size,
                                                           o.template_dirs, o.overrides))
                pages, title = _read_back(data)
                built = _Built(part.handout.title or title, data, pages)
            elif part.tracker is not None:
                trackers += 1
                t = part.tracker
                data = build_tracker(self.lib, TrackerSpec(
                    sels[i], t.start or o.start, t.weeks, self.header, o.page_size,
                    o.template_dirs, o.overrides, o.look, field_prefix=f"t{trackers}"))
                pages, title = _read_back(data)
                built = _Built(t.title or title, data, pages)
            else:
                assert part.pdf is not None
                data = externals[i]
                built = _Built(part.pdf.title, data, len(PdfReader(BytesIO(data)).pages), own=False)
            out.append(built)
        return out

    def date_text(self) -> str:
        d = self.header.date
        assert d is not None
        return self.say("date", day=d.day, month=_MONTHS[d.month - 1], year=d.year)

    def cover(self, entries: list[tuple[str, int, int]]) -> bytes:
        """The one-page cover: title, who it is for, and the contents (title, page, depth)."""
        from reportlab.platypus import HRFlowable, Paragraph, Spacer, Table, TableStyle

        st = styles.styles(self.opts.look)
        b = self.opts.look.body
        seen: list[tuple[str, str]] = []

        def para(text: str, style: str, prefix: str = "") -> Any:
            seen.append(("cover", text))
            return Paragraph(prefix + escape(text), st[style])

        h, clinic = self.header, self.opts.clinic
        story: list[Any] = [para(self.spec.packet.title, "cover_title"),
                            HRFlowable(width="100%", thickness=2, color=styles.ACCENT,
                                       spaceBefore=0, spaceAfter=b)]
        people = [("label_patient", h.patient or ""), ("label_clinician", h.clinician or ""),
                  ("label_date", self.date_text())]
        rows = [[para(self.say(label), "label"), para(value, "body")] for label, value in people]
        if clinic:
            contact = [para(clinic.name, "body")]
            contact += [para(x, "body") for x in (clinic.phone, clinic.web) if x]
            rows.append([para(self.say("label_clinic"), "label"), contact])
        t = Table(rows, colWidths=[b * 9, None])
        t.setStyle(TableStyle([
            # A blank name is a line to write on.
            *[("LINEBELOW", (1, r), (1, r), 0.8, styles.INK) for r in range(2) if not people[r][1]],
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), b * 0.3), ("BOTTOMPADDING", (0, 0), (-1, -1), b * 0.3),
        ]))
        story += [t, Spacer(1, b), para(self.say("intro"), "para"),
                  para(self.say("contents_title"), "h1")]
        page_word = self.say("page_heading")
        seen.append(("cover", page_word))
        toc: list[list[Any]] = [["", page_word]]
        for title, page, depth in entries:
            style = "label" if depth == 0 else "body"
            toc.append([para(title, style, "&nbsp;" * 6 * depth), str(page)])
        width = styles.PAGE_SIZES[self.opts.page_size][0] - 2 * COVER_SIDE_MARGIN
        table = Table(toc, colWidths=[width - b * 5, b * 5])
        table.setStyle(TableStyle([
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, styles.FRAME),
            ("FONT", (1, 0), (1, -1), fonts.BOLD, b, self.opts.look.leading),
            *[("FONT", (1, r), (1, r), fonts.REGULAR, b, self.opts.look.leading)
              for r, (_, _, depth) in enumerate(entries, 1) if depth],
            ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), b * 0.3), ("BOTTOMPADDING", (0, 0), (-1, -1), b * 0.4),
        ]))
        story += [table, Spacer(1, b * 1.2), para(self.say("safety_call"), "safety_head"),
                  Spacer(1, b * 0.8), para(self.say("source"), "small")]
        fonts.check_coverage(seen)
        info = DocInfo(self.spec.packet.title, self._author(), self._subject(), self.lib.meta.language)
        m = styles.MARGIN
        data, pages = render(story, info, styles.PAGE_SIZES[self.opts.page_size],
                             (COVER_SIDE_MARGIN, COVER_SIDE_MARGIN, m * 1.5, m + styles.FOOTER_SPACE))
        if pages != 1:
            raise LayoutError(f"the cover's table of contents does not fit on one page "
                              f"({len(entries)} entries); use fewer parts or education sections")
        return data

    def _author(self) -> str:
        return self.opts.clinic.name if self.opts.clinic else self.lib.meta.name

    def _subject(self) -> str:
        return self.spec.packet.subject or self.lib.meta.name

    def build(self) -> bytes:
        # Outside PDFs first: a bad one fails the run before anything is laid out.
        externals = {i: read_external(self.spec.pdf_path(p.pdf))
                     for i, p in enumerate(self.spec.parts) if p.pdf is not None}
        built = self.parts(externals)
        # The cover is one page, so every start page is known before the cover is laid out.
        starts, page = [], 1
        for b in built:
            starts.append(page)
            page += b.pages if b is not None else 1
        total = page - 1
        entries: list[tuple[str, int, int]] = []
        for b, start in zip(built, starts, strict=True):
            if b is not None:
                entries.append((b.title, start, 0))
                entries += [(title, start + offset, 1) for title, offset in b.children]
        cover = self.cover(entries)
        pieces = [Piece(b.title, b.data, b.own, b.children) if b is not None
                  else Piece(self.say("cover_title"), cover) for b in built]
        stamps = [self.say("stamp", page=start + i, pages=total)
                  for b, start in zip(built, starts, strict=True) if b is None or b.own
                  for i in range(b.pages if b is not None else 1)]
        info = DocInfo(self.spec.packet.title, self._author(), self._subject(), self.lib.meta.language)
        return merge(pieces, info, stamps, self.opts.look.body)


def build_packet(lib: Library, spec: PacketSpec, opts: PacketOptions) -> bytes:
    """Build every part of the spec in order and join them into one PDF packet."""
    return _Packet(lib, spec, opts).build()
