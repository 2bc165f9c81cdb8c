"""A packet: cover, education pages, handouts, trackers and outside PDFs joined into one file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Any

from handouts.content.clinic import Clinic
from handouts.content.library import Library
from handouts.content.model import Routine
from handouts.content.packet_spec import PacketSpec, load_packet_spec
from handouts.content.select import Selection, select
from handouts.context import Caches
from handouts.errors import ContentError, InputFileError, Problem, SelectionError
from handouts.layout import styles
from handouts.layout.blocks import date_words, sources
from handouts.layout.cover import CoverSpec, Entry, build_cover
from handouts.layout.education import build_education
from handouts.layout.handout import HandoutSpec, lay_out_handout
from handouts.layout.sheet import Laid, Override, SheetHeader
from handouts.layout.slots import fills_fit, values
from handouts.layout.tracker import TrackerSpec, lay_out_tracker
from handouts.pdf.facts import pages_and_title
from handouts.pdf.join import Piece, merge, read_external
from handouts.pdf.write import DocInfo
from handouts.wording.text import Wording

__all__ = ["PacketOptions", "build_packet", "load_packet_spec"]

# The page stamp is the body's size up to 12 pt: bigger would reach a one-page handout's
# footer. Large print stamps at its own body size (18 pt): a patient finds the contents' page
# numbers by it, and large-print pages keep their footers clear of it.
STAMP_MAX_SIZE = 12.0
# A tracker fills its page to the bottom margin; in a packet it leaves this much above the
# margin for the page stamp (join.STAMP_BASELINE), which must stay 0.4 in from the edge.
STAMP_ROOM = 16.0


def stamp_size(look: styles.Look) -> float:
    """The page stamp's type size (pt) in a packet of `look`."""
    return look.body if look.large_print else min(look.body, STAMP_MAX_SIZE)


def stamp_room(look: styles.Look) -> float:
    """Height (pt) a tracker keeps blank above its bottom margin for a stamp of `look`:
    STAMP_ROOM at 12 pt, and as much more as a larger stamp's ascent needs."""
    return STAMP_ROOM + max(0.0, stamp_size(look) - STAMP_MAX_SIZE) * 0.9


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
    selection: Selection | None = None  # a patient's program: used by every handout and tracker
    weeks: int | None = None  # a batch row's weeks: used by every tracker
    date_format: str | None = None  # the clinic's strftime pattern, or None: the language's


_read_back = pages_and_title  # pages and /Title of a PDF we just made


def _selections(lib: Library, spec: PacketSpec, chosen: Selection | None) -> dict[int, Selection]:
    """Choose the stretches of every handout and tracker; report every bad choice with its line.

    A patient's own selection, when given, replaces what the spec's parts choose.
    """
    if chosen is not None:
        return {i: chosen for i, p in enumerate(spec.parts) if p.handout or p.tracker}
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


def _education(lib: Library, sections: tuple[str, ...], o: PacketOptions,
               caches: Caches, region: Routine | None = None) -> tuple[bytes, list[tuple[str, int]]]:
    """Education pages are the same for every patient of a region: laid out once per context,
    and kept on disk between runs (see _stored_education)."""
    key = (sections, o.page_size, o.look, o.template_dirs, region.id if region else None)
    return caches.education.get(key, lambda: _stored_education(lib, sections, o, caches, region))


def _stored_education(lib: Library, sections: tuple[str, ...], o: PacketOptions,
                      caches: Caches, region: Routine | None) -> tuple[bytes, list[tuple[str, int]]]:
    """The education pages from the disk cache (content/stored.py), else laid out and kept.

    They hold nothing of a patient, clinic or date, and laying them out is a fifth of a
    fresh `handouts build`. They are named by every file they are made from (the content
    folders, the clinic's and the built-in templates, the fonts), the package's code, the
    ReportLab that draws them and what is asked (language, sections, page size, look,
    region), so a change to any of them lays them out again.
    """
    import fontpkg_noto_sans
    from reportlab import Version

    from handouts.content import stored
    from handouts.content.paths import builtin_templates
    from handouts.layout.fonts import font_dir

    noto = Path(fontpkg_noto_sans.ROOT) / "files"
    folders = [*lib.folders, *o.template_dirs, builtin_templates(), font_dir()]
    stamp = [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(noto.iterdir())]
    parts = ("education pages", lib.meta.language, repr(lib.warnings), repr(sections),
             o.page_size, repr(o.look), region.id if region else "", Version, *stamp)
    return stored.kept(folders, parts, lambda: build_education(
        lib, sections, page_size=o.page_size, look=o.look, template_dirs=o.template_dirs,
        region=region, caches=caches), tuple, shelf="education")


# A batch's patients mostly share plans. A sheet laid out with placeholders for the
# patient's details is the same for all of them, so the last few are kept in the context
# (a tracker is about 230 KB) and each patient's details are filled in as the packet is joined.
def _sheet(spec: HandoutSpec | TrackerSpec, build: Callable[[], Laid], caches: Caches,
           prefix: str | None = None) -> Piece:
    """A handout or tracker as a Piece, laid out once for every spec that prints the same.
    `prefix`: the field prefix `build` lays a tracker out with (kept in the Piece's rename)."""

    def lay_out() -> Piece:
        laid = build()
        pages, title = (laid.pages, laid.title) if laid.pages else _read_back(laid.data)
        return Piece(title, laid.data, pages, marks=laid.marks,
                     rename=(prefix, prefix) if prefix else None)

    return caches.sheets.get(repr(spec), lay_out)


class _Packet:
    """Builds the parts of one packet in order, then its cover, then joins them."""

    def __init__(self, lib: Library, spec: PacketSpec, opts: PacketOptions, caches: Caches,
                 notes: list[str] | None = None) -> None:
        self.lib, self.spec, self.opts, self.caches = lib, spec, opts, caches
        self.notes = notes
        self.words = Wording(opts.template_dirs, lib.language)
        self.sources: tuple[str, ...] | None = None
        info = spec.packet
        self.header = SheetHeader(patient=opts.patient or info.patient,
                                  clinician=opts.clinician or info.clinician,
                                  date=info.date or opts.date, clinic=opts.clinic,
                                  date_format=opts.date_format)
        self.ctx: dict[str, Any] = {"library": lib.meta, "clinic": opts.clinic,
                                    "packet": info, "header": self.header}

    def _header(self, later: bool) -> SheetHeader:
        """The sheet header; with `later`, the patient's details become placeholders."""
        if not later:
            return self.header
        return replace(self.header, patient=None, clinician=None, date=None, placeholders=True)

    def details(self) -> Mapping[str, str]:
        h = self.header
        return values(h.patient, h.clinician, date_words(h, self.words))

    def _laid_out(self, spec: Any, build: Callable[[Any], Laid], prefix: str | None = None) -> Piece:
        """A handout or tracker: the plan's shared sheet with placeholders, or, when a detail
        is too long for its placeholder's line, one laid out with this patient's details.

        `prefix`, a tracker's field prefix for this patient: a sheet laid out anew gets it in
        place of the spec's, so its fields need no renaming as this packet is joined (a later
        patient of the plan renames them from it; either way the packet is the same).
        """
        made = spec if prefix is None else replace(spec, field_prefix=prefix)
        sheet = _sheet(spec, partial(build, made), self.caches, prefix)
        if fills_fit(sheet.marks, self.details()):
            return sheet
        return _sheet(replace(spec, header=self.header),
                      partial(build, replace(made, header=self.header)), self.caches, prefix)

    def field_prefix(self, tspec: TrackerSpec) -> str:
        """A tracker's field prefix, unique to this patient, date and plan and the same on
        every run: 't1' becomes e.g. 't1x3fa9c2d1e0'. Packets of many patients joined into
        one file then keep every patient's boxes apart, and `report` reads each of them."""
        import hashlib

        h = self.header
        key = repr((h.patient, h.clinician, h.date, self.spec.packet.title, repr(tspec)))
        return f"{tspec.field_prefix}x{hashlib.sha256(key.encode()).hexdigest()[:10]}"

    def say(self, name: str, **context: Any) -> str:
        return self.words.render(f"packet/{name}.j2", **self.ctx, **context)

    def parts(self, externals: dict[int, bytes], sels: dict[int, Selection]) -> list[Piece | None]:
        """Every part except the cover (None in its place), in order; `sels` are the stretches
        of each handout and tracker (see _selections)."""
        self.sources = tuple(dict.fromkeys(
            src for sel in sels.values() for src in sources(self.lib, sel.stretches))) or None
        # The region of the packet's first handout or tracker says what is explained.
        region = next((s.region for s in sels.values() if s.region), None)
        o, out, trackers = self.opts, [], 0
        built: Piece | None
        for i, part in enumerate(self.spec.parts):
            if part.cover is not None:
                built = None
            elif part.education is not None:
                data, marks = _education(self.lib, tuple(part.education.sections), o, self.caches,
                                         region)
                pages, title = _read_back(data)
                built = Piece(part.education.title or title, data, pages, children=tuple(marks))
            elif part.handout is not None:
                # Large print may wrap a long name onto a second line: lay it out per patient.
                later = not o.look.large_print
                hspec = HandoutSpec(sels[i], self._header(later), o.page_size, o.template_dirs,
                                    o.overrides, large_print=o.look.large_print,
                                    page_numbers=False)
                sheet = self._laid_out(hspec, partial(lay_out_handout, self.lib,
                                                      caches=self.caches))
                built = replace(sheet, title=part.handout.title or sheet.title)
            elif part.tracker is not None:
                trackers += 1
                t = part.tracker
                tspec = TrackerSpec(sels[i], t.start or o.start, o.weeks or t.weeks,
                                    self._header(True), o.page_size, o.template_dirs, o.overrides,
                                    o.look, field_prefix=f"t{trackers}",
                                    stamp_room=stamp_room(o.look))
                prefix = self.field_prefix(tspec)
                sheet = self._laid_out(tspec, partial(lay_out_tracker, self.lib, packed=False),
                                       prefix)
                made = sheet.rename[0] if sheet.rename else tspec.field_prefix
                built = replace(sheet, title=t.title or sheet.title, rename=(made, prefix))
            else:
                assert part.pdf is not None
                data = externals[i]
                from pypdf import PdfReader

                built = Piece(part.pdf.title, data, len(PdfReader(BytesIO(data)).pages), own=False)
            out.append(built)
        return out

    def _author(self) -> str:
        return self.opts.clinic.name if self.opts.clinic else self.lib.meta.name

    def _subject(self) -> str:
        return self.spec.packet.subject or self.lib.meta.name

    def _externals(self) -> dict[int, bytes]:
        return outside_pdfs(self.spec, self.notes)

    def build(self) -> bytes:
        # Bad outside PDFs and bad choices of stretches, all in one run, before any layout.
        problems: list[Problem] = []
        externals: dict[int, bytes] = {}
        sels: dict[int, Selection] = {}
        try:
            externals = self._externals()
        except ContentError as e:
            problems += e.problems
        try:
            sels = _selections(self.lib, self.spec, self.opts.selection)
        except ContentError as e:
            problems += e.problems
        if problems:
            raise ContentError(problems)
        built = self.parts(externals, sels)
        # The cover is one page, so every start page is known before the cover is laid out.
        starts, page = [], 1
        for b in built:
            starts.append(page)
            page += b.pages if b is not None else 1
        total = page - 1
        entries: list[Entry] = []
        for b, start in zip(built, starts, strict=True):
            if b is not None:
                entries.append(Entry(b.title, start))
                entries += [Entry(title, start + offset, 1) for title, offset in b.children]
        info = DocInfo(self.spec.packet.title, self._author(), self._subject(), self.lib.meta.language)
        done: list[Piece] = []
        for b, part in zip(built, self.spec.parts, strict=True):
            if b is None:
                assert part.cover is not None
                cover = build_cover(self.lib, CoverSpec(info, self.header, tuple(entries),
                                                        self.opts.page_size, self.opts.look,
                                                        self.opts.template_dirs, self.sources))
                b = Piece(part.cover.title or self.say("cover_title"), cover, 1)
            done.append(b)
        stamps = [self.say("stamp", page=start + i, pages=total)
                  for b, start in zip(done, starts, strict=True) if b.own for i in range(b.pages)]
        return merge(done, info, stamps, stamp_size(self.opts.look), self.details(),
                     self.caches)


def outside_pdfs(spec: PacketSpec, notes: list[str] | None = None) -> dict[int, bytes]:
    """The spec's outside PDFs by part index, read before anything is laid out, without their
    active content, each checked to render. Raises ContentError naming every bad one with its
    line in the spec; what was removed from each is appended to `notes`, when given."""
    from handouts.pdf.clean import check_renders, clean_external

    out: dict[int, bytes] = {}
    bad: list[tuple[int, InputFileError]] = []
    for i, part in enumerate(spec.parts):
        if part.pdf is not None:
            path = spec.pdf_path(part.pdf)
            try:
                cleaned = clean_external(read_external(path), str(path))
                check_renders(cleaned.data, str(path))
            except InputFileError as e:
                bad.append((i, e))
                continue
            out[i] = cleaned.data
            if cleaned.removed and notes is not None:
                where = "{}:{}".format(*spec.where("parts", i, "pdf"))
                notes.append(f"{where}: removed from {path}: {', '.join(cleaned.removed)}")
    if bad:
        raise ContentError([Problem(*spec.where("parts", i, "pdf"), f"parts.{i}.pdf", str(e))
                            for i, e in bad])
    return out


def build_packet(lib: Library, spec: PacketSpec, opts: PacketOptions,
                 caches: Caches | None = None, notes: list[str] | None = None) -> bytes:
    """Build every part of the spec in order and join them into one PDF packet.

    `caches` (the caller's context) keeps education pages and shared sheets between
    packets; without it nothing is kept. Raises ContentError (bad choices and outside PDFs
    that cannot be used, all with their spec lines) or LayoutError. Outside PDFs lose their
    active content (scripts, actions, attached files); what was removed from each is
    appended to `notes`, when given, as a line naming its spec line.
    """
    return _Packet(lib, spec, opts, caches or Caches(), notes).build()
