#!/usr/bin/env bash
# Builds liantu (installing the C++ toolchain first if it is missing) and runs the Liuzhou demo on
# the embedded SQLite default: http://127.0.0.1:8080/. Arguments go to `liantu demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
exec cargo run --release --bin liantu -- demo "$@"
