#!/usr/bin/env bash
# The whole-data commands as a user runs them, at 10,000 / 100,000 / 1,000,000 made-up firms
# (`liantu init --demo --scale N`: five years, ≈1.3 memberships and five supply links a firm, a
# candidate for every 100 firms and a project with its monthly reports for every 200, and the
# tagger's first run: `tag suggest` here is a run again over its pending suggestions):
# wall time and peak memory of each, output written to a file — the curve, not a point
# (issue 19). Goals there: ≤ 3 s and < 1 GiB at 1,000,000 firms, cost at most linear in N.
# Then the pages and API lists served from each database: first view, a repeated view, size,
# and the server's peak memory (goal: ≤ 300 ms, under 1 GiB). Needs curl.
#
# Usage: benches/scale.sh [N …]   (default: 10000 100000 1000000)
#   LIANTU_SCALE_DIR  where the databases are kept between runs (default /tmp/liantu-scale);
#                     a database already there for N is reused (building 1,000,000 takes ~6 min,
#                     3.4 GB of memory, and its file is 4.2 GB)
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
    "growth --format json"
    "tag suggest"
    "export enterprises --out $dir/enterprises.csv"
    "economy --format json"
    "coupling --format json"
    "report --monthly --out $dir/monthly.docx"
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

# The pages and API lists as a signed-in browser meets them: `liantu serve` on each database,
# once its warm-up has built the home region's views (how long that took is reported), each
# address opened twice — the first view (rendered, whatever the warm-up does not cover
# computed) and again (the render-once cache) — and the server's peak memory.
pages=(
    "/chains/nev-battery"
    "/api/v1/chains/nev-battery/diagnosis"
    "/"
    "/enterprises"
    "/enterprises?q=%E4%BA%94%E8%8F%B1"
    "/api/v1/enterprises"
    "/grading"
    "/api/v1/grading"
    "/tags"
    "/api/v1/tags"
    "/candidates"
    "/api/v1/candidates"
    "/invest"
    "/api/v1/ranking"
    "/projects"
    "/api/v1/projects"
    "/problems"
    "/whatif?c=sc-000000"
    "/economy"
    "/api/v1/economy"
    "/coupling"
)
echo
echo "| firms | page | first view | again | bytes |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
    db="$dir/scale-$n.db"
    printf 'scale bench password\n' |
        "$liantu" --db "$db" user add scale-bench --role admin --password-stdin >/dev/null 2>&1 || true
    port=$((18000 + RANDOM % 2000))
    "$liantu" --db "$db" serve --bind "127.0.0.1:$port" --metrics-bind off --log-level info \
        >"$dir/serve.txt" 2>&1 &
    server=$!
    trap 'kill "$server" 2>/dev/null || true' EXIT
    base="http://127.0.0.1:$port"
    for _ in $(seq 100); do
        curl -sf "$base/healthz" >/dev/null && break
        sleep 0.1
    done
    # The warm-up after start (its line names the seconds it took), at most ten minutes.
    for _ in $(seq 600); do
        grep -q "warm-up done" "$dir/serve.txt" && break
        sleep 1
    done
    warm=$(sed -n 's/.*warm-up done.* seconds=\([0-9.]*\).*/\1/p' "$dir/serve.txt" | head -1)
    printf '| %s | warm-up after start | %.1f s | | |\n' "$n" "${warm:-0}"
    cookie=$(curl -s -D - -o /dev/null -H "Origin: $base" \
        --data "username=scale-bench&password=scale+bench+password" "$base/login" |
        sed -n 's/^[Ss]et-[Cc]ookie: \(liantu_session=[^;]*\).*/\1/p')
    for page in "${pages[@]}"; do
        view() {
            curl -s -o /dev/null -H "Cookie: $cookie" -w '%{http_code} %{time_total} %{size_download}\n' \
                "$base$page"
        }
        read -r status first bytes < <(view)
        read -r _ again _ < <(view)
        [ "$status" = 200 ] || echo "failed: $page answered $status" >&2
        printf '| %s | `%s` | %.3f s | %.4f s | %s |\n' "$n" "$page" "$first" "$again" "$bytes"
    done
    peak=$(awk '/VmHWM/ { printf "%d MiB", $2 / 1024 }' "/proc/$server/status")
    anon=$(awk '/RssAnon/ { printf "%d MiB", $2 / 1024 }' "/proc/$server/status")
    echo "| $n | server peak RSS $peak (anonymous now $anon; the rest is the database's pages through the memory map) | | | |"
    kill "$server"
    wait "$server" 2>/dev/null || true
done
