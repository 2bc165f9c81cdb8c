"""Shared fixtures: the built-in library, fixture folders, and a CLI runner."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.content.library import Library, content_folders, load_library

# Compiled templates go to a folder of the test run's own, not the user's ~/.cache.
os.environ.setdefault("HANDOUTS_CACHE", tempfile.mkdtemp(prefix="handouts-test-cache-"))
FIXTURES = Path(__file__).parent / "fixtures"
DAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="session")
def lib() -> Library:
    return load_library(content_folders())


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
