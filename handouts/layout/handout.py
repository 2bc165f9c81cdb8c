"""The one-page take-home handout: header, safety box, each stretch with its picture, footer."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.context import Caches
from handouts.errors import LayoutError
from handouts.layout import fonts, styles
from handouts.layout.blocks import SheetBuilder, Texts, doc_info, render_paged
from handouts.layout.detail import lay_out_detail
from handouts.layout.sheet import HandoutSpec, Laid, Override
from handouts.layout.styles import FitLevel
from handouts.layout.tagging import tag
from handouts.pdf.write import render
from handouts.wording.dose import side_names
from handouts.wording.text import escape

FIT_LEVELS, LARGE_PRINT = styles.FIT_LEVELS, styles.LARGE_PRINT_LEVEL
LARGE_FOOT = styles.LARGE_PRINT_BODY * 1.8  # the bottom margin's extra room for "Page X of Y"
MAX_SPREAD = styles.MAX_SPREAD

__all__ = ["FIT_LEVELS", "FitLevel", "HandoutBuilder", "HandoutSpec", "build_handout",
           "lay_out_handout"]


class HandoutBuilder(SheetBuilder):
    """Builds the story for one fit level and measures it."""

    def __init__(self, lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> None:
        super().__init__(lib, spec, caches)
        # Blocks measured during the fit search, laid out as they are if their level is used.
        self._measured: dict[tuple[str, FitLevel], tuple[Any, list[tuple[str, str]]]] = {}
        # What a stretch prints at every level, worked out once (see _words_of).
        self._words: dict[str, _Words] = {}
        self._sides: Mapping[str, str] | None = None

    def story(self, level: FitLevel, people: bool = True, gap: float = 0.0) -> tuple[list[Any], Texts]:
        """The page's flowables at `level`, with `gap` points of extra air above each stretch."""
        from reportlab.platypus import Spacer

        st = styles.styles(self.look(level))
        tx = Texts(self.caches.paragraphs)
        out: list[Any] = [*self._header(st, tx, people), *self._summary(st, tx),
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
            # A block measured during the fit search is laid out as it is (lines broken once).
            measured = None if level.large else self._measured.pop((s.id, level), None)
            block, seen = measured or self._block(s, st, level, taken if i == 1 else 0.0,
                                                  i == len(stretches))
            tx.seen += seen
            path, line = self.lib.origins[("stretches", s.id)].where()
            block.where = f"stretch '{s.id}' ({path}:{line})"
            if not level.large:
                out.append(block)
                continue
            # The credit line goes with the last stretch, never on a page of its own.
            last = [tx.para(self.wording["footer"], st["body"], "footer")] if i == len(stretches) else []
            out += _large_block(block, last, self.width, self.pagesize[1])
        return out, tx

    def _summary(self, st: dict[str, Any], tx: Texts) -> list[Any]:
        """The one-line summary and how to use the sheet, under the header."""
        return [tx.para(self.wording["summary"], st["body"], "summary", bold=True),
                tx.para(self.wording["how_to_read"], st["body"], "how to read")]

    def _block(self, s: Stretch, st: dict[str, Any], level: FitLevel,
               taken: float = 0.0, last: bool = True) -> tuple[Any, list[tuple[str, str]]]:
        """One stretch's block and the texts it prints."""
        tx = Texts(self.caches.paragraphs)
        return self._stretch(s, st, tx, level, taken, last), tx.seen

    def _targets(self, s: Stretch) -> str:
        names = [f"{m.name.lower()} ({m.plain_name})"
                 for m in (self.lib.muscles[t] for t in s.targets)]
        return self.words.render("handout/targets.j2", muscles=names)

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

    def _stretch(self, s: Stretch, st: dict[str, Any], tx: Texts, level: FitLevel,
                 taken: float = 0.0, last: bool = True) -> Any:
        """One stretch: text in a column beside its picture (or the full width without one),
        a rule above; in large print the picture above the text. `taken` is the height (pt)
        already used on a large-print stretch's page, and only the `last` keeps room for the
        credit line."""
        from reportlab.platypus import Spacer

        from handouts.content.sides import mirrored
        from handouts.layout.flowables import CachedParagraph, Stack, TextBeside, column_height
        from handouts.layout.pictures import picture_for, video_for

        ov, shown, targets, dose_line, video_alt = self._words_of(s)
        tx.seen.append((s.id, s.name))
        heading = CachedParagraph(
            f"{escape(s.name)} <font name='{fonts.REGULAR}' size='{level.body}'>"
            f"{escape(targets)}</font>", st["h2"], memo=self.caches.paragraphs)
        tx.seen.append((f"{s.id} targets", targets))
        text: list[Any] = [
            tx.para(shown.position, st["step"], f"{s.id} position", self.label("label_start")),
            *[tx.para(step, st["numbered"], f"{s.id} step", f"<bullet>{i}.</bullet>")
              for i, step in enumerate(shown.steps, 1)],
            *self._side_and_needs(s, st, tx),
            self._dose_and_avoid(shown, ov, st, tx, dose_line),
        ]
        if ov.note:
            text.append(tx.para(ov.note, st["body"], f"{s.id} note", self.label("label_note")))
        if shown.stop_if:
            text.append(tx.para(shown.stop_if, st["body"], f"{s.id} stop",
                                self.label("label_stop_if")))
        if level.tips and s.tips:
            text.append(tx.para(shown.tips[0], st["body"], f"{s.id} tip", self.label("label_tip")))
        qr = video_for(s, level.picture[1] * (0.5 if level.large else 0.62), st["small"], video_alt)
        if qr is not None:
            tx.seen.append((f"{s.id} video", s.video_url or ""))
            text = [TextBeside(qr, text, imageSide="right", imageLeftPadding=8,
                               imageRightPadding=0, imageBottomPadding=2)]
        # A row of boxes to tick, one per hold or set of the day (as on the tracker), under the
        # picture: the page is its own checklist for today. None when the dose is left blank.
        ticks = self._ticks(s, ov, st, tx)
        gap = st["small"].fontSize * 0.4
        pic_w, pic_h = level.picture
        if level.large:
            credit = Texts(self.caches.paragraphs).para(self.wording["footer"], st["body"]) if last else None
            pic_w, pic_h = self._large_picture([heading, *text], taken, credit)
        under = ticks.wrap(pic_w, pic_h)[1] + gap if ticks is not None else 0.0
        # The row takes its height from the picture's box, not the page; but a long row (many
        # holds a sitting, several sittings) leaves the picture at least 0.6 of its box and
        # makes the block taller instead.
        pic_h = max(pic_h - under, pic_h * 0.6)
        if not level.large:
            # Beside a text column taller than itself, the picture takes the height the column
            # leaves (up to 0.8 of its width): room the block has anyway, not added to the page.
            beside = column_height([heading, *text], self.width - pic_w - 10)
            pic_h = max(pic_h, min(beside - 4 - under, pic_w * 0.8))
        pic = picture_for(self.lib, s, pic_w, pic_h, caption_style=st["small"],
                          mirror=mirrored(s, ov.side), caches=self.caches,
                          label_size=st["small"].fontSize)
        if pic is None:  # no figure and no image: the text takes the whole width, ticks after
            items = [heading, *text, *([Spacer(1, gap), ticks] if ticks is not None else [])]
            return tag(_ruled(_column(items), self.width, level.rule_pad), "Sect")
        pic = Stack(pic_w, [pic, ticks], gap=gap) if ticks is not None else pic
        if level.large:
            # A page per stretch: the name, the picture as large as the page allows, then the
            # steps the full width of the page (a column beside the picture is too narrow).
            return tag(_ruled([heading, Stack(self.width, [pic]), Spacer(1, gap), *text],
                              self.width, level.rule_pad), "Sect")
        return tag(_ruled(TextBeside(pic, [heading, *text], imageSide="left", imageRightPadding=10,
                                     imageBottomPadding=4), self.width, level.rule_pad), "Sect")

    def _large_picture(self, text: list[Any], taken: float = 0.0,
                       credit: Any = None) -> tuple[float, float]:
        """The picture box (w, h) for a large-print stretch: the page's height left by its text,
        by the `credit` line's paragraph (the last stretch's, measured: in Spanish on A4 it
        takes three lines) and by `taken` pt already used on its page (ignored if that leaves
        too small a picture, under three quarters of large print's own: the stretch then starts
        a page)."""
        frame = self.pagesize[1] - 2 * styles.MARGIN - styles.LARGE_PRINT_ROOM
        if credit is not None:
            frame -= credit.wrap(self.width, 1e6)[1] + credit.getSpaceBefore() + credit.getSpaceAfter()
        used = sum(f.wrap(self.width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in text)
        least = LARGE_PRINT.picture[1]
        if taken and frame - used - taken >= least * 0.75:
            frame, least = frame - taken, least * 0.75
        h = min(max(frame - used, least), 320.0)
        return min(self.width, h * 1.45), h

    def _words_of(self, s: Stretch) -> _Words:
        """The change to `s`, `s` with its side marks filled, what it targets, its dose line
        and its video's alt text: the same at every fit level, so worked out once."""
        from handouts.content.sides import for_side

        if s.id not in self._words:
            ov = self.spec.overrides.get(s.id, Override())
            if self._sides is None:  # the side names, rendered once per sheet
                self._sides = side_names(self.words)
            shown = for_side(s, ov.side, self._sides)
            self._words[s.id] = (ov, shown, self._targets(s), self._dose_line(shown),
                                 self.words.render("handout/video_alt.j2", stretch=s.name))
        return self._words[s.id]

    def _dose_and_avoid(self, s: Stretch, ov: Override, st: dict[str, Any], tx: Texts,
                        line: str | None = None) -> Any:
        """The dose in a tinted band (`line` when worked out already, see _dose_line), then
        what to avoid: one line when both fit, else two."""
        from handouts.layout.flowables import DoseAndAvoid

        line = self._dose_line(s) if line is None else line
        tx.seen += [(f"{s.id} dose", line), (f"{s.id} avoid", s.avoid[0])]
        # The dose breaks between its phrases, never inside one (flowables.DoseAndAvoid).
        return tag(DoseAndAvoid(line, self.wording["label_avoid"], s.avoid[0], st["body"],
                                self.caches.paragraphs), "P")

    def overrun(self, i: int) -> float:
        """How far the page at FIT_LEVELS[i] runs over (negative: room to spare).

        The page's height is the sum of its parts' heights, each measured once per context
        and fit level: the header and safety box per wording and precautions, each stretch's
        block per stretch and change, the people line per name, clinician and date. A new
        mix of known stretches adds up.
        """
        from reportlab.platypus import Spacer

        level = FIT_LEVELS[i]
        st = styles.styles(self.look(level))
        base = (self.spec.page_size, level)

        def head() -> float:
            tx = Texts(self.caches.paragraphs)
            return self.measure([*self._header(st, tx, people=False), *self._summary(st, tx),
                                 Spacer(1, level.body * 0.2), self._safety(st, tx),
                                 Spacer(1, level.body * 0.2)])

        total = self.caches.heights.get((*base, "head", *_head_key(self)), head)
        for s in self.spec.selection.stretches:

            def block(s: Stretch = s) -> float:
                self._measured[(s.id, level)] = measured = self._block(s, st, level)
                return self.measure([measured[0]])

            total += self.caches.heights.get(
                (*base, "block", s.id, repr(self.spec.overrides.get(s.id)), self.spec.blank_dose), block)
        h = self.spec.header
        who = (h.patient, h.clinician, self.wording["date"], self.slots is None,
               *(self.wording[k] for k in ("label_name", "label_clinician", "label_date")))
        people = self.caches.heights.get((*base, "people", self.width, *who),
                                         lambda: self.measure([self.people(st)]))
        return float(total + people - self.height)



# A stretch's change, the stretch with its sides filled, its targets, dose line, video alt.
_Words = tuple[Override, Stretch, str, str, str]


def _head_key(b: HandoutBuilder) -> tuple[Any, ...]:
    """What the header, summary and safety box print and the room they have (the caches
    belong to one library, so the library is not part of the key). Their wording, not the
    plan: another patient's doses or another order of the same stretches, with the same
    title, intro and precautions, has the same head."""
    words = tuple(b.wording[k] for k in ("title", "intro", "legend", "summary", "how_to_read",
                                        "safety_title", "safety_call"))
    bullets = tuple((p.short or p.text, p.level == "stop") for p in b.spec.selection.precautions)
    return (b.width, b.height, words, repr(b.spec.header.clinic), bullets)


def _column(items: list[Any]) -> Any:
    """Flowables stacked in one table cell, so a block without a picture stays one piece."""
    from reportlab.platypus import Table

    t = Table([[items]])
    t.setStyle(styles.table_style(("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)))
    return t


def _large_block(block: Any, last: list[Any], width: float, page_h: float) -> list[Any]:
    """A large-print stretch kept whole on one page with `last` (the credit line after the
    last stretch); one taller than a page flows over pages (a rule, then its name, picture
    and text, breaking between lines) instead of failing."""
    from reportlab.platypus import KeepTogether
    from reportlab.platypus.flowables import HRFlowable

    room = page_h - 2 * styles.MARGIN - LARGE_FOOT
    if block.wrap(width, 1e6)[1] + sum(f.wrap(width, 1e6)[1] for f in last) <= room:
        return [KeepTogether([block, *last])]
    if block.wrap(width, 1e6)[1] <= room:
        return [KeepTogether([block]), *last]
    rule = HRFlowable(width="100%", thickness=0.75, color=styles.FRAME, spaceBefore=0,
                      spaceAfter=3)
    inner = block.inner if isinstance(block.inner, list) else [block.inner]
    for f in (rule, *inner):
        f.where = block.where
    # The rule, the stretch's name and its picture start a page together; the steps flow on.
    return [KeepTogether([rule, *inner[:2]]), *inner[2:], *last]


def _ruled(inner: Any, width: float, pad: float = 3.0) -> Any:
    """Wrap a stretch block with a thin rule above it and a little air."""
    from reportlab.platypus import Table

    t = Table([[inner]], colWidths=[width])
    t.setStyle(styles.table_style(
        ("LINEABOVE", (0, 0), (-1, 0), 0.75, styles.FRAME),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 2 / 3),
    ))
    t.inner = inner  # large print lets a stretch taller than a page flow without the table
    return t


def build_large_print(lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> bytes:
    """Large print: 18 pt and 1.5 spacing on as many pages as needed, numbered 'Page X of Y'."""
    return render_paged(HandoutBuilder(lib, spec, caches), LARGE_PRINT)


# The first level the search measures comes from a rough sum of the page's lines at every
# level: a character is about CHAR_EM of the type size wide, a paragraph's last line about
# LAST_LINE empty, a stretch has BLOCK_LINES more (its name, the dose) and the header HEAD_LINES
# besides its safety bullets (set in two columns); a block is at least its picture's height.
# Measured on 80 random handouts of 2 to 6 stretches in English and Spanish, it starts at the
# level that fits or one beside it on most, and the search measures 3.0 levels on average
# instead of 4.6 from a fixed start at 12 pt. Only where the search starts: wherever that is,
# it ends on the same level.
CHAR_EM, LAST_LINE, BLOCK_LINES, HEAD_LINES = 0.55, 0.3, 2.0, 9.0


def _first_guess(b: HandoutBuilder) -> int:
    """The first fit level whose page the rough line count says fits (the last if none)."""
    stretches = b.spec.selection.stretches
    bullets = sum(len(p.short or p.text) for p in b.spec.selection.precautions)
    for i, level in enumerate(FIT_LEVELS):
        lead, column = level.body * level.spacing, b.width - level.picture[0] - 10
        total = lead * (bullets * CHAR_EM * level.body / (b.width / 2 - 8) + HEAD_LINES)
        for s in stretches:
            texts = [s.position, *s.steps, *([s.stop_if] if s.stop_if else []),
                     *(s.tips[:1] if level.tips else [])]
            lines = (sum(map(len, texts)) * CHAR_EM * level.body / column
                     + len(texts) * LAST_LINE + BLOCK_LINES)
            total += max(level.picture[1] + 8, lines * lead) + 2 * level.rule_pad
        if total <= b.height:
            return i
    return len(FIT_LEVELS) - 1


# A first guess of how far the page moves per step of the ladder: each level takes about
# 3% off the height of the page's contents (FIT_LEVELS' steps, measured on handouts of 3 to
# 6 stretches). Only where the search looks first: it ends at the same level whatever it.
STEP_SHARE = 0.03


def _search(b: HandoutBuilder, pivot: int, over: float) -> int | None:
    """The first fit level whose page fits (None: not even the last), from the overrun at
    `pivot`: a level as many steps away as the overrun is worth is measured next, then the
    end of the ladder only if that did not cross over, then _first_fit between the two."""
    last = len(FIT_LEVELS) - 1
    steps = math.ceil(abs(over) / max(STEP_SHARE * (b.height + over), 1.0))
    if over <= 0:  # room to grow: look up the ladder
        if pivot == 0:
            return 0
        guess = max(pivot - max(steps, 1), 0)
        over_guess = b.overrun(guess)
        if over_guess > 0:
            return _first_fit(b, guess, pivot, over_guess, over)
        if guess == 0:
            return 0
        over_first = b.overrun(0)
        return 0 if over_first <= 0 else _first_fit(b, 0, guess, over_first, over_guess)
    if pivot == last:
        return None
    guess = min(pivot + max(steps, 1), last)
    over_guess = b.overrun(guess)
    if over_guess <= 0:
        return _first_fit(b, pivot, guess, over, over_guess)
    if guess == last:
        return None
    over_last = b.overrun(last)
    return None if over_last > 0 else _first_fit(b, guess, last, over_guess, over_last)


def _first_fit(b: HandoutBuilder, lo: int, hi: int, over_lo: float, over_hi: float) -> int:
    """The first fit level whose page fits, given that level `lo` runs over and `hi` fits.

    Overruns fall level by level, so the level where the overrun crosses zero is guessed
    by interpolating between a level that runs over and one that fits, then checked; when
    one end is kept twice its overrun is halved, so a bent curve cannot slow the search to
    a level at a time. Each guess lays the page out again at a new size.
    """
    kept = 0  # -1: the last guess fitted, 1: it ran over
    while hi - lo > 1:
        step = round((hi - lo) * over_lo / max(over_lo - over_hi, 1e-6))
        guess = min(max(lo + step, lo + 1), hi - 1)
        over = b.overrun(guess)
        if over <= 0:
            hi, over_hi = guess, over
            over_lo, kept = (over_lo / 2 if kept == -1 else over_lo), -1
        else:
            lo, over_lo = guess, over
            over_hi, kept = (over_hi / 2 if kept == 1 else over_hi), 1
    return hi


def build_handout(lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> bytes:
    """Lay out the handout on exactly one page, shrinking in the documented order if needed.

    One stretch chosen by id gives its detail sheet (in large print too); large print may
    take several pages.
    """
    return lay_out_handout(lib, spec, caches).data


def lay_out_handout(lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> Laid:
    """The handout (see build_handout) with the fit level used, warnings and placeholder marks.

    Raises LayoutError when it does not fit one page even at the tightest level (the
    message says by how many points), or a character has no glyph in the font.
    The cycle collector is held off meanwhile (see collector.paused).
    """
    from handouts.layout import collector

    with collector.paused():
        return _lay_out(lib, spec, caches)


def _lay_out(lib: Library, spec: HandoutSpec, caches: Caches | None) -> Laid:
    if spec.selection.by_id and len(spec.selection.stretches) == 1:
        return lay_out_detail(lib, spec, caches)
    if spec.large_print:
        return Laid(build_large_print(lib, spec, caches), f"large print, {LARGE_PRINT.body:g} pt")
    b = HandoutBuilder(lib, spec, caches)
    # Heights shrink level by level. Start at the level a rough line count guesses, then
    # search up the ladder (room to grow) or down (to shrink) for the first level that fits;
    # a cold handout lays out two to four levels.
    start = _first_guess(b)
    level = _search(b, start, b.overrun(start))
    last = len(FIT_LEVELS) - 1
    info = doc_info(lib, spec, b.wording["title"])
    m = styles.MARGIN
    # A level measured to fit may still spill when drawn (rounding); then try the next one.
    while level is not None and level <= last:
        # Room left over goes between the stretches, so no band of white is left at the foot.
        spare = -b.overrun(level) - 2.0
        count = len(spec.selection.stretches)
        for gap in dict.fromkeys((min(spare / count, MAX_SPREAD) if spare > 0 and count else 0.0, 0.0)):
            story, texts = b.story(FIT_LEVELS[level], gap=gap)
            fonts.check_coverage([*texts.seen, ("footer", b.wording["footer"])])
            data, pages = render(story, info, b.pagesize, (m, m, m, b.bottom), b.footer)
            if pages == 1:
                return Laid(data, styles.describe(FIT_LEVELS[level]), marks=b.marks(),
                            pages=pages, title=info.title)
        level += 1
    over = max(b.overrun(last), 1.0)
    raise LayoutError(
        f"the handout is {over:.0f} pt ({over / 72:.1f} in) longer than one page even at "
        f"{FIT_LEVELS[-1].body:g} pt without tips; {_what_to_cut(b, FIT_LEVELS[-1])}"
    )


def _what_to_cut(b: HandoutBuilder, level: FitLevel) -> str:
    """Advice for a page that does not fit: shorter names, fewer stretches, a shorter stretch."""
    from handouts.layout.blocks import people_line
    from handouts.layout.sheet import SheetHeader

    st = styles.styles(b.look(level))
    names = b.measure([b.people(st)]) - b.measure([people_line(SheetHeader(), st, b.width, None, b.wording)])
    if names > 0:
        return f"the names take {names:.0f} pt more than one line: shorten them"
    stretches = b.spec.selection.stretches
    notes = [s.id for s in stretches if (o := b.spec.overrides.get(s.id)) and o.note]
    if notes:
        return (f"choose fewer stretches (it has {len(stretches)}), or shorten or leave out "
                f"the notes ({len(notes)} stretch{'es have' if len(notes) > 1 else ' has'} one)")
    tallest = max(stretches, key=lambda s: b.measure([b._stretch(s, st, Texts(), level)]))
    path, line = b.lib.origins[("stretches", tallest.id)].where()
    return (f"choose fewer stretches (it has {len(stretches)}), or shorten the longest, "
            f"stretch '{tallest.id}' ({path}:{line})")
