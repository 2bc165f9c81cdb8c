"""The picture of a stretch: its drawn figure, or an image file the clinic supplies."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.content.imagepath import resolve_image
from handouts.content.library import Library
from handouts.content.model import Stretch
from handouts.context import Caches
from handouts.errors import ContentError, Problem
from handouts.layout import fonts
from handouts.layout.figures import FigureSpec

if TYPE_CHECKING:
    from handouts.wording.language import Language

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


def check_images(lib: Library, caches: Caches | None = None) -> list[Problem]:
    """Open every supplied picture once; report each one that cannot be read."""
    caches = caches or Caches()
    problems: list[Problem] = []
    for s in lib.stretches.values():
        if s.image is None:
            continue
        try:
            _image(image_path(lib, s), caches)
        except ContentError as e:
            problems += e.problems
        except Exception as e:  # PIL and svglib raise many kinds for a bad file
            problems += _problem(lib, s, f"cannot read image: {e}").problems
    return problems


def _image(path: Path, caches: Caches) -> tuple[Any, float, float]:
    """A decoded image, kept in the caller's caches by path."""
    return caches.images.get(path, lambda: _load_image(path))


def _load_image(path: Path) -> tuple[Any, float, float]:
    """Decode an image once; return a drawable thing and its natural size."""
    from handouts.pdf.quiet import quiet

    quiet()
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


def _scaled(path: Path, w: float, h: float, caches: Caches, mirror: bool = False) -> Any:
    from io import BytesIO

    from reportlab.graphics.shapes import Drawing, Group
    from reportlab.platypus import Image

    thing, nat_w, nat_h = _image(path, caches)
    scale = min(w / nat_w, h / nat_h)
    if isinstance(thing, bytes):
        if mirror:
            png = thing
            thing = caches.images.get(Path(f"{path}#mirrored"),
                                      lambda: (_mirrored_png(png), nat_w, nat_h))[0]
        return Image(BytesIO(thing), width=nat_w * scale, height=nat_h * scale)
    d = Drawing(nat_w * scale, nat_h * scale)
    g = Group(*thing.contents)
    g.transform = (-scale if mirror else scale, 0, 0, scale, nat_w * scale if mirror else 0, 0)
    d.add(g)
    return d


def _mirrored_png(data: bytes) -> bytes:
    """The same picture flipped left to right, to show the other side."""
    from io import BytesIO

    from PIL import Image as PILImage
    from PIL import ImageOps

    with PILImage.open(BytesIO(data)) as im:
        buf = BytesIO()
        ImageOps.mirror(im).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _pose(spec: FigureSpec, w: float, h: float, mirror: bool = False,
          label_size: float = 10.0, caches: Caches | None = None) -> Any:
    """The figure of `spec` posed as a Drawing of w x h points. `mirror` flips it left to
    right: a figure stretching the right side then stretches the left. Pose labels are
    `label_size` points. The outlines of each pose are kept in `caches.poses`."""
    from handouts.layout.figures import draw_figure

    fonts.register()
    drawing = draw_figure(spec, w, h, label_font=fonts.BOLD, label_size=label_size,
                          poses=caches.poses if caches is not None else None)
    return _flipped(drawing) if mirror else drawing


def _figure(spec: FigureSpec, w: float, h: float, caches: Caches, mirror: bool = False,
            label_size: float = 10.0) -> Any:
    """A posed figure (see _pose); a Drawing can be placed on any number of pages, so a
    figure is posed once per context however many sheets, fit attempts or patients use it."""
    # The labels are in the key: the Spanish figure of an id says "Gato", the English "Cat".
    labels = tuple(p.label or "" for p in spec.poses)
    return caches.figures.get((spec.id, labels, w, h, mirror, label_size),
                              lambda: _pose(spec, w, h, mirror, label_size, caches))


def _flipped(drawing: Any) -> Any:
    from reportlab.graphics.shapes import Drawing, Group

    out = Drawing(drawing.width, drawing.height)
    g = Group(*drawing.contents)
    g.transform = (-1, 0, 0, 1, drawing.width, 0)
    out.add(g)
    return out


class _LazyFigure:
    """A figure posed when its box is first drawn, not when the page is built or measured,
    and then only the first time in its context (figures/replay.py replays it after).

    A handout's fit search builds its page at up to four picture sizes and draws one;
    posing a figure takes longer than measuring the page, so only the drawn size is posed.
    Quacks like the Drawing it stands for as far as PictureBox asks (wrap, drawOn).
    """

    def __init__(self, spec: FigureSpec, w: float, h: float, caches: Caches,
                 mirror: bool = False, label_size: float = 10.0) -> None:
        self.spec, self.w, self.h, self.caches, self.mirror = spec, w, h, caches, mirror
        self.label_size = label_size

    def _posed(self) -> Any:
        return _figure(self.spec, self.w, self.h, self.caches, self.mirror, self.label_size)

    def _posed_once(self) -> Any:
        return _pose(self.spec, self.w, self.h, self.mirror, self.label_size, self.caches)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.w, self.h  # what the posed Drawing answers: its own size

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        # Drawn once per context (a process's) for its figure (by its content), size, side,
        # labels and fonts, then replayed. A replayed figure needs no Drawing (some 120 KB), so the
        # one drawn first is not kept in caches.figures.
        from reportlab import rl_config

        from handouts.layout.figures import replay

        key = (self.spec.model_dump_json(), self.w, self.h, self.mirror, self.label_size,
               fonts.BOLD, rl_config.invariant)
        replay.draw(canv, x, y, key, self._posed_once if replay.enabled else self._posed,
                    self.caches.drawn)


def credit_line(s: Stretch, lib: Library | None = None) -> str | None:
    """The attribution printed under a supplied picture: author, source, licence."""
    from handouts.wording.text import Wording

    if s.image is None:
        return None
    parts = [p for p in (s.image.author, s.image.source, s.image.licence) if p]
    words = Wording((), lib.language if lib else None)
    return words.render("handout/picture_credit.j2", parts=parts) if parts else None


def picture_for(lib: Library, s: Stretch, w: float, h: float, caption_style: Any = None,
                mirror: bool = False, legend: bool = False,
                caches: Caches | None = None, label_size: float = 10.0) -> Any | None:
    """A framed picture for a stretch: its image if it names one, else its figure, else None.

    `w` and `h` are the frame's size in points. `mirror` flips it left to right, to show the
    other side. A supplied image carries its credit line underneath in `caption_style`; with
    `legend`, a drawn figure carries the legend of its marks. A drawn figure's pose labels
    are `label_size` points (10 or more: a patient reads them). Decoded images and posed
    figures are kept in `caches`.
    """
    caches = caches or Caches()
    from reportlab.platypus import Paragraph

    from handouts.layout.flowables import PictureBox, Stack
    from handouts.layout.tagging import tag
    from handouts.wording.text import escape

    inner_w, inner_h = w - 6, h - 6
    content: Any = None
    if s.image is not None:
        path = image_path(lib, s)
        try:
            content = _scaled(path, inner_w, inner_h, caches, mirror)
        except Exception as e:  # PIL and svglib raise many kinds for a bad file
            raise _problem(lib, s, f"cannot read image: {e}") from e
    elif s.figure is not None:
        content = _LazyFigure(lib.figures[s.figure], inner_w, inner_h, caches, mirror, label_size)
    else:
        return None
    box = PictureBox(w, h, content)
    if content is not None:
        tag(box, "Figure", alt=_alt(lib, s, mirror))
    if s.image is not None:
        credit = credit_line(s, lib)
    elif legend:  # under a drawn figure: what its marks mean
        from handouts.wording.text import Wording

        start = bool(s.figure and lib.figures[s.figure].start)
        credit = Wording((), lib.language).render("handout/legend.j2", drawn=True,
                                                   moving=start) or None
    else:
        credit = None
    if credit and caption_style is not None:
        return Stack(w, [box, Paragraph(escape(credit), caption_style)])
    return box


def logo_for(path: Path, max_w: float, max_h: float, caches: Caches | None = None) -> Any:
    """The clinic's logo scaled to fit the box; a bad file is an input error naming it."""
    from handouts.errors import InputFileError

    try:
        return _scaled(path, max_w, max_h, caches or Caches())
    except Exception as e:  # PIL and svglib raise many kinds for a bad file
        raise InputFileError(path, f"cannot read the clinic logo: {e}") from e


def _alt(lib: Library, s: Stretch, mirror: bool) -> str:
    """What a screen reader says for the picture, its side marks filled for the side it shows."""
    from handouts.content.sides import other, render

    alt = s.alt or f"{s.name}: {s.position}"
    if not s.sides:
        return alt
    shown = other(s.figure_side) if mirror else s.figure_side
    return render(alt, shown, _alt_sides(lib.language))


@lru_cache(maxsize=16)  # a language or two a process; bench/cold.py clears it
def _alt_sides(language: Language | None) -> Mapping[str, str]:
    """The side names the alt text fills in, in the library's language (built-in wording)."""
    from handouts.wording.dose import side_names
    from handouts.wording.text import Wording

    return side_names(Wording((), language))


def short_address(url: str) -> str:
    """The address as a patient would type it: no scheme, no trailing slash."""
    bare = url.split("://", 1)[-1]
    return bare[4:].rstrip("/") if bare.startswith("www.") else bare.rstrip("/")


def video_for(s: Stretch, size: float, caption_style: Any, alt: str) -> Any | None:
    """A QR code to the stretch's video with the short address under it, or None; `alt` is
    what a screen reader says for it (handout/video_alt.j2 in the sheet's language)."""
    if not s.video_url:
        return None
    from reportlab.platypus import Paragraph

    from handouts.layout.flowables import Stack, qr_drawing
    from handouts.layout.tagging import tag
    from handouts.wording.text import escape

    # A long address breaks inside the word (ReportLab's splitLongWords) rather than overflow.
    address = escape(short_address(s.video_url))
    qr = tag(qr_drawing(s.video_url, size), "Figure", alt=alt)
    return Stack(size + 8, [qr, Paragraph(address, caption_style)])
