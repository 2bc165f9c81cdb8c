"""Caches change how fast a sheet is made, never what it is: warm builds equal cold ones byte for byte."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DAY
from pdfread import reader

from handouts.content.library import Library
from handouts.content.model import Dose
from handouts.content.select import select
from handouts.context import Caches
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.layout.handout import HandoutSpec, build_handout
from handouts.layout.sheet import Override, SheetHeader
from handouts.layout.styles import large_print
from handouts.layout.tracker import TrackerSpec, build_tracker

PATIENT_SPEC = Path(__file__).parent.parent / "content" / "packets" / "patient.yaml"
MIXES = (
    ("figure-four", "cat-cow", "supine-hamstring"),
    ("knee-to-chest", "seated-spinal-twist", "kneeling-hip-flexor", "cat-cow"),
    ("supine-hamstring", "figure-four", "knee-to-chest", "cat-cow", "seated-spinal-twist"),
)


Make = Callable[[Caches], bytes]


def warm_up(lib: Library, caches: Caches) -> None:
    """Fill the caches with other plans: other mixes, doses, sides and dates."""
    for i, mix in enumerate(MIXES):
        sel = select(lib, None, list(mix))
        note = "Go slowly in the morning, and stop before it hurts."
        changes = {sid: Override(note=note) for sid in mix[:2]}
        changes[mix[0]] = Override(Dose(hold_seconds=20 + i, sets=2), side="left", note=note)
        build_handout(lib, HandoutSpec(sel, overrides=changes), caches)
        tspec = TrackerSpec(sel, DAY + dt.timedelta(days=i), i + 1, overrides=changes)
        build_tracker(lib, tspec)
        build_packet(lib, load_packet_spec(PATIENT_SPEC),
                     PacketOptions(DAY, DAY, "Ana Ruiz", selection=sel, weeks=i + 1,
                                   overrides=changes), caches)


def same_cold_and_warm(lib: Library, make: Make) -> bytes:
    """The document built with empty caches, and again with caches full of other plans."""
    first = make(Caches())
    caches = Caches()
    warm_up(lib, caches)
    assert make(caches) == first
    return first


@pytest.mark.parametrize("mix", [MIXES[1], MIXES[2]])
def test_handout_of_a_new_mix_is_the_same_after_other_plans(lib, mix):
    sel = select(lib, None, list(mix))
    changes = {"cat-cow": Override(Dose(reps=12, sets=3))}
    header = SheetHeader(patient="Ana Ruiz", clinician="Sam Lee PT", date=DAY)
    data = same_cold_and_warm(
        lib, lambda c: build_handout(lib, HandoutSpec(sel, header, overrides=changes), c))
    assert len(reader(data).pages) == 1


def test_large_print_handout_is_the_same_after_other_plans(lib):
    sel = select(lib, "lower-back-hip")
    same_cold_and_warm(lib, lambda c: build_handout(lib, HandoutSpec(sel, large_print=True), c))


@pytest.mark.parametrize("weeks", [1, 3])
def test_tracker_is_the_same_after_other_plans(lib, weeks):
    sel = select(lib, None, list(MIXES[2]))
    changes = {"figure-four": Override(Dose(hold_seconds=45, sets=4), side="right")}
    data = same_cold_and_warm(lib, lambda c: build_tracker(
        lib, TrackerSpec(sel, DAY + dt.timedelta(days=3), weeks, SheetHeader(patient="Ana Ruiz"),
                         overrides=changes)))
    assert len(reader(data).pages) == weeks


@pytest.mark.parametrize("look", ["normal", "large"])
def test_packet_is_the_same_after_other_plans(lib, look):
    spec = load_packet_spec(PATIENT_SPEC)
    sel = select(lib, None, list(MIXES[0]))
    opts = PacketOptions(DAY, DAY, "Zoë Byrne", "Dr. Jo Park", selection=sel, weeks=2,
                         look=large_print() if look == "large" else PacketOptions(DAY, DAY).look)
    data = same_cold_and_warm(lib, lambda c: build_packet(lib, spec, opts, c))
    assert "Zoë Byrne" in reader(data).pages[1].extract_text()


@pytest.mark.parametrize("kind", ["handout", "large", "detail", "tracker", "education", "packet"])
def test_pages_and_title_from_the_build_are_what_the_pdf_says(lib, kind):
    from handouts import api
    from handouts.context import BuildContext

    ctx = BuildContext(lib, today=lambda: DAY)
    made = {
        "handout": lambda: api.handout(ctx, patient="Ana Ruiz"),
        "large": lambda: api.handout(ctx, large_print=True),
        "detail": lambda: api.detail(ctx, stretch="cat-cow"),
        "tracker": lambda: api.tracker(ctx, weeks=3),
        "education": lambda: api.education(ctx),
        "packet": lambda: api.packet(ctx, patient="Ana Ruiz"),
    }[kind]()
    read = reader(made.pdf)
    assert made.pages == len(read.pages) > 0
    assert made.title == read.metadata.title and made.title
