"""Issue 3 beyond the figures: clinic pictures, video QR codes, large print, detail sheet, preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DAY
from pdfread import font_sizes, page_texts, reader, render_page, words

from handouts.cli import app
from handouts.content.library import content_folders, load_library
from handouts.content.select import select
from handouts.content.sides import for_side
from handouts.errors import ContentError
from handouts.layout.handout import HandoutSpec, build_handout
from handouts.layout.sheet import SheetHeader

FIGURE_LABELS = ("Cat", "Cow")


def images_of(data: bytes) -> list[tuple[int, int]]:
    return [(img.image.width, img.image.height) for p in reader(data).pages for img in p.images]


@pytest.fixture
def clinic_lib(fixtures):
    return load_library(content_folders([fixtures / "content-image-ok"]))


def test_supplied_png_and_svg_print_with_credit_and_shrink(clinic_lib):
    data = build_handout(clinic_lib, HandoutSpec(select(clinic_lib, None, ["wall-calf", "svg-calf"])))
    text = words(page_texts(data)[0])
    assert "Picture: Riverside PT staff, our own photo, CC BY 4.0" in text
    sizes = images_of(data)
    assert sizes, "the PNG picture is embedded"
    assert max(max(w, h) for w, h in sizes) <= 600  # the 1600 px original was scaled down
    assert len(data) < 80_000


def test_video_qr_code_decodes_to_its_address(clinic_lib):
    import zxingcpp  # a test dependency (pyproject [test]): without it this test fails, never skips

    data = build_handout(clinic_lib, HandoutSpec(select(clinic_lib, None, ["wall-calf", "svg-calf"])))
    text = words(page_texts(data)[0])
    assert "videos.example.org/wall-calf" in text.replace(" ", "")
    assert text.index("Wall calf stretch") < text.index("videos.example")  # reading order
    found = zxingcpp.read_barcodes(render_page(data, 0, scale=3))
    assert [b.text for b in found] == ["https://videos.example.org/wall-calf"]


@pytest.mark.parametrize(("folder", "message"), [
    ("content-image-escape", "must stay inside the content folder"),
    ("content-image-missing", "image not found"),
])
def test_bad_image_paths_name_file_and_line(fixtures, folder, message):
    with pytest.raises(ContentError) as info:
        load_library(content_folders([fixtures / folder]))
    assert f"{fixtures / folder / 'stretches.yaml'}:15: " in str(info.value)
    assert message in str(info.value)


def test_corrupt_image_fails_check_and_handout_with_line(runner, fixtures, tmp_path):
    folder = str(fixtures / "content-image-corrupt")
    r = runner.invoke(app, ["check", "--content", folder])
    assert r.exit_code == 2
    assert "stretches.yaml:15: stretches[wall-calf].image.path: cannot read image" in r.stderr
    out = tmp_path / "x.pdf"
    r = runner.invoke(app, ["handout", "--content", folder, "--stretch", "wall-calf",
                            "--stretch", "cat-cow", "-o", str(out)])
    assert r.exit_code == 2 and "stretches.yaml:15" in r.stderr
    assert not out.exists()


def test_check_warns_when_credit_is_missing(runner, fixtures):
    r = runner.invoke(app, ["check", "--content", str(fixtures / "content-image-no-credit")])
    assert r.exit_code == 0
    assert "attribution incomplete" in r.stderr


def test_only_http_video_addresses(tmp_path):
    (tmp_path / "s.yaml").write_text(
        "stretches:\n  - id: odd\n    name: Odd\n    kind: static\n    targets: [glutes]\n"
        "    position: Lie down.\n    steps: [Breathe.]\n    avoid: [Pain.]\n    sides: false\n"
        "    dose: {hold_seconds: 30, sets: 2}\n    video_url: javascript:alert(1)\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"s.yaml:11: .*http"):
        load_library(content_folders([tmp_path]))


def test_detail_sheet_has_everything_about_one_stretch(lib):
    s = lib.stretches["figure-four"]
    data = build_handout(lib, HandoutSpec(select(lib, None, ["figure-four"])))
    pages = page_texts(data)
    assert len(pages) == 1
    text = words(pages[0])
    shown = for_side(s, None)
    for item in [*shown.steps, *shown.tips, *shown.avoid, shown.position]:
        assert words(item) in text
    for m in s.targets:
        assert words(lib.muscles[m].does) in text
    tied = [p for p in lib.precautions.values() if "figure-four" in p.stretches]
    assert tied and all(words(p.text) in text for p in tied)
    assert "Hold 30 seconds. Do 3 holds on each side, right side first, then switch. Once a day." in text
    assert min(font_sizes(data, skip=FIGURE_LABELS)) >= 9.0
    assert max(font_sizes(data)) >= 20  # the big title


def test_large_print_sizes_page_numbers_and_whole_stretches(lib):
    sel = select(lib, "lower-back-hip")
    data = build_handout(lib, HandoutSpec(sel, SheetHeader(date=DAY), large_print=True))
    pages = page_texts(data)
    assert len(pages) > 1
    for i, text in enumerate(pages):
        assert f"Page {i + 1} of {len(pages)}" in text
        sizes = font_sizes(data, i, skip=FIGURE_LABELS)
        assert min(sizes) >= 18.0, (i, min(sizes))
    for s in sel.stretches:
        holding = [i for i, t in enumerate(pages) if s.name in words(t)]
        assert len(holding) == 1, s.id
        page = words(pages[holding[0]])
        assert all(words(step) in page for step in for_side(s, None).steps)


def test_preview_writes_png_per_page(runner, tmp_path, lib):
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(build_handout(lib, HandoutSpec(select(lib, "lower-back-hip"))))
    r = runner.invoke(app, ["preview", str(pdf), "-o", str(tmp_path / "png"), "--dpi", "40"])
    assert r.exit_code == 0, r.output
    from PIL import Image

    pngs = sorted(Path(tmp_path / "png").glob("*.png"))
    assert [p.name for p in pngs] == ["h-1.png"]
    with Image.open(pngs[0]) as im:
        assert im.size == (340, 440)
        dark = sum(1 for px in im.convert("L").tobytes() if px < 100)
        assert dark > 2000


def test_clinic_logo_in_the_header(lib, fixtures):
    from handouts.content.clinic import load_clinic

    clinic = load_clinic(fixtures / "clinic" / "clinic-with-logo.yaml")
    plain = build_handout(lib, HandoutSpec(select(lib, "lower-back-hip")))
    with_logo = build_handout(lib, HandoutSpec(select(lib, "lower-back-hip"), SheetHeader(clinic=clinic)))
    assert images_of(plain) == []
    assert images_of(with_logo) == [(300, 200)]
    assert len(page_texts(with_logo)) == 1


def test_clinic_web_address_beside_a_logo_is_never_broken_mid_word(lib, fixtures, tmp_path):
    """Two stretches print at 12.5 pt or more, where the column beside the logo was too narrow
    for the address: it printed 'www.riversi' / 'dephysicaltherapy.com'."""
    import shutil

    from handouts.content.clinic import load_clinic

    shutil.copy(fixtures / "clinic" / "logo.png", tmp_path / "logo.png")
    web = "www.riversidephysicaltherapy.com"
    (tmp_path / "clinic.yaml").write_text(
        f"name: Riverside Physical Therapy\nphone: 555-0142\nweb: {web}\nlogo: logo.png\n",
        encoding="utf-8")
    clinic = load_clinic(tmp_path / "clinic.yaml")
    for ids in (["cat-cow", "figure-four"], ["cat-cow"]):
        data = build_handout(lib, HandoutSpec(select(lib, None, ids), SheetHeader(clinic=clinic)))
        lines = page_texts(data)[0].splitlines()
        assert any(web in line for line in lines), lines[:6]
        assert len(page_texts(data)) == 1


def test_clinic_logo_on_the_packet_cover(lib, fixtures):
    import datetime as dt

    from handouts.content.clinic import load_clinic
    from handouts.content.paths import builtin_content
    from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec

    clinic = load_clinic(fixtures / "clinic" / "clinic-with-logo.yaml")
    spec = load_packet_spec(builtin_content() / "packets" / "patient.yaml")
    day = dt.date(2026, 3, 2)
    data = build_packet(lib, spec, PacketOptions(date=day, start=day, clinic=clinic))
    cover = reader(data).pages[0]
    assert [(i.image.width, i.image.height) for i in cover.images] == [(300, 200)]
