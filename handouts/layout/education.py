"""Education pages: the library's explanations (muscles, principles, safety, FAQ) as flowing pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, HRFlowable

from handouts.content.library import Library
from handouts.content.model import Precaution, Routine
from handouts.errors import SelectionError
from handouts.layout import fonts, styles
from handouts.pdf.write import DocInfo, render
from handouts.wording.text import Wording, escape

if TYPE_CHECKING:
    from handouts.context import Caches

EDUCATION_SECTIONS: tuple[str, ...] = (
    "connection", "muscles", "principles", "when", "habit", "precautions", "takeaways", "faq",
)
DEFAULT_LOOK = styles.Look()
# Lines of running text are kept near 80 characters: wider side margins than the one-page sheets.
SIDE_MARGIN = 72.0
# Parts whose title and text are a library Section entry the region names (routine.education).
LIBRARY_PARTS = ("connection", "when", "habit", "takeaways")
# A last page with more than this share of its height blank is worth saving (see build_education).
LAST_PAGE_BLANK = 0.7
# Width (pt) of a muscle's figure beside its text.
FIGURE_W = 150.0


class PageMark(Flowable):  # type: ignore[misc]
    """Takes no room; notes the 0-based page it is drawn on (kept together with its heading)."""

    def __init__(self, pages: list[int]) -> None:
        super().__init__()
        self.pages = pages

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.pages.append(self.canv.getPageNumber() - 1)


class EndMark(Flowable):  # type: ignore[misc]
    """Takes no room; notes how high up its page (pt from the bottom) the story ended."""

    def __init__(self, ends: list[float]) -> None:
        super().__init__()
        self.ends = ends

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.ends.append(float(self.canv.absolutePosition(0, 0)[1]))


class _Writer:
    """Builds the story section by section, keeping every string for the glyph check."""

    def __init__(self, lib: Library, look: styles.Look, template_dirs: tuple[Path, ...],
                 region: Routine, compact: bool = False, caches: Caches | None = None) -> None:
        self.lib, self.region, self.caches = lib, region, caches
        self.edu = region.education
        self.st = styles.styles(look)
        if compact:  # half the air after paragraphs and items, and above subheadings
            b = look.body
            self.st = {**self.st, "para": self.st["para"].clone("para_c", spaceAfter=b * 0.3),
                       "item": self.st["item"].clone("item_c", spaceAfter=b * 0.2),
                       "subhead": self.st["subhead"].clone("subhead_c", spaceBefore=b * 0.5),
                       "subhead_stop": self.st["subhead_stop"].clone("stop_c", spaceBefore=b * 0.5),
                       "question": self.st["question"].clone("question_c", spaceBefore=b * 0.5)}
        self.body = look.body
        self.words = Wording(template_dirs, lib.language)
        self.seen: list[tuple[str, str]] = []
        self.precaution_list: list[Precaution] = []
        self.marks: list[tuple[str, list[int]]] = []

    def say(self, name: str, **context: Any) -> str:
        text = self.words.render(f"education/{name}.j2", library=self.lib.meta, region=self.region,
                                 **context)
        self.seen.append((f"template education/{name}.j2", text))
        return text

    def para(self, text: str, style: str, label: str, prefix: str = "") -> Any:
        from reportlab.platypus import Paragraph

        self.seen.append((label, text))
        return Paragraph(prefix + escape(text), self.st[style])

    def labelled(self, label: str, text: str, where: str) -> Any:
        """'Label: text' with the label in bold, as one paragraph."""
        self.seen.append((where, label))
        return self.para(text, "para", where, f"<b>{escape(label)}</b> ")

    def bullet(self, text: str, label: str) -> Any:
        return self.para(text, "item", label, "<bullet>\u2022</bullet>")

    def section(self, title: str, blocks: list[list[Any]]) -> list[Any]:
        """The heading, kept with the first block; each block (one item) kept on one page.

        KeepTogether cannot nest (an inner one reports an endless height), so blocks are lists.
        """
        from reportlab.platypus import KeepTogether

        pages: list[int] = []
        self.marks.append((title, pages))
        head = self.para(title, "h1", "section title")
        first, rest = (blocks[0], blocks[1:]) if blocks else ([], [])
        # The heading goes first so its space above is dropped at the top of a page.
        return [KeepTogether([head, PageMark(pages), *first]),
                *(KeepTogether(b) if len(b) > 1 else b[0] for b in rest)]

    # One method per section name; each returns the section's flowables.

    def library_section(self, key: str) -> list[Any]:
        sid = self.edu.sections.get(key, "") if self.edu else ""
        if sid not in self.lib.sections:
            raise SelectionError(f"the routine '{self.region.id}' names no library section for the "
                                 f"'{key}' pages")
        sec = self.lib.sections[sid]
        items = [[self.para(p, "para", f"section {sid}")] for p in sec.paragraphs]
        items += [[self.bullet(b, f"section {sid}")] for b in sec.bullets]
        return self.section(sec.title, items)

    def muscles(self) -> list[Any]:
        from reportlab.platypus import Paragraph

        from handouts.layout.flowables import TextBeside

        labels = {k: self.say(f"label_{k}") for k in ("where", "does", "tight")}
        blocks = []
        for m in self._muscles():
            self.seen += [(f"muscle {m.id}", m.name), (f"muscle {m.id}", m.plain_name)]
            head = Paragraph(f"{escape(m.name)} <font name='{fonts.REGULAR}'>"
                             f"({escape(m.plain_name)})</font>", self.st["subhead"])
            # The Latin names of a muscle's parts (psoas, iliacus) mean nothing to a patient:
            # the plain name, where it is and what it does say enough.
            lines = [head]
            lines += [self.labelled(labels["where"], m.where, f"muscle {m.id}"),
                      self.labelled(labels["does"], m.does, f"muscle {m.id}"),
                      self.labelled(labels["tight"], m.when_tight, f"muscle {m.id}")]
            figure = self.figure_for(m.id, m.plain_name)
            if figure is None:
                blocks.append(lines)
            elif self.body >= styles.LARGE_PRINT_BODY:  # too narrow beside: under the heading
                figure.hAlign = "LEFT"
                blocks.append([lines[0], figure, *lines[1:]])
            else:
                blocks.append([TextBeside(figure, lines, imageSide="right", imageLeftPadding=12)])
        intro = self.para(self.say("muscles_intro"), "para", "muscles intro")
        return self.section(self.say("muscles_title"), [[intro], *blocks])

    def _muscles(self) -> list[Any]:
        """The region's muscles, else those its stretches work, in the order they are named."""
        if self.edu and self.edu.muscles:
            return [self.lib.muscles[m] for m in self.edu.muscles if m in self.lib.muscles]
        ids = [m for sid in self.region.stretches if sid in self.lib.stretches
               for s in [self.lib.stretches[sid]] for m in (*s.targets, *s.secondary)]
        return [self.lib.muscles[m] for m in dict.fromkeys(ids)]

    def figure_for(self, muscle: str, plain: str) -> Any | None:
        """The drawn figure of a stretch that targets `muscle` (the region's own first),
        captioned with what its red shading shows, or None when no stretch has one."""
        from reportlab.platypus import Paragraph

        from handouts.layout.flowables import Stack
        from handouts.layout.pictures import picture_for

        own = [self.lib.stretches[i] for i in self.region.stretches if i in self.lib.stretches]
        s = next((s for s in (*own, *self.lib.stretches.values())
                  if muscle in s.targets and s.figure in self.lib.figures and s.image is None),
                 None)
        if s is None:
            return None
        w = FIGURE_W * self.body / 12
        # Captions and labels at the body size: these pages keep 12 pt (18 in large print).
        pic = picture_for(self.lib, s, w, w * 0.62, label_size=self.body, caches=self.caches)
        if pic is None:
            return None
        caption = self.say("figure_caption", muscle=plain)
        return Stack(w, [pic, Paragraph(escape(caption), self.st["body"])])

    def principles(self) -> list[Any]:
        blocks = [[self.para(p.title, "subhead", f"principle {p.id}"),
                   self.para(p.text, "para", f"principle {p.id}")]
                  for p in self.lib.principles.values()]
        return self.section(self.say("principles_title"), blocks)

    def precautions(self) -> list[Any]:
        blocks = []
        for p in self.precaution_list:
            head = self.para(p.title, "subhead_stop" if p.level == "stop" else "subhead",
                             f"precaution {p.id}")
            blocks.append([head, self.para(p.text, "para", f"precaution {p.id}")])
        return self.section(self.say("precautions_title"), blocks)

    def faq(self) -> list[Any]:
        blocks = [[self.para(f.question, "question", f"faq {f.id}"),
                   self.para(f.answer, "para", f"faq {f.id}")]
                  for f in self.faq_list()]
        return self.section(self.say("faq_title"), blocks)

    def faq_list(self) -> list[Any]:
        return [self.lib.faqs[f] for f in (self.edu.faqs if self.edu else []) if f in self.lib.faqs]

    def available(self, key: str) -> bool:
        """Whether the region has anything for this part (a neck region has no hip FAQ)."""
        if key in LIBRARY_PARTS:
            return bool(self.edu and self.edu.sections.get(key) in self.lib.sections)
        if key == "faq":
            return bool(self.faq_list())
        return key != "muscles" or bool(self._muscles())

    def build(self, key: str) -> list[Any]:
        makers: dict[str, Callable[[], list[Any]]] = {
            "muscles": self.muscles, "principles": self.principles,
            "precautions": self.precautions, "faq": self.faq,
        }
        return makers[key]() if key in makers else self.library_section(key)


def check_sections(sections: Sequence[str]) -> list[str]:
    """The sections to print, in the order given (all, in the default order, when none)."""
    for s in sections:
        if s not in EDUCATION_SECTIONS:
            raise SelectionError(
                f"unknown education section '{s}' (known: {', '.join(EDUCATION_SECTIONS)})")
    return list(dict.fromkeys(sections)) if sections else list(EDUCATION_SECTIONS)


def build_education(
    lib: Library,
    sections: Sequence[str] = (),
    *,
    page_size: str = "letter",
    look: styles.Look = DEFAULT_LOOK,
    template_dirs: tuple[Path, ...] = (),
    region: Routine | None = None,
    caches: Caches | None = None,
) -> tuple[bytes, list[tuple[str, int]]]:
    """Lay out the chosen sections; return the PDF and each section's title and 0-based first page.

    `region` (a routine; the library's default when None) gives the title, the muscles, the
    library sections, the questions and the safety items. With no sections named, every part
    the region has is printed; a part named that the region lacks is a SelectionError.
    `caches` (a context's) keeps the posed and drawn figures for other pages and documents;
    without it, the two layouts tried here share caches of their own.
    """
    from handouts.content.select import default_routine, precautions_for

    region = region or default_routine(lib)
    precautions = list(precautions_for(
        lib, [lib.stretches[s] for s in region.stretches if s in lib.stretches], region))
    probe = _Writer(lib, look, template_dirs, region)
    chosen = check_sections(sections) if sections else [
        k for k in EDUCATION_SECTIONS if probe.available(k)]
    m = styles.MARGIN
    margins = (SIDE_MARGIN, SIDE_MARGIN, m, m + styles.FOOTER_SPACE)
    size = styles.page_points(page_size)
    if caches is None:
        from handouts.context import Caches

        caches = Caches()
    best: tuple[bytes, int, _Writer] | None = None
    # A last page holding a few lines is most of a page blank: when the pages end that way,
    # closer paragraph spacing is tried, and kept if it saves that page.
    for compact in (False, True):
        w = _Writer(lib, look, template_dirs, region, compact, caches)
        w.precaution_list = precautions
        title = w.say("title")
        story: list[Any] = [w.para(title, "title", "title"),
                            HRFlowable(width="100%", thickness=1.5, color=styles.ACCENT,
                                       spaceBefore=2, spaceAfter=look.body * 0.3)]
        for key in chosen:
            story += w.build(key)
        end: list[float] = []
        story.append(EndMark(end))
        fonts.check_coverage(w.seen)
        info = DocInfo(title=title, author=lib.meta.name,
                       subject=w.words.render("education/subject.j2",
                                              sections=[t for t, _ in w.marks]),
                       lang=lib.meta.language)
        data, pages = render(story, info, size, margins)
        if best is None or pages < best[1]:
            best = (data, pages, w)
        frame_h = size[1] - margins[2] - margins[3]
        if pages == 1 or not end or end[0] - margins[3] < frame_h * LAST_PAGE_BLANK:
            break
    assert best is not None
    data, _, w = best
    return data, [(t, pages[0]) for t, pages in w.marks]
