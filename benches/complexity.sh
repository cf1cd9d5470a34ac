#!/usr/bin/env bash
# `liantu complexity` against py-ecomplexity 0.5.3 as whole processes (start, read, compute,
# write), side by side on the same CSV: the synthetic 250 × 5,000 one-year panel of
# ../shared/data/complexity/reference/SYNTHETIC.md. Target (issue 12): ≥ 100× with the default
# outputs. Prints each wall time, liantu's minimum and median, and the ratios.
#
# Setup (once): python3 -m venv /tmp/ecx-venv && /tmp/ecx-venv/bin/pip install ecomplexity==0.5.3
# Usage: benches/complexity.sh [liantu runs, default 5] [py-ecomplexity runs, default 1]
#   LIANTU_ECX_PYTHON  the venv's python (default /tmp/ecx-venv/bin/python)
#   LIANTU_CX_CSV      the panel (default /tmp/cx_250x5000x1.csv, generated when missing)
#   LIANTU_CX_ARGS     extra `liantu complexity` flags, e.g. "--proximity"
#   LIANTU_BIN         a liantu binary to time instead of building the release one
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
py_runs="${2:-1}"
python="${LIANTU_ECX_PYTHON:-/tmp/ecx-venv/bin/python}"
csv="${LIANTU_CX_CSV:-/tmp/cx_250x5000x1.csv}"
"$python" -c "import ecomplexity" 2>/dev/null || {
    echo "py-ecomplexity not found in $python; see the setup line at the top of $0" >&2
    exit 1
}
[ -f "$csv" ] || "$python" crates/complexity/benches/py_ecomplexity_timing.py \
    --synthetic 250x5000x1 --write-csv "$csv"

if [ -n "${LIANTU_BIN:-}" ]; then
    liantu="$LIANTU_BIN"
else
    cargo build --release --bin liantu
    liantu="${CARGO_TARGET_DIR:-target}/release/liantu"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Wall seconds of a command, its output discarded.
wall() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    echo "scale=3; ($end - $start) / 1000000000" | bc
}

echo "input: $csv ($(($(wc -l <"$csv") - 1)) rows), load average $(cut -d' ' -f1-3 /proc/loadavg)"
rust=()
for _ in $(seq "$runs"); do
    rm -rf "$tmp/rs"
    # shellcheck disable=SC2086
    rust+=("$(wall "$liantu" complexity --input "$csv" --output "$tmp/rs" ${LIANTU_CX_ARGS:-})")
done
echo "liantu complexity: ${rust[*]} s; output $(du -sh "$tmp/rs" | cut -f1) ($(ls "$tmp/rs" | tr '\n' ' '))"
py=()
for _ in $(seq "$py_runs"); do
    rm -rf "$tmp/py"
    py+=("$(wall "$python" crates/complexity/benches/py_ecomplexity_command.py --input "$csv" --output "$tmp/py")")
done
echo "py-ecomplexity 0.5.3: ${py[*]} s; output $(du -sh "$tmp/py" | cut -f1)"
sorted=($(printf '%s\n' "${rust[@]}" | sort -n))
min="${sorted[0]}"
median="${sorted[$(((${#sorted[@]} - 1) / 2))]}"
py_min=$(printf '%s\n' "${py[@]}" | sort -n | head -1)
echo "liantu min $min s, median $median s; py-ecomplexity min $py_min s"
echo "ratio (py min / liantu min): $(echo "scale=0; $py_min / $min" | bc)×, (py min / liantu median): $(echo "scale=0; $py_min / $median" | bc)×"
