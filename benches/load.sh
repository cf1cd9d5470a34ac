#!/usr/bin/env bash
# Load benchmark of the web app on the Liuzhou demo, loopback only, bounded in time.
# Targets (issue 3): chain map page p99 ≤ 50 ms; diagnosis API ≥ 1,000 requests/s (2 cores).
# Needs wrk (Debian package `wrk`). Usage: benches/load.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }

cargo build --release --bin liantu
target="${CARGO_TARGET_DIR:-target}"
liantu="$target/release/liantu"
tmp="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$liantu" --db "$tmp/load.db" init --demo >/dev/null
"$liantu" --db "$tmp/load.db" serve --bind "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done

run() {
    echo "== $1"
    wrk -t2 -c16 -d"${secs}s" --latency "http://127.0.0.1:$port$1" | grep -E "Requests/sec|Latency|99%|50%|Non-2xx"
}
run /chains/nev-battery
run /api/v1/chains/nev-battery/diagnosis
run /chains/nev-battery/nodes/lithium-carbonate
