"""A packet stays small: a tracker's check boxes share their looks, a packet keeps one copy
of each font its parts embed alike, and an 8-week large-print packet has a size bound."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pikepdf
import pytest
from conftest import DAY

from handouts.content.paths import builtin_content
from handouts.content.select import select
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.layout import styles
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.pdf.report import read_report

SPEC = builtin_content() / "packets" / "patient.yaml"


def _widgets(pdf: pikepdf.Pdf, kind: str) -> list[pikepdf.Dictionary]:
    return [a for page in pdf.pages for a in page.obj.get("/Annots", ()) if a.get("/FT") == kind]


@pytest.fixture(scope="module")
def large_packet(lib) -> bytes:
    """The batch's biggest kind of packet: 8 weeks, large print, every stretch of the routine."""
    return build_packet(lib, load_packet_spec(SPEC), PacketOptions(
        DAY, DAY, patient="Zoë Yılmaz", clinician="Sam Lee PT", look=styles.large_print(), weeks=8))


@pytest.mark.parametrize("look", [styles.Look(), styles.large_print()])
def test_every_check_box_of_a_tracker_shares_one_set_of_looks(lib, look):
    sel = select(lib, "lower-back-hip")
    data = build_tracker(lib, TrackerSpec(sel, dt.date(2026, 3, 9), weeks=3, look=look))
    with pikepdf.open(BytesIO(data)) as pdf:
        boxes = _widgets(pdf, "/Btn")
        assert len(boxes) > 3 * 7 * 6
        looks = {s.objgen for b in boxes for state in b.AP.values() for s in state.values()}
        assert len(looks) == 6  # normal, down and rollover; ticked and not: one box size
        assert len({b.AP.objgen for b in boxes}) == 1
        assert len({b.MK.objgen for b in boxes}) == len({b.BS.objgen for b in boxes}) == 1
        # Each box is still a field of its own, with its own name and place on its page.
        places = {(b.P.objgen, *map(float, b.Rect)) for b in boxes}
        assert len({str(b.T) for b in boxes}) == len(places) == len(boxes)


def test_a_packet_keeps_one_copy_of_each_font(large_packet):
    with pikepdf.open(BytesIO(large_packet)) as pdf:
        fonts: dict[str, set[tuple[int, int]]] = {}
        maps: dict[bytes, set[tuple[int, int]]] = {}
        for page in pdf.pages:
            for font in page.obj.Resources.get("/Font", {}).values():
                fonts.setdefault(str(font.BaseFont), set()).add(font.objgen)
                if "/ToUnicode" in font:
                    maps.setdefault(font.ToUnicode.read_bytes(), set()).add(font.ToUnicode.objgen)
        assert any(name.endswith("AtkinsonHyperlegible-Regular") for name in fonts)
        assert all(len(copies) == 1 for copies in fonts.values()), fonts
        assert all(len(copies) == 1 for copies in maps.values())


def test_an_8_week_large_print_packet_is_bounded_and_still_a_form(large_packet):
    """The issue's goal is 150 KB for every packet of the worst-case batch; this packet is
    about 275 KB (266 KB before fonts were shared, 262 KB before each text field had an
    appearance of its own, 13 KB for its 128 pain, notes and questions fields), most of it
    its 1,073 fields: see bench/SIZE.md. The bound keeps it from growing back."""
    assert len(large_packet) < 280_000
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(large_packet)))
    (page, name) = next((p, a.get_object()["/T"]) for p in writer.pages
                        for a in p.get("/Annots", []) if a.get_object().get("/FT") == "/Btn")
    writer.update_page_form_field_values(page, {name: "/Yes"}, auto_regenerate=False)
    out = BytesIO()
    writer.write(out)
    (tracker,) = read_report(out.getvalue(), "big.pdf").trackers
    assert [w.done for w in tracker.weeks] == [1, 0, 0, 0, 0, 0, 0, 0]
