"""The picture of a stretch: its drawn figure, or an image file the clinic supplies."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from handouts.content.imagepath import resolve_image
from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.errors import ContentError, Problem
from handouts.layout import fonts
from handouts.layout.figures import FigureSpec

MAX_IMAGE_PX = 600  # longest side kept; larger pictures are scaled down before embedding


def _problem(lib: Library, s: Stretch, message: str) -> ContentError:
    path, line = lib.origins[("stretches", s.id)].where("image", "path")
    return ContentError([Problem(path, line, f"stretches[{s.id}].image.path", message)])


def image_path(lib: Library, s: Stretch) -> Path:
    """Resolve a stretch's image inside its own content folder, refusing any escape."""
    assert s.image is not None
    try:
        return resolve_image(lib.folder_of("stretches", s.id), s.image.path)
    except ValueError as e:
        raise _problem(lib, s, str(e)) from e


def check_images(lib: Library) -> list[Problem]:
    """Open every supplied picture once; report each one that cannot be read."""
    problems: list[Problem] = []
    for s in lib.stretches.values():
        if s.image is None:
            continue
        try:
            _load_image(image_path(lib, s))
        except ContentError as e:
            problems += e.problems
        except Exception as e:  # PIL and svglib raise many kinds for a bad file
            problems += _problem(lib, s, f"cannot read image: {e}").problems
    return problems


@lru_cache(maxsize=64)
def _load_image(path: Path) -> tuple[Any, float, float]:
    """Decode an image once; return a drawable thing and its natural size."""
    if path.suffix.lower() == ".svg":
        from svglib.svglib import svg2rlg

        drawing = svg2rlg(str(path))
        if drawing is None:
            raise ValueError("not a readable SVG file")
        return drawing, float(drawing.width), float(drawing.height)
    from io import BytesIO

    from PIL import Image as PILImage

    with PILImage.open(path) as opened:
        opened.load()
        im = opened.convert("RGBA" if opened.mode in ("RGBA", "LA", "P") else "RGB")
    im.thumbnail((MAX_IMAGE_PX, MAX_IMAGE_PX))
    buf = BytesIO()
    im.save(buf, format="PNG", optimize=True)
    return buf.getvalue(), float(im.width), float(im.height)


def _scaled(path: Path, w: float, h: float) -> Any:
    from io import BytesIO

    from reportlab.graphics.shapes import Drawing, Group
    from reportlab.platypus import Image

    thing, nat_w, nat_h = _load_image(path)
    scale = min(w / nat_w, h / nat_h)
    if isinstance(thing, bytes):
        return Image(BytesIO(thing), width=nat_w * scale, height=nat_h * scale)
    d = Drawing(nat_w * scale, nat_h * scale)
    g = Group(*thing.contents)
    g.scale(scale, scale)
    d.add(g)
    return d


# Drawn figures by (spec identity, size). A Drawing can be placed on any number of pages, so a
# figure is posed once per process however many sheets, fit attempts or patients use it.
# The spec is kept in the value so its id() cannot be reused while the entry lives.
_FIGURES: dict[tuple[int, float, float, float], tuple[FigureSpec, Any]] = {}


def _figure(spec: FigureSpec, w: float, h: float, label_size: float) -> Any:
    from handouts.layout.figures import draw_figure

    key = (id(spec), w, h, label_size)
    if key not in _FIGURES:
        if len(_FIGURES) > 512:
            _FIGURES.clear()
        fonts.register()
        _FIGURES[key] = (spec, draw_figure(spec, w, h, label_font=fonts.BOLD, label_size=label_size))
    return _FIGURES[key][1]


def credit_line(s: Stretch) -> str | None:
    """The attribution printed under a supplied picture: author, source, licence."""
    if s.image is None:
        return None
    parts = [p for p in (s.image.author, s.image.source, s.image.licence) if p]
    return "Picture: " + ", ".join(parts) if parts else None


def picture_for(lib: Library, s: Stretch, w: float, h: float, caption_style: Any = None,
                label_size: float = 10.0) -> Any:
    """A framed picture for a stretch: image if it names one, else its figure, else an empty frame.

    A supplied image carries its credit line underneath in `caption_style`; a drawn figure's
    pose labels are `label_size` points.
    """
    from reportlab.platypus import Paragraph

    from handouts.layout.flowables import PictureBox, Stack
    from handouts.wording.text import escape

    inner_w, inner_h = w - 6, h - 6
    content: Any = None
    if s.image is not None:
        path = image_path(lib, s)
        try:
            content = _scaled(path, inner_w, inner_h)
        except Exception as e:  # PIL and svglib raise many kinds for a bad file
            raise _problem(lib, s, f"cannot read image: {e}") from e
    elif s.figure is not None:
        content = _figure(lib.figures[s.figure], inner_w, inner_h, label_size)
    box = PictureBox(w, h, content)
    credit = credit_line(s)
    if credit and caption_style is not None:
        return Stack(w, [box, Paragraph(escape(credit), caption_style)])
    return box


def logo_for(path: Path, max_w: float, max_h: float) -> Any:
    """The clinic's logo scaled to fit the box; a bad file is an input error naming it."""
    from handouts.errors import InputFileError

    try:
        return _scaled(path, max_w, max_h)
    except Exception as e:  # PIL and svglib raise many kinds for a bad file
        raise InputFileError(path, f"cannot read the clinic logo: {e}") from e


def short_address(url: str) -> str:
    """The address as a patient would type it: no scheme, no trailing slash."""
    bare = url.split("://", 1)[-1]
    return bare[4:].rstrip("/") if bare.startswith("www.") else bare.rstrip("/")


def video_for(s: Stretch, size: float, caption_style: Any) -> Any | None:
    """A QR code to the stretch's video with the short address under it, or None."""
    if not s.video_url:
        return None
    from reportlab.platypus import Paragraph

    from handouts.layout.flowables import Stack, qr_drawing
    from handouts.wording.text import escape

    # A long address breaks inside the word (ReportLab's splitLongWords) rather than overflow.
    address = escape(short_address(s.video_url))
    return Stack(size + 8, [qr_drawing(s.video_url, size), Paragraph(address, caption_style)])
