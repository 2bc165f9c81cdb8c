"""What a fresh `handouts build` relies on to be quick: education pages drawn through the
context's figure caches and kept on disk, the packet made in a forked process meanwhile;
each gives the very bytes of a build without it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import DAY
from pdfread import page_texts, words

from handouts import api
from handouts.context import BuildContext, Caches
from handouts.errors import OptionError
from handouts.jobs import aside
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


def test_the_packet_made_aside_is_the_one_made_here(lib, monkeypatch):
    forked = api.default_set(BuildContext(lib), date=DAY)
    monkeypatch.setattr(aside, "can_fork", lambda: False)
    here = api.default_set(BuildContext(lib), date=DAY)
    assert list(forked) == list(here) == ["handout.pdf", "tracker.pdf", "packet.pdf"]
    for name in here:
        assert forked[name] == here[name], name  # bytes, pages, title, warnings
    assert here["packet.pdf"].pages == 10


fork_only = pytest.mark.skipif(not aside.can_fork(), reason="needs fork and two cores")


@fork_only
def test_the_job_aside_runs_in_another_process_meanwhile():
    started = time.monotonic()
    done = aside.side_by_side({"a": lambda: (time.sleep(1), os.getpid())[1],
                               "b": lambda: (time.sleep(1), os.getpid())[1]}, aside="a")
    assert list(done) == ["a", "b"]
    assert done["b"] == os.getpid() != done["a"]
    assert time.monotonic() - started < 1.9  # side by side, not one after the other


@fork_only
def test_an_error_aside_is_raised_here_after_the_jobs_before_it():
    ran: list[str] = []

    def bad() -> str:
        ran.append("bad")
        raise OptionError("no such page size 'b5'")

    with pytest.raises(OptionError, match="b5"):
        aside.side_by_side({"first": lambda: ran.append("first") or "ok", "bad": bad}, aside="bad")
    assert ran == ["first", "bad"]  # the child's own attempt left no trace here


@fork_only
def test_an_error_here_stops_the_child_at_once():
    started = time.monotonic()
    with pytest.raises(OptionError):
        aside.side_by_side({"slow": lambda: time.sleep(30), "bad": _raise}, aside="slow")
    assert time.monotonic() - started < 10


def _raise() -> None:
    raise OptionError("weeks must be 1 to 12")
