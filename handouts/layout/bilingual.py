"""A handout in two languages on one page: for a family where the patient reads one language
and the carer the other.

The layout keeps each language whole and side by side, so neither reader has to pick their
lines out of the other's: under the title (both languages), the people line and the safety
box hold the first language on the left and the second on the right; each stretch has its
picture, then the first language's steps, dose and what to avoid, then the second's, in two
columns. Tips are left out. It shrinks like the one-language handout, never below 10 pt;
when it still does not fit, the error says how far over it is and how many stretches fit.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.content.select import Selection, precautions_for
from handouts.errors import LayoutError, SelectionError
from handouts.layout import fonts, styles
from handouts.layout.blocks import Texts, doc_info, people_line
from handouts.layout.handout import FIT_LEVELS, FitLevel, HandoutBuilder, HandoutSpec, _ruled
from handouts.layout.sheet import Override
from handouts.pdf.write import render
from handouts.wording.text import escape

# No tips and the smallest pictures: two languages need the room.
LEVELS = tuple(level for level in FIT_LEVELS if not level.tips)
GUTTER = 10.0


def _mirror(sel: Selection, other: Library) -> Selection:
    """The same stretches and precautions, in the other library's words."""
    try:
        stretches = tuple(other.stretches[s.id] for s in sel.stretches)
    except KeyError as e:
        raise SelectionError(f"stretch {e} is not in the second language's library") from e
    precautions = tuple(other.precautions.get(p.id, p) for p in sel.precautions)
    routine = other.routines.get(sel.routine) if sel.routine else None
    title = routine.name if routine else sel.title
    return Selection(title, stretches, precautions, sel.routine, sel.by_id)


class BilingualBuilder:
    """Two one-language builders, one per column, and the page that holds them side by side."""

    def __init__(self, first: Library, second: Library, spec: HandoutSpec) -> None:
        self.spec = spec
        self.a = HandoutBuilder(first, spec)
        self.b = HandoutBuilder(second, replace(spec, selection=_mirror(spec.selection, second)))
        self.width, self.height = self.a.width, self.a.height

    def _pair(self, left: list[Any], right: list[Any], rule: bool = True,
              picture: Any = None, width: float | None = None, balance: bool = False) -> Any:
        """Two columns, a thin rule between; with `picture`, it takes a narrow first column.

        With `balance`, the longer language's column gets up to 10% more of the width, as much
        as makes the taller column shortest (Spanish runs longer than English).
        """
        from reportlab.platypus import Table

        from handouts.layout.flowables import column_height

        width = width or self.width
        pic_w = picture.wrap(width, 1e6)[0] + 8 if picture is not None else 0.0
        room = width - pic_w

        def tallest(share: float) -> float:
            return max(column_height(left, room * share - GUTTER / 2),
                       column_height(right, room * (1 - share) - GUTTER / 2))

        shares = (0.5, 0.45, 0.55, 0.4, 0.6) if balance else (0.5,)
        share = min(shares, key=lambda x: (round(tallest(x), 1), abs(x - 0.5)))
        cells = [left, right] if picture is None else [picture, left, right]
        halves = [room * share, room * (1 - share)]
        widths = halves if picture is None else [pic_w, *halves]
        a = 0 if picture is None else 1
        t = Table([cells], colWidths=widths)
        t.setStyle(styles.table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (a, 0), (a, -1), GUTTER / 2),
            ("LEFTPADDING", (a + 1, 0), (a + 1, -1), GUTTER / 2),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *([("LINEAFTER", (a, 0), (a, -1), 0.5, styles.FRAME)] if rule else []),
        ))
        return t

    def _words(self, b: HandoutBuilder, s: Stretch, st: dict[str, Any], tx: Texts) -> list[Any]:
        """One language's column for a stretch: name, start, steps, dose and what to avoid."""
        from handouts.content.sides import for_side
        from handouts.layout.flowables import CachedParagraph
        from handouts.wording.dose import side_names

        ov = self.spec.overrides.get(s.id, Override())
        shown = for_side(s, ov.side, side_names(b.words))
        tx.seen += [(s.id, s.name), (f"{s.id} targets", b._targets(s))]
        out: list[Any] = [
            CachedParagraph(f"{escape(s.name)} <font name='{fonts.REGULAR}' "
                            f"size='{st['body'].fontSize}'>{escape(b._targets(s))}</font>",
                            st["h2"]),
            tx.para(shown.position, st["step"], f"{s.id} position", b.label("label_start")),
            *[tx.para(step, st["numbered"], f"{s.id} step", f"<bullet>{i}.</bullet>")
              for i, step in enumerate(shown.steps, 1)],
            b._dose_and_avoid(shown, ov, st, tx),
        ]
        if ov.note:
            out.append(tx.para(ov.note, st["body"], f"{s.id} note", b.label("label_note")))
        return out

    def _safety(self, st: dict[str, Any], tx: Texts) -> Any:
        """The safety box in both languages, side by side; never dropped."""
        from reportlab.platypus import Paragraph, Table

        cols = []
        for b in (self.a, self.b):
            head = Paragraph(f"<font color='{styles.SAFETY_BORDER}'>"
                             f"{escape(b.wording['safety_title'])}</font> "
                             f"{escape(b.wording['safety_call'])}", st["label"])
            bullets = [tx.para(p.short or p.text, st["bullet"], f"precaution {p.id}",
                               "\u2022\u00a0", bold=p.level == "stop")
                       for p in b.spec.selection.precautions]
            tx.seen += [("safety", b.wording["safety_title"]), ("safety", b.wording["safety_call"])]
            cols.append([head, *bullets])
        inner = self._pair(cols[0], cols[1], width=self.width - 12)
        box = Table([[inner]], colWidths=[self.width])
        box.setStyle(styles.table_style(
            ("BOX", (0, 0), (-1, -1), 2, styles.SAFETY_BORDER),
            ("BACKGROUND", (0, 0), (-1, -1), styles.SAFETY_FILL),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ))
        return box

    def story(self, level: FitLevel) -> tuple[list[Any], Texts]:
        from reportlab.platypus import Spacer

        from handouts.content.sides import mirrored
        from handouts.layout.pictures import picture_for

        st = styles.styles(self.a.look(level))
        tx = Texts()
        a, b = self.a, self.b
        title = self._pair([tx.para(a.wording["title"], st["h1"], "title")],
                           [tx.para(b.wording["title"], st["h1"], "title")], rule=False)
        out: list[Any] = [title, people_line(self.spec.header, st, self.width, None, a.wording),
                          self._pair([tx.para(a.wording["intro"], st["body"], "intro")],
                                     [tx.para(b.wording["intro"], st["body"], "intro")]),
                          Spacer(1, level.body * 0.3), self._safety(st, tx),
                          Spacer(1, level.body * 0.2)]
        tx.seen += [("header", v) for v in (self.spec.header.patient, self.spec.header.clinician) if v]
        for s_a, s_b in zip(a.spec.selection.stretches, b.spec.selection.stretches, strict=True):
            ov = self.spec.overrides.get(s_a.id, Override())
            pic = picture_for(a.lib, s_a, *level.picture, caption_style=st["small"],
                              mirror=mirrored(s_a, ov.side))
            pair = self._pair(self._words(a, s_a, st, tx), self._words(b, s_b, st, tx),
                              picture=pic, balance=True)
            out.append(_ruled(pair, self.width, level.rule_pad))
        return out, tx

    def overrun(self, level: FitLevel) -> float:
        return float(self.a.measure(self.story(level)[0]) - self.height)


def build_bilingual(first: Library, second: Library, spec: HandoutSpec) -> bytes:
    """One page in `first`'s language and `second`'s side by side (see the module docstring).

    Raises LayoutError saying how far over one page it is, and how many stretches fit, when
    even 10 pt without tips is too long.
    """
    if first.language.code == second.language.code:
        raise SelectionError("a bilingual handout needs two different languages")
    bb = BilingualBuilder(first, second, spec)
    for level in LEVELS:
        if bb.overrun(level) > 0:
            continue
        story, texts = bb.story(level)
        fonts.check_coverage([*texts.seen, ("footer", bb.a.wording["footer"])])
        title = f"{bb.a.wording['title']} / {bb.b.wording['title']}"
        m = styles.MARGIN
        data, pages = render(story, doc_info(first, spec, title), bb.a.pagesize,
                             (m, m, m, bb.a.bottom), bb.a.footer)
        if pages == 1:
            return data
    over = max(bb.overrun(LEVELS[-1]), 1.0)
    n = len(spec.selection.stretches)
    fits = 0
    for k in range(n - 1, 0, -1):
        sel = spec.selection
        # The first k stretches, with their own precautions (and the clinician's).
        kept = sel.stretches[:k]
        extra = tuple(p for p in sel.precautions if p.id not in first.precautions)
        fewer = replace(spec, selection=Selection(sel.title, kept,
                                                  precautions_for(first, kept) + extra,
                                                  sel.routine, sel.by_id))
        if BilingualBuilder(first, second, fewer).overrun(LEVELS[-1]) <= 0:
            fits = k
            break
    raise LayoutError(
        f"the bilingual handout is {over:.0f} pt ({over / 72:.1f} in) longer than one page even "
        f"at {LEVELS[-1].body:g} pt without tips; {fits} of its {n} stretches fit on one page "
        "(choose fewer, or print one handout per language)"
    )
