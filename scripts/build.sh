#!/usr/bin/env bash
# Install the project into .venv and write the default handouts into ./build/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e .
.venv/bin/handouts build "$@"
