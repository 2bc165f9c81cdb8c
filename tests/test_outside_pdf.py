"""Outside (clinic) PDFs in a packet: active content removed and said, damaged pages refused."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from pdfread import qpdf_check, reader

from handouts.cli import app
from handouts.errors import ContentError
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.pdf.clean import clean_external

DAY = dt.date(2026, 3, 2)


def form_pdf() -> bytes:
    """A one-page intake form with one text field, made by ReportLab."""
    from reportlab.pdfgen.canvas import Canvas

    buf = BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, "Intake form")
    c.acroForm.textfield(name="intake_phone", x=72, y=650, width=200, height=20)
    c.showPage()
    c.save()
    return buf.getvalue()


def hostile_pdf(path: Path) -> Path:
    """The intake form with every kind of active content a clinic PDF has been seen to carry."""
    pdf = pikepdf.open(BytesIO(form_pdf()))
    js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    pdf.Root.OpenAction = js
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), js])),
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([
            pikepdf.String("run.exe"),
            pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("run.exe"))),
        ])),
    )
    pdf.Root.AcroForm.XFA = pdf.make_stream(b"<xdp/>")
    page = pdf.pages[0]
    page.obj.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                          JS=pikepdf.String("this.print()")))
    launch = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                Rect=[72, 500, 200, 520],
                                A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")))
    attach = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
                                Rect=[72, 450, 90, 470])
    page.obj.Annots.append(pdf.make_indirect(launch))
    page.obj.Annots.append(pdf.make_indirect(attach))
    field = pdf.Root.AcroForm.Fields[0]
    field.AA = pikepdf.Dictionary(C=pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                       JS=pikepdf.String("event.value=1")))
    pdf.save(path)
    return path


def spec_with(folder: Path, pdf_name: str) -> Path:
    spec = folder / "packet.yaml"
    spec.write_text("packet:\n  title: Test packet\nparts:\n  - cover\n  - handout: {stretches: [cat-cow]}\n"
                    f"  - pdf: {{path: {pdf_name}, title: Intake}}\n", encoding="utf-8")
    return spec


ACTIVE = ("/JavaScript", "/JS", "/Launch", "/AA", "/OpenAction", "/EmbeddedFiles", "/XFA",
          "/FileAttachment")


def active_keys(data: bytes) -> set[str]:
    """Every active-content name anywhere in the file."""
    found: set[str] = set()
    with pikepdf.open(BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                keys = set(obj.keys())  # noqa: SIM118
                found |= keys & set(ACTIVE)
                found |= {str(v) for v in (obj.get("/S"), obj.get("/Subtype")) if v is not None} & set(ACTIVE)
    return found


def test_active_content_removed_fields_kept_and_said(lib, tmp_path):
    hostile_pdf(tmp_path / "intake.pdf")
    assert active_keys((tmp_path / "intake.pdf").read_bytes())  # the fixture is hostile
    notes: list[str] = []
    spec = load_packet_spec(spec_with(tmp_path, "intake.pdf"))
    data = build_packet(lib, spec, PacketOptions(DAY, DAY), notes=notes)
    assert active_keys(data) == set()
    assert "intake_phone" in (reader(data).get_fields() or {})
    [note] = notes
    assert note.startswith(f"{spec.path}:6: removed from {tmp_path / 'intake.pdf'}: ")
    for words in ("JavaScript action", "launch action", "attached file", "document script",
                  "FileAttachment annotation", "XFA form"):
        assert words in note, note
    out = tmp_path / "p.pdf"
    out.write_bytes(data)
    ok, report = qpdf_check(out)
    assert ok, report


def test_packet_command_says_what_was_removed(runner, tmp_path):
    hostile_pdf(tmp_path / "intake.pdf")
    spec = spec_with(tmp_path, "intake.pdf")
    r = runner.invoke(app, ["packet", str(spec), "--date", "2026-03-02", "-o", str(tmp_path / "o.pdf")])
    assert r.exit_code == 0, r.output
    assert "warning: " in r.stderr and "removed from" in r.stderr and "launch action" in r.stderr


def test_clean_pdf_passes_through_unchanged():
    data = form_pdf()
    cleaned = clean_external(data, "form.pdf")
    assert cleaned.removed == () and cleaned.data == data


def damaged_font_pdf(path: Path) -> Path:
    """A PDF whose embedded font stream no longer inflates (viewers draw a substitute silently)."""
    pdf = pikepdf.open(BytesIO(form_pdf()))
    from reportlab.pdfgen.canvas import Canvas

    from handouts.layout import fonts

    fonts.register()
    buf = BytesIO()
    c = Canvas(buf)
    c.setFont(fonts.REGULAR, 20)
    c.drawString(72, 700, "Consent form")
    c.showPage()
    c.save()
    pdf = pikepdf.open(BytesIO(buf.getvalue()))
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            obj.FontFile2.write(b"\x78\x9c" + b"garbage" * 50, filter=pikepdf.Name.FlateDecode,
                                type_check=False)
    pdf.save(path)
    return path


def test_outside_pdf_that_does_not_render_is_refused_with_its_spec_line(lib, tmp_path):
    damaged_font_pdf(tmp_path / "consent.pdf")
    spec = spec_with(tmp_path, "consent.pdf")
    with pytest.raises(ContentError) as err:
        build_packet(lib, load_packet_spec(spec), PacketOptions(DAY, DAY))
    [problem] = err.value.problems
    assert (problem.path, problem.line, problem.field) == (str(spec), 6, "parts.2.pdf")
    assert "consent.pdf: page 1 does not render: a font stream is damaged" in problem.message
