#!/usr/bin/env bash
# Checks the offline source bundle: built from HEAD, unpacked, and resolved and compiled with an
# empty cargo home and no network (`--offline`), so nothing can come from crates.io or a cache.
# The whole build would take a cold HiGHS compile; the CI checks that every crate of the lock
# file is in vendor/ (cargo tree over the workspace), that HiGHS' C++ sources are there, and
# compiles the model crate from vendor/.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle="$(realpath "$(scripts/source-bundle.sh)")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$bundle"
src="$(echo "$work"/liantu-src-*)"
export CARGO_HOME="$work/cargo-home" CARGO_TARGET_DIR="$work/target" CARGO_NET_OFFLINE=true
cd "$src"
cargo tree --offline --locked --workspace -e normal,build,dev >/dev/null
ls vendor/highs-sys-*/HiGHS/CMakeLists.txt >/dev/null
cargo check --offline --locked -q -p liantu-model
echo "source-bundle-test: ok ($(du -h "$bundle" | cut -f1), $(ls vendor | wc -l) vendored crates)"
