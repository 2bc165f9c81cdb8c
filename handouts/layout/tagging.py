"""Say what each flowable is (heading, paragraph, list item, figure, table, form field) for a tagged PDF.

Layout code builds its flowables as before and names only what a style cannot tell:
`tag(box, "Sect")`, `tag(picture, "Figure", alt=...)`, `table(grid, header_rows=1,
header_cols=1)`. Just before the build, `tag_story` gives every other paragraph its role
from its style's name (ROLES), makes each list item an LI with its number as Lbl and its
text as LBody, and each form field a Form element.

A tagged flowable enters its element on the canvas's `Tags` while it draws (see
handouts.pdf.tags), so everything it draws is marked with that element; drawing outside
tagged flowables is an artifact. On a canvas without `Tags` (measuring) it draws as before.
The flowable keeps its class's behaviour: it becomes an instance of a subclass that only
adds this (ReportLab's containers test `isinstance`, so a wrapper flowable would not do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, ImageAndFlowables, Paragraph

from handouts.pdf.tags import NONE, Elem, Tags

F = TypeVar("F")

# Paragraph style name -> role. Section titles (style "h1") sit under the page's title (H1).
ROLES = {
    "title": "H1", "cover_title": "H1", "h1": "H2", "h2": "H2", "week": "H2",
    "subhead": "H3", "subhead_stop": "H3", "question": "H3",
    "numbered": "LI", "bullet": "LI", "item": "LI",
}
_ARTIFACT = Elem(NONE)


class TaggedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that carries the build's `Tags`, and marks a list item's number as its Lbl.

    ReportLab draws a paragraph's bullet as a text object of its own, before the text:
    that first text object goes in the Lbl, and the rest of the paragraph in the LBody.
    """

    handouts_tags: Tags
    handouts_label: tuple[Elem, Elem] | None = None  # (Lbl, LBody) of the item being drawn
    handouts_body: Elem | None = None  # the LBody entered after the label

    def save(self) -> None:
        from handouts.pdf import structtree

        structtree.write(self, self.handouts_tags)
        super().save()

    def drawText(self, text: Any) -> None:  # noqa: N802
        pending, self.handouts_label = self.handouts_label, None
        if pending is None:
            super().drawText(text)
            return
        label, body = pending
        self.handouts_tags.enter(self, label)
        super().drawText(text)
        self.handouts_tags.leave(self, label)
        self.handouts_tags.enter(self, body)
        self.handouts_body = body


def canvas_maker(tags: Tags) -> Callable[..., TaggedCanvas]:
    """A canvasmaker for ReportLab's doc.build whose canvas carries `tags`."""

    def make(*args: Any, **kwargs: Any) -> TaggedCanvas:
        canv = TaggedCanvas(*args, **kwargs)
        canv.handouts_tags = tags
        return canv

    return make


class _Tagged:
    """Mixed into a flowable's class: enter its element(s) while it draws."""

    _tag: Elem | None = None
    _item: Elem | None = None  # a list item's LI (then _tag is its LBody)
    _label: Elem | None = None  # a list item's Lbl, for the bullet ReportLab draws
    _fields: tuple[Elem, ...] = ()  # Form elements of the fields it draws

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        tags: Tags | None = getattr(canv, "handouts_tags", None)
        base: Any = super()
        if tags is None:
            base.drawOn(canv, x, y, _sW)
            return
        item, elem = self._item, self._tag
        numbered = item is not None and self._label is not None and bool(getattr(self, "bulletText", None))
        # A numbered item enters its LBody only once the number is drawn (TaggedCanvas.drawText).
        opened = [e for e in (item, None if numbered else elem) if e is not None]
        if self._fields:
            opened.append(_ARTIFACT)  # the printed box is decoration; the widget is the field
        if elem is not None and elem.role == "Figure" and elem.bbox is None:
            me: Any = self
            w, h = getattr(me, "box_w", me.width), getattr(me, "box_h", me.height)
            (x0, y0), (x1, y1) = canv.absolutePosition(x, y), canv.absolutePosition(x + w, y + h)
            elem.bbox = (x0, y0, x1, y1)
        if numbered:
            assert item is not None and self._label is not None and elem is not None
            tags.adopt(item, self._label)
            canv.handouts_label = (self._label, elem)
        for e in opened:
            tags.enter(canv, e)
        base.drawOn(canv, x, y, _sW)
        canv.handouts_label = None
        if canv.handouts_body is not None:
            tags.leave(canv, canv.handouts_body)
            canv.handouts_body = None
        for e in reversed(opened):
            tags.leave(canv, e)
        for f in self._fields:
            tags.widget(canv, f)

    def split(self, avail_w: float, avail_h: float) -> list[Any]:
        base: Any = super()
        parts: list[Any] = base.split(avail_w, avail_h)
        for p in parts:  # the pieces of a split paragraph or table are the same element
            if p is not self and isinstance(p, _Tagged) and "_tag" not in p.__dict__:
                p.__dict__.update({k: v for k, v in self.__dict__.items()
                                   if k in ("_tag", "_item", "_label", "_fields")})
        return parts


@cache
def _tagged_class(cls: type) -> type:
    """The tagged subclass of a flowable class: one per class, made the first time it is tagged."""
    return type(cls.__name__, (_Tagged, cls), {"__module__": cls.__module__})


def _retype(f: Any) -> None:
    if not isinstance(f, _Tagged):
        cls: Any = type(f)
        f.__class__ = _tagged_class(cls)


def tag(f: F, role: str, alt: str | None = None) -> F:
    """Make flowable `f` the structure element `role` (a Figure needs `alt`); returns `f`."""
    _retype(f)
    g: Any = f
    g._tag = Elem(role, alt=alt)
    if role == "LI":
        g._item, g._tag, g._label = g._tag, Elem("LBody"), Elem("Lbl")
    return f


def table(t: F, header_rows: int = 1, header_cols: int = 0) -> F:
    """Make a ReportLab Table a Table element: a TR per row, TH for the header rows and
    columns (scope Column and Row), TD for the other cells."""
    tag(t, "Table")
    g: Any = t
    g._renderCB = _Cells(header_rows, header_cols)  # ReportLab calls it around each row and cell
    return t


class _Cells:
    """ReportLab's table drawing callback: enter a TR for each row and a TH or TD for each cell."""

    def __init__(self, header_rows: int, header_cols: int) -> None:
        self.header_rows, self.header_cols = header_rows, header_cols
        self.open: list[Elem] = []

    def __call__(self, t: Any, event: str, *args: Any) -> None:
        tags: Tags | None = getattr(t.canv, "handouts_tags", None)
        if tags is None:
            return
        if event in ("startRow", "startCell"):
            # A cell of flowables only groups them (they are tagged themselves); a cell of
            # text is the text's element.
            group = event == "startCell" and not isinstance(args[2], str)
            if event == "startRow":
                elem = Elem("TR")
            elif args[0] < self.header_rows:
                elem = Elem("TH", group, scope="Column")
            elif args[1] < self.header_cols:
                elem = Elem("TH", group, scope="Row")
            else:
                elem = Elem("TD", group)
            self.open.append(elem)
            tags.enter(t.canv, elem)
        elif event in ("endRow", "endCell"):
            tags.leave(t.canv, self.open.pop())


def tag_story(story: Iterable[Any]) -> None:
    """Give every flowable of the story (and inside its tables and groups) that says nothing
    itself its role: paragraphs by style, form fields as Form elements."""
    from handouts.layout.formboxes import BoxGrid, TextBox
    from handouts.layout.slots import Placeholder

    def walk(f: Any) -> None:
        if isinstance(f, (list, tuple)):
            for x in f:
                walk(x)
            return
        if not isinstance(f, Flowable):
            return
        if not isinstance(f, _Tagged):
            if isinstance(f, Paragraph):
                if f.getPlainText().strip():  # an empty line to write on is decoration
                    tag(f, ROLES.get(f.style.name, "P"))
            elif isinstance(f, Placeholder):
                tag(f, "P")
            elif isinstance(f, BoxGrid):
                _form(f, [name for line in f.lines for name, _ in line])
            elif isinstance(f, TextBox) and not f.hidden:
                _form(f, [f.name])
        # Containers: ReportLab's, Stack's items, a table's cells, and text beside a picture.
        for attr in ("_content", "items", "_cellvalues", "content", "picture"):
            walk(getattr(f, attr, ()))
        if isinstance(f, ImageAndFlowables):
            walk(f._I)

    walk(list(story))


def _form(f: Any, names: list[str]) -> None:
    _retype(f)
    f._fields = tuple(Elem("Form", field=n) for n in names)
