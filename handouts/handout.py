"""The one-page take-home handout: header, safety box, each stretch with its picture, footer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts import fonts, styles
from handouts.dose import dose_line
from handouts.errors import LayoutError
from handouts.library import Library
from handouts.model import Stretch
from handouts.pdfout import DocInfo, render
from handouts.select import Selection
from handouts.sheet import Override, SheetHeader
from handouts.text import Wording, escape


# When the page is full, shrink in this order: first drop the tips, then make the pictures
# smaller, then step the type size down by half points, never below 10 pt.
# and last set the lines a little closer. Steps, the dose, what to avoid and the safety
# box always stay.
@dataclass(frozen=True)
class FitLevel:
    """One way of setting the page, from roomiest to tightest."""

    body: float
    tips: bool
    picture: tuple[float, float]


    spacing: float = 1.2


_BIG, _SMALL, _TINY = (126.0, 96.0), (100.0, 76.0), (84.0, 60.0)
FIT_LEVELS: tuple[FitLevel, ...] = (
    FitLevel(12.0, True, _BIG), FitLevel(12.0, False, _BIG), FitLevel(12.0, False, _SMALL),
    FitLevel(11.5, False, _SMALL), FitLevel(11.0, False, _SMALL), FitLevel(10.5, False, _SMALL),
    FitLevel(10.0, False, _TINY), FitLevel(10.0, False, _TINY, spacing=1.15),
)


@dataclass(frozen=True)
class HandoutSpec:
    """Everything a handout is made from; nothing is read from the clock or environment."""

    selection: Selection
    header: SheetHeader = SheetHeader()
    page_size: str = "letter"
    template_dirs: tuple[Path, ...] = ()
    overrides: Mapping[str, Override] = field(default_factory=dict)


class _Texts:
    """Collects every string put on the page, for the glyph coverage check."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def para(self, text: str, style: Any, label: str = "text", prefix: str = "",
             bold: bool = False) -> Any:
        """A Paragraph of escaped content text after an optional markup prefix."""
        from reportlab.platypus import Paragraph

        self.seen.append((label, text))
        body = f"<b>{escape(text)}</b>" if bold else escape(text)
        return Paragraph(prefix + body, style)


def _people_line(h: SheetHeader, st: dict[str, Any], width: float) -> Any:
    """Name, clinician and date, each filled in or left as a line to write on."""
    from reportlab.platypus import Paragraph, Table

    cells = (("Name:", h.patient, 4.0), ("Clinician:", h.clinician, 6.2),
             ("Date:", h.date.isoformat() if h.date else None, 3.6))
    label_w = [st["body"].fontSize * f for _, _, f in cells]
    value_w = (width - sum(label_w)) / 3
    row, widths = [], []
    for (label, value, _), lw in zip(cells, label_w, strict=True):
        row += [Paragraph(label, st["label"]), Paragraph(escape(value or ""), st["body"])]
        widths += [lw, value_w]
    t = Table([row], colWidths=widths, rowHeights=[st["body"].leading + 4])
    t.setStyle(styles.table_style(
        *[("LINEBELOW", (c, 0), (c, 0), 0.8, styles.INK) for c in (1, 3, 5)],
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ))
    return t


class HandoutBuilder:
    """Builds the story for one fit level and measures it."""

    def __init__(self, lib: Library, spec: HandoutSpec) -> None:
        from reportlab.platypus import Paragraph

        self.lib, self.spec = lib, spec
        self.pagesize = styles.PAGE_SIZES[spec.page_size]
        self.width = self.pagesize[0] - 2 * styles.MARGIN
        ctx = {"selection_title": spec.selection.title, "clinic": spec.header.clinic,
               "from_routine": spec.selection.routine is not None,
               "library": lib.meta, "stretch_count": len(spec.selection.stretches)}
        words = Wording(spec.template_dirs)
        self.wording = {name: words.render(f"handout/{name}.j2", **ctx)
                        for name in ("title", "intro", "safety_title", "safety_call", "footer")}
        self.footer_para = Paragraph(escape(self.wording["footer"]),
                                     styles.styles(styles.Look())["small"])
        self.footer_h = self.footer_para.wrap(self.width, 100)[1] + 4
        self.bottom = styles.MARGIN + self.footer_h
        self.height = self.pagesize[1] - styles.MARGIN - self.bottom

    def story(self, level: FitLevel) -> tuple[list[Any], _Texts]:
        from reportlab.platypus import Spacer

        st = styles.styles(styles.Look(body=level.body, spacing=level.spacing))
        tx = _Texts()
        out: list[Any] = [*self._header(st, tx), Spacer(1, level.body * 0.2),
                          self._safety(st, tx), Spacer(1, level.body * 0.2)]
        out += [self._stretch(s, st, tx, level) for s in self.spec.selection.stretches]
        return out, tx

    def _header(self, st: dict[str, Any], tx: _Texts) -> list[Any]:
        from reportlab.platypus import Table

        left = [tx.para(self.wording["title"], st["title"], "title")]
        clinic = self.spec.header.clinic
        right: list[Any] = []
        if clinic:
            right.append(tx.para(clinic.name, st["clinic"], "clinic", bold=True))
            contact = "  \u00b7  ".join(x for x in (clinic.phone, clinic.web) if x)
            if contact:
                right.append(tx.para(contact, st["clinic"], "clinic"))
        top = Table([[left, right]], colWidths=[self.width * 0.62, self.width * 0.38])
        top.setStyle(styles.table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, 0), 1.5, styles.ACCENT),
        ))
        h = self.spec.header
        tx.seen += [("header", v) for v in (h.patient, h.clinician) if v]
        intro = tx.para(self.wording["intro"], st["body"], "intro")
        return [top, _people_line(h, st, self.width), intro]

    def _safety(self, st: dict[str, Any], tx: _Texts) -> Any:
        """The safety box: never dropped, never shrunk below the body size of the page."""
        from reportlab.platypus import Paragraph, Table

        bullets = [tx.para(p.short or p.text, st["bullet"], f"precaution {p.id}", "\u2022\u00a0",
                           bold=p.level == "stop") for p in self.spec.selection.precautions]
        # Two columns of bullets keep the box short; reading order is down the left, then right.
        half = (len(bullets) + 1) // 2
        cols = Table([[bullets[:half], bullets[half:]]], colWidths=[(self.width - 16) / 2] * 2)
        cols.setStyle(styles.table_style(("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 1)))
        tx.seen += [("safety", self.wording["safety_title"]), ("safety", self.wording["safety_call"])]
        head = Paragraph(f"<font color='{styles.SAFETY_BORDER}' size='{st['safety_head'].fontSize}'>"
                         f"{escape(self.wording['safety_title'])}</font>\u2003"
                         f"{escape(self.wording['safety_call'])}", st["label"])
        cell: list[Any] = [head, cols]
        box = Table([[cell]], colWidths=[self.width])
        box.setStyle(styles.table_style(
            ("BOX", (0, 0), (-1, -1), 2, styles.SAFETY_BORDER),
            ("BACKGROUND", (0, 0), (-1, -1), styles.SAFETY_FILL),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ))
        return box

    def _targets(self, s: Stretch) -> str:
        names = [f"{m.name.lower()} ({m.plain_name})"
                 for m in (self.lib.muscles[t] for t in s.targets)]
        return "for the " + " and ".join(names)

    def _stretch(self, s: Stretch, st: dict[str, Any], tx: _Texts, level: FitLevel) -> Any:
        """One stretch: text flowing around its picture, a rule above."""
        from reportlab.platypus import ImageAndFlowables, Paragraph

        from handouts.pictures import picture_for

        ov = self.spec.overrides.get(s.id, Override())
        tx.seen.append((s.id, s.name))
        heading = Paragraph(f"{escape(s.name)} <font name='{fonts.REGULAR}' size='{level.body}'>"
                            f"{escape(self._targets(s))}</font>", st["h2"])
        tx.seen.append((f"{s.id} targets", self._targets(s)))
        text: list[Any] = [
            heading,
            tx.para(s.position, st["step"], f"{s.id} position", "<b>Start:</b> "),
            *[tx.para(step, st["numbered"], f"{s.id} step", f"<bullet>{i}.</bullet>")
              for i, step in enumerate(s.steps, 1)],
            self._dose_and_avoid(s, ov, st, tx),
        ]
        if ov.note:
            text.append(tx.para(ov.note, st["body"], f"{s.id} note", "<b>Note:</b> "))
        if level.tips and s.tips:
            text.append(tx.para(s.tips[0], st["body"], f"{s.id} tip", "<b>Tip:</b> "))
        pic = picture_for(self.lib, s, *level.picture)
        return _ruled(ImageAndFlowables(pic, text, imageSide="left", imageRightPadding=10,
                                        imageBottomPadding=4), self.width)

    def _dose_and_avoid(self, s: Stretch, ov: Override, st: dict[str, Any], tx: _Texts) -> Any:
        """The dose in a tinted band, then what to avoid, in one paragraph to save a line."""
        from reportlab.platypus import Paragraph

        line = dose_line(s, ov.dose, ov.side)
        tx.seen += [(f"{s.id} dose", line), (f"{s.id} avoid", s.avoid[0])]
        markup = (f"<font backColor='{styles.DOSE_FILL}'><b>\u00a0{escape(line)}\u00a0</b></font>"
                  f"\u2003<b>Avoid:</b> {escape(s.avoid[0])}")
        return Paragraph(markup, st["body"])

    def measure(self, story: Sequence[Any]) -> float:
        total = 0.0
        for f in story:
            _, h = f.wrap(self.width, 1e6)
            total += h + f.getSpaceBefore() + f.getSpaceAfter()
        return total

    def footer(self, canv: Any, doc: Any) -> None:
        self.footer_para.drawOn(canv, styles.MARGIN, styles.MARGIN)


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


def build_handout(lib: Library, spec: HandoutSpec) -> bytes:
    """Lay out the handout on exactly one page, shrinking in the documented order if needed."""
    b = HandoutBuilder(lib, spec)
    over = 0.0
    for level in FIT_LEVELS:
        story, texts = b.story(level)
        over = b.measure(story) - b.height
        if over > 0:
            continue
        fonts.check_coverage([*texts.seen, ("footer", b.wording["footer"])])
        info = DocInfo(
            title=f"{b.wording['title']}",
            author=spec.header.clinic.name if spec.header.clinic else lib.meta.name,
            subject="Home stretches: " + ", ".join(s.name for s in spec.selection.stretches),
            lang=lib.meta.language,
        )
        m = styles.MARGIN
        data, pages = render(story, info, b.pagesize, (m, m, m, b.bottom), b.footer)
        if pages == 1:
            return data
        over = 1.0
    raise LayoutError(
        f"the handout is {over:.0f} pt ({over / 72:.1f} in) longer than one page even at "
        f"{FIT_LEVELS[-1].body:g} pt without tips; choose fewer stretches "
        f"(it has {len(spec.selection.stretches)})"
    )
