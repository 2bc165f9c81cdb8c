"""What the web page asks of the core, run inside a worker process of the app's pools.

ReportLab is not thread-safe, so every build happens here, in a process, never in the
server's threads. Each function takes and returns plain picklable values; the project's
errors come back as lines of text (`Failed`), since they do not survive pickling whole.
This is the web page's only door into the core.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError
from handouts.web.draft import Draft, changes, to_program

PREVIEW_DPI = 60
KINDS = ("handout", "tracker", "packet")


@dataclass(frozen=True)
class Failed:
    """A build the user can fix: every problem as a line for the page."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Preview:
    """The first page of a handout as PNG, with how it was set."""

    png: bytes
    pages: int
    fit: str  # e.g. "12 pt with tips", or "large print, 18 pt"
    width: int
    height: int


class Worker:
    """One worker process's build context: the library it loaded and the core's caches."""

    def __init__(self, content: Sequence[str]) -> None:
        from handouts.content.library import content_folders, load_library

        self.lib = load_library(content_folders([Path(c) for c in content]))

    def plan(self, draft: Draft) -> tuple[Any, Any]:
        """The selection and per-stretch overrides of a draft, checked by the core."""
        from handouts.content.program import StretchChange, _with_precautions, make_overrides
        from handouts.content.select import select
        from handouts.errors import SelectionError

        if not draft.items:
            raise SelectionError("choose at least one stretch")
        sel = select(self.lib, None, draft.ids)
        asked = {sid: StretchChange.model_validate(c)
                 for sid, c in changes(draft, self.lib.stretches).items()}
        overrides, bad = make_overrides(self.lib, sel, asked)
        if bad:
            names = {s.id: s.name for s in sel.stretches}
            lines = [f"{names.get(str(loc[0]), loc[0])}: {' '.join(map(str, loc[1:]))}: {msg}"
                     for loc, msg in bad]
            raise SelectionError("; ".join(lines))
        return _with_precautions(sel, draft.precautions), overrides


_CONTEXT: list[Worker] = []  # the process-local context, set once by `start` in each worker


def start(content: Sequence[str]) -> None:
    """Pool initializer: load the library once per worker process."""
    _CONTEXT[:] = [Worker(content)]


def _worker() -> Worker:
    if not _CONTEXT:
        raise RuntimeError("handouts.web.work.start was not run in this process")
    return _CONTEXT[0]


def _date(text: str, label: str) -> dt.date | None:
    from handouts.errors import SelectionError

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SelectionError(f"{label}: '{text}' is not a date like 2026-03-31") from None


def _monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _build(draft: Draft, kind: str, today: dt.date) -> tuple[bytes, str]:
    from handouts.layout import styles
    from handouts.layout.handout import HandoutSpec, build_handout
    from handouts.layout.sheet import SheetHeader

    w = _worker()
    sel, overrides = w.plan(draft)
    when = _date(draft.date, "Date")
    first = _date(draft.start, "Tracker start") or _monday(when or today)
    header = SheetHeader(draft.patient or None, draft.clinician or None, when)
    large = draft.print_size == "large"
    if kind == "handout":
        spec = HandoutSpec(sel, header, draft.page_size, (), overrides, large_print=large)
        return build_handout(w.lib, spec), "handout"
    if kind == "tracker":
        from handouts.layout.tracker import TrackerSpec, build_tracker

        look = styles.large_print() if large else styles.Look()
        tspec = TrackerSpec(sel, first, draft.weeks, header, draft.page_size, (), overrides, look=look)
        return build_tracker(w.lib, tspec), "tracker"
    from handouts.content.paths import builtin_content
    from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec

    spec_file = load_packet_spec(builtin_content() / "packets" / "patient.yaml")
    opts = PacketOptions(when or today, first, draft.patient or None, draft.clinician or None,
                         None, draft.page_size, (), overrides,
                         styles.large_print() if large else styles.Look(), selection=sel,
                         weeks=draft.weeks)
    return build_packet(w.lib, spec_file, opts), "packet"


def document(draft: Draft, kind: str, today: dt.date) -> bytes | Failed:
    """The handout, tracker or packet of a draft as PDF bytes, or why it cannot be made."""
    try:
        return _build(draft, kind, today)[0]
    except HandoutsError as e:
        return Failed(tuple(e.lines()))


def preview(draft: Draft, today: dt.date) -> Preview | Failed:
    """The handout's first page as a PNG at PREVIEW_DPI, with its page count and fit level."""
    import pypdfium2 as pdfium

    try:
        data, _ = _build(draft, "handout", today)
    except HandoutsError as e:
        return Failed(tuple(e.lines()))
    doc = pdfium.PdfDocument(data)
    try:
        image = doc[0].render(scale=PREVIEW_DPI / 72).to_pil()
        pages = len(doc)
    finally:
        doc.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    fit = "large print, 18 pt" if draft.print_size == "large" else ""
    return Preview(buf.getvalue(), pages, fit, image.width, image.height)


def check_program(draft: Draft) -> dict[str, Any] | Failed:
    """The program file's mapping for a draft, checked exactly as `--program FILE` checks it."""
    import tempfile

    import yaml

    from handouts.content.program import load_program

    w = _worker()
    try:
        if not draft.patient:
            return Failed(("Type the patient's name before saving.",))
        _date(draft.date, "Date")
        data = to_program(draft, w.lib.stretches)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "program.yaml"
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
            load_program(path, w.lib)
        return data
    except HandoutsError as e:
        return Failed(tuple(e.lines()))


def read_program(path: Path) -> dict[str, Any] | Failed:
    """A saved program file, checked by the core; its mapping for the form."""
    from handouts.content.program import load_program
    from handouts.content.yamlsrc import read_yaml_file

    try:
        load_program(path, _worker().lib)
        data = read_yaml_file(path, "program file").data
    except HandoutsError as e:
        return Failed(tuple(e.lines()))
    return dict(data) if isinstance(data, dict) else Failed(("not a program file",))


def figure_svg(stretch_id: str) -> str:
    """A stretch's drawn figure as SVG text (a blank frame when it has none)."""
    from reportlab.graphics import renderSVG
    from reportlab.graphics.shapes import Drawing

    from handouts.layout import fonts
    from handouts.layout.figures import draw_figure

    w = _worker()
    stretch = w.lib.stretches[stretch_id]
    if stretch.figure is None:
        return str(renderSVG.drawToString(Drawing(216, 144)))
    fonts.register()
    drawing = draw_figure(w.lib.figures[stretch.figure], 216, 144, label_font=fonts.BOLD)
    return str(renderSVG.drawToString(drawing))
