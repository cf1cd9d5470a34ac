#!/usr/bin/env bash
# Writes target/bundle/liantu-src-VERSION.tar.gz: liantu's committed source with every crate it
# builds from (`cargo vendor`; HiGHS' C++ sources come inside the highs-sys crate) and a
# .cargo/config.toml that points cargo at them, so an intranet machine without crates.io builds
# it with `cargo build --release --offline -p liantu-cli` (or scripts/deb.sh).
#   scripts/source-bundle.sh [--out DIR]
# Run on a machine that reaches crates.io (or a mirror). Uncommitted changes are not bundled.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${CARGO_TARGET_DIR:-target}/bundle"
[ "${1:-}" = --out ] && out="$2"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' crates/cli/Cargo.toml | head -n 1)"
name="liantu-src-$version"
if ! git diff --quiet HEAD 2>/dev/null; then
    echo "source-bundle: uncommitted changes are left out; the bundle is HEAD ($(git rev-parse --short HEAD))" >&2
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
git archive --format=tar --prefix="$name/" HEAD | tar -x -C "$stage"
(
    cd "$stage/$name"
    mkdir -p .cargo
    # cargo vendor prints the [source] replacement that makes builds use vendor/.
    cargo vendor --locked --versioned-dirs vendor >>.cargo/config.toml 2>"$stage/vendor.log" || { cat "$stage/vendor.log" >&2; exit 1; }
    git -C "$OLDPWD" rev-parse HEAD >COMMIT
)
mkdir -p "$out"
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
