#!/usr/bin/env bash
# Installs every Debian package snnft needs to build, test and benchmark (run as root).
# Does nothing when all of them are already installed.
set -euo pipefail
packages=(build-essential cmake ninja-build libeigen3-dev libtbb-dev libxsimd-dev libhdf5-dev
  hdf5-tools nlohmann-json3-dev libcli11-dev librandom123-dev libspdlog-dev libgtest-dev
  libbenchmark-dev python3 python3-h5py python3-numpy
  pybind11-dev python3-dev python3-pynn python3-matplotlib python3-neo python3-brian python3-brian-lib
  openmpi-bin libopenmpi-dev libcpp-httplib-dev prometheus clang-14 libfuzzer-14-dev libclang-rt-14-dev
  ccache pkgconf)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
