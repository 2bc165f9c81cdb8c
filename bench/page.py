"""The words and figures of the default handout, gathered once for the floor and the HTML versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported inside the functions: the fresh floor process loads only the words
    from handouts.content.library import Library

ROUTINE = "lower-back-hip"
# The handout settles on its tightest fit level for this routine (10 pt on 1.15 spacing,
# 84 x 60 pt picture boxes); the floor and the HTML page are set at that size directly.
BODY, LEADING = 10.0, 11.5
PICTURE_W, PICTURE_H = 84.0, 60.0
FIGURE_W, FIGURE_H = PICTURE_W - 6, PICTURE_H - 6  # the drawing inside the box's frame


@dataclass(frozen=True)
class Block:
    """One stretch as printed: heading, start position, steps, dose, what to avoid."""

    figure: str
    name: str
    targets: str
    position: str
    steps: tuple[str, ...]
    dose: str
    avoid: str


@dataclass(frozen=True)
class Page:
    """Every string on the handout page, in reading order."""

    title: str
    intro: str
    safety_title: str
    safety_call: str
    precautions: tuple[tuple[str, bool], ...]  # (text, bold)
    blocks: tuple[Block, ...]
    footer: str


def page_text(lib: Library) -> Page:
    """The default handout's text, from the same library and templates the package uses."""
    from handouts.content.select import select
    from handouts.layout.handout import HandoutBuilder, HandoutSpec
    from handouts.wording.dose import dose_words
    from handouts.wording.text import Wording

    sel = select(lib, ROUTINE)
    words = HandoutBuilder(lib, HandoutSpec(sel)).wording
    blocks = []
    for s in sel.stretches:
        assert s.figure is not None
        muscles = [lib.muscles[t] for t in s.targets]
        targets = "for the " + " and ".join(f"{m.name.lower()} ({m.plain_name})" for m in muscles)
        blocks.append(Block(s.figure, s.name, targets, s.position, tuple(s.steps), dose_words(Wording(), s),
                            s.avoid[0]))
    return Page(
        title=words["title"], intro=words["intro"], safety_title=words["safety_title"],
        safety_call=words["safety_call"],
        precautions=tuple((p.short or p.text, p.level == "stop") for p in sel.precautions),
        blocks=tuple(blocks), footer=words["footer"],
    )


def posed_figures(lib: Library, page: Page) -> dict[str, Any]:
    """Each stretch's figure as a ReportLab Drawing, posed once (the package caches them too)."""
    from handouts.layout import fonts
    from handouts.layout.figures import draw_figure

    fonts.register()
    return {b.figure: draw_figure(lib.figures[b.figure], FIGURE_W, FIGURE_H, label_font=fonts.BOLD)
            for b in page.blocks}
