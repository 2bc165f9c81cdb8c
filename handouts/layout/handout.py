"""The one-page take-home handout: header, safety box, each stretch with its picture, footer."""

from __future__ import annotations

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
from handouts.pdf.write import render
from handouts.wording.dose import blank_dose_words, dose_words, side_names
from handouts.wording.text import escape

FIT_LEVELS, LARGE_PRINT = styles.FIT_LEVELS, styles.LARGE_PRINT_LEVEL

__all__ = ["FIT_LEVELS", "FitLevel", "HandoutBuilder", "HandoutSpec", "build_handout",
           "lay_out_handout"]


class HandoutBuilder(SheetBuilder):
    """Builds the story for one fit level and measures it."""

    def story(self, level: FitLevel, people: bool = True) -> tuple[list[Any], Texts]:
        from reportlab.platypus import KeepTogether, Spacer

        st = styles.styles(self.look(level))
        tx = Texts()
        out: list[Any] = [*self._header(st, tx, people), Spacer(1, level.body * 0.2),
                          self._safety(st, tx, columns=1 if level.large else 2),
                          Spacer(1, level.body * 0.2)]
        for s in self.spec.selection.stretches:
            block = self._stretch(s, st, tx, level)
            out.append(KeepTogether([block]) if level.large else block)
        if level.large:
            out.append(tx.para(self.wording["footer"], st["body"], "footer"))
        return out, tx

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
            *self._side_and_needs(s, ov, st, tx),
            self._dose_and_avoid(shown, ov, st, tx),
        ]
        if ov.note:
            text.append(tx.para(ov.note, st["body"], f"{s.id} note", self.label("label_note")))
        if shown.stop_if:
            text.append(tx.para(shown.stop_if, st["body"], f"{s.id} stop",
                                self.label("label_stop_if")))
        if level.tips and s.tips:
            text.append(tx.para(shown.tips[0], st["body"], f"{s.id} tip", self.label("label_tip")))
        qr = video_for(s, level.picture[1] * (0.5 if level.large else 0.62), st["small"])
        if qr is not None:
            tx.seen.append((f"{s.id} video", s.video_url or ""))
            text = [TextBeside(qr, text, imageSide="right", imageLeftPadding=8,
                                      imageRightPadding=0, imageBottomPadding=2)]
        pic = picture_for(self.lib, s, *level.picture, caption_style=st["small"],
                          mirror=mirrored(s, ov.side), caches=self.caches)
        if pic is None:  # no figure and no image: the text takes the whole width
            return _ruled(_column(text), self.width, level.rule_pad)
        return _ruled(TextBeside(pic, text, imageSide="left", imageRightPadding=10,
                                        imageBottomPadding=4), self.width, level.rule_pad)

    def _side_and_needs(self, s: Stretch, ov: Override, st: dict[str, Any],
                        tx: Texts) -> list[Any]:
        """What equipment to have at hand (the side to start with is in the dose)."""
        out = []
        if s.equipment:
            out.append(tx.para(", ".join(s.equipment), st["body"], f"{s.id} equipment",
                               self.label("label_need")))
        return out

    def _dose_line(self, s: Stretch, ov: Override) -> str:
        if self.spec.blank_dose:
            return blank_dose_words(self.words, s)
        return dose_words(self.words, s, ov.dose, ov.side)

    def _dose_and_avoid(self, s: Stretch, ov: Override, st: dict[str, Any], tx: Texts) -> Any:
        """The dose in a tinted band, then what to avoid, in one paragraph to save a line."""
        from handouts.layout.flowables import CachedParagraph

        line = self._dose_line(s, ov)
        tx.seen += [(f"{s.id} dose", line), (f"{s.id} avoid", s.avoid[0])]
        markup = (f"<font backColor='{styles.DOSE_FILL}'><b>\u00a0{escape(line)}\u00a0</b></font>"
                  f"\u2003{self.label('label_avoid')}{escape(s.avoid[0])}")
        return CachedParagraph(markup, st["body"])

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
            canv.drawString(styles.MARGIN, styles.MARGIN,
                            self.words.render("handout/page_of.j2", page=doc.page, pages=total))
            canv.restoreState()

        return draw


# Everything on the page but the name, clinician and date line is the same for every patient
# given the same stretches, changes, paper and clinic; its height is measured once per level
# (the caches belong to one library, so the library is not part of the key).
def _layout_key(spec: HandoutSpec) -> tuple[Any, ...]:
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


def build_large_print(lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> bytes:
    """Large print: 18 pt and 1.5 spacing on as many pages as needed, numbered 'Page X of Y'."""
    b = HandoutBuilder(lib, spec, caches)
    story, texts = b.story(LARGE_PRINT)
    fonts.check_coverage(texts.seen)
    m = styles.MARGIN
    margins = (m, m, m, m + styles.LARGE_PRINT_BODY * 1.8)
    info = doc_info(lib, spec, b.wording["title"])
    if not spec.page_numbers:
        return render(story, info, b.pagesize, margins)[0]
    _, pages = render(story, info, b.pagesize, margins, b.page_numbers(0))
    story, _ = b.story(LARGE_PRINT)  # flowables are used up by a build; make them afresh
    data, _ = render(story, info, b.pagesize, margins, b.page_numbers(pages))
    return data


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
        data, pages = render(story, doc_info(lib, spec, b.wording["title"]), b.pagesize,
                             (m, m, m, b.bottom), b.footer)
        if pages == 1:
            used = FIT_LEVELS[level]
            return Laid(data, styles.describe(used), marks=b.marks())
    over = max(b.overrun(last), 1.0)
    raise LayoutError(
        f"the handout is {over:.0f} pt ({over / 72:.1f} in) longer than one page even at "
        f"{FIT_LEVELS[-1].body:g} pt without tips; choose fewer stretches "
        f"(it has {len(spec.selection.stretches)})"
    )
