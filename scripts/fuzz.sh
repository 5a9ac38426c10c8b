#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang-14 (AddressSanitizer + UBSan, in
# ./build-fuzz) and runs each for FUZZ_SECONDS (default 60) from its seed corpus and past
# crash inputs. Any crash, leak, timeout (10 s per input) or out-of-memory (2 GB) fails the
# run; the input that caused it is kept as build-fuzz/artifacts/<target>-crash-*: fix the bug
# and add the input to tests/fuzz/regressions/<target>/, where every build replays it.
# Usage: scripts/fuzz.sh [TARGET...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
((${#targets[@]})) || targets=(config_fuzz fault_spec_fuzz csv_dataset_fuzz breaker_restore_fuzz column_state_fuzz)

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 \
  -DCMAKE_CXX_COMPILER=clang++-14 -DSNNFT_FUZZ=ON -DSNNFT_BUILD_TESTS=OFF -DSNNFT_BUILD_BENCH=OFF \
  -DPython_EXECUTABLE=/usr/bin/python3 "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
mkdir -p build-fuzz/artifacts
status=0
for t in "${targets[@]}"; do
  # New inputs go to the scratch corpus (first directory); the repository's are only read.
  scratch=build-fuzz/corpus/$t
  mkdir -p "$scratch"
  inputs=("$scratch" tests/fuzz/corpus/"$t")
  [[ -d tests/fuzz/regressions/$t ]] && inputs+=(tests/fuzz/regressions/"$t")
  echo "== $t: ${seconds} s"
  start=$SECONDS
  if ! ./build-fuzz/tests/fuzz/"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="build-fuzz/artifacts/$t-" -print_final_stats=1 \
      "${inputs[@]}" >"build-fuzz/$t.log" 2>&1; then
    status=1
    echo "FAILED: $t (last lines of build-fuzz/$t.log):"
    grep -E "ERROR|SUMMARY|runtime error|Test unit written|exiting" "build-fuzz/$t.log" | head -20 || true
  fi
  grep -E "^stat::number_of_executed_units|^stat::new_units_added" "build-fuzz/$t.log" | tr '\n' ' ' || true
  echo "($((SECONDS - start)) s)"
done
exit $status
