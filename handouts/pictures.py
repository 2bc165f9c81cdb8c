"""The picture of a stretch: its drawn figure, or an image file the clinic supplies."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from handouts import fonts
from handouts.errors import ContentError, Problem
from handouts.library import Library
from handouts.model import Stretch

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg"}
MAX_IMAGE_PX = 600  # longest side kept; larger pictures are scaled down before embedding


def image_path(lib: Library, s: Stretch) -> Path:
    """Resolve a stretch's image inside its own content folder, refusing any escape."""
    assert s.image is not None
    folder = lib.folder_of("stretches", s.id)
    where = lib.origins[("stretches", s.id)].where("image", "path")

    def fail(message: str) -> ContentError:
        return ContentError([Problem(where[0], where[1], f"stretches[{s.id}].image.path", message)])

    raw = Path(s.image.path)
    if raw.is_absolute() or ".." in raw.parts:
        raise fail("image path must stay inside the content folder (no '..', not absolute)")
    path = (folder / raw).resolve()
    if not path.is_relative_to(folder):
        raise fail("image path leads outside the content folder")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise fail("image must be a PNG, JPEG or SVG file")
    if not path.is_file():
        raise fail(f"image not found: {raw}")
    return path


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


def picture_for(lib: Library, s: Stretch, w: float, h: float) -> Any:
    """A framed picture for a stretch: image if it names one, else its figure, else an empty frame."""
    from handouts.figures import draw_figure
    from handouts.flowables import PictureBox

    inner_w, inner_h = w - 6, h - 6
    content: Any = None
    if s.image is not None:
        path = image_path(lib, s)
        try:
            content = _scaled(path, inner_w, inner_h)
        except Exception as e:  # PIL and svglib raise many kinds for a bad file
            where = lib.origins[("stretches", s.id)].where("image", "path")
            raise ContentError([Problem(where[0], where[1], f"stretches[{s.id}].image.path",
                                        f"cannot read image {path.name}: {e}")]) from e
    elif s.figure is not None:
        spec = lib.figures[s.figure]
        fonts.register()
        content = draw_figure(spec, inner_w, inner_h, label_font=fonts.BOLD)
    return PictureBox(w, h, content)
