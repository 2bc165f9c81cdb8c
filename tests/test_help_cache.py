"""`handouts --help` printed from the cache: the same page as Typer's, without importing it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.entry import help_key

RUN = ("import sys\nsys.argv = ['handouts', *sys.argv[1:]]\nfrom handouts.entry import main\n"
       "try:\n    main()\nexcept SystemExit as stop:\n    code = stop.code\nelse:\n    code = 0\n"
       "print('typer loaded:', 'typer' in sys.modules, 'exit:', code)")


def run(cache: Path | str, *argv: str) -> tuple[str, str]:
    """(the page printed, the last line: whether Typer was imported and the exit code)."""
    env = {**os.environ, "HANDOUTS_CACHE": str(cache)}
    out = subprocess.run([sys.executable, "-c", RUN, *argv], capture_output=True, text=True,
                         env=env, check=True).stdout
    page, _, last = out.rstrip("\n").rpartition("\n")
    return page, last


def test_second_help_is_the_same_page_without_typer(tmp_path):
    typer_page, last = run("off", "--help")
    assert last == "typer loaded: True exit: 0"
    assert "Commands:" in typer_page and "batch" in typer_page
    first, last = run(tmp_path, "--help")
    assert (first, last) == (typer_page, "typer loaded: True exit: 0")
    second, last = run(tmp_path, "--help")
    assert (second, last) == (typer_page, "typer loaded: False exit: 0")
    # A command's own page is kept on its own.
    batch_page, _ = run("off", "batch", "-h")
    assert "PATIENTS.csv" in batch_page
    assert run(tmp_path, "batch", "-h") == (batch_page, "typer loaded: True exit: 0")
    assert run(tmp_path, "batch", "-h") == (batch_page, "typer loaded: False exit: 0")
    assert len(list((tmp_path / "help").iterdir())) == 2


def test_a_page_kept_for_something_else_is_not_printed(tmp_path):
    page, _ = run(tmp_path, "--help")
    (kept,) = (tmp_path / "help").iterdir()
    key, _, text = kept.read_text(encoding="utf-8").partition("\n")
    kept.write_text(f"{key} but older\nUsage: an old page\n", encoding="utf-8")
    again, last = run(tmp_path, "--help")
    assert (again, last) == (page, "typer loaded: True exit: 0")
    assert kept.read_text(encoding="utf-8") == f"{key}\n{text}"


def test_errors_and_commands_are_never_kept(tmp_path):
    env = {**os.environ, "HANDOUTS_CACHE": str(tmp_path)}
    for argv in (["nosuch", "--help"], ["list", "nosuch"]):
        done = subprocess.run([sys.executable, "-m", "handouts", *argv], capture_output=True,
                              text=True, env=env)
        assert done.returncode == 2, done.stderr
    assert not (tmp_path / "help").exists()


def test_key_names_what_the_page_is_made_from(tmp_path):
    source = tmp_path / "cli.py"
    source.write_text("a")
    env = {"TERM": "xterm"}
    key = help_key(["--help"], env, [str(source)])
    assert key is not None and help_key(["--help"], env, [str(source)]) == key
    assert help_key(["-h"], env, [str(source)]) != key
    assert help_key(["--help"], {"TERM": "xterm", "COLUMNS": "60"}, [str(source)]) != key
    source.write_text("ab")
    assert help_key(["--help"], env, [str(source)]) != key
    for other in ([], ["handout", "-o", "x.pdf"], ["handout", "--stretch", "cat-cow", "--help"],
                  ["--help", "handout"]):
        assert help_key(other, env, [str(source)]) is None, other
    assert help_key(["--help"], {"_HANDOUTS_COMPLETE": "bash_complete"}, [str(source)]) is None
    assert help_key(["--help"], env, [str(tmp_path / "gone.py")]) is None


FULL = Path("/dev/full")
needs_full = pytest.mark.skipif(not FULL.is_char_device(), reason="no /dev/full here")


@needs_full
@pytest.mark.parametrize("argv", [["--help"], ["list", "stretches"], ["batch", "-h"]])
def test_output_that_cannot_be_printed_is_one_line_not_a_traceback(tmp_path, argv):
    env = {**os.environ, "HANDOUTS_CACHE": str(tmp_path)}
    for _ in range(2):  # Typer's page, then the kept one
        with FULL.open("w") as full:
            done = subprocess.run([sys.executable, "-m", "handouts", *argv], stdout=full,
                                  stderr=subprocess.PIPE, text=True, env=env)
        assert done.returncode == 1
        assert done.stderr == "error: cannot print the output: No space left on device\n"

