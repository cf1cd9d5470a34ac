#!/usr/bin/env bash
# Runs every test, installing first what they need that is missing (scripts/deps.sh test).
# Tests that need Chromium, Python or ../shared/data skip with a message when those are absent,
# unless LIANTU_REQUIRE_BROWSER / LIANTU_REQUIRE_PYTHON / LIANTU_REQUIRE_SHARED say they must run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
venv="${LIANTU_VENV:-$HOME/.cache/liantu/py}"
export LIANTU_PYTHON="${LIANTU_PYTHON:-$venv/bin/python}"
export PATH="$venv/bin:$PATH"
exec cargo test --workspace "$@"
