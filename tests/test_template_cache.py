"""Compiled templates kept on disk between runs (wording/text.py): same pages, and an edited
template is compiled again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pdfread import page_texts, words

DAY = "2026-03-02"


def _handout(tmp: Path, cache: str, out: str, *extra: str) -> bytes:
    env = {"HANDOUTS_CACHE": cache, "PATH": "/usr/bin:/bin", "HOME": str(tmp)}
    subprocess.run([sys.executable, "-m", "handouts", "handout", "--date", DAY, "--patient",
                    "Ana Ruiz", "-o", str(tmp / out), *extra], check=True, capture_output=True, env=env)
    return (tmp / out).read_bytes()


def test_pages_are_the_same_with_the_cache_empty_full_or_off(tmp_path):
    cache = tmp_path / "cache"
    off = _handout(tmp_path, "off", "off.pdf")
    assert not cache.exists()
    first = _handout(tmp_path, str(cache), "first.pdf")
    compiled = list(cache.glob("templates-*/__jinja2_*.cache"))
    assert len(compiled) >= 10  # every template the handout used
    again = _handout(tmp_path, str(cache), "again.pdf")
    assert off == first == again


def test_an_edited_template_is_compiled_again(tmp_path):
    cache = str(tmp_path / "cache")
    mine = tmp_path / "templates" / "handout"
    mine.mkdir(parents=True)
    (mine / "intro.j2").write_text("Stretch after your walk.")
    _handout(tmp_path, cache, "a.pdf", "--templates", str(tmp_path / "templates"))
    (mine / "intro.j2").write_text("Stretch after your bath.")
    _handout(tmp_path, cache, "b.pdf", "--templates", str(tmp_path / "templates"))
    assert "Stretch after your walk." in words(page_texts(tmp_path / "a.pdf")[0])
    assert "Stretch after your bath." in words(page_texts(tmp_path / "b.pdf")[0])


def test_no_cache_where_the_folder_cannot_be_made(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    data = _handout(tmp_path, str(blocked / "cache"), "x.pdf")
    assert data.startswith(b"%PDF") and blocked.read_text() == "not a folder"


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    from handouts.wording.text import cache_folder

    monkeypatch.setenv("HANDOUTS_CACHE", "off")
    assert cache_folder() is None
    monkeypatch.delenv("HANDOUTS_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = cache_folder()
    assert folder is not None and folder.parent == tmp_path / "handouts"
