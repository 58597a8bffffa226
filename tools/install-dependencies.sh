#!/usr/bin/env bash
# Installs the Debian packages carecast needs to build, test and report.
# Idempotent and quiet: when everything is present it prints nothing and
# touches nothing; otherwise it runs apt-get update once and installs only
# what is missing. Run as root (or through sudo) on Debian 12.
set -euo pipefail

packages=(
  # build
  build-essential cmake git pkg-config
  # libraries (all found by CMake's find_package)
  libeigen3-dev libboost-dev libyaml-cpp-dev libhdf5-dev libtbb-dev
  libcli11-dev libfmt-dev libssl-dev libxlsxwriter-dev libdeflate-dev
  libopenmpi-dev openmpi-bin
  # tests
  catch2 hdf5-tools python3 python3-numpy python3-h5py python3-h5netcdf
  python3-xarray python3-pandas python3-openpyxl
  # the briefing's rendering test and its pictures in docs/ (tools/screenshots.sh: headless Chromium)
  chromium
  # sanitizer runtimes and the fuzzer (clang)
  clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    exec sudo "$0" "$@"
  fi
  echo "install-dependencies: run as root to install: ${missing[*]}" >&2
  exit 1
fi

echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
