#!/usr/bin/env bash
# Builds the Debian package target/debian/liantu_VERSION_ARCH.deb:
#   scripts/deb.sh                       a release build of liantu, packaged
#   scripts/deb.sh --binary PATH         package that binary instead (the CI packages its debug build)
#   scripts/deb.sh --version V           another version number (the upgrade test builds a newer one)
# What goes where: the binary in /usr/bin, settings in /etc/liantu/liantu.toml (a conffile),
# the hardened unit liantu.service and the nightly liantu-backup.timer in /lib/systemd/system,
# state in /var/lib/liantu (created by postinst and the unit), docs in /usr/share/doc/liantu.
# Needs dpkg-deb (Debian's dpkg) and binutils (objdump, strip), both there with the build tools.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' crates/cli/Cargo.toml | head -n 1)"
out="${CARGO_TARGET_DIR:-target}/debian"
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --version) version="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "usage: scripts/deb.sh [--binary PATH] [--version V] [--out DIR]" >&2; exit 2 ;;
    esac
done
if [ -z "$binary" ]; then
    scripts/deps.sh build
    cargo build --release --locked -p liantu-cli
    binary="${CARGO_TARGET_DIR:-target}/release/liantu"
fi

arch="$(dpkg --print-architecture)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
pkg=packaging/debian

install -D -m 0755 "$binary" "$root/usr/bin/liantu"
strip --strip-debug "$root/usr/bin/liantu"
install -D -m 0644 "$pkg/liantu.toml" "$root/etc/liantu/liantu.toml"
for unit in liantu.service liantu-backup.service liantu-backup.timer; do
    install -D -m 0644 "$pkg/$unit" "$root/lib/systemd/system/$unit"
done
install -D -m 0755 "$pkg/nightly-backup" "$root/usr/lib/liantu/nightly-backup"
doc="$root/usr/share/doc/liantu"
install -D -m 0644 README.md "$doc/README.md"
install -D -m 0644 docs/operations.md "$doc/operations.md"
cat >"$doc/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: liantu
Source: the liantu source bundle (scripts/source-bundle.sh)

Files: *
Copyright: the liantu developers
License: Apache-2.0
 On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.
 The crates compiled into /usr/bin/liantu keep their own licences (MIT or Apache-2.0 for most;
 HiGHS: MIT); their texts are in the source bundle's vendor/ directory.
COPYRIGHT

# The newest glibc symbol version the binary needs is the libc6 it depends on.
glibc="$(objdump -T "$root/usr/bin/liantu" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)"
mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: liantu
Version: $version
Architecture: $arch
Maintainer: liantu developers <liantu@localhost>
Section: misc
Priority: optional
Depends: libc6 (>= $glibc), libstdc++6, libgcc-s1, passwd
Recommends: fonts-wqy-microhei | fonts-noto-cjk
Suggests: postgresql-client
Installed-Size: $(du -sk "$root" | cut -f1)
Description: 链图 industrial-chain intelligence for city governments
 liantu maps a city's industrial chains with its local enterprises, diagnoses
 strong, weak and missing links and the local supporting rate (本地配套率),
 ranks investment targets (精准招商), grades enterprises (亩均论英雄), matches
 industrial symbiosis, tracks key projects and plans; web app, JSON API and
 command line on SQLite or PostgreSQL.
CONTROL
echo /etc/liantu/liantu.toml >"$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "$pkg/$script" "$root/DEBIAN/$script"
done

mkdir -p "$out"
deb="$out/liantu_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
