"""The one-page take-home handout: header, safety box, each stretch with its picture, footer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts import fonts, styles
from handouts.clinic import Clinic
from handouts.dose import Side, dose_line
from handouts.errors import LayoutError
from handouts.library import Library
from handouts.model import Dose, Stretch
from handouts.pdfout import DocInfo, render
from handouts.select import Selection
from handouts.text import Wording, escape

# When the page is full, shrink in this order: first drop the tips, then make the pictures
# smaller, then step the type size down by half points, never below 10 pt.
# Steps, the dose, what to avoid and the safety box always stay.
@dataclass(frozen=True)
class FitLevel:
    """One way of setting the page, from roomiest to tightest."""

    body: float
    tips: bool
    picture: tuple[float, float]


_BIG, _SMALL = (126.0, 96.0), (104.0, 80.0)
FIT_LEVELS: tuple[FitLevel, ...] = (
    FitLevel(12.0, True, _BIG), FitLevel(12.0, False, _BIG), FitLevel(12.0, False, _SMALL),
    FitLevel(11.5, False, _SMALL), FitLevel(11.0, False, _SMALL), FitLevel(10.5, False, _SMALL),
    FitLevel(10.0, False, _SMALL),
)


@dataclass(frozen=True)
class Override:
    """A clinician's changes to one stretch for one patient."""

    dose: Dose | None = None
    side: Side | None = None
    note: str | None = None


@dataclass(frozen=True)
class SheetHeader:
    """Who the sheet is for and from: printed at the top, blank lines when not given."""

    patient: str | None = None
    clinician: str | None = None
    date: dt.date | None = None
    clinic: Clinic | None = None


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
    from reportlab.platypus import Paragraph, Table, TableStyle

    cells = (("Name:", h.patient, 4.0), ("Clinician:", h.clinician, 6.2),
             ("Date:", h.date.isoformat() if h.date else None, 3.6))
    label_w = [st["body"].fontSize * f for _, _, f in cells]
    value_w = (width - sum(label_w)) / 3
    row, widths = [], []
    for (label, value, _), lw in zip(cells, label_w, strict=True):
        row += [Paragraph(label, st["label"]), Paragraph(escape(value or ""), st["body"])]
        widths += [lw, value_w]
    t = Table([row], colWidths=widths, rowHeights=[st["body"].leading + 6])
    t.setStyle(TableStyle([
        *[("LINEBELOW", (c, 0), (c, 0), 0.8, styles.INK) for c in (1, 3, 5)],
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return t


class HandoutBuilder:
    """Builds the story for one fit level and measures it."""

    def __init__(self, lib: Library, spec: HandoutSpec) -> None:
        self.lib, self.spec = lib, spec
        self.pagesize = styles.PAGE_SIZES[spec.page_size]
        self.width = self.pagesize[0] - 2 * styles.MARGIN
        self.height = self.pagesize[1] - 2 * styles.MARGIN - styles.FOOTER_SPACE
        ctx = {"selection_title": spec.selection.title, "clinic": spec.header.clinic,
               "from_routine": spec.selection.routine is not None,
               "library": lib.meta, "stretch_count": len(spec.selection.stretches)}
        words = Wording(spec.template_dirs)
        self.wording = {name: words.render(f"handout/{name}.j2", **ctx)
                        for name in ("title", "intro", "safety_title", "safety_call", "footer")}

    def story(self, level: FitLevel) -> tuple[list[Any], _Texts]:
        from reportlab.platypus import Spacer

        st = styles.styles(styles.Look(body=level.body))
        tx = _Texts()
        out: list[Any] = [*self._header(st, tx), Spacer(1, level.body * 0.5),
                          self._safety(st, tx), Spacer(1, level.body * 0.2)]
        out += [self._stretch(s, st, tx, level) for s in self.spec.selection.stretches]
        return out, tx

    def _header(self, st: dict[str, Any], tx: _Texts) -> list[Any]:
        from reportlab.platypus import Table, TableStyle

        left = [tx.para(self.wording["title"], st["title"], "title")]
        clinic = self.spec.header.clinic
        right: list[Any] = []
        if clinic:
            right.append(tx.para(clinic.name, st["clinic"], "clinic", bold=True))
            right += [tx.para(x, st["clinic"], "clinic") for x in (clinic.phone, clinic.web) if x]
        top = Table([[left, right]], colWidths=[self.width * 0.62, self.width * 0.38])
        top.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, 0), 1.5, styles.ACCENT),
        ]))
        h = self.spec.header
        tx.seen += [("header", v) for v in (h.patient, h.clinician) if v]
        intro = tx.para(self.wording["intro"], st["body"], "intro")
        return [top, _people_line(h, st, self.width), intro]

    def _safety(self, st: dict[str, Any], tx: _Texts) -> Any:
        """The safety box: never dropped, never shrunk below the body size of the page."""
        from reportlab.platypus import Table, TableStyle

        cell: list[Any] = [tx.para(self.wording["safety_title"], st["safety_head"], "safety")]
        for p in self.spec.selection.precautions:
            cell.append(tx.para(p.short or p.text, st["bullet"], f"precaution {p.id}",
                                "\u2022\u00a0", bold=p.level == "stop"))
        cell.append(tx.para(self.wording["safety_call"], st["label"], "safety"))
        box = Table([[cell]], colWidths=[self.width])
        box.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 2, styles.SAFETY_BORDER),
            ("BACKGROUND", (0, 0), (-1, -1), styles.SAFETY_FILL),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
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
            tx.para(dose_line(s, ov.dose, ov.side), st["dose"], f"{s.id} dose"),
        ]
        if ov.note:
            text.append(tx.para(ov.note, st["body"], f"{s.id} note", "<b>Note:</b> "))
        if level.tips and s.tips:
            text.append(tx.para(s.tips[0], st["body"], f"{s.id} tip", "<b>Tip:</b> "))
        text.append(tx.para(s.avoid[0], st["body"], f"{s.id} avoid", "<b>Avoid:</b> "))
        pic = picture_for(self.lib, s, *level.picture)
        return _ruled(ImageAndFlowables(pic, text, imageSide="left", imageRightPadding=10,
                                        imageBottomPadding=4), self.width)

    def measure(self, story: Sequence[Any]) -> float:
        total = 0.0
        for f in story:
            _, h = f.wrap(self.width, 1e6)
            total += h + f.getSpaceBefore() + f.getSpaceAfter()
        return total

    def footer(self, canv: Any, doc: Any) -> None:
        from reportlab.platypus import Paragraph

        p = Paragraph(escape(self.wording["footer"]), styles.styles(styles.Look())["small"])
        _, h = p.wrap(self.width, styles.FOOTER_SPACE)
        p.drawOn(canv, styles.MARGIN, styles.MARGIN + styles.FOOTER_SPACE - h - 4)


def _ruled(inner: Any, width: float) -> Any:
    """Wrap a stretch block with a thin rule above it and a little air."""
    from reportlab.platypus import Table, TableStyle

    t = Table([[inner]], colWidths=[width])
    t.setStyle(TableStyle([
        ("LINEABOVE", (0, 0), (-1, 0), 0.75, styles.FRAME),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
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
        data, pages = render(story, info, b.pagesize, (m, m, m, m + styles.FOOTER_SPACE), b.footer)
        if pages == 1:
            return data
        over = 1.0
    raise LayoutError(
        f"the handout is {over:.0f} pt ({over / 72:.1f} in) longer than one page even at "
        f"{FIT_LEVELS[-1].body:g} pt without tips; choose fewer stretches "
        f"(it has {len(spec.selection.stretches)})"
    )
