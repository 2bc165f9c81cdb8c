"""The one-page take-home handout: header, safety box, each stretch with its picture, footer."""

from __future__ import annotations

from typing import Any

from handouts.content.dose import dose_line
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
from handouts.wording.text import escape

FIT_LEVELS, LARGE_PRINT = styles.FIT_LEVELS, styles.LARGE_PRINT_LEVEL
MAX_SPREAD = styles.MAX_SPREAD

__all__ = ["FIT_LEVELS", "FitLevel", "HandoutBuilder", "HandoutSpec", "build_handout",
           "lay_out_handout"]


class HandoutBuilder(SheetBuilder):
    """Builds the story for one fit level and measures it."""

    def story(self, level: FitLevel, people: bool = True, gap: float = 0.0) -> tuple[list[Any], Texts]:
        """The page's flowables at `level`, with `gap` points of extra air above each stretch."""
        from reportlab.platypus import KeepTogether, Spacer

        st = styles.styles(self.look(level))
        tx = Texts()
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

    def _stretch(self, s: Stretch, st: dict[str, Any], tx: Texts, level: FitLevel,
                 taken: float = 0.0) -> Any:
        """One stretch: text in a column beside its picture, a rule above."""
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
                                        caches=self.caches, label_size=st["small"].fontSize),
                            ticks], gap=gap)
        if level.large:
            # A page per stretch: the name, the picture as large as the page allows, then the
            # steps the full width of the page (a column beside the picture is too narrow).
            return tag(_ruled([heading, Stack(self.width, [pic]), Spacer(1, gap), *text],
                              self.width), "Sect")
        return tag(_ruled(TextBeside(pic, [heading, *text], imageSide="left", imageRightPadding=10,
                                     imageBottomPadding=4), self.width), "Sect")

    def _large_picture(self, text: list[Any], taken: float = 0.0) -> tuple[float, float]:
        """The picture box (w, h) for a large-print stretch: the page's height left by its text
        and by `taken` pt already used on its page (ignored if that leaves too small a picture)."""
        frame = self.pagesize[1] - 2 * styles.MARGIN - styles.LARGE_PRINT_ROOM
        used = sum(f.wrap(self.width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in text)
        if frame - used - taken >= LARGE_PRINT.picture[1]:
            frame -= taken
        h = min(max(frame - used, LARGE_PRINT.picture[1]), 320.0)
        return min(self.width, h * 1.45), h

    def _dose_and_avoid(self, s: Stretch, ov: Override, st: dict[str, Any], tx: Texts) -> Any:
        """The dose in a tinted band, then what to avoid: one line when both fit, else two."""
        import re

        from handouts.layout.flowables import DoseAndAvoid

        line = dose_line(s, ov.dose, ov.side)
        tx.seen += [(f"{s.id} dose", line), (f"{s.id} avoid", s.avoid[0])]
        # A dose line may break between words, never between a number and what it counts
        # ("30 seconds", "3 times", "20 to 30").
        dose = re.sub(r"(\d|\bto) ", "\\1\u00a0", escape(line))
        return DoseAndAvoid(f"<font backColor='{styles.DOSE_FILL}'><b>\u00a0{dose}\u00a0</b></font>",
                            f"<b>Avoid:</b> {escape(s.avoid[0])}", st["body"])

    def overrun(self, i: int) -> float:
        """How far the page at FIT_LEVELS[i] runs over (negative: room to spare)."""
        level = FIT_LEVELS[i]
        key = (*_layout_key(self.spec), i)
        rest = self.caches.heights.get(key, lambda: self.measure(self.story(level, people=False)[0]))
        st = styles.styles(self.look(level))
        people = self.people(st)
        return float(rest + self.measure([people]) - self.height)

    def page_numbers(self, total: int) -> Any:
        """A footer hook printing 'Page X of Y' as large as the large-print body text."""

        def draw(canv: Any, doc: Any) -> None:
            canv.saveState()
            canv.setFont(fonts.BOLD, styles.LARGE_PRINT_BODY)
            canv.drawString(styles.MARGIN, styles.MARGIN, f"Page {doc.page} of {total}")
            canv.restoreState()

        return draw


# Everything on the page but the name, clinician and date line is the same for every patient
# given the same stretches, changes, paper and clinic; its height is measured once per level
# (the caches belong to one library, so the library is not part of the key).
def _layout_key(spec: HandoutSpec) -> tuple[Any, ...]:
    sel = spec.selection
    return (sel.title, sel.routine, tuple(s.id for s in sel.stretches),
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


def build_large_print(lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> bytes:
    """Large print: 18 pt and 1.5 spacing on as many pages as needed, numbered 'Page X of Y'."""
    return render_paged(HandoutBuilder(lib, spec, caches), LARGE_PRINT)


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
    """
    if spec.selection.by_id and len(spec.selection.stretches) == 1:
        return lay_out_detail(lib, spec, caches)
    if spec.large_print:
        return Laid(build_large_print(lib, spec, caches), f"large print, {LARGE_PRINT.body:g} pt")
    b = HandoutBuilder(lib, spec, caches)
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
            data, pages = render(story, doc_info(lib, spec, b.wording["title"]), b.pagesize,
                                 (m, m, m, b.bottom), b.footer)
            if pages == 1:
                return Laid(data, styles.describe(FIT_LEVELS[level]), marks=b.marks())
        level += 1
    over = max(b.overrun(last), 1.0)
    raise LayoutError(
        f"the handout is {over:.0f} pt ({over / 72:.1f} in) longer than one page even at "
        f"{FIT_LEVELS[-1].body:g} pt without tips; choose fewer stretches "
        f"(it has {len(spec.selection.stretches)})"
    )
