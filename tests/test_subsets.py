"""One copy of each face in a packet: the parts share their seeded font subsets, and a letter
outside the seed (the 'ı' of Yılmaz) goes into a small second subset, not a second copy."""

from __future__ import annotations

import zlib
from io import BytesIO

import pikepdf
import pypdf
import pytest
from conftest import DAY

from handouts.content.paths import builtin_content
from handouts.jobs.packet import PacketOptions, build_packet, load_packet_spec
from handouts.layout.styles import Look

SPEC = builtin_content() / "packets" / "patient.yaml"


@pytest.mark.parametrize(("patient", "large"), [("Ana Ruiz", False), ("Quinn Yılmaz", False),
                                                ("Quinn Yılmaz", True)])
def test_each_face_stored_once_even_for_a_letter_outside_the_seed(lib, patient: str,
                                                                   large: bool) -> None:
    opts = PacketOptions(DAY, DAY, patient=patient, clinician="Sam Lee PT",
                         look=Look(large_print=large))
    data = build_packet(lib, load_packet_spec(SPEC), opts)
    with pikepdf.open(BytesIO(data)) as pdf:
        files = [o.read_raw_bytes() for o in pdf.objects
                 if isinstance(o, pikepdf.Stream) and "/Length1" in o]
        names = {str(d.FontName) for d in pdf.objects
                 if isinstance(d, pikepdf.Dictionary) and d.get("/Type") == "/FontDescriptor"}
    assert len(files) == len({zlib.crc32(f) for f in files})
    assert len([f for f in files if len(f) > 8000]) == 2  # regular and bold, once each
    assert sum(len(f) for f in files if len(f) <= 8000) < 6000
    if "ı" in patient:
        assert any(n.startswith("/AAAAAB+") for n in names)
    assert patient in "".join(pypdf.PdfReader(BytesIO(data)).pages[1].extract_text().split("\n"))
