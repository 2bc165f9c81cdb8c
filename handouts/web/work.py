"""What the web page asks of the core, run inside a worker process of the app's pools.

ReportLab is not thread-safe, so every build happens here, in a process, never in the
server's threads. Each function takes and returns plain picklable values; the project's
errors come back as lines of text (`Failed`), since they do not survive pickling whole.
This is the web page's only door into the core.
"""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.config import Config
from handouts.errors import HandoutsError
from handouts.web.draft import Draft, to_program

PREVIEW_DPI = 90  # a letter page 765 px wide: the type stays legible on screen
KINDS = ("handout", "tracker", "packet")


@dataclass(frozen=True)
class Failed:
    """A build the user can fix: every problem as a line for the page."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Preview:
    """The first page of a handout as a JPEG image, with how it was set."""

    image: bytes
    pages: int
    fit: str  # e.g. "12 pt with tips", or "large print, 18 pt"
    width: int
    height: int
    ms: float = 0.0  # time in this worker: building the PDF and drawing the image
    cpu_ms: float = 0.0  # of which this process ran on a core (the rest: waiting for one)


class Worker:
    """One worker process's build context (the API's), kept for the life of the process."""

    def __init__(self, content: Sequence[Path], config: Config) -> None:
        from handouts.context import BuildContext

        self.ctx = BuildContext.load(content, config)

    @property
    def lib(self) -> Any:
        return self.ctx.library


# Each worker process carries its own context on its Process object: state of that process,
# set once by `start`, never a module's. The server process never has one.
SLOT = "handouts_web_worker"


def start(content: Sequence[Path], config: Config) -> None:
    """Pool initializer: load the library once per worker process."""
    setattr(multiprocessing.current_process(), SLOT, Worker(content, config))


def ready() -> bool:
    """Nothing: submitted once so a pool's processes start before they are needed."""
    return isinstance(getattr(multiprocessing.current_process(), SLOT, None), Worker)


def _worker() -> Worker:
    found = getattr(multiprocessing.current_process(), SLOT, None)
    if not isinstance(found, Worker):
        raise RuntimeError("handouts.web.work.start was not run in this process")
    return found


# A program needs a patient; a draft may not have one yet. The program then carries this
# name and the sheet is given a blank one (a space prints exactly as an empty name line).
_UNNAMED, _BLANK = "Patient", " "


def _program(draft: Draft) -> dict[str, Any]:
    """The draft as the program mapping the API checks, exactly as a saved file would be."""
    from handouts.errors import SelectionError

    if not draft.items:
        raise SelectionError("choose at least one stretch")
    data = to_program(draft, _worker().lib.stretches, check_date=False)
    data["patient"] = draft.patient or _UNNAMED
    return data


def _packet_words(language: str) -> dict[str, Any]:
    """The `packet:` block (title, subject) of the built-in patient packet in `language`."""
    import yaml

    from handouts.content.paths import builtin_packet

    data = yaml.safe_load(builtin_packet("patient", language).read_text(encoding="utf-8"))
    return dict(data["packet"])


def _build(draft: Draft, kind: str) -> Any:
    """One document of a draft through the public API: its Result."""
    from handouts import api

    w = _worker()
    common: dict[str, Any] = {
        "program": _program(draft), "patient": draft.patient or _BLANK,
        "date": draft.date or "blank", "page_size": draft.page_size,
        "large_print": draft.print_size == "large", "language": draft.language,
    }
    if kind == "handout":
        return api.handout(w.ctx, **common)
    if kind == "tracker":
        return api.tracker(w.ctx, start=draft.start or None, weeks=draft.weeks, **common)
    # The built-in patient packet's title and subject, in the draft's language when it has them.
    spec = {"packet": _packet_words(draft.language),
            "parts": ["cover", {"handout": {}}, {"tracker": {"weeks": draft.weeks}}]}
    return api.packet(w.ctx, spec=spec, start=draft.start or None, **common)


FIELD_WORDS = {"hold_seconds": "hold (seconds)", "hold": "hold", "reps": "rounds", "sets": "sets",
                "rest_seconds": "rest between sets (seconds)", "dose_text": "dose, as written",
                "times_per_day": "times a day", "days_per_week": "days a week", "side": "side",
                "note": "note", "precautions": "extra precautions", "patient": "patient name",
                "clinician": "clinician"}


def _plain(e: HandoutsError) -> Failed:
    """The core's lines in the page's words: 'Figure-four, hold (seconds): must be 120 or less'."""
    import re

    names = {s.id: s.name for s in _worker().lib.stretches.values()}
    out = []
    for line in e.lines():
        if re.fullmatch(r"\d+ problems? in content\.", line):
            continue
        line = re.sub(r"^(the )?program: ", "", line)
        line = re.sub(r"^changes\.([a-z0-9-]+)\.(\w+): ", lambda m: f"{names.get(m[1], m[1])}, "
                      f"{FIELD_WORDS.get(m[2], m[2])}: ", line)
        line = re.sub(r"^(\w+)(\.\d+)?: ", lambda m: f"{FIELD_WORDS.get(m[1], m[1])}: ", line)
        line = re.sub(r"Input should be less than or equal to (\d+)", r"must be \1 or less", line)
        line = re.sub(r"Input should be greater than or equal to (\d+)", r"must be \1 or more", line)
        line = re.sub(r"Input should be a valid integer.*", "must be a whole number", line)
        out.append(line[:1].upper() + line[1:])
    return Failed(tuple(out))


def document(draft: Draft, kind: str) -> bytes | Failed:
    """The handout, tracker or packet of a draft as PDF bytes, or why it cannot be made."""
    try:
        data: bytes = _build(draft, kind).pdf
    except HandoutsError as e:
        return _plain(e)
    return data


def preview(draft: Draft) -> Preview | Failed:
    """The handout's first page as an image at PREVIEW_DPI, with its page count and fit level."""
    import time

    import pypdfium2 as pdfium

    began, cpu = time.perf_counter(), time.process_time()
    try:
        result = _build(draft, "handout")
    except HandoutsError as e:
        return _plain(e)
    doc = pdfium.PdfDocument(result.pdf)
    try:
        image = doc[0].render(scale=PREVIEW_DPI / 72).to_pil()
    finally:
        doc.close()
    buf = io.BytesIO()
    # JPEG: 15 ms to encode where PNG takes 100 ms, and smaller; a preview is not for print.
    image.convert("RGB").save(buf, format="JPEG", quality=85)
    fit = result.fit or ""
    if draft.print_size == "large" and "large" not in fit:
        fit = f"large print, {fit}" if fit else "large print"
    return Preview(buf.getvalue(), result.pages, fit, image.width, image.height,
                   (time.perf_counter() - began) * 1000, (time.process_time() - cpu) * 1000)


def check_program(draft: Draft) -> dict[str, Any] | Failed:
    """The program file's mapping for a draft, checked by the API as `--program FILE` is."""
    from handouts import api

    if not draft.patient:
        return Failed(("Type the patient's name before saving.",))
    try:
        data = to_program(draft, _worker().lib.stretches)
        api.load_program(_worker().ctx, data, "the program")
    except HandoutsError as e:
        return _plain(e)
    except ValueError as e:
        return Failed((str(e),))
    return data


def read_program(path: Path) -> dict[str, Any] | Failed:
    """A saved program file, checked by the API; its mapping for the form."""
    from handouts import api
    from handouts.content.yamlsrc import read_yaml_file

    try:
        api.load_program(_worker().ctx, path)
        data = read_yaml_file(path, "program file").data
    except HandoutsError as e:
        return Failed(tuple(line.replace(str(path.parent) + "/", "") for line in e.lines()))
    return dict(data) if isinstance(data, dict) else Failed(("not a program file",))


def figure_svg(stretch_id: str) -> str:
    """A stretch's drawn figure as SVG text (a blank frame when it has none)."""
    from reportlab.graphics import renderSVG
    from reportlab.graphics.shapes import Drawing

    from handouts.layout import fonts
    from handouts.layout.figures import draw_figure

    lib = _worker().lib
    stretch = lib.stretches[stretch_id]
    if stretch.figure is None:
        return str(renderSVG.drawToString(Drawing(216, 144)))
    fonts.register()
    drawing = draw_figure(lib.figures[stretch.figure], 216, 144, label_font=fonts.BOLD)
    return str(renderSVG.drawToString(drawing))
