"""The single-stretch detail sheet: a large picture, what the stretch works, every step and tip."""

from __future__ import annotations

from typing import Any

from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.context import Caches
from handouts.errors import LayoutError
from handouts.layout import fonts, styles
from handouts.layout.blocks import SheetBuilder, Texts, doc_info, render_paged
from handouts.layout.sheet import HandoutSpec, Laid, Override
from handouts.layout.styles import DETAIL_LARGE, DETAIL_LEVELS, FitLevel
from handouts.layout.tagging import tag
from handouts.pdf.write import render
from handouts.wording.dose import side_names
from handouts.wording.text import escape


class DetailBuilder(SheetBuilder):
    """The sheet's header, safety box and footer around one stretch in full."""

    def story(self, level: FitLevel, people: bool = True,
              ticks: str | None = "dose") -> tuple[list[Any], Texts]:
        """The sheet at `level`; its row of boxes to tick under the dose (`ticks` "dose"),
        beside the picture under what it stretches ("side"), or left out (None)."""
        from reportlab.platypus import Spacer

        st = styles.styles(self.look(level))
        tx = Texts()
        s = self.spec.selection.stretches[0]
        # The legend goes under the picture, where the eye is when it asks what red means.
        story = [*self._header(st, tx, legend=False), Spacer(1, 6), *self._body(s, st, tx, level, ticks),
                 Spacer(1, 8), self._safety(st, tx, columns=1, full=True)]
        if level.large:  # no footer band in large print: the credit line closes the sheet
            story.append(tx.para(self.wording["footer"], st["body"], "footer"))
        return story, tx

    def _say(self, name: str) -> str:
        return self.words.render(f"detail/{name}.j2")

    def _muscles(self, s: Stretch, st: dict[str, Any], tx: Texts) -> list[Any]:
        out = [tag(tx.para(self._say("stretches_heading"), st["h2"], "heading"), "H3")]
        for mid in s.targets:
            m = self.lib.muscles[mid]
            out.append(tx.para(f"{m.does}", st["bullet"], f"muscle {m.id}",
                               f"\u2022\u00a0<b>{escape(m.name)}</b> ({escape(m.plain_name)}): "))
            tx.seen += [("muscle", m.name), ("muscle", m.plain_name)]
        extra = [self.lib.muscles[m].name.lower() for m in s.secondary] + list(s.also_helps)
        if extra:
            out.append(tx.para(", ".join(extra), st["bullet"], "also",
                               f"\u2022\u00a0<b>{escape(self._say('label_also'))}</b> "))
        return out

    def _body(self, s: Stretch, st: dict[str, Any], tx: Texts, level: FitLevel,
              ticks: str | None = "dose") -> list[Any]:
        from reportlab.platypus import Paragraph, Spacer

        from handouts.content.sides import for_side, mirrored
        from handouts.layout.flowables import TextBeside
        from handouts.layout.pictures import picture_for, video_for

        ov = self.spec.overrides.get(s.id, Override())
        shown = for_side(s, ov.side, side_names(self.words))
        tx.seen.append((s.id, s.name))
        title = escape(s.name) + (f" <font size='{level.body}'>({escape(s.also_called)})</font>"
                                  if s.also_called else "")
        if s.also_called:
            tx.seen.append((s.id, s.also_called))
        pic = picture_for(self.lib, s, *level.picture, caption_style=st["small"],
                          mirror=mirrored(s, ov.side), legend=True, caches=self.caches,
                          label_size=st["small"].fontSize)
        side = [Paragraph(title, st["h1"]), *self._muscles(s, st, tx)]
        line = self._dose_line(s)
        steps = [
            tag(tx.para(self._say("how_heading"), st["h2"], "heading"), "H3"),
            tx.para(shown.position, st["step"], f"{s.id} position", self.label("label_start")),
            *[tx.para(step, st["numbered"], f"{s.id} step", f"<bullet>{i}.</bullet>")
              for i, step in enumerate(shown.steps, 1)],
            *self._side_and_needs(s, st, tx),
            tx.para(line, st["dose"], f"{s.id} dose"),
        ]
        # As on the handout, a box per hold or set of the day: the sheet is its own checklist.
        row = self._ticks(s, ov, st, tx, size="body") if ticks else None
        gap = st["body"].fontSize * 0.4
        if row is not None and (ticks == "dose" or pic is None):
            steps += [Spacer(1, gap), row, Spacer(1, gap)]
        elif row is not None:
            side += [Spacer(1, gap * 2), row]
        if ov.note:
            steps.append(tx.para(ov.note, st["body"], f"{s.id} note", self.label("label_note")))
        if shown.stop_if:
            steps.append(tx.para(shown.stop_if, st["body"], f"{s.id} stop", self.label("label_stop_if")))
        for heading, items, label in ((self._say("tips_heading"), shown.tips, "tip"),
                                      (self._say("avoid_heading"), shown.avoid, "avoid")):
            if items:
                steps.append(tag(tx.para(heading, st["h2"], "heading"), "H3"))
                steps += [tx.para(t, st["bullet"], f"{s.id} {label}", "\u2022\u00a0") for t in items]
        qr = video_for(s, 72, st["small"],
                       self.words.render("handout/video_alt.j2", stretch=s.name))
        if qr is not None:
            tx.seen.append((f"{s.id} video", s.video_url or ""))
            steps = [TextBeside(qr, steps, imageSide="right", imageLeftPadding=10)]
        if pic is None:  # no picture: the text takes the whole width
            return [*side, *steps]
        return [TextBeside(pic, side, imageSide="left", imageRightPadding=14,
                                  imageBottomPadding=8), *steps]


# Where the tick boxes go, in the order tried: under the dose, beside the picture (where what
# it stretches leaves room), left out (the sheet says so; the tracker has them).
TICK_PLACES: tuple[str | None, ...] = ("dose", "side", None)
# Down to this size the tick boxes come before the type size; below it, the type comes first.
TICKS_KEPT_DOWN_TO = 12.0


def _attempts() -> list[tuple[styles.FitLevel, str | None]]:
    """(fit level, where the tick boxes go) in the order a detail sheet tries them: every level
    of TICKS_KEPT_DOWN_TO pt or more with the boxes under the dose, then beside the picture,
    then left out; then each smaller level with the boxes in each place in turn."""
    kept = [lv for lv in DETAIL_LEVELS if lv.body >= TICKS_KEPT_DOWN_TO]
    small = [lv for lv in DETAIL_LEVELS if lv.body < TICKS_KEPT_DOWN_TO]
    return ([(lv, place) for place in TICK_PLACES for lv in kept]
            + [(lv, place) for lv in small for place in TICK_PLACES])


def build_detail(lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> bytes:
    """One stretch in full on one page (large print: on as many pages as it takes)."""
    return lay_out_detail(lib, spec, caches).data


def lay_out_detail(lib: Library, spec: HandoutSpec, caches: Caches | None = None) -> Laid:
    """The detail sheet with the fit level it was set at and its placeholder marks.

    Raises LayoutError when the stretch does not fit one page even at 10 pt.
    """
    if spec.large_print:
        data = render_paged(DetailBuilder(lib, spec, caches), DETAIL_LARGE)
        return Laid(data, f"large print, {DETAIL_LARGE.body:g} pt")
    b = DetailBuilder(lib, spec, caches)
    over = 0.0
    for level, ticks in _attempts():
        story, texts = b.story(level, ticks=ticks)
        over = b.measure(story) - b.height
        if over > 0:
            continue
        fonts.check_coverage([*texts.seen, ("footer", b.wording["footer"])])
        m = styles.MARGIN
        data, pages = render(story, doc_info(lib, spec, spec.selection.stretches[0].name),
                             b.pagesize, (m, m, m, b.bottom), b.footer)
        if pages == 1:
            warn: tuple[str, ...] = () if level.body >= 12.0 else (
                f"to fit one page the detail sheet is set at {styles.describe(level)}",)
            if not ticks and not spec.blank_dose:
                warn += (f"the detail sheet leaves out its 'Done:' tick boxes to keep "
                         f"{level.body:g} pt type on one page; the tracker has them",)
            return Laid(data, styles.describe(level), warn, b.marks())
        over = 1.0
    s = spec.selection.stretches[0]
    path, line = lib.origins[("stretches", s.id)].where()
    raise LayoutError(f"the detail sheet of stretch '{s.id}' ({path}:{line}) is {over:.0f} pt "
                      "longer than one page even at 10 pt; shorten its steps or tips")
