"""A fresh process: what `handouts` does before and around a command to start quickly."""

from __future__ import annotations

import gc
import sys

import handouts.cli
from handouts import entry


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
