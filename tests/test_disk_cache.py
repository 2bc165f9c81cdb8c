"""Compiled templates and message catalogs kept on disk between runs (wording/text.py,
wording/catalogs.py): same pages, and an edited template or catalog is compiled again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from pdfread import page_texts, words

from handouts.content.paths import builtin_content
from handouts.wording.language import load_language

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
    assert len(list(cache.glob("library/*.pickle"))) == 1  # the library (content/stored.py)
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


def test_spanish_pages_are_the_same_with_compiled_catalogs(tmp_path):
    cache = str(tmp_path / "cache")
    off = _handout(tmp_path, "off", "off.pdf", "--language", "es")
    first = _handout(tmp_path, cache, "first.pdf", "--language", "es")
    assert len(list((tmp_path / "cache" / "catalogs").glob("*.mo"))) == 1
    again = _handout(tmp_path, cache, "again.pdf", "--language", "es")
    assert off == first == again
    assert "Evite" in words(page_texts(tmp_path / "again.pdf")[0])


def test_an_edited_catalog_is_compiled_again(monkeypatch, tmp_path):
    monkeypatch.setenv("HANDOUTS_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "content"
    (folder / "es").mkdir(parents=True)
    po = folder / "es" / "messages.po"
    shutil.copy(builtin_content() / "es" / "messages.po", po)
    for _ in range(2):  # compiled, then read compiled
        lang, problems, _ = load_language("es", [folder])
        assert problems == [] and lang.gettext("Avoid") == "Evite"
    assert len(list((tmp_path / "cache" / "catalogs").glob("*.mo"))) == 1
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Evite"', 'msgstr "No haga"'),
                  encoding="utf-8")
    lang, problems, _ = load_language("es", [folder])
    assert problems == [] and lang.gettext("Avoid") == "No haga"
    po.write_text('msgid "Avoid"\nmsgstr "Evite\n', encoding="utf-8")  # broken: reported each run
    for _ in range(2):
        assert load_language("es", [folder])[1]
