"""The one-page take-home handout: header, safety box, each stretch with its picture, footer."""

from __future__ import annotations

import math
from typing import Any

from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.context import Caches
from handouts.errors import LayoutError
from handouts.layout import fonts, styles
from handouts.layout.blocks import SheetBuilder, Texts, doc_info
from handouts.layout.detail import lay_out_detail
from handouts.layout.sheet import HandoutSpec, Laid, Override
from handouts.layout.styles import FitLevel
from handouts.layout.tagging import tag
from handouts.pdf.write import render
from handouts.wording.dose import side_names
from handouts.wording.text import escape

FIT_LEVELS, LARGE_PRINT = styles.FIT_LEVELS, styles.LARGE_PRINT_LEVEL
LARGE_FOOT = styles.LARGE_PRINT_BODY * 1.8  # the bottom margin's extra room for "Page X of Y"

__all__ = ["FIT_LEVELS", "FitLevel", "HandoutBuilder", "HandoutSpec", "build_handout",
           "lay_out_handout"]


class HandoutBuilder(SheetBuilder):
    """Builds the story for one fit level and measures it."""

    def __init__(self, lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> None:
        super().__init__(lib, spec, caches)
        # Blocks measured during the fit search, laid out as they are if their level is used.
        self._measured: dict[tuple[str, FitLevel], tuple[Any, list[tuple[str, str]]]] = {}

    def story(self, level: FitLevel, people: bool = True) -> tuple[list[Any], Texts]:
        from reportlab.platypus import Spacer

        st = styles.styles(self.look(level))
        tx = Texts()
        out: list[Any] = [*self._header(st, tx, people), Spacer(1, level.body * 0.2),
                          self._safety(st, tx, columns=1 if level.large else 2),
                          Spacer(1, level.body * 0.2)]
        for s in self.spec.selection.stretches:
            # A block measured during the fit search is laid out as it is (lines broken once).
            measured = self._measured.pop((s.id, level), None)
            block, seen = measured or self._block(s, st, level)
            tx.seen += seen
            path, line = self.lib.origins[("stretches", s.id)].where()
            block.where = f"stretch '{s.id}' ({path}:{line})"
            out += _large_block(block, self.width, self.pagesize[1]) if level.large else [block]
        if level.large:
            out.append(tx.para(self.wording["footer"], st["body"], "footer"))
        return out, tx

    def _block(self, s: Stretch, st: dict[str, Any], level: FitLevel) -> tuple[Any, list[tuple[str, str]]]:
        """One stretch's block and the texts it prints."""
        tx = Texts()
        return self._stretch(s, st, tx, level), tx.seen

    def _targets(self, s: Stretch) -> str:
        names = [f"{m.name.lower()} ({m.plain_name})"
                 for m in (self.lib.muscles[t] for t in s.targets)]
        return self.words.render("handout/targets.j2", muscles=names)

    def _stretch(self, s: Stretch, st: dict[str, Any], tx: Texts, level: FitLevel) -> Any:
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
            tx.para(shown.position, st["step"], f"{s.id} position", self.label("label_start")),
            *[tx.para(step, st["numbered"], f"{s.id} step", f"<bullet>{i}.</bullet>")
              for i, step in enumerate(shown.steps, 1)],
            *self._side_and_needs(s, st, tx),
            self._dose_and_avoid(shown, ov, st, tx),
        ]
        if ov.note:
            text.append(tx.para(ov.note, st["body"], f"{s.id} note", self.label("label_note")))
        if shown.stop_if:
            text.append(tx.para(shown.stop_if, st["body"], f"{s.id} stop",
                                self.label("label_stop_if")))
        if level.tips and s.tips:
            text.append(tx.para(shown.tips[0], st["body"], f"{s.id} tip", self.label("label_tip")))
        qr = video_for(s, level.picture[1] * (0.5 if level.large else 0.62), st["small"],
                       self.words.render("handout/video_alt.j2", stretch=s.name))
        if qr is not None:
            tx.seen.append((f"{s.id} video", s.video_url or ""))
            text = [TextBeside(qr, text, imageSide="right", imageLeftPadding=8,
                                      imageRightPadding=0, imageBottomPadding=2)]
        pic = picture_for(self.lib, s, *level.picture, caption_style=st["small"],
                          mirror=mirrored(s, ov.side), caches=self.caches)
        if pic is None:  # no figure and no image: the text takes the whole width
            return tag(_ruled(_column(text), self.width, level.rule_pad), "Sect")
        return tag(_ruled(TextBeside(pic, text, imageSide="left", imageRightPadding=10,
                                            imageBottomPadding=4), self.width, level.rule_pad), "Sect")

    def _dose_and_avoid(self, s: Stretch, ov: Override, st: dict[str, Any], tx: Texts) -> Any:
        """The dose in a tinted band, then what to avoid, in one paragraph to save a line."""
        from handouts.layout.flowables import CachedParagraph

        line = self._dose_line(s)
        tx.seen += [(f"{s.id} dose", line), (f"{s.id} avoid", s.avoid[0])]
        markup = (f"<font backColor='{styles.DOSE_FILL}'><b>\u00a0{escape(line)}\u00a0</b></font>"
                  f"\u2003{self.label('label_avoid')}{escape(s.avoid[0])}")
        return CachedParagraph(markup, st["body"])

    def overrun(self, i: int) -> float:
        """How far the page at FIT_LEVELS[i] runs over (negative: room to spare).

        The page's height is the sum of its parts' heights, each measured once per context
        and fit level: the header and safety box per plan, each stretch's block per stretch
        and change, the people line per patient. A new mix of known stretches adds up.
        """
        from reportlab.platypus import Spacer

        level = FIT_LEVELS[i]
        st = styles.styles(self.look(level))
        base = (self.spec.page_size, level)

        def head() -> float:
            tx = Texts()
            return self.measure([*self._header(st, tx, people=False), Spacer(1, level.body * 0.2),
                                 self._safety(st, tx), Spacer(1, level.body * 0.2)])

        total = self.caches.heights.get((*base, "head", *_head_key(self.spec)), head)
        for s in self.spec.selection.stretches:

            def block(s: Stretch = s) -> float:
                self._measured[(s.id, level)] = measured = self._block(s, st, level)
                return self.measure([measured[0]])

            total += self.caches.heights.get(
                (*base, "block", s.id, repr(self.spec.overrides.get(s.id)), self.spec.blank_dose), block)
        return float(total + self.measure([self.people(st)]) - self.height)

    def page_numbers(self, total: int) -> Any:
        """A footer hook printing 'Page X of Y' as large as the large-print body text."""

        def draw(canv: Any, doc: Any) -> None:
            canv.saveState()
            canv.setFont(fonts.BOLD, styles.LARGE_PRINT_BODY)
            canv.drawString(styles.MARGIN, styles.MARGIN + styles.LARGE_PRINT_BODY * 0.25,  # descenders too
                            self.words.render("handout/page_of.j2", page=doc.page, pages=total))
            canv.restoreState()

        return draw


def _head_key(spec: HandoutSpec) -> tuple[Any, ...]:
    """What the header and safety box depend on: the wording's context and the precautions
    (the caches belong to one library, so the library is not part of the key)."""
    sel = spec.selection
    return (sel.title, sel.routine, tuple(s.id for s in sel.stretches),
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


def _large_block(block: Any, width: float, page_h: float) -> list[Any]:
    """A large-print stretch kept whole on one page; one taller than a page flows over pages
    (a rule, then its text beside the picture, breaking between lines) instead of failing."""
    from reportlab.platypus import KeepTogether
    from reportlab.platypus.flowables import HRFlowable

    room = page_h - 2 * styles.MARGIN - LARGE_FOOT
    if block.wrap(width, 1e6)[1] <= room:
        return [KeepTogether([block])]
    rule = HRFlowable(width="100%", thickness=0.75, color=styles.FRAME, spaceBefore=0,
                      spaceAfter=3)
    rule.where = block.inner.where = block.where
    return [rule, block.inner]


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
    b = HandoutBuilder(lib, spec, caches)
    story, texts = b.story(LARGE_PRINT)
    fonts.check_coverage(texts.seen)
    m = styles.MARGIN
    margins = (m, m, m, m + LARGE_FOOT)
    info = doc_info(lib, spec, b.wording["title"])
    if not spec.page_numbers:
        return render(story, info, b.pagesize, margins)[0]
    _, pages = render(story, info, b.pagesize, margins, b.page_numbers(0))
    story, _ = b.story(LARGE_PRINT)  # flowables are used up by a build; make them afresh
    data, _ = render(story, info, b.pagesize, margins, b.page_numbers(pages))
    return data


def _first_fit(b: HandoutBuilder, over_first: float, over_last: float) -> int:
    """The first fit level whose page fits, given that the first runs over and the last fits.

    Overruns fall level by level, so the level where the overrun crosses zero is guessed
    by interpolating between a level that runs over and one that fits, then checked. A
    handout measured cold usually settles in one or two guesses where halving took three
    or four: each guess lays the page out again at a new size.
    """
    lo, hi = 0, len(FIT_LEVELS) - 1
    over_lo, over_hi = over_first, over_last
    while hi - lo > 1:
        step = math.ceil((hi - lo) * over_lo / max(over_lo - over_hi, 1e-6))
        guess = min(max(lo + step, lo + 1), hi - 1)
        over = b.overrun(guess)
        if over <= 0:
            hi, over_hi = guess, over
        else:
            lo, over_lo = guess, over
    return hi


def build_handout(lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> bytes:
    """Lay out the handout on exactly one page, shrinking in the documented order if needed.

    One stretch chosen by id gives its detail sheet; large print may take several pages.
    """
    return lay_out_handout(lib, spec, caches).data


def lay_out_handout(lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> Laid:
    """The handout (see build_handout) with the fit level used, warnings and placeholder marks.

    Raises LayoutError when it does not fit one page even at the tightest level (the
    message says by how many points), or a character has no glyph in the font.
    """
    if spec.large_print:
        return Laid(build_large_print(lib, spec, caches), f"large print, {LARGE_PRINT.body:g} pt")
    if spec.selection.by_id and len(spec.selection.stretches) == 1:
        return lay_out_detail(lib, spec, caches)
    b = HandoutBuilder(lib, spec, caches)
    # Heights shrink level by level: try the roomiest, else search for the first that fits.
    level: int | None = 0
    last = len(FIT_LEVELS) - 1
    over = b.overrun(0)
    if over > 0:
        over_last = b.overrun(last)
        level = None if over_last > 0 else _first_fit(b, over, over_last)
    if level is not None:
        story, texts = b.story(FIT_LEVELS[level])
        fonts.check_coverage([*texts.seen, ("footer", b.wording["footer"])])
        m = styles.MARGIN
        info = doc_info(lib, spec, b.wording["title"])
        data, pages = render(story, info, b.pagesize, (m, m, m, b.bottom), b.footer)
        if pages == 1:
            used = FIT_LEVELS[level]
            return Laid(data, styles.describe(used), marks=b.marks(), pages=pages, title=info.title)
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
    tallest = max(stretches, key=lambda s: b.measure([b._stretch(s, st, Texts(), level)]))
    path, line = b.lib.origins[("stretches", tallest.id)].where()
    return (f"choose fewer stretches (it has {len(stretches)}), or shorten the longest, "
            f"stretch '{tallest.id}' ({path}:{line})")
