#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the build tree's snnft to a scratch prefix, then builds tests/consumer against the
# installed CMake package and a one-file program against the pkg-config file, and runs both.
# usage: consumer_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -x "$work/prefix/bin/snnft"
test -f "$work/prefix/include/snnft/snn/network.hpp"
test -f "$work/prefix/lib/cmake/snnft/snnftConfig.cmake"

cmake -S "$src/tests/consumer" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/lif_rate"

export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
c++ -O1 -o "$work/lif_rate_pc" "$src/tests/consumer/lif_rate.cpp" $(pkg-config --cflags --libs snnft)
"$work/lif_rate_pc"
"$work/prefix/bin/snnft" --version
