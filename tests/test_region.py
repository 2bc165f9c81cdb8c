"""A second body region (three invented neck stretches) prints none of the lower back wording."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pdfread import page_texts, words

from handouts.content.library import content_folders, load_library
from handouts.content.select import default_routine, select
from handouts.errors import ContentError
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.layout.education import build_education
from handouts.layout.handout import HandoutSpec, build_handout
from handouts.layout.sheet import Override
from handouts.layout.tracker import TrackerSpec, build_tracker

# Words that only belong to the lower back and hip content or its source.
LOWER_BACK = re.compile(
    r"low(?:er)? back|\bhips?\b|\blegs?\b|herniat|\bdisc\b|sciatica|\bcore\b|buttock|"
    r"spreads down|Hart\b|Lower Back & Hip|piriformis|hamstring|glute", re.IGNORECASE)


@pytest.fixture(scope="module")
def neck_lib(fixtures_dir=None):
    from conftest import FIXTURES

    return load_library(content_folders([FIXTURES / "content-neck-region"]))


def clean(text: str) -> str:
    found = LOWER_BACK.findall(text)
    assert not found, found
    return text


def test_neck_handout_tracker_education_and_detail_say_nothing_of_the_low_back(neck_lib):
    lib = neck_lib
    sel = select(lib, "neck")
    handout = words(" ".join(page_texts(build_handout(lib, HandoutSpec(sel)))))
    clean(handout)
    assert "Neck stretches" in handout
    assert "Sit tall. Move slowly." in handout
    assert "Stop if you feel sharp pain, dizziness, or tingling in your arm." in handout
    assert "Written for the tests of handouts" in handout
    # Each stretch's own stop line and equipment are printed.
    assert "Stop if: your arm or hand tingles or goes numb" in handout
    assert "You need: A firm chair, A small towel" in handout
    for sid in ("chin-tuck", "side-neck", "look-down-turn"):
        detail = build_handout(lib, HandoutSpec(select(lib, None, [sid])))
        clean(words(" ".join(page_texts(detail))))
    tracker = words(" ".join(page_texts(build_tracker(
        lib, TrackerSpec(sel, dt.date(2026, 3, 2))))))
    clean(tracker)
    assert ("Stop and call your physical therapist if you feel dizzy, or your arm tingles or "
            "goes numb.") in tracker
    data, marks = build_education(lib, region=lib.routines["neck"])
    education = clean(words(" ".join(page_texts(data))))
    assert education.startswith("Understanding your neck")
    assert [t for t, _ in marks][:2] == ["Why your neck gets stiff", "The muscles that matter"]
    assert "How long until my neck feels better?" in education


def test_neck_packet_and_cover_say_nothing_of_the_low_back(neck_lib):
    from conftest import FIXTURES

    spec = load_packet_spec(FIXTURES / "content-neck-region" / "packets" / "neck.yaml")
    data = build_packet(neck_lib, spec, PacketOptions(date=dt.date(2026, 3, 2),
                                                      start=dt.date(2026, 3, 2)))
    pages = page_texts(data)
    for page in pages:
        clean(words(page))
    assert "Understanding your neck" in words(pages[0])  # the cover lists it
    assert "Written for the tests of handouts" in words(pages[0])


def test_stretch_without_picture_takes_the_full_width(neck_lib):
    from pdfread import reader

    data = build_handout(neck_lib, HandoutSpec(select(neck_lib, None, ["side-neck", "chin-tuck"])))
    page = reader(data).pages[0]
    lefts: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.startswith("Tip your"):
            lefts.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    assert lefts and min(lefts) < 80  # at the margin, not beside an empty frame


def test_sided_text_of_a_clinic_stretch_follows_the_side(neck_lib):
    ov = {"side-neck": Override(side="left")}
    data = build_handout(neck_lib, HandoutSpec(select(neck_lib, None, ["side-neck"]), overrides=ov))
    text = words(" ".join(page_texts(data)))
    assert "Tip your left ear toward your left shoulder." in text
    assert "Hold the seat with your right hand." in text
    assert "Keep your right shoulder down." in text


def test_default_routine_comes_from_the_library(lib, neck_lib):
    assert default_routine(lib).id == "lower-back-hip"  # marked default: true
    assert select(neck_lib).routine == "lower-back-hip"


def test_clinic_can_remove_a_builtin_entry(tmp_path, lib):
    (tmp_path / "c.yaml").write_text(
        "remove:\n  precautions: [build-strength]\n  faqs: [why-stretch]\n", encoding="utf-8")
    changed = load_library(content_folders([tmp_path]))
    assert "build-strength" not in changed.precautions and "why-stretch" not in changed.faqs
    text = words(page_texts(build_handout(changed, HandoutSpec(select(changed))))[0])
    assert "core and hips strong" not in text
    assert "core and hips strong" in words(page_texts(build_handout(lib, HandoutSpec(select(lib))))[0])


def test_removing_what_is_not_there_names_the_line(tmp_path):
    (tmp_path / "c.yaml").write_text("remove:\n  precautions: [no-such]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"c.yaml:2: remove.precautions.0: no precautions entry"):
        load_library(content_folders([tmp_path]))


def test_stretches_of_two_regions_get_both_regions_safety_items(neck_lib):
    """A back stretch and a clinic's neck stretch on one sheet: the neck's own safety items
    (dizziness, tingling; ask first) are not dropped for the back's."""
    sel = select(neck_lib, None, ["knee-to-chest", "side-neck"])
    ids = [p.id for p in sel.precautions]
    assert {"stop-if-pain", "ask-first", "neck-stop", "neck-ask", "protect-neck"} <= set(ids)
    assert ids.index("ask-first") < ids.index("neck-stop")  # the sheet's region first
    assert len(ids) == len(set(ids))
    text = words(page_texts(build_handout(neck_lib, HandoutSpec(sel)))[0])
    assert "dizziness, or tingling in your arm" in text
    # One region's sheet is unchanged: a neck routine says nothing of the low back.
    assert [p.id for p in select(neck_lib, "neck").precautions][:2] == ["neck-stop", "neck-ask"]
    assert "stop-if-pain" not in [p.id for p in select(neck_lib, None, ["side-neck"]).precautions]


def test_a_tracker_of_two_regions_says_when_to_stop_for_both(neck_lib):
    """The tracker's stop-and-call box carried only the first region's reason (the leg) for
    a sheet with a neck stretch too; each region's own line is there, the sheet's first."""
    sel = select(neck_lib, None, ["knee-to-chest", "side-neck"])
    text = words(" ".join(page_texts(build_tracker(neck_lib, TrackerSpec(sel, dt.date(2026, 3, 2))))))
    leg = "Stop and call your physical therapist if you feel sharp, shooting pain or pain that " \
          "spreads down your leg."
    neck = "Stop and call your physical therapist if you feel dizzy, or your arm tingles or goes numb."
    assert leg in text and neck in text and text.index(leg) < text.index(neck)
    alone = words(" ".join(page_texts(build_tracker(neck_lib, TrackerSpec(
        select(neck_lib, None, ["knee-to-chest"]), dt.date(2026, 3, 2))))))
    assert leg in alone and "dizzy" not in alone
