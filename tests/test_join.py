"""Joining a packet: opened from its largest part with the others copied in around it, the
packet's structure tree, form and catalog are whole, and the bytes are the same however
the parts are read and in any process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from conftest import DAY
from pdfread import page_texts, qpdf_check, reader

from handouts.content.library import Library
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.pdf import join, memory
from handouts.pdf.join import Piece

TWO_TRACKERS = ("  - cover\n  - handout: {stretches: [cat-cow, figure-four]}\n"
                "  - tracker: {stretches: [cat-cow, figure-four], weeks: 1, title: First month}\n"
                "  - tracker: {weeks: 2, start: 2026-04-06, title: Second month}\n")


def build(lib: Library, folder: Path, parts: str, patient: str = "Ana Ruiz") -> bytes:
    path = folder / "packet.yaml"
    path.write_text("packet:\n  title: Test packet\nparts:\n" + parts, encoding="utf-8")
    return build_packet(lib, load_packet_spec(path), PacketOptions(DAY, DAY, patient=patient))


def outside_pdf(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), invariant=1)
    c.drawString(72, 700, "Intake form page one")
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def two_trackers(lib: Library, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return build(lib, tmp_path_factory.mktemp("two"), TWO_TRACKERS)


def check_tree(data: bytes) -> None:
    """The packet's one structure tree: keys rising, each page's and widget's key in it and
    pointing back at that page's content or that widget (an untagged outside PDF's pages
    have no key)."""
    with pikepdf.open(BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        roots = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                 and o.get("/Type") == "/StructTreeRoot"]
        assert len(roots) == 1  # the parts' own roots are gone, not carried along
        flat = list(root.ParentTree.Nums)
        keys = [int(k) for k in flat[::2]]
        assert keys == sorted(set(keys)), "ParentTree keys must rise, each once"
        assert int(root.ParentTreeNextKey) > keys[-1]
        nums = dict(zip(keys, flat[1::2], strict=True))
        used = []
        for n, page in enumerate(pdf.pages):
            if "/StructParents" not in page.obj:
                continue
            key = int(page.obj.StructParents)
            used.append(key)
            assert len(nums[key]) > 0, f"page {n + 1}"
            for elem in nums[key]:
                while "/P" in elem and elem.get("/Type") != "/StructTreeRoot":
                    elem = elem.P
                assert elem.objgen == root.objgen
            for a in page.obj.get("/Annots", ()):
                if "/StructParent" in a:
                    used.append(int(a.StructParent))
                    assert nums[int(a.StructParent)].K.Obj.objgen == a.objgen
        assert len(used) == len(set(used)), "two pages or widgets share a key"
        assert root.K.S == "/Document" and {str(k.S) for k in root.K.K} == {"/Part"}


def test_two_trackers_one_tree_every_key_pointing_back(two_trackers, tmp_path):
    check_tree(two_trackers)
    path = tmp_path / "p.pdf"
    path.write_bytes(two_trackers)
    ok, report = qpdf_check(path)
    assert ok, report


def test_every_widget_listed_once_in_page_order_with_its_patients_name(two_trackers):
    with pikepdf.open(BytesIO(two_trackers)) as pdf:
        on_pages = [a.objgen for p in pdf.pages for a in p.obj.get("/Annots", ()) if "/FT" in a]
        listed = [f.objgen for f in pdf.Root.AcroForm.Fields]
        assert listed == on_pages  # no copy of a tracker's widgets left off the pages
        widgets = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                   and o.get("/Subtype") == "/Widget"]
        assert len(widgets) == len(listed)
        names = [str(f.T) for f in pdf.Root.AcroForm.Fields]
    assert len(set(names)) == len(names)
    assert all(re.match(r"t[12]x[0-9a-f]{10}_", n) for n in names), names[:3]
    assert {n[:2] for n in names} == {"t1", "t2"}


def test_catalog_and_info_are_the_packets(two_trackers):
    with pikepdf.open(BytesIO(two_trackers)) as pdf:
        assert str(pdf.docinfo.Title) == "Test packet"
        assert pdf.Root.PageMode == "/UseOutlines"
        assert set(pdf.Root.keys()) == {"/Type", "/Pages", "/AcroForm", "/StructTreeRoot",
                                        "/MarkInfo", "/Lang", "/ViewerPreferences",
                                        "/Outlines", "/PageMode"}
        titles = [str(item.title) for item in pdf.open_outline().root]
    assert titles[2:] == ["First month", "Second month"]
    texts = page_texts(two_trackers)
    assert len(texts) == 5 and "Ana Ruiz" in texts[2] and "Ana Ruiz" in texts[3]
    stamps = [re.search(r"Page (\d+) of (\d+)", t).groups() for t in texts]
    assert stamps == [(str(i), "5") for i in range(1, 6)]


def test_outside_pdf_between_our_parts_keeps_the_order(lib, tmp_path):
    outside_pdf(tmp_path / "intake.pdf")
    data = build(lib, tmp_path, "  - cover\n  - pdf: {path: intake.pdf, title: Intake}\n"
                                "  - handout: {stretches: [cat-cow]}\n  - tracker: {weeks: 1}\n")
    texts = page_texts(data)
    assert "Intake form page one" in texts[1] and "Page" not in texts[1]
    assert "Tick" in texts[3] and "Page 4 of 4" in texts[3]
    check_tree(data)
    assert sum(n.startswith("t1x") for n in reader(data).get_fields()) > 10


def test_the_base_is_our_largest_part_before_any_outside_pdf():
    def piece(size: int, own: bool = True) -> Piece:
        return Piece("p", b"x" * size, 1, own=own)

    assert join._base([piece(3), piece(9), piece(5)]) == 1
    assert join._base([piece(3), piece(5, own=False), piece(9)]) == 0
    assert join._base([piece(3, own=False), piece(9)]) is None
    assert join._base([piece(4), piece(4)]) == 0  # the first of equals: the same every run


def test_same_bytes_when_parts_are_read_through_python(lib, two_trackers, tmp_path, monkeypatch):
    """Without memfd (other systems) qpdf reads the parts through a BytesIO: same packet."""
    calls: list[int] = []
    real = memory.open_bytes

    def counted(data: bytes):  # type: ignore[no-untyped-def]
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(join, "open_bytes", counted)
    monkeypatch.delattr(os, "memfd_create")
    assert build(lib, tmp_path, TWO_TRACKERS) == two_trackers
    assert calls  # the packet was joined, not taken from somewhere else


def _memfds() -> int:
    fds = [f"/proc/self/fd/{fd}" for fd in os.listdir("/proc/self/fd") if fd.isdigit()]
    return sum("handouts-pdf" in os.readlink(f) for f in fds if os.path.islink(f))


def test_open_bytes_maps_memory_and_reads_what_a_bytesio_reads(two_trackers):
    before = _memfds() if hasattr(os, "memfd_create") else 0
    pdfs = [memory.open_bytes(two_trackers) for _ in range(3)]
    try:
        other = pikepdf.open(BytesIO(two_trackers))
        for pdf in pdfs:
            assert len(pdf.pages) == len(other.pages)
            assert pdf.Root.AcroForm.Fields[5].T == other.Root.AcroForm.Fields[5].T
            assert [c.read_bytes() for c in pdf.pages[0].Contents] == [
                c.read_bytes() for c in other.pages[0].Contents]
    finally:
        for pdf in pdfs:
            pdf.close()
    if hasattr(os, "memfd_create"):  # a closed Pdf leaves no in-memory file open
        assert _memfds() == before


def test_same_packet_in_a_fresh_process(two_trackers, tmp_path):
    (tmp_path / "packet.yaml").write_text("packet:\n  title: Test packet\nparts:\n" + TWO_TRACKERS,
                                          encoding="utf-8")
    script = (
        "import sys, datetime as dt\nfrom pathlib import Path\n"
        "from handouts.content.library import content_folders, load_library\n"
        "from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec\n"
        "day = dt.date(2026, 3, 2)\n"
        "data = build_packet(load_library(content_folders()), load_packet_spec(Path(sys.argv[1])),\n"
        "                    PacketOptions(day, day, patient='Ana Ruiz'))\n"
        "sys.stdout.buffer.write(data)\n")
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "packet.yaml")],
                             capture_output=True, env=env, check=True).stdout
        assert out == two_trackers


def test_a_shared_tracker_renamed_for_the_next_patient_is_the_tracker_laid_out_for_them(
        lib, tmp_path):
    """A tracker is laid out with its first patient's field names; the next patient of the
    plan renames them as the packet is joined. Their packet is the one built for them alone."""
    from handouts.context import Caches

    path = tmp_path / "packet.yaml"
    path.write_text("packet:\n  title: Test packet\nparts:\n" + TWO_TRACKERS, encoding="utf-8")
    spec = load_packet_spec(path)
    alone = build_packet(lib, spec, PacketOptions(DAY, DAY, patient="Ben Okafor"))
    caches = Caches()
    first = build_packet(lib, spec, PacketOptions(DAY, DAY, patient="Ana Ruiz"), caches)
    sheets = len(caches.sheets)
    after = build_packet(lib, spec, PacketOptions(DAY, DAY, patient="Ben Okafor"), caches)
    assert len(caches.sheets) == sheets  # the second patient's sheets were the first's
    assert after == alone
    names = {n[:13] for n in reader(after).get_fields()}
    assert names.isdisjoint({n[:13] for n in reader(first).get_fields()})
    assert len(names) == 2
