"""The exercise figures: the YAML validates, each figure draws, shows, differs and repeats."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops
from pydantic import ValidationError
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Group, String

from handouts.layout.figures import FigureSpec, draw_figure
from handouts.layout.figures.body import JOINTS
from handouts.layout.figures.draw import ink_colours

FIGURES = Path(__file__).resolve().parents[1] / "content" / "figures.yaml"
IDS = [
    "kneeling-hip-flexor",
    "figure-four",
    "cat-cow",
    "knee-to-chest",
    "seated-spinal-twist",
    "supine-hamstring",
]
W, H = 216.0, 144.0  # 3 x 2 inches
COLOURS = {k: tuple(round(c * 255) for c in v.rgb()) for k, v in ink_colours().items()}


def _specs() -> dict[str, FigureSpec]:
    data = yaml.safe_load(FIGURES.read_text(encoding="utf-8"))
    assert list(data) == ["figures"]
    return {f["id"]: FigureSpec.model_validate(f) for f in data["figures"]}


SPECS = _specs()


def _pdf(spec: FigureSpec, w: float = W, h: float = H, **kw: Any) -> bytes:
    return bytes(renderPDF.drawToString(draw_figure(spec, w, h, **kw), invariant=1))


def _pixels(spec: FigureSpec, w: float = W, h: float = H) -> Image.Image:
    page = pdfium.PdfDocument(_pdf(spec, w, h))[0]
    return page.render(scale=100 / 72).to_pil().convert("RGB")


RENDERS = {fid: _pixels(spec) for fid, spec in SPECS.items()}


def _share(img: Image.Image, rgb: tuple[int, ...], tol: int = 30) -> float:
    """Share of pixels within `tol` of a colour on every channel."""
    bands = [
        b.point(lambda v, c=c: 255 if abs(v - c) <= tol else 0) for b, c in zip(img.split(), rgb, strict=True)
    ]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    return mask.histogram()[255] / (img.width * img.height)


def _red_share(img: Image.Image) -> float:
    """Share of clearly red-orange pixels: only the highlight has any (the rest is grey)."""
    r, g, b = img.split()
    redness = ImageChops.subtract(r, ImageChops.lighter(g, b))
    return sum(redness.point(lambda v: 255 if v > 70 else 0).histogram()[255:]) / (img.width * img.height)


def _dark_share(img: Image.Image, below: int = 90) -> float:
    hist = img.convert("L").histogram()
    return sum(hist[:below]) / (img.width * img.height)


def _strings(node: Any) -> list[String]:
    if isinstance(node, String):
        return [node]
    if isinstance(node, Group) or hasattr(node, "contents"):
        return [s for child in node.contents for s in _strings(child)]
    return []


def test_the_six_figures_are_there() -> None:
    assert sorted(SPECS) == sorted(IDS)
    assert [len(SPECS[i].poses) for i in IDS] == [1, 1, 2, 1, 1, 1]
    assert [p.label for p in SPECS["cat-cow"].poses] == ["Cat", "Cow"]


@pytest.mark.parametrize("fid", IDS)
def test_figure_is_drawn_with_body_outline_and_highlight(fid: str) -> None:
    img = RENDERS[fid]
    assert img.size == (300, 200)
    assert _dark_share(img) > 0.03  # outlines and arrows
    assert _share(img, COLOURS["body"], 12) > 0.04  # the body fill covers a real area
    assert _share(img, COLOURS["far"], 12) > 0.005  # far-side limbs drawn in their own tone
    assert _share(img, COLOURS["highlight"], 40) > 0.001  # the target muscle shows
    # A movement draws the end a little smaller, beside its small start.
    assert _red_share(img) > (0.0025 if SPECS[fid].start else 0.004)


MOVES = ["knee-to-chest", "figure-four", "supine-hamstring", "kneeling-hip-flexor"]


@pytest.mark.parametrize("fid", MOVES)
def test_movement_shows_a_small_start_and_a_large_end(fid: str) -> None:
    assert SPECS[fid].start is not None
    img = RENDERS[fid]
    body = COLOURS["body"]
    w, h = img.size
    halves = [img.crop(box) for box in ((0, 0, w // 3, h), (w // 3, 0, w, h),
                                          (0, 0, w, h // 3), (0, h // 3, w, h))]
    shares = [_share(part, body, 12) for part in halves]
    # Either the start sits on the left third (row) or the top third (column), and the big
    # end pose holds most of the body's area.
    row, col = shares[0] < shares[1] and shares[0] > 0.01, shares[2] < shares[3] and shares[2] > 0.01
    assert row or col, shares
    no_start = SPECS[fid].model_copy(update={"start": None})
    assert ImageChops.difference(img.convert("RGB"), _pixels(no_start).convert("RGB")).getbbox()


@pytest.mark.parametrize("fid", IDS)
def test_figure_is_centred_and_fills_the_box(fid: str) -> None:
    img = RENDERS[fid]
    box = ImageChops.invert(img.convert("L")).point(lambda v: 255 if v > 20 else 0).getbbox()
    assert box is not None
    left, top, right, bottom = box
    assert abs(left - (img.width - right)) <= 4
    assert abs(top - (img.height - bottom)) <= 4
    # Aspect is kept, so one dimension is (nearly) filled.
    assert right - left > 0.9 * img.width or bottom - top > 0.9 * img.height


def test_highlight_stays_distinct_in_greyscale() -> None:
    def grey(rgb: tuple[int, ...]) -> float:
        return (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255

    hl, body, far, ink = (grey(COLOURS[k]) for k in ("highlight", "body", "far", "ink"))
    assert body - hl > 0.35 and far - hl > 0.2 and hl - ink > 0.2


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(IDS, 2)))
def test_every_pair_of_figures_differs(a: str, b: str) -> None:
    diff = ImageChops.difference(RENDERS[a], RENDERS[b]).convert("L")
    changed = sum(diff.point(lambda v: 255 if v > 40 else 0).histogram()[255:])
    assert changed / (diff.width * diff.height) > 0.1


@pytest.mark.parametrize("fid", IDS)
def test_drawing_is_deterministic(fid: str) -> None:
    assert _pdf(SPECS[fid]) == _pdf(SPECS[fid])
    again = FigureSpec.model_validate(SPECS[fid].model_dump())
    assert _pdf(again) == _pdf(SPECS[fid])


def test_only_cat_cow_has_text_and_it_uses_the_given_font() -> None:
    for fid in IDS:
        texts = _strings(draw_figure(SPECS[fid], W, H))
        assert [t.text for t in texts] == (["Cat", "Cow"] if fid == "cat-cow" else [])
        assert all(t.fontName == "Helvetica" for t in texts)
    texts = _strings(draw_figure(SPECS["cat-cow"], W, H, label_font="Times-Roman"))
    assert {t.fontName for t in texts} == {"Times-Roman"}


@pytest.mark.parametrize(("w", "h"), [(122.4, 86.4), (300.0, 80.0), (90.0, 200.0)])
def test_drawing_fits_any_box(w: float, h: float) -> None:
    for fid in IDS:
        d = draw_figure(SPECS[fid], w, h)
        assert (d.width, d.height) == (w, h)
        x0, y0, x1, y1 = d.getBounds()
        assert x0 >= -0.5 and y0 >= -0.5 and x1 <= w + 0.5 and y1 <= h + 0.5


def test_changing_one_angle_changes_the_drawing() -> None:
    spec = SPECS["supine-hamstring"].model_dump()
    spec["poses"][0]["angles"]["right_hip"] = 60
    moved = FigureSpec.model_validate(spec)
    assert _pdf(moved) != _pdf(SPECS["supine-hamstring"])
    diff = ImageChops.difference(_pixels(moved), RENDERS["supine-hamstring"]).convert("L")
    assert diff.point(lambda v: 255 if v > 40 else 0).histogram()[255] > 1000


def _pose_spec(**pose: Any) -> dict[str, Any]:
    return {"id": "test", "poses": [{"angles": {"trunk": -90}, **pose}]}


@pytest.mark.parametrize(
    ("pose", "message"),
    [
        ({"angles": {"rigt_knee": 30}}, "unknown joint 'rigt_knee'"),
        ({"angles": {"right_knee": -40}}, "right_knee = -40 is outside"),
        ({"highlights": [{"region": "biceps", "side": "left"}]}, "unknown region 'biceps'"),
        ({"highlights": [{"region": "hamstrings"}]}, "give side: left or right"),
        ({"arrows": [{"at": "elbow"}]}, "unknown point 'elbow'"),
        ({"arrows": [{"at": "pelvis", "radius": 5}]}, "does not take radius"),
        ({"reach": {"right_hand": {"to": "right_elbow"}}}, "its own limb"),
        ({"reach": {"left_hand": {"to": "left_knee"}}, "angles": {"left_shoulder": 10}}, "drop angles"),
        (
            {"reach": {"left_foot": {"to": "right_knee"}, "right_foot": {"to": "left_ankle"}}},
            "depend on each other",
        ),
        ({"order": ["trunk", "left_arm"]}, "order must list each"),
        ({"knees": 3}, "Extra inputs are not permitted"),
    ],
)
def test_bad_poses_fail_validation_with_a_clear_message(pose: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        FigureSpec.model_validate(_pose_spec(**pose))


def test_a_spec_needs_one_or_two_poses() -> None:
    pose = {"angles": {}}
    FigureSpec.model_validate({"id": "ok", "poses": [pose, pose]})
    for poses in ([], [pose, pose, pose]):
        with pytest.raises(ValidationError):
            FigureSpec.model_validate({"id": "bad", "poses": poses})


def test_a_clinic_can_pose_a_new_stretch_from_data_alone() -> None:
    spec = FigureSpec.model_validate(
        {
            "id": "standing-quad",
            "poses": [
                {
                    "facing": "left",
                    "angles": {"left_knee": 150, "left_hip": -10, "right_shoulder": 90},
                    "reach": {"left_hand": {"to": "left_ankle"}},
                    "highlights": [{"region": "quadriceps", "side": "left"}],
                    "arrows": [{"at": "left_knee", "offset": [0, -8], "angle": -90}],
                }
            ],
            "floor": "line",
        }
    )
    img = _pixels(spec)
    assert _red_share(img) > 0.002
    assert _dark_share(img) > 0.015


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_angles_in_range_draw_inside_the_box(data: st.DataObject) -> None:
    angles = {
        name: data.draw(st.floats(r.low, r.high, allow_nan=False), label=name)
        for name, r in JOINTS.items()
        if data.draw(st.booleans(), label=f"use {name}")
    }
    facing = data.draw(st.sampled_from(["left", "right"]))
    spec = FigureSpec.model_validate({"id": "any", "poses": [{"facing": facing, "angles": angles}]})
    d = draw_figure(spec, 122.4, 86.4)
    x0, y0, x1, y1 = d.getBounds()
    assert x0 >= -0.5 and y0 >= -0.5 and x1 <= 122.9 and y1 <= 86.9
