"""Sided stretches print every side word for the prescribed side, read from the PDF text."""

from __future__ import annotations

import pytest
from pdfread import page_texts, reader, words

from handouts.cli import app
from handouts.content.checks import check_library
from handouts.content.library import content_folders, load_library
from handouts.content.select import select
from handouts.layout.handout import HandoutSpec, build_handout
from handouts.layout.sheet import Override

# For each built-in sided stretch: phrases only the right side prints, and only the left.
PHRASES = {
    "figure-four": (["Cross your right ankle over your left knee", "Hold the back of your left thigh",
                     "stretch your right buttock and hip"],
                    ["Cross your left ankle over your right knee", "Hold the back of your right thigh",
                     "stretch your left buttock and hip"]),
    "kneeling-hip-flexor": (["Kneel on your right knee, left foot flat in front and left knee over "
                             "left ankle", "front of your right hip", "raise your right arm high"],
                            ["Kneel on your left knee, right foot flat in front and right knee over "
                             "right ankle", "front of your left hip", "raise your left arm high"]),
    "seated-spinal-twist": (["Bend your right knee", "outside your left thigh",
                             "Put your right hand on the floor", "Put your left elbow outside your "
                             "right knee", "twist to the right and look over your right shoulder"],
                            ["Bend your left knee", "outside your right thigh",
                             "Put your left hand on the floor", "Put your right elbow outside your "
                             "left knee", "twist to the left and look over your left shoulder"]),
    "knee-to-chest": (["Bend your right knee", "Keep your left leg straight",
                       "slowly lower your right leg"],
                      ["Bend your left knee", "Keep your right leg straight",
                       "slowly lower your left leg"]),
    "supine-hamstring": (["with your left leg straight on the floor", "Lift your right leg up",
                          "back of your right thigh"],
                         ["with your right leg straight on the floor", "Lift your left leg up",
                          "back of your left thigh"]),
}


def sheet(lib, sid: str, side: str | None, detail: bool) -> tuple[str, bytes]:
    ids = [sid] if detail else [sid, "cat-cow"]
    ov = {sid: Override(side=side)} if side else {}  # type: ignore[arg-type]
    data = build_handout(lib, HandoutSpec(select(lib, None, ids), overrides=ov))
    return words(" ".join(page_texts(data))), data


def test_every_builtin_sided_stretch_is_in_the_table(lib):
    assert {s.id for s in lib.stretches.values() if s.sides} == set(PHRASES)


@pytest.mark.parametrize("detail", [True, False], ids=["detail", "handout"])
@pytest.mark.parametrize("sid", sorted(PHRASES))
def test_side_words_follow_the_prescribed_side(lib, sid, detail):
    right, left = PHRASES[sid]
    for side, want, never in (("left", left, right), ("right", right, left),
                              ("both", right, left), (None, right, left)):
        text, _ = sheet(lib, sid, side, detail)
        for phrase in want:
            assert phrase in text, (side, phrase)
        for phrase in never:
            assert phrase not in text, (side, phrase)
        if side in ("left", "right"):
            assert f"on your {side} side only" in text
            assert "then switch" not in text
        else:
            assert "on each side, right side first, then switch." in text
        assert "{side}" not in text and "{other}" not in text


def _mirrored(data: bytes) -> bool:
    """True when a page draws something through a left-right flip (a mirrored figure)."""
    content = reader(data).pages[0].get_contents().get_data()
    return b"-1 0 0 1 " in content


@pytest.mark.parametrize("sid", sorted(PHRASES))
def test_figure_is_mirrored_only_for_the_other_side(lib, sid):
    assert _mirrored(sheet(lib, sid, "left", True)[1])
    assert not _mirrored(sheet(lib, sid, "right", True)[1])
    assert not _mirrored(sheet(lib, sid, "both", True)[1])


def test_left_side_program_case(runner, fixtures, tmp_path):
    out = tmp_path / "x.pdf"
    r = runner.invoke(app, ["handout", "--program",
                            str(fixtures / "program-left-side" / "program.yaml"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = words(" ".join(page_texts(out)))
    right, left = PHRASES["figure-four"]
    assert all(p in text for p in left) and not any(p in text for p in right)
    assert "Do 3 holds on your left side only." in text
    assert "Note: Left side only for now." in text
    assert _mirrored(out.read_bytes())


def test_check_flags_unmarked_side_words(tmp_path, runner):
    (tmp_path / "s.yaml").write_text(
        "stretches:\n  - id: wall-calf\n    name: Wall calf\n    kind: static\n"
        "    targets: [hamstrings]\n    position: Stand facing a wall.\n    steps:\n"
        "      - Step back with your {side} foot.\n      - Bend your left knee.\n"
        "    avoid: [Bouncing.]\n    sides: true\n    dose: {hold: 30 seconds}\n",
        encoding="utf-8")
    lib = load_library(content_folders([tmp_path]))
    report = check_library(lib)
    assert report.failures == []
    assert any(f"{tmp_path / 's.yaml'}:9: stretches[wall-calf].steps.1: 'left' is not marked" in w
               for w in report.warnings), report.warnings
    r = runner.invoke(app, ["check", "--content", str(tmp_path)])
    assert r.exit_code == 0 and "'left' is not marked" in r.stderr


def test_builtin_unmarked_side_word_is_an_error(lib):
    import dataclasses

    bad = lib.stretches["figure-four"].model_copy(update={"steps": ["Cross your right ankle."]})
    changed = dataclasses.replace(lib, stretches={**lib.stretches, "figure-four": bad})
    failures = check_library(changed).failures
    assert len(failures) == 1 and "figure-four.yaml:" in failures[0]
    assert "stretches[figure-four].steps.0: 'right' is not marked" in failures[0]
    assert check_library(lib).failures == []


def test_unknown_mark_is_a_load_error(tmp_path):
    from handouts.errors import ContentError

    (tmp_path / "s.yaml").write_text(
        "stretches:\n  - id: wall-calf\n    name: Wall calf\n    kind: static\n"
        "    targets: [hamstrings]\n    position: Stand facing a wall.\n    steps:\n"
        "      - Step back with your {leg} foot.\n"
        "    avoid: [Bouncing.]\n    sides: true\n    dose: {hold: 30 seconds}\n",
        encoding="utf-8")
    with pytest.raises(ContentError, match=r"s.yaml:\d+: .*unknown mark \{leg\}"):
        load_library(content_folders([tmp_path]))


def _alts(data: bytes) -> list[str]:
    """The /Alt of every Figure element of a tagged PDF."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(o.Alt) for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                and o.get("/S") == "/Figure" and "/Alt" in o]


def test_picture_alt_follows_the_side_it_shows(lib):
    """A mirrored picture is read aloud for the side it shows, in the sheet's language."""
    es = load_library(content_folders(), "es")
    for library, right, left in (
        (lib, "right ankle crossed over the left knee", "left ankle crossed over the right knee"),
        (es, "el tobillo derecho cruzado sobre la rodilla del lado izquierdo",
         "el tobillo izquierdo cruzado sobre la rodilla del lado derecho"),
    ):
        sel = select(library, None, ["figure-four"])
        for side, said, not_said in ((None, right, left), ("left", left, right)):
            spec = HandoutSpec(sel, overrides={"figure-four": Override(side=side)})
            alt = " ".join(_alts(build_handout(library, spec)))
            assert said in alt and not_said not in alt and "{" not in alt, alt


SPANISH_FIX = """\
stretches:
  - id: figure-four
    steps:
      - Cruce el tobillo {side} sobre la rodilla del lado {other}, con la pierna derecha doblada.
      - Mantenga la espalda derecha. Tome la parte de atrás del muslo {other}.
      - Tire del muslo hacia el pecho. Estirará la cadera del lado {side}.
"""


def test_check_flags_bare_spanish_side_words_with_the_spanish_file_and_line(tmp_path, runner):
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "fix.yaml").write_text(SPANISH_FIX, encoding="utf-8")
    r = runner.invoke(app, ["check", "--content", str(tmp_path), "--language", "es"])
    assert r.exit_code == 0, r.output
    where = f"{tmp_path / 'es' / 'fix.yaml'}:4: stretches[figure-four].steps.0"
    assert f"warning: {where}: 'derecha' is not marked" in r.stderr, r.stderr
    assert "espalda derecha" not in r.stderr and "steps.1" not in r.stderr  # straight, not a side
    r = runner.invoke(app, ["check", "--content", str(tmp_path)])  # English: no Spanish words
    assert "is not marked" not in r.stderr


def test_builtin_spanish_bare_side_word_is_a_failure():
    import dataclasses

    from handouts.content.checks import _where, unmarked_sides
    from handouts.wording.dose import side_words
    from handouts.wording.text import Wording

    es = load_library(content_folders(), "es")
    assert check_library(es).failures == []
    bad = es.stretches["figure-four"].model_copy(update={"tips": ["Gire hacia la izquierda."]})
    changed = dataclasses.replace(es, stretches={**es.stretches, "figure-four": bad})
    warnings: list[str] = []
    failures = unmarked_sides(changed, side_words(Wording((), es.language)), _where(es), warnings)
    assert len(failures) == 1 and warnings == []
    assert "es/stretches.yaml:" in failures[0]
    assert "stretches[figure-four].tips.0: 'izquierda' is not marked" in failures[0]
