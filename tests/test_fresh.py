"""A fresh process: what `handouts` does before and around a command to start quickly."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import pytest

import handouts.cli
from handouts import entry
from handouts.content import stored, yamlsrc
from handouts.content.library import content_folders, load_library
from handouts.content.select import select
from handouts.errors import ContentError
from handouts.layout.handout import HandoutSpec, build_handout


def test_the_collector_is_off_while_a_one_shot_command_runs_and_after(monkeypatch):
    seen: list[bool] = []
    monkeypatch.setattr(handouts.cli, "main", lambda: seen.append(gc.isenabled()))
    monkeypatch.setattr(sys, "argv", ["handouts", "list", "muscles"])
    monkeypatch.setenv("HANDOUTS_CACHE", "off")
    assert gc.isenabled()
    try:
        entry.main()
        after = gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False] and not after


def test_the_long_commands_turn_the_collector_back_on(runner, tmp_path, monkeypatch):
    import handouts.web.serve

    monkeypatch.chdir(tmp_path)
    seen: list[bool] = []
    monkeypatch.setattr(handouts.web.serve, "serve", lambda *a, **k: seen.append(gc.isenabled()))
    gc.disable()
    try:
        made = runner.invoke(handouts.cli.app, ["batch", "--example"])
        seen.append(gc.isenabled())
        gc.disable()
        served = runner.invoke(handouts.cli.app, ["serve", "--no-browser"])
    finally:
        gc.enable()
    assert made.exit_code == 0 and served.exit_code == 0, made.output + served.output
    assert seen == [True, True]


# The English library kept on disk (content/stored.py).


def _kept(cache: Path) -> list[Path]:
    return sorted((cache / "library").glob("*.pickle"))


def _no_parsing(monkeypatch):
    def refuse(path):
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(yamlsrc, "read_yaml", refuse)


def test_a_kept_library_is_the_same_library_and_no_file_is_parsed(tmp_path, monkeypatch, lib):
    monkeypatch.setenv("HANDOUTS_CACHE", str(tmp_path))
    first = load_library(content_folders())
    assert len(_kept(tmp_path)) == 1
    with monkeypatch.context() as m:
        _no_parsing(m)
        again = load_library(content_folders())
    assert again == first == lib
    assert dict(again.stretches) == dict(lib.stretches)
    assert again.origins[("stretches", "figure-four")].where("steps") == \
        lib.origins[("stretches", "figure-four")].where("steps")
    assert isinstance(again.stretches, MappingProxyType)
    pages = [build_handout(x, HandoutSpec(select(x))) for x in (lib, again)]
    assert pages[0] == pages[1]


def test_an_edited_added_or_removed_content_file_loads_again(tmp_path, monkeypatch):
    cache, clinic = tmp_path / "cache", tmp_path / "clinic"
    monkeypatch.setenv("HANDOUTS_CACHE", str(cache))
    clinic.mkdir()
    extra = clinic / "c.yaml"
    extra.write_text("remove:\n  faqs: [why-stretch]\n", encoding="utf-8")
    assert "why-stretch" not in load_library(content_folders([clinic])).faqs
    before = extra.stat()
    extra.write_text("remove:\n  faqs: [ principles]\n", encoding="utf-8")
    os.utime(extra, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same size and time
    assert extra.stat().st_size == before.st_size
    changed = load_library(content_folders([clinic]))
    assert "why-stretch" in changed.faqs and "principles" not in changed.faqs
    (clinic / "d.yaml").write_text("remove:\n  faqs: [why-stretch]\n", encoding="utf-8")
    assert not {"why-stretch", "principles"} & set(load_library(content_folders([clinic])).faqs)
    extra.unlink()
    assert "principles" in load_library(content_folders([clinic])).faqs
    assert len(_kept(cache)) == 4
    with monkeypatch.context() as m:  # each of them is kept under its own files
        _no_parsing(m)
        assert "why-stretch" not in load_library(content_folders([clinic])).faqs


def test_a_library_with_problems_is_never_kept(tmp_path, monkeypatch, fixtures):
    monkeypatch.setenv("HANDOUTS_CACHE", str(tmp_path))
    for _ in range(2):
        with pytest.raises(ContentError, match="duplicate id"):
            load_library(content_folders([fixtures / "content-duplicate-id"]))
    assert _kept(tmp_path) == []


def test_a_damaged_kept_library_is_made_again_and_off_keeps_none(tmp_path, monkeypatch, lib):
    monkeypatch.setenv("HANDOUTS_CACHE", str(tmp_path))
    load_library(content_folders())
    (kept,) = _kept(tmp_path)
    kept.write_bytes(kept.read_bytes()[:100])
    assert load_library(content_folders()) == lib
    assert len(kept.read_bytes()) > 1000
    monkeypatch.setenv("HANDOUTS_CACHE", "off")
    kept.unlink()
    assert load_library(content_folders()) == lib
    assert _kept(tmp_path) == []


def test_only_the_newest_libraries_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE", str(tmp_path))
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    for n in range(stored.KEEP + 2):
        (clinic / "c.yaml").write_text(f"# {n}\nremove:\n  faqs: [why-stretch]\n", encoding="utf-8")
        load_library(content_folders([clinic]))
    assert len(_kept(tmp_path)) == stored.KEEP


def test_a_fresh_process_with_a_kept_library_neither_reads_nor_validates(tmp_path):
    code = ("import sys\nfrom handouts.context import BuildContext\n"
            "from handouts.content.model import Stretch\n"
            "print(len(BuildContext.load().library.stretches), 'yaml' in sys.modules,"
            " Stretch.__pydantic_complete__)")
    env = {**os.environ, "HANDOUTS_CACHE": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                           check=True).stdout.split() for _ in range(2)]
    assert runs[0][1:] == ["True", "True"]  # read and validated, then kept
    assert runs[1][1:] == ["False", "False"]  # no YAML reader imported, no validator built
    assert runs[0][0] == runs[1][0] != "0"


# Typer's coercion, made only for the options given (cli_options._Unset).


def test_only_the_options_given_get_a_validator_and_the_rest_keep_their_defaults(runner,
                                                                                monkeypatch):
    import typer.core

    made: list[str] = []
    real = typer.core.build_runtime_param

    def counting(descriptor):
        made.append(repr(descriptor.annotation))
        return real(descriptor)

    monkeypatch.setattr(typer.core, "build_runtime_param", counting)
    both = runner.invoke(handouts.cli.app, ["list", "stretches", "--tag", "lying"])
    assert both.exit_code == 0, both.output
    assert len(made) == 2  # KIND and --tag; not --muscle, --content nor the group's --config
    every = runner.invoke(handouts.cli.app, ["list", "stretches"])
    assert every.exit_code == 0 and len(made) == 3
    assert set(both.output.splitlines()) < set(every.output.splitlines())
    bad = runner.invoke(handouts.cli.app, ["tracker", "--weeks", "13", "--page-size", "a5"])
    assert bad.exit_code == 2 and "--weeks" in bad.output


def test_a_packet_spec_is_kept_until_its_file_changes(tmp_path, monkeypatch, fixtures):
    from handouts.content.packet_spec import load_packet_spec

    monkeypatch.setenv("HANDOUTS_CACHE", str(tmp_path / "cache"))
    spec = tmp_path / "spec.yaml"
    spec.write_text("packet:\n  title: First\nparts:\n  - cover\n  - handout\n", encoding="utf-8")
    first = load_packet_spec(spec)
    with monkeypatch.context() as m:
        _no_parsing(m)
        m.setattr(yamlsrc, "read_yaml_file", lambda *a: pytest.fail("parsed"))
        again = load_packet_spec(spec)
    assert again == first and again.packet.title == "First" and again.where("parts", 1)[1] == 5
    spec.write_text("packet:\n  title: Later\nparts:\n  - cover\n  - handout\n", encoding="utf-8")
    assert load_packet_spec(spec).packet.title == "Later"
    for _ in range(2):
        with pytest.raises(ContentError):
            load_packet_spec(next((fixtures / "packet-bad-spec").glob("*.yaml")))
    assert len(_kept(tmp_path / "cache")) == 2
