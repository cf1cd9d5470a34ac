#!/usr/bin/env bash
# Installs, runs, upgrades, removes and purges the Debian package on this machine, as an IT
# department would, and checks each step:
#   scripts/deb-test.sh [--binary PATH]     (the CI passes its debug build; default: a release build)
# Runs as root (or through sudo). It leaves the machine as it found it: the package purged, its
# user, data and backups removed. Without systemd as PID 1 (containers, CI) the service is run the
# way its unit says (user, working directory, ExecStart) instead of by systemctl, and the units are
# checked with systemd-analyze.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
    exec sudo --preserve-env=CARGO_TARGET_DIR,PATH "$0" "$@"
fi

binary_args=()
[ "${1:-}" = --binary ] && binary_args=(--binary "$2")
work="$(mktemp -d)"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    dpkg --purge liantu >/dev/null 2>&1 || true
    rm -rf /var/lib/liantu /var/backups/liantu "$work"
    userdel liantu 2>/dev/null || true
}
trap cleanup EXIT
step() { echo "deb-test: $*"; }
fail() { echo "deb-test: FAILED: $*" >&2; exit 1; }

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' crates/cli/Cargo.toml | head -n 1)"
deb="$(scripts/deb.sh "${binary_args[@]}" --out "$work/v1")"
newer="$(scripts/deb.sh "${binary_args[@]}" --out "$work/v2" --version "$version+1")"
step "built $(basename "$deb") ($(du -h "$deb" | cut -f1)) and $(basename "$newer")"
[ -e /var/lib/liantu ] && fail "/var/lib/liantu exists already: not a clean machine for this test"

step "install"
dpkg -i "$deb" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "dpkg -i"; }
grep -q "user add admin" "$work/install.log" || fail "postinst did not say what to do next"
[ -x /usr/bin/liantu ] || fail "no /usr/bin/liantu"
getent passwd liantu >/dev/null || fail "no system user liantu"
[ "$(stat -c '%U:%G %a' /etc/liantu/liantu.toml)" = "root:liantu 640" ] || fail "settings not root:liantu 0640"
[ "$(stat -c '%U %a' /var/lib/liantu)" = "liantu 750" ] || fail "/var/lib/liantu not liantu 0750"
dpkg-query -W -f='${Conffiles}' liantu | grep -q /etc/liantu/liantu.toml || fail "liantu.toml is not a conffile"

if command -v systemd-analyze >/dev/null; then
    step "units verified by systemd-analyze"
    for unit in liantu.service liantu-backup.service liantu-backup.timer; do
        systemd-analyze verify "/lib/systemd/system/$unit" || fail "systemd-analyze verify $unit"
    done
    exposure="$(systemd-analyze security --offline=true /lib/systemd/system/liantu.service 2>/dev/null |
        sed -n 's/.*Overall exposure level for liantu.service: \([0-9.]*\).*/\1/p')"
    step "liantu.service exposure (systemd-analyze security, 0 best … 10 worst): $exposure"
    awk -v e="$exposure" 'BEGIN { exit !(e != "" && e < 2.0) }' || fail "exposure $exposure is not under 2.0"
fi

# The operator's first steps, as postinst printed them; the port is this test's own.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
sed -i "s/^bind = .*/bind = \"127.0.0.1:$port\"/; s/^metrics_bind = .*/metrics_bind = \"off\"/" /etc/liantu/liantu.toml
as_liantu() { (cd /var/lib/liantu && runuser -u liantu -- "$@"); }
step "init --demo and the first administrator, as user liantu"
as_liantu liantu init --demo >/dev/null
echo "a long admin password" | as_liantu liantu user add admin --role admin --password-stdin >/dev/null
[ "$(stat -c %U /var/lib/liantu/liantu.db)" = liantu ] || fail "the database is not the service user's"

# The service as its unit runs it (systemd is not PID 1 here).
start_service() {
    exec_start="$(sed -n 's/^ExecStart=//p' /lib/systemd/system/liantu.service)"
    # setpriv execs (runuser would stay as a parent and answer SIGTERM itself).
    (cd /var/lib/liantu && exec setpriv --reuid liantu --regid liantu --init-groups --no-new-privs \
        $exec_start) >"$work/service.log" 2>&1 &
    server=$!
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
        kill -0 "$server" 2>/dev/null || { cat "$work/service.log"; fail "the service exited"; }
        sleep 0.1
    done
    cat "$work/service.log"; fail "the service did not become ready"
}
stop_service() {
    kill -TERM "$server"; wait "$server" || fail "the service did not stop cleanly on SIGTERM"; server=""
}
step "service: ExecStart as user liantu"
start_service
curl -fsS "http://127.0.0.1:$port/healthz" | grep -qx ok || fail "/healthz"
curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/chains/nev-battery" | grep -qx 303 || fail "a page without signing in"
grep -q 'liantu::request' "$work/service.log" || fail "no request log lines"

step "nightly backup keeps the newest two"
for _ in 1 2 3; do
    as_liantu env LIANTU_BACKUP_KEEP=2 /usr/lib/liantu/nightly-backup >/dev/null
    sleep 1.1
done
[ "$(ls /var/backups/liantu/*.db | wc -l)" = 2 ] || { ls -l /var/backups/liantu; fail "not two backups"; }
[ "$(ls /var/backups/liantu/*.manifest.json | wc -l)" = 2 ] || fail "not two manifests"

step "upgrade to $version+1 keeps the settings and the data"
stop_service
dpkg -i "$newer" >"$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log"; fail "upgrade"; }
grep -q "^bind = \"127.0.0.1:$port\"" /etc/liantu/liantu.toml || fail "the edited settings were replaced"
[ "$(dpkg-query -W -f='${Version}' liantu)" = "$version+1" ] || fail "version after upgrade"
start_service
as_liantu liantu status --format json | python3 -c '
import json, sys
counts = json.load(sys.stdin)["counts"]
sys.exit(0 if counts["enterprises"] > 0 and counts["audit_log"] > 0 else 1)' || fail "the data after upgrade"
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || fail "/readyz after upgrade"
stop_service

step "remove keeps settings and data; purge keeps only the data"
dpkg -r liantu >/dev/null
[ ! -e /usr/bin/liantu ] || fail "binary left after remove"
[ -e /etc/liantu/liantu.toml ] || fail "settings gone after remove (not purge)"
dpkg --purge liantu >"$work/purge.log" 2>&1
[ ! -e /etc/liantu ] || fail "settings left after purge"
[ -e /var/lib/liantu/liantu.db ] || fail "purge removed the database"
grep -q "/var/lib/liantu" "$work/purge.log" || fail "purge did not say where the data stays"
step "ok"
