#!/usr/bin/env bash
# Builds with ThreadSanitizer (in ./build-tsan: only the binaries run below) and runs the
# threaded code: the concurrent circuit-breaker code (the resilience suite), the engine's
# parallel equivalence tests, the multi-column processor's thread-count tests, and network and
# columns runs of the snnft command with 2 threads. Any data race fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSNNFT_SANITIZE_THREAD=ON \
  -DSNNFT_BUILD_BENCH=OFF -DPython_EXECUTABLE=/usr/bin/python3 "${launcher[@]}" >/dev/null
cmake --build build-tsan -j "$(nproc)" --target snnft_resilience_tests snnft_snn_tests snnft_columns_tests snnft
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=7 suppressions=$PWD/scripts/tsan_suppressions.txt ${TSAN_OPTIONS:-}"
# Kernels with 32 bits of mmap randomness break the TSan runtime of GCC 12 ("unexpected memory
# mapping"); running without address randomization avoids it.
prefix=()
if command -v setarch >/dev/null && [ "$(sysctl -n vm.mmap_rnd_bits 2>/dev/null || echo 28)" -gt 28 ]; then
  prefix=(setarch "$(uname -m)" -R)
fi
run() { echo "== $*" >&2; "${prefix[@]}" "$@"; }
tests=build-tsan/tests
run $tests/resilience/snnft_resilience_tests --gtest_brief=1
# Every test that compares thread counts (the parameterized suites carry a prefix).
run $tests/snn/snnft_snn_tests --gtest_brief=1 \
  --gtest_filter='*EngineEquivalence.*:SimdSwitch.*:Inputs.SameSeedSameResultsForAnyThreadCountAndIsa:StdpRun.WeightsAreIdenticalForAnyThreadCount'
run $tests/columns/snnft_columns_tests --gtest_brief=1 --gtest_filter='MultiColumnProcessor.*:GrownReadoutColumns.ResultsAreIdenticalForAnyThreadCount'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run build-tsan/apps/snnft run data/configs/cuba.json --duration 200 --threads 2 --out "$work/cuba.h5" --json-summary >/dev/null
/usr/bin/python3 -c '
import json, os, sys
c = json.load(open(sys.argv[1])); c["epochs"] = 1
c["dataset"]["path"] = os.path.abspath("data/datasets/digits.csv")
json.dump(c, open(sys.argv[2], "w"))' data/configs/digits_columns.json "$work/digits.json"
run build-tsan/apps/snnft run "$work/digits.json" --threads 2 --out "$work/digits.h5" --json-summary >/dev/null
