"""Marked content while a page is drawn: which structure element each piece of drawing belongs to.

One `Tags` collector belongs to one build (one canvas). Drawing code enters and leaves
structure elements (`Elem`) as it draws; the collector writes the marked-content operators
into the page's content as it goes:

- outside any element, and inside grouping elements (Sect, L, Table, ...), what is drawn
  is an artifact (`/Artifact BMC ... EMC`): rules, tints, boxes, page numbers;
- inside a content element (P, H2, LBody, Figure, TD, ...) it is marked with that
  element's role and the next MCID of the page (`/P <</MCID 3>> BDC ... EMC`).

A sequence that received no drawing is taken back out, so empty elements leave no trace.
The elements, their parents (the element open when each was first entered), MCIDs and form
fields are kept for `structtree.write`, which turns them into the PDF's structure tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Roles whose own drawing is content; every other role only groups its kids.
CONTENT_ROLES = frozenset({
    "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Lbl", "LBody", "Figure", "Caption",
    "TH", "TD", "Span", "Quote", "Note",
})
# The role of an element that is no element: what is drawn inside it is an artifact,
# and elements entered inside it belong to the element around it.
NONE = ""


@dataclass(eq=False)
class Elem:
    """One structure element: its standard role and what a screen reader needs to know of it.

    `alt` is the alternative text of a Figure; `scope` is "Row" or "Column" for a TH;
    `field` is the form field name (/T) of a Form element. `bbox` (page space, points) is
    noted when a Figure is drawn.
    """

    role: str
    group: bool = False  # a cell holding flowables only groups them: its own drawing is an artifact
    alt: str | None = None
    scope: str | None = None
    field: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> Elem:
        # ReportLab deep-copies flowables before splitting them; a copy is still this element.
        return self


@dataclass(frozen=True)
class Mark:
    """Marked content of an element: MCID `mcid` on page `page` (0-based)."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Widget:
    """A form field's widget on page `page` (0-based), found by its name when the tree is written."""

    page: int
    name: str


Kid = Elem | Mark | Widget


@dataclass
class Tags:
    """The structure of one document as it is drawn (see the module docstring)."""

    root: Elem = field(default_factory=lambda: Elem("Document"))
    parents: dict[Elem, Elem] = field(default_factory=dict)
    kids: dict[Elem, list[Kid]] = field(default_factory=dict)
    pages: list[list[Elem]] = field(default_factory=list)  # page -> element of each MCID
    stack: list[Elem] = field(default_factory=list)
    _open: tuple[Elem | None, int] | None = None  # the element marked now (None: artifact), code index

    def __post_init__(self) -> None:
        self.kids[self.root] = []
        self.stack = [self.root]

    # Pages

    def begin_page(self, canv: Any) -> None:
        self.pages.append([])
        self.stack = [self.root]
        self._switch(canv)

    def end_page(self, canv: Any) -> None:
        self._close(canv)

    # Elements

    def adopt(self, parent: Elem, kid: Elem) -> None:
        """Make `kid` the next kid of `parent` now, before either is drawn (a list item's label)."""
        self._place(parent)
        if kid not in self.parents:
            self.parents[kid] = parent
            self.kids[parent].append(kid)
            self.kids[kid] = []

    def enter(self, canv: Any, elem: Elem) -> None:
        """Start drawing inside `elem` (its parent is the element open now, the first time)."""
        self._place(elem)
        self.stack.append(elem)
        self._switch(canv)

    def leave(self, canv: Any, elem: Elem) -> None:
        popped = self.stack.pop()
        assert popped is elem, f"left {elem.role} while {popped.role} was open"
        self._switch(canv)

    def widget(self, canv: Any, elem: Elem) -> None:
        """A Form element for the widget of field `elem.field`, drawn on this page."""
        assert elem.field is not None
        self._place(elem)
        self.kids[elem].append(Widget(len(self.pages) - 1, elem.field))

    def _place(self, elem: Elem) -> None:
        if elem in self.parents or elem is self.root or elem.role == NONE:
            return
        parent = next(e for e in reversed(self.stack) if e.role != NONE)
        self.parents[elem] = parent
        self.kids[parent].append(elem)
        self.kids[elem] = []

    # Marked content

    def _switch(self, canv: Any) -> None:
        """Close what is marked now and open the sequence for the element on top of the stack."""
        top = self.stack[-1]
        content = top.role in CONTENT_ROLES and not top.group
        if not content and self._open is not None and self._open[0] is None:
            return  # an artifact goes on being one
        self._close(canv)
        if content:
            mcid = len(self.pages[-1])
            self.pages[-1].append(top)
            canv.addLiteral(f"/{top.role} <</MCID {mcid}>> BDC")
            self._open = (top, len(_code(canv)))
        else:
            canv.addLiteral("/Artifact BMC")
            self._open = (None, len(_code(canv)))

    def _close(self, canv: Any) -> None:
        if self._open is None:
            return
        elem, start = self._open
        self._open = None
        code = _code(canv)
        if len(code) == start:  # nothing drawn: take the opening operator back
            code.pop()
            if elem is not None:
                self.pages[-1].pop()
            return
        canv.addLiteral("EMC")
        if elem is not None:
            self.kids[elem].append(Mark(len(self.pages) - 1, len(self.pages[-1]) - 1))


def _code(canv: Any) -> list[str]:
    # The canvas's list of operators for the page; ReportLab has no public way to read it back.
    code: list[str] = canv._code
    return code
