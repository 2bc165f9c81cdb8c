"""Packets, read back from the merged PDF: bookmarks, contents, stamps, fields, metadata, errors."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from conftest import DAY
from pdfread import page_texts, qpdf_check, reader, text_box, words

from handouts.content.clinic import load_clinic
from handouts.content.library import Library
from handouts.context import Caches
from handouts.errors import ContentError, InputFileError
from handouts.jobs import packet as packet_mod
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.layout.styles import Look, large_print
from handouts.pdf import join as merge_mod
from handouts.pdf.write import write_atomic

SHIPPED = Path(__file__).parent.parent / "content" / "packets" / "lower-back-hip.yaml"
STAMP = re.compile(r"Page (\d+) of (\d+)")


def options(fixtures: Path | None = None, **kw) -> PacketOptions:
    clinic = load_clinic(fixtures / "clinic" / "clinic.yaml") if fixtures else None
    return PacketOptions(date=DAY, start=DAY, clinic=clinic, **kw)


def spec_file(folder: Path, body: str) -> Path:
    path = folder / "packet.yaml"
    path.write_text("packet:\n  title: Test packet\nparts:\n" + body, encoding="utf-8")
    return path


def outline(r: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, r.get_destination_page_number(item)))

    walk(r.outline, 0)
    return out


def plain_pdf(path: Path, *lines: str) -> Path:
    """A small outside PDF, one page per line of text."""
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), invariant=1)
    for line in lines:
        c.drawString(72, 700, line)
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def shipped(lib: Library) -> bytes:
    from conftest import FIXTURES

    return build_packet(lib, load_packet_spec(SHIPPED), options(FIXTURES, patient="Ana Ruiz"))


@pytest.fixture(scope="module")
def with_intake(lib: Library, tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("intake")
    (folder / "forms").mkdir()
    plain_pdf(folder / "forms" / "intake.pdf", "Intake form page one", "Intake form page two")
    spec = spec_file(folder, "  - cover\n  - education: {sections: [connection, faq]}\n"
                             "  - pdf: {path: forms/intake.pdf, title: Intake form}\n"
                             "  - handout: {stretches: [cat-cow, figure-four]}\n")
    return build_packet(lib, load_packet_spec(spec), options())


# The shipped packet


def test_shipped_spec_has_every_part():
    spec = load_packet_spec(SHIPPED)
    assert [p.kind for p in spec.parts] == ["cover", "education", "handout", "tracker"]
    assert spec.parts[1].education.sections == [
        "connection", "muscles", "principles", "when", "habit", "precautions", "takeaways", "faq"]
    assert spec.parts[3].tracker.weeks == 4


def test_bookmarks_point_at_the_pages_that_carry_their_titles(shipped):
    r = reader(shipped)
    pages = [words(t) for t in page_texts(shipped)]
    marks = outline(r)
    tops = [(title, page) for depth, title, page in marks if depth == 0]
    assert [t for t, _ in tops][0] == "Cover and contents"
    assert [p for _, p in tops] == sorted(p for _, p in tops)
    assert tops[0][1] == 0 and tops[1][1] == 1
    handout_page = next(p for t, p in tops if t == "Lower back and hip stretches")
    tracker_page = next(p for t, p in tops if t.startswith("Stretch tracker"))
    assert tracker_page == handout_page + 1
    assert len(r.pages) == tracker_page + 4  # one page per week
    for _depth, title, page in marks[1:]:
        assert title in pages[page], (title, page)
    nested = [(t, p) for d, t, p in marks if d == 1]
    assert len(nested) == 8
    assert nested[0][0] == "How your low back and hips work together"
    assert nested[-1][0] == "Questions people often ask"


def test_cover_is_one_page_with_true_contents(shipped):
    r = reader(shipped)
    cover = words(page_texts(shipped)[0])
    assert "Your lower back and hip program" in cover
    assert "Ana Ruiz" in cover and "2 March 2026" in cover
    assert "Riverside Physical Therapy & Rehab" in cover
    entries = [(t, p) for _, t, p in outline(r)][1:]  # all but the cover itself
    assert len(entries) == 11
    for title, page in entries:
        m = re.search(re.escape(title) + r" (\d+)", cover)
        assert m, title
        assert int(m.group(1)) == page + 1, title
    assert "Page 1 of" in cover


def test_every_own_page_stamped_page_x_of_y(shipped):
    texts = page_texts(shipped)
    n = len(texts)
    for i, text in enumerate(texts):
        assert STAMP.findall(text) == [(str(i + 1), str(n))], i


def test_metadata_and_language(shipped):
    r = reader(shipped)
    assert r.metadata.title == "Your lower back and hip program"
    assert r.metadata.author == "Riverside Physical Therapy & Rehab"
    assert r.metadata.subject == "Home stretching program for the lower back and hips"
    root = r.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/PageMode"] == "/UseOutlines"
    assert len(r.trailer["/ID"][0]) == 16


def test_tracker_fields_all_listed_and_drawn(shipped, lib):
    from handouts.content.select import select
    from handouts.layout.tracker import TrackerSpec, build_tracker

    alone = reader(build_tracker(lib, TrackerSpec(select(lib, "lower-back-hip"), DAY, weeks=4)))
    r = reader(shipped)
    form = r.trailer["/Root"]["/AcroForm"]
    assert "/NeedAppearances" in form and form["/NeedAppearances"].value is False
    listed = {f.get_object()["/T"] for f in form["/Fields"]}
    prefix = next(iter(listed)).split("_")[0]  # this patient's own prefix for tracker t1
    assert re.fullmatch(r"t1x[0-9a-f]{10}", prefix)
    assert {n.replace(prefix, "t1", 1) for n in listed} == set(alone.get_fields())
    widgets = [a.get_object() for p in r.pages for a in p.get("/Annots", [])
               if a.get_object().get("/Subtype") == "/Widget"]
    assert {w["/T"] for w in widgets} == listed
    assert all("/AP" in w for w in widgets)


def test_qpdf_check_passes_and_pdfium_renders_every_page(shipped, tmp_path):
    import pypdfium2 as pdfium

    path = tmp_path / "packet.pdf"
    path.write_bytes(shipped)
    ok, out = qpdf_check(path)
    assert ok, out
    pdf = pdfium.PdfDocument(shipped)
    pdf.init_forms()
    try:
        for i in range(len(pdf)):
            image = pdf[i].render(scale=0.5, may_draw_forms=True).to_pil()
            lo, hi = image.convert("L").getextrema()
            assert hi == 255 and lo < 100, i  # paper with dark ink on it
    finally:
        pdf.close()


def test_same_input_same_bytes(lib, fixtures, shipped):
    again = build_packet(lib, load_packet_spec(SHIPPED), options(fixtures, patient="Ana Ruiz"))
    assert again == shipped


def test_shared_fonts_stored_once(lib, shipped, fixtures):
    from handouts.content.select import select
    from handouts.layout.education import build_education
    from handouts.layout.handout import HandoutSpec, build_handout
    from handouts.layout.tracker import TrackerSpec, build_tracker

    def font_files(data: bytes) -> set[int]:
        out = set()
        for page in reader(data).pages:
            for ref in page["/Resources"].get("/Font", {}).values():
                desc = ref.get_object().get("/FontDescriptor")
                if desc is not None:
                    desc = desc.get_object()
                    out |= {desc.raw_get(k).idnum for k in ("/FontFile2", "/FontFile") if k in desc}
        return out

    sel = select(lib, "lower-back-hip")
    parts = [build_education(lib)[0], build_handout(lib, HandoutSpec(sel)),
             build_tracker(lib, TrackerSpec(sel, DAY, weeks=4))]
    # The cover and the stamps add at least one more font file each if nothing were shared.
    separate = sum(len(font_files(p)) for p in parts) + 2
    assert len(font_files(shipped)) < separate - 2
    assert len(shipped) < sum(len(p) for p in parts) + 20_000


def test_stamp_is_at_least_0_4_in_from_every_edge(shipped):
    """Many printers clip the outer quarter inch: the stamp's ink starts 0.4 in in."""
    for i in range(len(reader(shipped).pages)):
        n = len(reader(shipped).pages)
        left, bottom, right, top = text_box(shipped, i, f"Page {i + 1} of {n}")
        w, h = (float(v) for v in reader(shipped).pages[i].mediabox[2:])
        assert min(left, bottom, w - right, h - top) >= 0.4 * 72, (i, left, bottom, right, top)


@pytest.mark.parametrize("large", [False, True])
def test_stamp_sits_on_blank_paper(lib, fixtures, monkeypatch, large):
    """Where each stamp goes, the page was empty before stamping: it never covers content."""
    import pypdfium2 as pdfium
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from handouts.layout import fonts

    real = merge_mod.stamp_pages
    monkeypatch.setattr(merge_mod, "stamp_pages",
                        lambda sizes, labels, size, fills=(): real(sizes, [" "] * len(labels), size, fills))
    look = large_print() if large else Look()
    size = packet_mod.stamp_size(look)
    bare = build_packet(lib, load_packet_spec(SHIPPED), options(fixtures, patient="Ana Ruiz", look=look))
    n = len(reader(bare).pages)
    pdf = pdfium.PdfDocument(bare)
    pdf.init_forms()
    try:
        for i in range(n):
            page = pdf[i]
            w, h = page.get_size()
            label = f"Page {i + 1} of {n}"
            width = stringWidth(label, fonts.REGULAR, size)
            x0, x1 = w - merge_mod.STAMP_RIGHT - width - 2, w - merge_mod.STAMP_RIGHT + 2
            y0, y1 = merge_mod.STAMP_BASELINE - size * 0.3, merge_mod.STAMP_BASELINE + size * 0.9
            image = page.render(scale=1, may_draw_forms=True).to_pil().convert("L")
            box = image.crop((int(x0), int(h - y1), int(x1) + 1, int(h - y0) + 1))
            assert box.getextrema()[0] >= 250, f"page {i + 1} has ink where its stamp goes"
    finally:
        pdf.close()


# Patient details filled into sheets laid out once per plan


def _grey(data: bytes, index: int):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[index].render(scale=2).to_pil().convert("L")
    finally:
        pdf.close()


def test_packet_sheets_match_sheets_built_alone_with_the_details(lib, fixtures):
    """Filled placeholders look exactly like text laid out in place, and read in order."""
    from PIL import ImageChops

    from handouts.content.select import select
    from handouts.layout.handout import HandoutSpec, build_handout
    from handouts.layout.sheet import SheetHeader
    from handouts.layout.tracker import TrackerSpec, build_tracker

    o = options(fixtures, patient="Zoë Ölçer-Ñúñez", clinician="Dr. Jo Park")
    packet = build_packet(lib, load_packet_spec(SHIPPED), o)
    texts = page_texts(packet)
    header = SheetHeader("Zoë Ölçer-Ñúñez", "Dr. Jo Park", DAY, o.clinic)
    sel = select(lib, "lower-back-hip", [])
    alone = {
        # As a packet sets it: no page numbers of its own, its footer clear of the stamp.
        "handout": build_handout(lib, HandoutSpec(sel, header, page_numbers=False)),
        "tracker": build_tracker(lib, TrackerSpec(sel, DAY, 4, header,
                                                  stamp_room=packet_mod.STAMP_ROOM)),
    }
    first = {"handout": next(i for i, t in enumerate(texts) if "Clinician:" in t),
             "tracker": next(i for i, t in enumerate(texts) if "or set you do" in t)}
    assert "Name: Zoë Ölçer-Ñúñez Clinician: Dr. Jo Park Date: 2 March 2026" in \
        " ".join(texts[first["handout"]].split())
    for kind, data in alone.items():
        pages = len(reader(data).pages)
        for i in range(pages):
            assert "Name: Zoë Ölçer-Ñúñez" in " ".join(texts[first[kind] + i].split())
            diff = ImageChops.difference(_grey(data, i), _grey(packet, first[kind] + i))
            w, h = diff.size
            # Only the page stamp, in the bottom margin, may differ.
            assert diff.crop((0, 0, w, h - 2 * 46)).getbbox() is None, (kind, i)


def test_sheet_laid_out_once_for_patients_who_share_a_plan(lib, monkeypatch):
    calls = {"handout": 0, "tracker": 0}
    real_h, real_t = packet_mod.lay_out_handout, packet_mod.lay_out_tracker

    def count(kind, real):
        def wrapped(*a, **kw):
            calls[kind] += 1
            return real(*a, **kw)
        return wrapped

    monkeypatch.setattr(packet_mod, "lay_out_handout", count("handout", real_h))
    monkeypatch.setattr(packet_mod, "lay_out_tracker", count("tracker", real_t))
    caches = Caches()  # one build context's caches, shared by the three patients
    spec = load_packet_spec(SHIPPED)
    names = ("Ana Ruiz", "Ben Okafor", "Carmen Diaz")
    packets = {n: build_packet(lib, spec, options(patient=n), caches) for n in names}
    assert calls == {"handout": 1, "tracker": 1}
    for name, data in packets.items():
        text = " ".join(page_texts(data))
        assert name in text and not any(other in text for other in names if other != name)
    # A different start date is a different tracker; the handout is still shared.
    later = replace(options(patient="Ana Ruiz"), start=DAY + dt.timedelta(days=7))
    build_packet(lib, spec, later, caches)
    assert calls == {"handout": 1, "tracker": 2}


def test_details_not_given_leave_lines_to_write_on(lib):
    data = build_packet(lib, load_packet_spec(SHIPPED), options())
    texts = page_texts(data)
    handout = next(t for t in texts if "Clinician:" in t)
    assert re.search(r"Name:\s+Clinician:\s+Date:", handout)


# Outside PDFs


def test_outside_pdf_pages_kept_not_stamped_and_counted(with_intake):
    texts = page_texts(with_intake)
    n = len(texts)
    intake = [i for i, t in enumerate(texts) if "Intake form page" in t]
    assert len(intake) == 2
    for i, text in enumerate(texts):
        assert (STAMP.search(text) is None) == (i in intake), i
    r = reader(with_intake)
    marks = outline(r)
    assert ("Intake form", intake[0]) in [(t, p) for _, t, p in marks]
    cover = words(texts[0])
    assert re.search(rf"Intake form {intake[0] + 1}\b", cover)
    last_own = max(i for i in range(n) if i not in intake)
    assert f"Page {last_own + 1} of {n}" in texts[last_own]


def _hostile(folder: Path) -> dict[str, tuple[Path, str]]:
    """Bad outside PDFs, each with the words the error must use."""
    good = plain_pdf(folder / "good.pdf", "one", "two")
    made: dict[str, tuple[Path, str]] = {"missing": (folder / "missing.pdf", "not found")}
    data = good.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    made["truncated"] = (folder / "truncated.pdf", "cut short")
    (folder / "empty.pdf").write_bytes(b"")
    made["empty"] = (folder / "empty.pdf", "empty")
    (folder / "notes.pdf").write_text("These are my notes, not a PDF.\n", encoding="utf-8")
    made["text"] = (folder / "notes.pdf", "not a PDF")
    assert shutil.which("qpdf"), "qpdf is not installed"
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", str(good),
                    str(folder / "aes.pdf")], check=True)
    made["aes"] = (folder / "aes.pdf", "encrypted")
    subprocess.run(["qpdf", "--allow-weak-crypto", "--encrypt", "", "owner", "128",
                    "--use-aes=n", "--", str(good), str(folder / "rc4.pdf")], check=True)
    made["rc4"] = (folder / "rc4.pdf", "encrypted")
    (folder / "folder.pdf").mkdir()
    made["folder"] = (folder / "folder.pdf", "not a file")
    return made


@pytest.mark.parametrize("case", ["missing", "truncated", "empty", "text", "aes", "rc4", "folder"])
def test_bad_outside_pdf_fails_first_naming_it(lib, tmp_path, monkeypatch, case):
    bad, words_expected = _hostile(tmp_path)[case]
    spec = spec_file(tmp_path, "  - cover\n  - education: {}\n  - tracker: {weeks: 1}\n"
                               f"  - pdf: {{path: {bad.name}, title: Their form}}\n")

    def must_not_build(*a, **k):
        raise AssertionError("a part was built before the outside PDFs were checked")

    for name in ("build_education", "lay_out_handout", "lay_out_tracker"):
        monkeypatch.setattr(packet_mod, name, must_not_build)
    out = tmp_path / "out" / "packet.pdf"
    with pytest.raises(ContentError) as err:
        write_atomic(out, build_packet(lib, load_packet_spec(spec), options()))
    [problem] = err.value.problems
    assert (problem.path, problem.line, problem.field) == (str(spec), 7, "parts.3.pdf")
    assert str(bad) in problem.message and words_expected in problem.message
    assert not out.parent.exists()


def test_every_bad_outside_pdf_named_in_one_run_with_its_spec_line(lib, tmp_path):
    made = _hostile(tmp_path)
    names = ("missing", "aes", "text")
    body = "  - cover\n" + "".join(f"  - pdf: {{path: {made[n][0].name}, title: {n}}}\n" for n in names)
    spec = spec_file(tmp_path, body)
    with pytest.raises(ContentError) as err:
        build_packet(lib, load_packet_spec(spec), options())
    found = [(p.line, p.field) for p in err.value.problems]
    assert found == [(5, "parts.1.pdf"), (6, "parts.2.pdf"), (7, "parts.3.pdf")]
    for problem, name in zip(err.value.problems, names, strict=True):
        path, words_expected = made[name]
        assert problem.path == str(spec) and str(path) in problem.message
        assert words_expected in problem.message


# Forms from two trackers


def test_two_trackers_keep_distinct_fields_that_can_both_be_filled(lib, tmp_path):
    spec = spec_file(tmp_path, "  - tracker: {routine: lower-back-hip, weeks: 1, title: First month}\n"
                               "  - handout: {stretches: [cat-cow]}\n"
                               "  - tracker: {stretches: [cat-cow, figure-four], weeks: 2,"
                               " start: 2026-04-06, title: Second month}\n")
    data = build_packet(lib, load_packet_spec(spec), options())
    r = reader(data)
    fields = r.get_fields()
    first = {n for n in fields if re.match(r"t1x[0-9a-f]{10}_", n)}
    second = {n for n in fields if re.match(r"t2x[0-9a-f]{10}_", n)}
    assert first and second and first.isdisjoint(second)
    assert first | second == set(fields)
    listed = {f.get_object()["/T"] for f in r.trailer["/Root"]["/AcroForm"]["/Fields"]}
    assert listed == set(fields)
    box1 = sorted(n for n in first if "_cat-cow_s1" in n)[0]
    box2 = sorted(n for n in second if "_figure-four_s1" in n)[0]

    writer = pypdf.PdfWriter(clone_from=r)
    for page in writer.pages:
        names = {a.get_object().get("/T") for a in page.get("/Annots", [])}
        values = {n: "/Yes" for n in (box1, box2) if n in names}
        if values:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    buf = BytesIO()
    writer.write(buf)
    filled = reader(buf.getvalue()).get_fields()
    assert filled[box1].get("/V") == "/Yes" and filled[box2].get("/V") == "/Yes"
    others = [n for n, f in filled.items() if n not in (box1, box2) and f.get("/V") == "/Yes"]
    assert others == []
    marks = [(t, p) for _, t, p in outline(r)]
    assert marks[0] == ("First month", 0) and marks[2] == ("Second month", 2)
    assert len(r.pages) == 4


@pytest.mark.parametrize("outside_first", [False, True])
def test_outside_form_keeps_its_fields_and_asks_viewer_to_draw_them(lib, tmp_path, outside_first):
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(tmp_path / "made.pdf"), invariant=1)
    c.drawString(72, 720, "Intake form")
    c.acroForm.textfield(name="intake_name", x=72, y=650, width=200, height=20)
    c.showPage()
    c.save()
    w = pypdf.PdfWriter(clone_from=tmp_path / "made.pdf")
    w.set_need_appearances_writer(True)
    w.write(tmp_path / "intake.pdf")
    parts = ["  - tracker: {weeks: 1}\n", "  - pdf: {path: intake.pdf, title: Intake form}\n"]
    spec = spec_file(tmp_path, "".join(reversed(parts) if outside_first else parts))
    r = reader(build_packet(lib, load_packet_spec(spec), options()))
    fields = r.get_fields()
    assert "intake_name" in fields and sum(n.startswith("t1x") for n in fields) > 100
    form = r.trailer["/Root"]["/AcroForm"]
    assert {f.get_object()["/T"] for f in form["/Fields"]} == set(fields)
    assert form["/NeedAppearances"].value is True


# Spec errors


def test_every_spec_problem_reported_with_its_line(fixtures):
    path = fixtures / "packet-bad-spec" / "packet.yaml"
    with pytest.raises(ContentError) as err:
        load_packet_spec(path)
    found = {(p.line, p.field) for p in err.value.problems}
    assert found >= {
        (4, "packet.colour"),
        (7, "parts.1.education.sections.1"),
        (8, "parts.2.handot"),
        (9, "parts.3.tracker.weeks"),
        (10, "parts.4.pdf.path"),
        (11, "parts.5"),
        (13, "parts.6"),
    }
    text = "\n".join(err.value.lines())
    assert f"{path}:8: parts.2.handot: unknown part 'handot'" in text
    assert "only one cover" in text
    assert all(p.path == str(path) for p in err.value.problems)


def test_unknown_routine_and_stretch_reported_with_lines(lib, tmp_path):
    spec = spec_file(tmp_path, "  - handout: {routine: upper-body}\n"
                               "  - tracker: {stretches: [cat-cow, moonwalk]}\n")
    with pytest.raises(ContentError) as err:
        build_packet(lib, load_packet_spec(spec), options())
    lines = err.value.lines()
    assert any(":4: parts.0.handout: unknown routine 'upper-body'" in line for line in lines)
    assert any(":5: parts.1.tracker: unknown stretch 'moonwalk'" in line for line in lines)


def test_bad_outside_pdf_and_unknown_routine_reported_in_one_run(lib, tmp_path):
    """A broken clinic PDF hid the unknown routine and stretch until it was mended."""
    made = _hostile(tmp_path)
    spec = spec_file(tmp_path, "  - handout: {routine: upper-body}\n"
                               f"  - pdf: {{path: {made['truncated'][0].name}, title: Intake}}\n"
                               "  - tracker: {stretches: [cat-cow, moonwalk]}\n")
    with pytest.raises(ContentError) as err:
        build_packet(lib, load_packet_spec(spec), options())
    found = [(p.line, p.field) for p in err.value.problems]
    assert found == [(4, "parts.0.handout"), (5, "parts.1.pdf"), (6, "parts.2.tracker")]


def test_short_forms_and_quoted_dates_accepted(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("packet:\n  title: T\n  date: '2026-05-01'\nparts:\n  - cover\n  - education:\n"
                    "  - tracker: {weeks: '2'}\n", encoding="utf-8")
    spec = load_packet_spec(path)
    assert [p.kind for p in spec.parts] == ["cover", "education", "tracker"]
    assert str(spec.packet.date) == "2026-05-01"
    assert spec.parts[2].tracker.weeks == 2


def test_missing_spec_file(tmp_path):
    with pytest.raises(InputFileError, match="packet spec not found"):
        load_packet_spec(tmp_path / "nope.yaml")


LONG_NAME = "Maria Fernanda Gonzalez-Rodriguez de la Torre y Villanueva"


def test_long_names_get_a_line_of_their_own_below_the_title(lib):
    """Too long for its place, a name wraps under the title, not over it; the page still fits."""
    from pdfread import text_box

    data = build_packet(lib, load_packet_spec(SHIPPED),
                        options(patient=LONG_NAME, clinician="Dr. Alexandra Moreau-Whitfield DPT"))
    texts = page_texts(data)
    for i, top_line in ((next(i for i, t in enumerate(texts) if "Clinician:" in t), "Lower back"),
                        (next(i for i, t in enumerate(texts) if "or set you do" in t), "Week of")):
        assert LONG_NAME in " ".join(texts[i].split())
        name, above = text_box(data, i, "Maria"), text_box(data, i, top_line)
        assert name[3] < above[1], f"page {i + 1}: the name reaches into '{top_line}'"
    assert STAMP.search(texts[-1]).group(1) == STAMP.search(texts[-1]).group(2)  # nothing spilled


def test_large_print_packet_pages_carry_one_page_number_each(lib, fixtures):
    """The large-print handout numbers its own pages alone; in a packet only the stamp does."""
    data = build_packet(lib, load_packet_spec(SHIPPED),
                        options(fixtures, patient="Ana Ruiz", look=large_print()))
    texts = page_texts(data)
    assert sum("Clinician:" in t for t in texts) == 1 and len(texts) > 10
    for i, text in enumerate(texts):
        assert [m.group(1) for m in STAMP.finditer(text)] == [str(i + 1)], i


def test_patient_packet_embeds_each_face_once(lib):
    """Parts and stamps all start their font subsets alike, so the packet keeps one of each."""
    import pikepdf

    spec = load_packet_spec(SHIPPED.parent / "patient.yaml")
    data = build_packet(lib, spec, options(patient="Ana Ruiz", clinician="Sam Lee PT"))
    with pikepdf.open(BytesIO(data)) as pdf:
        files = {(str(o.FontName), o.FontFile2.objgen) for o in pdf.objects
                 if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"}
    assert sorted(name.split("+")[1] for name, _ in files) == [
        "AtkinsonHyperlegible-Bold", "AtkinsonHyperlegible-Regular"]


@pytest.mark.parametrize("large", [False, True])
def test_stamp_is_the_size_a_patient_reads(lib, fixtures, large):
    """The contents send a patient to a page number: in large print the stamp that shows it
    is large print too (18 pt), and the tracker keeps the room it needs (blank paper: above)."""
    look = large_print() if large else Look()
    data = build_packet(lib, load_packet_spec(SHIPPED), options(fixtures, patient="Ana Ruiz",
                                                                look=look))
    sizes: dict[int, list[float]] = {}
    for i, page in enumerate(reader(data).pages):
        def visit(text, cm, tm, font, size, i=i):  # type: ignore[no-untyped-def]
            if STAMP.fullmatch(text.strip()):
                sizes.setdefault(i, []).append(round(size * (tm[0] or 1) * (cm[0] or 1), 1))

        page.extract_text(visitor_text=visit)
    n = len(reader(data).pages)
    assert sizes == {i: [18.0 if large else 12.0] for i in range(n)}


def test_an_empty_list_in_a_part_is_refused_not_read_as_the_routine(lib, tmp_path):
    """`stretches: []` in a handout or tracker part (a list begun and not finished) printed
    the whole default routine; it is refused with its line, like every other problem."""
    path = spec_file(tmp_path, "  - handout:\n      stretches: []\n  - tracker:\n      tags: []\n")
    with pytest.raises(ContentError) as info:
        load_packet_spec(path)
    text = str(info.value)
    assert f"{path}:5: parts.0.handout.stretches: the list is empty" in text
    assert f"{path}:7: parts.1.tracker.tags: the list is empty" in text
