"""handouts.toml: found in the working folder or given, checked, and below options and programs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pdfread import page_texts, reader, words

from handouts import api
from handouts.cli import app
from handouts.config import find_config, load_config
from handouts.context import BuildContext
from handouts.errors import ContentError, InputFileError

PROGRAM = Path(__file__).parent.parent / "content" / "examples" / "program-ana.yaml"
WEDNESDAY = dt.date(2026, 3, 4)


def config(folder: Path, text: str) -> Path:
    (folder / "clinic.yaml").write_text("name: Riverside PT\nphone: 555-0142\n", encoding="utf-8")
    path = folder / "handouts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def context(path: Path) -> BuildContext:
    return BuildContext.load(config=load_config(path), today=lambda: WEDNESDAY)


def size(data: bytes) -> tuple[int, int]:
    box = reader(data).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_found_in_the_working_folder_or_given(tmp_path):
    assert find_config(None, tmp_path) is None
    path = config(tmp_path, 'page_size = "a4"\n')
    assert find_config(None, tmp_path) == path
    assert find_config(path, Path("/")) == path
    with pytest.raises(InputFileError, match="config file not found"):
        find_config(tmp_path / "nope.toml")


def test_every_setting_read_and_paths_relative_to_the_file(tmp_path):
    path = config(tmp_path, 'clinic = "clinic.yaml"\npage_size = "A4"\nprint_size = "large"\n'
                            'language = "en"\nroutine = "lower-back-hip"\ntracker_weeks = 2\n'
                            'date_format = "%d/%m/%Y"\noutput = "out"\ncontent = ["mine"]\n'
                            'templates = "words"\n')
    cfg = load_config(path)
    assert (cfg.clinic, cfg.output, cfg.templates) == (tmp_path / "clinic.yaml", tmp_path / "out",
                                                      tmp_path / "words")
    assert cfg.content == (tmp_path / "mine",)
    assert (cfg.page_size, cfg.large_print, cfg.tracker_weeks, cfg.date_format) == ("a4", True, 2, "%d/%m/%Y")


def test_every_bad_setting_reported_at_once(tmp_path):
    path = config(tmp_path, 'page_size = "legal"\ntracker_weeks = 20\nprint_size = "huge"\n'
                            'colour = "blue"\ndate_format = "week"\n')
    with pytest.raises(ContentError) as err:
        load_config(path)
    text = "\n".join(err.value.lines())
    for expected in ("page_size: unknown page size 'legal'", "tracker_weeks: a tracker covers 1 to 12",
                     "print_size: unknown print size 'huge'", "colour: unknown setting",
                     "date_format: 'week' prints no day"):
        assert f"{path}:" in text and f": {expected}" in text
    assert f"{path}:1: page_size:" in text and f"{path}:4: colour:" in text  # each on its line
    assert text.splitlines()[-1] == f"5 problems in {path}."  # the config, not "content"
    (tmp_path / "handouts.toml").write_text("page_size = \n")
    with pytest.raises(InputFileError, match="not valid TOML"):
        load_config(tmp_path / "handouts.toml")


def test_option_over_program_over_config_over_default(tmp_path):
    ctx = context(config(tmp_path, 'page_size = "a4"\nclinic = "clinic.yaml"\n'
                                   'routine = "lower-back-hip"\ntracker_weeks = 2\n'
                                   'date_format = "%d/%m/%Y"\n'))
    plain = BuildContext.load(today=lambda: WEDNESDAY)
    # Page size: the config's a4 unless the option says letter; the built-in default is letter.
    assert size(api.handout(ctx, stretches=["cat-cow"]).pdf) == (595, 842)
    assert size(api.handout(ctx, stretches=["cat-cow"], page_size="letter").pdf) == (612, 792)
    assert size(api.handout(plain, stretches=["cat-cow"]).pdf) == (612, 792)
    # Tracker weeks: option 3 > config 2 > built-in 4.
    assert api.tracker(ctx, weeks=3).pages == 3
    assert api.tracker(ctx).pages == 2
    assert api.tracker(plain).pages == 4
    # Date: the program's beats today; printed in the config's format.
    from_program = words(page_texts(api.handout(ctx, program=PROGRAM).pdf)[0])
    assert "02/03/2026" in from_program and "Riverside PT" in from_program
    assert "04/03/2026" in words(page_texts(api.handout(ctx, stretches=["cat-cow"]).pdf)[0])
    assert "4 March 2026" in words(page_texts(api.handout(plain, stretches=["cat-cow"]).pdf)[0])
    # Routine: the program's stretches beat the config's routine (cat-cow is excluded there).
    assert "Cat-cow" not in words(page_texts(api.handout(ctx, program=PROGRAM).pdf)[0])


def test_config_routine_and_large_print_apply_when_nothing_is_given(tmp_path):
    ctx = context(config(tmp_path, 'print_size = "large"\nroutine = "lower-back-hip"\n'))
    large = api.handout(ctx, stretches=["cat-cow", "figure-four"])
    assert large.fit == "large print, 18 pt"
    normal = api.handout(ctx, stretches=["cat-cow", "figure-four"], large_print=False)
    assert normal.fit == "13 pt, large pictures"


@pytest.mark.parametrize(("pattern", "printed"), [
    ("%Y-%m-%d", "2026-03-04"), ("%d/%m/%Y", "04/03/2026"), (None, "4 March 2026")])
def test_config_date_format_prints_as_set_even_iso(tmp_path, pattern, printed):
    """A clinic's date_format is printed as set, ISO included; without one, the long form."""
    ctx = context(config(tmp_path, f'date_format = "{pattern}"\n' if pattern else ""))
    text = words(" ".join(page_texts(api.handout(ctx, stretches=["cat-cow"], date="today").pdf)))
    assert f"Date: {printed}" in text


def test_cli_reads_handouts_toml_in_the_working_folder(runner, tmp_path, monkeypatch):
    config(tmp_path, 'page_size = "a4"\noutput = "made"\nclinic = "clinic.yaml"\n')
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["handout", "--stretch", "cat-cow", "--stretch", "figure-four"])
    assert r.exit_code == 0, r.output
    out = tmp_path / "made" / "handout.pdf"
    assert size(out.read_bytes()) == (595, 842)
    assert "Riverside PT" in words(page_texts(out)[0])
    r = runner.invoke(app, ["handout", "--page-size", "LETTER", "-o", "x.pdf"])
    assert r.exit_code == 0 and size((tmp_path / "x.pdf").read_bytes()) == (612, 792)


def test_cli_config_option_and_its_errors(runner, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    path = config(other, 'page_size = "legal"\n')
    r = runner.invoke(app, ["--config", str(path), "handout", "-o", str(tmp_path / "h.pdf")])
    assert r.exit_code == 2 and "page_size: unknown page size 'legal'" in r.stderr
    r = runner.invoke(app, ["--config", str(tmp_path / "none.toml"), "handout"])
    assert r.exit_code == 2 and "config file not found" in r.stderr
