"""Where `-o` points: a device, a pipe or a link is never replaced by the PDF.

The PDF is written to a temporary file and renamed over its name (never half-written), and
a rename replaces whatever has that name: /dev/full, or the /dev/stdout link, as root."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def handout(out: str, tmp_path: Path, **kw: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handouts", "handout", "--stretch", "cat-cow",
                           "-o", out], text=True, cwd=tmp_path,
                          env={**os.environ, "HANDOUTS_CACHE": str(tmp_path / "cache")}, **kw)


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="no /dev/full here")
def test_a_device_is_refused_and_left_as_it_was(tmp_path):
    done = handout("/dev/full", tmp_path, capture_output=True)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: /dev/full: is a device or a pipe, not a file")
    assert "-o - prints the PDF" in done.stderr and "Traceback" not in done.stderr
    assert Path("/dev/full").is_char_device()


@pytest.mark.skipif(not Path("/dev/stdout").is_symlink(), reason="/dev/stdout is not a link here")
def test_dev_stdout_into_a_file_writes_the_file_and_keeps_the_link(tmp_path):
    target = os.readlink("/dev/stdout")
    with (tmp_path / "out.pdf").open("wb") as fh:
        done = handout("/dev/stdout", tmp_path, stdout=fh, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF-")
    assert Path("/dev/stdout").is_symlink() and os.readlink("/dev/stdout") == target
    piped = handout("/dev/stdout", tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert piped.returncode == 2 and "error: /dev/stdout: is a device or a pipe" in piped.stderr


def test_a_link_keeps_pointing_at_the_new_pdf(tmp_path):
    (tmp_path / "link.pdf").symlink_to("real.pdf")
    done = handout("link.pdf", tmp_path, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "link.pdf").is_symlink()
    assert (tmp_path / "real.pdf").read_bytes().startswith(b"%PDF-")
