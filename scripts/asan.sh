#!/usr/bin/env bash
# Builds the whole test suite with AddressSanitizer + UndefinedBehaviorSanitizer (in
# ./build-asan: tests and the snnft command they drive; no benchmarks, and no Python module,
# which would need the sanitizer runtime preloaded into the interpreter) and runs every ctest
# test. Any memory error, leak or undefined behaviour fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSNNFT_SANITIZE_ADDRESS=ON \
  -DSNNFT_BUILD_BENCH=OFF -DSNNFT_BUILD_PYTHON=OFF -DPython_EXECUTABLE=/usr/bin/python3 "${launcher[@]}" >/dev/null
cmake --build build-asan -j "$(nproc)"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
# installed_package_consumer builds a separate program against the installed libraries, without
# the sanitizer runtime they were compiled for, so it cannot link here; the test stage runs it.
ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -E '^installed_package_consumer$'
