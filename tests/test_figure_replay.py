"""A posed figure drawn once per context (a process's) and replayed (layout/figures/replay.py)
prints the same bytes as one drawn for real: cold, warm after other documents, and with
replay off."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest import DAY
from pdfread import page_texts, words

from handouts import api
from handouts.context import BuildContext
from handouts.layout.figures import replay

LEFT = {"patient": "Ana Ruiz", "date": DAY, "stretches": [
    "figure-four", "cat-cow", "kneeling-hip-flexor", "supine-hamstring"],
        "changes": {"figure-four": {"side": "left"}, "kneeling-hip-flexor": {"side": "left"},
                    "supine-hamstring": {"side": "left"}}}
MIX = ["knee-to-chest", "seated-spinal-twist", "cat-cow", "figure-four"]

Build = Callable[[BuildContext], bytes]
DOCUMENTS: dict[str, Build] = {
    "handout": lambda c: api.handout(c, stretches=MIX, patient="Ana Ruiz", date=DAY).pdf,
    "large print": lambda c: api.handout(c, stretches=MIX, large_print=True, date=DAY).pdf,
    "left side": lambda c: api.handout(c, program=LEFT).pdf,
    "detail": lambda c: api.detail(c, stretch="cat-cow", patient="Ana", date=DAY).pdf,
    "left detail": lambda c: api.detail(c, stretch="figure-four", program=LEFT).pdf,
    "tracker": lambda c: api.tracker(c, stretches=MIX, date=DAY, weeks=2).pdf,
    "packet": lambda c: api.packet(c, program=LEFT, date=DAY, start=DAY).pdf,
    "education": lambda c: api.education(c).pdf,
    "spanish": lambda c: api.handout(c, stretches=MIX, language="es", date=DAY).pdf,
    "spanish large": lambda c: api.handout(c, stretches=["cat-cow"], language="es",
                                           large_print=True, date=DAY).pdf,
}


@pytest.fixture
def fresh() -> Iterator[None]:
    replay.enabled = True
    yield
    replay.enabled = True


def _context() -> BuildContext:
    return BuildContext.load(today=lambda: DAY)


def test_every_document_is_the_same_cold_warm_and_with_replay_off(fresh):
    replay.enabled = False
    off = {name: build(_context()) for name, build in DOCUMENTS.items()}
    replay.enabled = True
    cold = {name: build(_context()) for name, build in DOCUMENTS.items()}
    ctx = _context()  # one context: each document after the others, its figures replayed
    warm = {name: build(ctx) for name, build in DOCUMENTS.items()}
    again = {name: build(ctx) for name, build in reversed(DOCUMENTS.items())}
    assert len(ctx.caches.drawn) > 10 and len(ctx.caches.figures) == 0  # Spanish: its own
    for name in DOCUMENTS:
        assert cold[name] == off[name], name
        assert warm[name] == off[name], name
        assert again[name] == off[name], name


def test_a_replayed_figure_keeps_its_labels_in_each_language(fresh):
    ctx = _context()
    for _ in range(2):  # the second time every figure is replayed
        english = words(page_texts(api.handout(ctx, stretches=["cat-cow"], date=DAY).pdf)[0])
        spanish = words(page_texts(api.handout(ctx, stretches=["cat-cow"], language="es",
                                               date=DAY).pdf)[0])
        assert "Cat" in english and "Cow" in english
        assert "Gato" in spanish and "Vaca" in spanish


def test_a_warm_figure_is_not_posed_again(fresh, monkeypatch):
    from handouts.layout import pictures

    posed: list[str] = []
    pose = pictures._pose
    monkeypatch.setattr(pictures, "_pose", lambda spec, *a: posed.append(spec.id) or pose(spec, *a))
    ctx = _context()
    api.handout(ctx, stretches=MIX, date=DAY)
    assert sorted(posed) == sorted(MIX)  # only the size drawn, once each
    drawn = ctx.caches.drawn
    assert len(drawn) == len(MIX) and len(ctx.caches.figures) == 0  # operators, no Drawing
    sizes = [sum(len(p) for p in drawn.get(k, tuple) if isinstance(p, str))
             for k in list(drawn._items)]
    assert all(10_000 < size < 60_000 for size in sizes)  # 128 kept: under 8 MB
    api.handout(ctx, stretches=MIX, patient="Bo Lin", date=DAY)
    assert len(posed) == len(MIX) and len(drawn) == len(MIX)  # all replayed


def test_the_kept_figures_stay_under_the_cap(fresh):
    ctx = _context()
    ctx.caches.drawn.size = 1
    first = api.handout(ctx, stretches=MIX, date=DAY).pdf
    assert len(ctx.caches.drawn) == 1
    assert api.handout(ctx, stretches=MIX, date=DAY).pdf == first


def test_a_pose_is_posed_once_and_again_when_edited(lib):
    from handouts.context import Caches
    from handouts.layout.figures.pose import _Builder, pose_figure

    kept = Caches().poses
    pose = lib.figures["figure-four"].poses[0]
    first = pose_figure(pose, kept)
    assert pose_figure(pose, kept) is first and first == _Builder(pose).build()
    bent = pose.model_copy(update={"angles": {**pose.angles, "trunk": -80.0}})
    assert pose_figure(bent, kept) == _Builder(bent).build() != first
    assert len(kept) == 2
