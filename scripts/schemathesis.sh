#!/usr/bin/env bash
# Holds the served JSON API to its OpenAPI document: starts `liantu` on a fresh demo database on a
# free local port, runs schemathesis against /api/openapi.json (bounded), and stops the server.
# Any response that disagrees with the document (status, body schema, content type, a 5xx, a
# documented-valid request refused or an invalid one accepted) fails the run.
#
#   scripts/schemathesis.sh [LIANTU_BINARY]     (default: $CARGO_TARGET_DIR/debug/liantu)
#
# Needs the Python venv .ci/run makes ($LIANTU_VENV, default ~/.cache/liantu/py) or schemathesis
# on PATH. SCHEMATHESIS_MAX_EXAMPLES (default 30) bounds the examples per operation and
# SCHEMATHESIS_SEED (default 1) picks them. The product knowledge graph in $LIANTU_KG_DIR (default
# ../shared/data/industry-chain-kg, when there) is imported too, so the search reaches its logic.
set -euo pipefail
cd "$(dirname "$0")/.."

liantu="$(realpath "${1:-${CARGO_TARGET_DIR:-target}/debug/liantu}")"
venv="${LIANTU_VENV:-$HOME/.cache/liantu/py}"
python="${LIANTU_PYTHON:-$venv/bin/python}"
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-30}"
seed="${SCHEMATHESIS_SEED:-1}"
kg="${LIANTU_KG_DIR:-../shared/data/industry-chain-kg}"
schemathesis="$(dirname "$python")/schemathesis"
if [ ! -x "$schemathesis" ]; then
    schemathesis="$(command -v schemathesis)" || {
        echo "error: schemathesis not found beside $python nor on PATH" >&2
        exit 1
    }
fi

tmp="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# A port the kernel has just handed out and released; the server binds it a moment later.
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

"$liantu" --db "$tmp/demo.db" demo --no-serve >"$tmp/demo.log"
if [ -d "$kg" ]; then
    "$liantu" --db "$tmp/demo.db" kg import "$kg" >"$tmp/kg.log"
fi
# The API needs an account: a token of the demo's analyst (the demo makes one account per role).
token="$("$liantu" --db "$tmp/demo.db" token create --user demo-analyst 2>/dev/null)"
"$liantu" --db "$tmp/demo.db" serve --bind "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server=$!

for _ in $(seq 100); do
    if "$python" -c "import urllib.request; urllib.request.urlopen('$base/api/openapi.json', timeout=1)" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        echo "error: liantu serve exited:" >&2
        cat "$tmp/server.log" >&2
        exit 1
    fi
    sleep 0.2
done

# Examples and coverage (boundary and just-outside values) then random fuzzing; no stateful links
# (the API is read-only). Failures are written to the log with a curl line to reproduce each.
# Run from the temporary directory: schemathesis keeps a crash cache in its working directory.
cd "$tmp"
"$schemathesis" run "$base/api/openapi.json" \
    --url "$base" \
    --header "Authorization: Bearer $token" \
    --checks all \
    --phases examples,coverage,fuzzing \
    --max-examples "$max_examples" \
    --seed "$seed" \
    --generation-database none \
    --workers 2 \
    --request-timeout 30 \
    --no-color \
    --suppress-health-check too_slow || {
    status=$?
    echo "--- liantu serve log, last 40 lines:" >&2
    tail -n 40 "$tmp/server.log" >&2
    exit "$status"
}
