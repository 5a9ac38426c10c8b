#!/usr/bin/env bash
# Builds the resilience test suite with ThreadSanitizer (in ./build-tsan) and runs it.
# Any data race reported by TSan fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSNNFT_SANITIZE_THREAD=ON \
  -DSNNFT_BUILD_BENCH=OFF >/dev/null
cmake --build build-tsan -j "$(nproc)" --target snnft_resilience_tests
run=(./build-tsan/tests/resilience/snnft_resilience_tests --gtest_brief=1)
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
# Kernels with 32 bits of mmap randomness break the TSan runtime of GCC 12 ("unexpected memory
# mapping"); running without address randomization avoids it.
if command -v setarch >/dev/null && [ "$(sysctl -n vm.mmap_rnd_bits 2>/dev/null || echo 28)" -gt 28 ]; then
  run=(setarch "$(uname -m)" -R "${run[@]}")
fi
"${run[@]}"
