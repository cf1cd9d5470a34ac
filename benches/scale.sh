#!/usr/bin/env bash
# The whole-data commands as a user runs them, at 10,000 / 100,000 / 1,000,000 made-up firms
# (`liantu init --demo --scale N`: five years, ≈1.3 memberships and five supply links a firm):
# wall time and peak memory of each, output written to a file — the curve, not a point
# (issue 19). Goals there: ≤ 3 s and < 1 GiB at 1,000,000 firms, cost at most linear in N.
#
# Usage: benches/scale.sh [N …]   (default: 10000 100000 1000000)
#   LIANTU_SCALE_DIR  where the databases are kept between runs (default /tmp/liantu-scale);
#                     a database already there for N is reused (building 1,000,000 takes ~3 min
#                     and its file is 2.7 GB)
#   LIANTU_BIN        a liantu binary to time instead of building the release one
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
dir="${LIANTU_SCALE_DIR:-/tmp/liantu-scale}"
mkdir -p "$dir"
if [ -n "${LIANTU_BIN:-}" ]; then
    liantu="$LIANTU_BIN"
else
    cargo build --release --bin liantu
    liantu="$PWD/${CARGO_TARGET_DIR:-target}/release/liantu"
fi

# One timed run: "<seconds> <peak MiB>" of the command, its output to a file.
timed() {
    local out="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$liantu" "$@" >"$out" 2>"$dir/stderr.txt" || {
        echo "failed: liantu $*" >&2
        cat "$dir/stderr.txt" >&2
        exit 1
    }
    awk '{ printf "%.2f s %d MiB", $1, $2 / 1024 }' "$dir/time.txt"
}

commands=(
    "grade --format csv"
    "diagnose --chain nev-battery --format json"
    "score --format csv"
    "tag suggest"
    "export enterprises --out $dir/enterprises.csv"
)
printf '| firms | %s |\n' "$(IFS='|'; echo "init --demo --scale|${commands[*]}" | sed 's/|/ | /g')"
printf '|---|%s\n' "$(printf -- '---|%.0s' $(seq 0 ${#commands[@]}))"
for n in "${sizes[@]}"; do
    db="$dir/scale-$n.db"
    if [ -f "$db" ]; then
        build="(kept)"
    else
        build=$(timed "$dir/init.txt" --db "$db" init --demo --scale "$n")
    fi
    row="| $n | $build"
    for c in "${commands[@]}"; do
        # shellcheck disable=SC2086 # the command's words
        row="$row | $(timed "$dir/out.txt" --db "$db" $c)"
    done
    echo "$row |"
done
