#!/usr/bin/env bash
# Runs every test, installing first what they need that is missing (scripts/deps.sh test).
# Tests that need Chromium, Python, PostgreSQL or ../shared/data skip with a message when those
# are absent, unless LIANTU_REQUIRE_BROWSER / _PYTHON / _POSTGRES / _SHARED say they must run.
# PostgreSQL: the tests start a throwaway cluster of their own (initdb in a temporary directory,
# a free port, stopped when the tests end), or use LIANTU_TEST_POSTGRES_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
venv="${LIANTU_VENV:-$HOME/.cache/liantu/py}"
export LIANTU_PYTHON="${LIANTU_PYTHON:-$venv/bin/python}"
export PATH="$venv/bin:$PATH"
cargo test --workspace "$@"
# The store's tests run on both backends in one pass; the app's suite runs again on PostgreSQL.
LIANTU_TEST_BACKEND=postgres cargo test -p liantu-app --lib "$@"
