#!/usr/bin/env bash
# Installs what liantu needs that this machine lacks, and says what it installs.
#   scripts/deps.sh build   the C++ toolchain HiGHS (the LP solver) is compiled with, and a CJK
#                           font for the maps in the Word brief
#   scripts/deps.sh test    build + what the tests use: headless Chromium and its driver,
#                           sqlite3, PostgreSQL (the tests start their own throwaway
#                           cluster; pg_dump for the backup test), systemd's systemd-analyze (the
#                           package test checks the units), and a Python venv with scipy,
#                           openpyxl, python-docx and schemathesis
# Debian/Ubuntu (apt) only; elsewhere it names the packages to install and stops.
set -euo pipefail
what="${1:-build}"

# The CJK font also draws the maps in the Word brief (`liantu report`).
build_pkgs=(g++ cmake libclang-dev ninja-build pkg-config fonts-wqy-microhei)
test_pkgs=(chromium chromium-driver sqlite3 python3-venv curl postgresql systemd)

pkgs=("${build_pkgs[@]}")
[ "$what" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
if command -v dpkg >/dev/null; then
    for p in "${pkgs[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
else
    echo "liantu: not a Debian-family system; make sure these are installed: ${pkgs[*]}" >&2
fi

if [ ${#missing[@]} -gt 0 ]; then
    echo "liantu: installing Debian packages: ${missing[*]}" >&2
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "liantu: run as root or install sudo" >&2; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$what" = test ]; then
    # The outside-world checks (scipy's HiGHS on the same LPs, openpyxl reading our workbooks,
    # python-docx reading our Word briefs, schemathesis against the OpenAPI document) run in a
    # venv kept between runs.
    venv="${LIANTU_VENV:-$HOME/.cache/liantu/py}"
    if ! "$venv/bin/python" -c "import scipy, openpyxl, schemathesis, docx" 2>/dev/null; then
        echo "liantu: creating the Python venv $venv (scipy, openpyxl, python-docx, schemathesis)" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet scipy openpyxl python-docx schemathesis
    fi
fi
