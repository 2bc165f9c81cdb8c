"""A Paragraph that parses its markup and breaks its lines once per text, style and width.

A handout's fit search lays its page out at several sizes, and a batch lays out the same
stretches again and again with only a dose or a side changed: the same words in the same
style at the same width, parsed and broken into lines by ReportLab each time. With a memo
(`Caches.paragraphs`), a CachedParagraph keeps the parse of its markup by (text, bullet,
style) and the result of each wrap by what it was wrapped from and the width: a step seen
before costs a dictionary look-up, and only a changed line is broken again.

The memo keeps what ReportLab's own code made and gives it back unchanged, so the lines,
heights and drawing are those of a paragraph made afresh. A wrap's result depends on the
paragraph's history (ReportLab replaces the parsed fragments by the words it broke at the
first width), so its key is that history: the parse, then each width in turn.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.platypus import Paragraph

from handouts.context import Bounded

# What ReportLab's Paragraph.wrap (and breakLines under it) sets on the paragraph.
_WRAPPED = ("width", "_wrapWidths", "blPara", "height", "frags", "_width_max",
            "_splitLongWordCount", "_hyphenations")
_STYLE_KEYS: WeakKeyDictionary[Any, tuple[tuple[str, str], ...]] = WeakKeyDictionary()


def _fixed_leading(style: Any) -> bool:
    """Whether the style's line height is its `leading` alone (ReportLab's autoLeading off)."""
    return getattr(style, "autoLeading", "") in ("", "off", None)


def style_key(style: Any) -> tuple[tuple[str, str], ...]:
    """A ParagraphStyle's settings as a hashable key: equal for equal styles, whatever
    object holds them (a cold build makes the styles afresh). Kept per live style object.

    With a fixed line height the leading is left out: it sets a paragraph's height (lines
    times leading in ReportLab's wrap) but never its parse or where its lines break, so a
    fit level that only tightens the line spacing reuses the breaks of its neighbour, and
    CachedParagraph.wrap sets the height from its own leading.
    """
    key = _STYLE_KEYS.get(style)
    if key is None:
        left_out = ("parent", "leading") if _fixed_leading(style) else ("parent",)
        key = tuple(sorted((k, repr(v)) for k, v in vars(style).items() if k not in left_out))
        _STYLE_KEYS[style] = key
    return key


class CachedParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once per width and is cheap to copy; with `memo`,
    once per text, style and width in the memo's lifetime.

    A page asks a paragraph for its size again and again at one width (to fit, to split
    beside a picture, to lay out, to draw), and ReportLab breaks the lines every time.
    The lines depend on the width alone, so they are kept. ReportLab also deep-copies a
    paragraph before splitting it beside a picture; wrapping and splitting only read the
    words and set attributes on the copy, so a shallow copy does. The pages come out byte
    for byte the same (checked for every fit level, large print and the detail sheet).
    """

    _memo: Bounded[Hashable, Any] | None = None
    _state: Hashable | None = None  # what the paragraph was made from, then each width

    def __init__(self, text: str | None, style: Any = None, bulletText: Any = None,  # noqa: N803
                 frags: Any = None, memo: Bounded[Hashable, Any] | None = None,
                 **kwargs: Any) -> None:
        # ReportLab's split makes the pieces with frags=...: those are not kept.
        if memo is None or text is None or frags is not None or kwargs or style is None:
            super().__init__(text, style, bulletText, frags, **kwargs)
            return
        state = ("parse", text, bulletText, style_key(style))

        def parse() -> tuple[Any, ...]:
            super(CachedParagraph, self).__init__(text, style, bulletText)
            return (self.text, self.frags, None if self.style is style else self.style,
                    self.bulletText)

        made, frags, own_style, bullet = memo.get(state, parse)
        self.caseSensitive, self.encoding = 1, "utf8"
        self.text, self.frags, self.bulletText, self.debug = made, frags, bullet, 0
        self.style = style if own_style is None else own_style
        self._memo, self._state = memo, state

    def deepcopy(self) -> CachedParagraph:
        return copy.copy(self)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        # The lines depend on the width alone, and a page asks again and again at one width
        # (to fit, to split at the picture, to lay out, to draw): break them once per width.
        known = self.__dict__
        if known.get("_wrapped_at") == avail_w and "blPara" in known and "height" in known:
            return self.width, self.height
        memo, state = self._memo, self._state
        if memo is None or state is None or avail_w < 1.0:
            size: tuple[float, float] = super().wrap(avail_w, avail_h)
            self._wrapped_at = avail_w
            return size
        after = (state, avail_w)

        def wrapped() -> dict[str, Any]:
            Paragraph.wrap(self, avail_w, avail_h)
            return {k: known[k] for k in _WRAPPED}

        known.update(memo.get(after, wrapped))
        if _fixed_leading(self.style):  # the breaks may come from a style of another leading
            known["height"] = len(self.blPara.lines) * self.style.leading
        self._state, self._wrapped_at = after, avail_w
        return self.width, self.height
