"""What a fresh `handouts build` relies on to be quick: education pages drawn through the
context's figure caches and kept on disk, each giving the very bytes of a build without them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DAY
from pdfread import page_texts, words

from handouts import api
from handouts.context import BuildContext, Caches
from handouts.jobs import packet as packet_mod
from handouts.layout.education import build_education
from handouts.layout.figures import replay


def test_education_figures_go_through_the_context_and_draw_the_same(lib, monkeypatch):
    ctx = BuildContext(lib)
    api.handout(ctx, date=DAY)
    drawn = len(ctx.caches.drawn)
    shared, _ = build_education(lib, caches=ctx.caches)
    # Each muscle's figure at the education's size went through the context: kept for a packet.
    assert len(ctx.caches.drawn) > drawn
    own, _ = build_education(lib)
    monkeypatch.setattr(replay, "enabled", False)  # every figure drawn for real
    real, _ = build_education(lib, caches=Caches())
    assert shared == own == real
    assert "muscles" in " ".join(words(t) for t in page_texts(real)).lower()


def _packet(cache: Path | str, monkeypatch: pytest.MonkeyPatch, lib, **kw) -> bytes:
    monkeypatch.setenv("HANDOUTS_CACHE", str(cache))
    return api.packet(BuildContext(lib), spec="default", date=DAY, **kw).pdf


def test_education_pages_kept_on_disk_give_the_same_packet(lib, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    off = _packet("off", monkeypatch, lib)
    first = _packet(cache, monkeypatch, lib)
    assert len(list((cache / "education").glob("*.pickle"))) == 1
    assert len(list((cache / "library").glob("*.pickle"))) == 1  # the packet spec alone

    def must_not_lay_out(*a, **k):
        raise AssertionError("the kept education pages were laid out again")

    monkeypatch.setattr(packet_mod, "build_education", must_not_lay_out)
    again = _packet(cache, monkeypatch, lib)
    assert off == first == again


def test_other_education_asked_or_an_edited_template_is_laid_out_again(lib, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    big = _packet(cache, monkeypatch, lib, large_print=True)
    a4 = _packet(cache, monkeypatch, lib, page_size="a4")
    assert big != a4
    mine = tmp_path / "templates" / "education"
    mine.mkdir(parents=True)
    (mine / "muscles_title.j2").write_text("Muscles heron")
    heron = " ".join(page_texts(_packet(cache, monkeypatch, lib, templates=tmp_path / "templates")))
    (mine / "muscles_title.j2").write_text("Muscles otter")
    otter = " ".join(page_texts(_packet(cache, monkeypatch, lib, templates=tmp_path / "templates")))
    assert len(list((cache / "education").glob("*.pickle"))) == 4
    assert "Muscles heron" in heron and "Muscles otter" in otter and "heron" not in otter
