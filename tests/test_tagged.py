"""Tagged PDFs: what a screen reader gets, read back with poppler and with pdfium."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from conftest import DAY
from pdfread import qpdf_check
from tagread import Node, pdfium, pdfium_unmarked, poppler, unmarked

from handouts.content.library import Library
from handouts.content.paths import builtin_content
from handouts.content.select import select
from handouts.content.sides import for_side
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.layout.cover import CoverSpec, Entry, build_cover
from handouts.layout.education import build_education
from handouts.layout.handout import HandoutSpec, build_handout
from handouts.layout.sheet import SheetHeader
from handouts.layout.tracker import TrackerSpec, build_tracker
from handouts.pdf.write import DocInfo

HEADER = SheetHeader(patient="Ana Ruiz", clinician="Sam Lee PT", date=DAY)


def _packet(lib: Library, folder: Path, extra: str = "") -> bytes:
    spec = folder / "packet.yaml"
    spec.write_text("packet:\n  title: Test packet\nparts:\n  - cover\n  - education: "
                    "{sections: [connection, faq]}\n  - handout: {stretches: [cat-cow, figure-four]}\n"
                    "  - tracker: {weeks: 1}\n" + extra, encoding="utf-8")
    return build_packet(lib, load_packet_spec(spec),
                        PacketOptions(date=DAY, start=DAY, patient="Ana Ruiz"))


@pytest.fixture(scope="module")
def documents(lib: Library, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One of every kind of PDF the product writes."""
    sel = select(lib)
    info = DocInfo("Your program", "Clinic", "Stretches", "en")
    return {
        "handout": build_handout(lib, HandoutSpec(sel, HEADER)),
        "detail": build_handout(lib, HandoutSpec(select(lib, None, ["figure-four"]), HEADER)),
        "large print": build_handout(lib, HandoutSpec(sel, HEADER, large_print=True)),
        "tracker": build_tracker(lib, TrackerSpec(sel, DAY, 2, HEADER)),
        "education": build_education(lib)[0],
        "cover": build_cover(lib, CoverSpec(info, HEADER, (Entry("Handout", 2),))),
        "packet": _packet(lib, tmp_path_factory.mktemp("packet")),
    }


def _save(tmp_path: Path, data: bytes, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_kind_of_document_is_a_tagged_pdf(documents, tmp_path):
    for kind, data in documents.items():
        ok, report = qpdf_check(_save(tmp_path, data))
        assert ok, f"{kind}: {report}"
        with pikepdf.open(BytesIO(data)) as pdf:
            root = pdf.Root
            assert root.MarkInfo.Marked is True, kind
            assert root.Lang == "en", kind
            assert root.ViewerPreferences.DisplayDocTitle is True, kind
            tree = root.StructTreeRoot
            assert tree.K.S == "/Document", kind
            keys = list(tree.ParentTree.Nums)[::2]
            parents = [int(p.obj.StructParents) for p in pdf.pages]
            assert len(set(parents)) == len(pdf.pages) and set(parents) <= set(keys), kind
            for page in pdf.pages:
                fields = [a for a in page.obj.get("/Annots", ()) if "/FT" in a]
                assert (page.obj.get("/Tabs") == "/S") == bool(fields), kind


def test_all_drawing_is_tagged_content_or_an_artifact(documents):
    for kind, data in documents.items():
        assert unmarked(data) == [], kind
        assert pdfium_unmarked(data) == [], kind


def test_handout_reads_in_the_order_it_is_printed(documents, tmp_path):
    """The structure's text, in tree order, is the page's text as poppler lays it out."""
    path = _save(tmp_path, documents["handout"])
    # Labels drawn inside a figure ("Cat", "Cow") are the figure's: its alt text says them.
    tree = poppler(path).all_text(skip=("Figure",))
    printed = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout
    # The row of boxes under a picture is for a pen: an artifact, not in the tree.
    printed = re.sub(r"Cat\s+Cow", "", printed.replace("Done:", ""))
    assert _flat(tree) == _flat(printed)
    fium = pdfium(documents["handout"])[0].all_text(skip=("Figure",))
    assert _flat(fium) == _flat(tree)


def _roles(node: Node) -> list[str]:
    return [n.role for n in node.walk()[1:]]


def test_poppler_and_pdfium_read_the_same_tree(documents, tmp_path):
    for kind in ("handout", "detail", "cover"):
        data = documents[kind]
        assert _roles(pdfium(data)[0]) == _roles(poppler(_save(tmp_path, data))), kind


def test_handout_structure_follows_its_meaning(lib, documents):
    page = pdfium(documents["handout"])[0]
    doc = page.kids[0]
    assert doc.role == "Document"
    assert doc.kids[0].role == "H1" and doc.kids[0].all_text() == "Lower back and hip stretches"
    sections = [k for k in doc.kids if k.role == "Sect"]
    # The safety box is a section titled by its heading, then one per stretch.
    safety = sections[0]
    assert safety.kids[0].role == "H2" and safety.kids[0].all_text().startswith("Stay safe")
    assert safety.kids[1].role == "L" and {k.role for k in safety.kids[1].kids} == {"LI"}
    stretches = select(lib).stretches
    assert len(sections) == 1 + len(stretches)
    for s, sect in zip(stretches, sections[1:], strict=True):
        assert sect.kids[0].role == "H2" and sect.kids[0].all_text().startswith(s.name)
        steps = next(k for k in sect.kids if k.role == "L")
        assert len(steps.kids) >= len(s.steps)
        for n, item in enumerate(steps.kids[:len(s.steps)], 1):
            assert [k.role for k in item.kids] == ["Lbl", "LBody"]
            assert item.kids[0].all_text().strip() == f"{n}."
            assert _flat(item.kids[1].all_text()) == _flat(for_side(s, None).steps[n - 1])
        figure = next(k for k in sect.kids if k.role == "Figure")
        assert s.alt and figure.alt == for_side(s, None).alt  # its side marks filled


def test_every_figure_has_alternative_text(lib, documents):
    for kind, data in documents.items():
        figures = [n for page in pdfium(data) for n in page.walk() if n.role == "Figure"]
        assert all(f.alt for f in figures), kind
    assert len([n for n in pdfium(documents["detail"])[0].walk() if n.role == "Figure"]) == 1
    for s in lib.stretches.values():  # every built-in picture is described in the content
        assert s.alt, s.id


def test_tracker_grid_is_a_table_with_headers_and_named_fields(lib, documents, tmp_path):
    data = documents["tracker"]
    page = poppler(_save(tmp_path, data))
    tables = [n for n in page.walk() if n.role == "Table"]
    assert len(tables) == 2  # one a week
    rows = tables[0].kids
    assert [k.role for k in rows[0].kids] == ["TH"] * 8
    assert [_flat(k.all_text()) for k in rows[0].kids[1:]] == ["Mon2Mar", "Tue3Mar", "Wed4Mar",
                                                              "Thu5Mar", "Fri6Mar", "Sat7Mar",
                                                              "Sun8Mar"]
    first = select(lib).stretches[0]
    assert rows[1].kids[0].role == "TH" and rows[1].kids[0].all_text().startswith(first.name)
    assert {k.role for k in rows[1].kids[1:]} == {"TD"}
    assert {k.role for k in rows[1].kids[1].kids} == {"Form"}
    with pikepdf.open(BytesIO(data)) as pdf:
        tree = dict(zip(*[iter(pdf.Root.StructTreeRoot.ParentTree.Nums)] * 2, strict=True))
        widgets = [a for p in pdf.pages for a in p.obj.get("/Annots", ()) if "/FT" in a]
        shown = [a for a in widgets if not int(a.get("/F", 0)) & 2]  # all but the hidden plan
        assert all(str(a.get("/TU", "")) for a in widgets)
        for a in shown:
            form = tree[int(a.StructParent)]
            assert form.S == "/Form" and form.K.Obj.objgen == a.objgen
        tips = {str(a.TU) for a in shown}
    assert f"{first.name}, Monday 2 March, box 1" in tips
    assert "Pain today (0 = no pain, 10 = worst pain), Sunday 15 March" in tips


def test_a_packet_has_one_tree_over_all_its_pages(lib, documents, tmp_path):
    data = documents["packet"]
    path = _save(tmp_path, data)
    tree = poppler(path)
    doc = tree.kids[0]
    assert doc.role == "Document" and [k.role for k in doc.kids] == ["Part"] * 4
    assert [p.kids[0].role for p in doc.kids] == ["H1"] * 4
    assert doc.kids[3].kids[0].all_text().startswith("Stretch tracker")
    with pikepdf.open(BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        nums = dict(zip(*[iter(root.ParentTree.Nums)] * 2, strict=True))
        assert int(root.ParentTreeNextKey) > max(int(k) for k in nums)
        for n, page in enumerate(pdf.pages):
            marks = nums[int(page.obj.StructParents)]
            assert len(marks) > 0, f"page {n + 1} has no tagged content"
            for elem in marks:  # each MCID's element belongs to this packet's tree
                while "/P" in elem and elem.get("/Type") != "/StructTreeRoot":
                    elem = elem.P
                assert elem.objgen == root.objgen
            for a in page.obj.get("/Annots", ()):
                if "/StructParent" in a:
                    assert nums[int(a.StructParent)].K.Obj.objgen == a.objgen
    # pdfium finds each page's part of the tree, with text, on every page.
    for n, page in enumerate(pdfium(data)):
        assert page.all_text().strip(), f"page {n + 1}"
    assert re.search(r"Page \d+ of \d+", tree.all_text()) is None  # stamps are artifacts


def test_an_outside_pdf_keeps_its_tags_in_a_packet(lib, documents, tmp_path):
    (tmp_path / "theirs.pdf").write_bytes(documents["detail"])
    data = _packet(lib, tmp_path, "  - pdf: {path: theirs.pdf, title: Their sheet}\n")
    assert qpdf_check(_save(tmp_path, data, "p.pdf"))[0]
    parts = poppler(tmp_path / "p.pdf").kids[0].kids
    assert len(parts) == 5
    assert _roles(parts[4]) == _roles(poppler(_save(tmp_path, documents["detail"])).kids[0])
    assert unmarked(data) == []


def test_tagging_keeps_output_byte_identical(lib, documents, tmp_path):
    assert _packet(lib, tmp_path) == documents["packet"]
    sel = select(lib)
    assert build_tracker(lib, TrackerSpec(sel, DAY, 2, HEADER)) == documents["tracker"]


def test_the_default_packet_spec_is_tagged_too(lib, tmp_path):
    spec = load_packet_spec(builtin_content() / "packets" / "lower-back-hip.yaml")
    data = build_packet(lib, spec, PacketOptions(date=DAY, start=DAY))
    assert unmarked(data) == []
    with pikepdf.open(BytesIO(data)) as pdf:
        assert all("/StructParents" in p.obj for p in pdf.pages)
