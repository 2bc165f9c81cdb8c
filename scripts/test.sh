#!/usr/bin/env bash
# Install the project with its test tools into .venv, then lint, type-check and test.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
.venv/bin/ruff check .
.venv/bin/mypy handouts
.venv/bin/pytest "$@"
