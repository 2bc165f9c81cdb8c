"""A posed figure drawn once per process, then replayed: its PDF operators, kept and copied.

Posing a figure and drawing it with ReportLab's renderer (some eighty shapes, the canvas
state saved and restored for each, every point formatted) takes about 10 ms. A worker of
a batch draws the same figure (same stretch, size and side) over and over, on every
packet and at every fit level. The operators it writes are the same each time, except
where they name something of the document: a font and the glyph codes of a label's text,
which depend on what the document used before. So the first draw (render.py) records the
operators in chunks, with the canvas calls that touch the document (setting a font,
drawing a string, transparency and overprint) kept as calls; a replay appends the chunks
and makes the calls again on the new canvas, so the bytes, the fonts used and the canvas
state after it are those of a real draw. A draw whose chunks name a resource (a `/Name`)
is not kept. The operators are kept in the context's caches.drawn (one context per
process for a command, a batch worker or a web worker), keyed by the figure's content, not
its id: 128 figures at most (context.DRAWN), the least recently drawn going first, each
some 31 KB of operators (4 MB in all). A worker of a 20-packet batch where every row has
its own plan keeps about 50. `enabled = False` draws every figure for real, as before (the tests
compare the two).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from handouts.layout.figures import render

if TYPE_CHECKING:
    from handouts.context import Bounded

enabled = True

# Canvas calls whose output depends on the document (resource names, font subsets): made
# again on every replay instead of copied.
_LIVE = ("setFont", "drawString", "setFillAlpha", "setStrokeAlpha", "setFillOverprint",
         "setStrokeOverprint", "setOverprintMask")

# Of those, the ones that set the canvas's text state as well as writing: always made again.
_STATEFUL = ("setFont", "drawString")

Call = tuple[str, tuple[Any, ...], dict[str, Any]]
Parts = tuple[str | Call, ...]

def draw(canv: Any, x: float, y: float, key: Hashable, drawing: Callable[[], Any],
         kept: Bounded[Hashable, Any]) -> None:
    """Draw the figure `drawing()` (a ReportLab Drawing) with its lower left at x, y on
    `canv`, as its drawOn would. `key` names everything its operators depend on (figure,
    size, side, labels, fonts); a figure in `kept` (a context's caches.drawn) under it is
    replayed, without calling `drawing`. Same bytes, same canvas state after, as
    `drawing().drawOn(canv, x, y)`."""
    if not enabled:
        drawing().drawOn(canv, x, y)
        return
    # Opacity and overprint set before the figure: a call that changes nothing here might
    # change them on another canvas (see _record).
    key = (key, tuple(sorted(canv._extgstate._d.items())))
    # As Flowable.drawOn does for a Drawing (aligned left, no boundary shown).
    canv.saveState()
    canv.translate(x, y)
    if key in kept:
        _replay(canv, kept.get(key, tuple))
    else:
        parts = _record(canv, drawing())
        if parts is not None:
            kept.get(key, lambda: parts)
    canv.restoreState()


def _record(canv: Any, drawing: Any) -> Parts | None:
    """Draw `drawing` on `canv` for real, recording what it wrote; None if it cannot be
    replayed (it names a resource of this document outside the live calls)."""
    code: list[str] = canv._code
    parts: list[str | Call] = []
    quiet: list[Call] = []  # calls that wrote nothing: made again once, not every time
    start, depth = len(code), 0

    def live(name: str) -> Callable[..., Any]:
        real = getattr(canv, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal start, depth
            if depth:  # called by another live call: part of it
                return real(*args, **kwargs)
            if len(code) > start:
                parts.append("\n".join(code[start:]))
            depth += 1
            before = len(code)
            try:
                return real(*args, **kwargs)
            finally:
                depth -= 1
                made = (name, args, kwargs)
                # Renderers set an unchanged opacity on every shape. Such a call writes
                # nothing; its one effect (the PDF version it asks for) needs it made once.
                if len(code) > before or name in _STATEFUL or made not in quiet:
                    parts.append(made)
                    if len(code) == before:
                        quiet.append(made)
                start = len(code)

        return call

    for name in _LIVE:
        canv.__dict__[name] = live(name)
    try:
        render.draw(drawing, canv)
    finally:
        for name in _LIVE:
            del canv.__dict__[name]
    if len(code) > start:
        parts.append("\n".join(code[start:]))
    if canv._code is not code or any(isinstance(p, str) and "/" in p for p in parts):
        return None
    return tuple(parts)


def _replay(canv: Any, parts: Parts) -> None:
    code: list[str] = canv._code
    for part in parts:
        if isinstance(part, str):
            code.append(part)
        else:
            name, args, kwargs = part
            getattr(canv, name)(*args, **kwargs)
