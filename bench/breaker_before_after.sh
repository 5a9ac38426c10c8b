#!/usr/bin/env bash
# The breaker's hot paths before and after a change: builds the breaker library and its
# benchmarks (bench/breaker_bench.cpp) of git revision OLD and of the working tree, alone and
# with the same flags, runs the two binaries alternately ROUNDS times (REPETITIONS interleaved
# repetitions each), and prints each benchmark's median CPU time (and real time) per side and
# the ratio new / old of the medians. Only the benchmarks both revisions have are compared.
# Usage: bench/breaker_before_after.sh OLD [ROUNDS] [REPETITIONS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
old_rev=${1:?usage: bench/breaker_before_after.sh OLD [ROUNDS] [REPETITIONS]}
rounds=${2:-3}
reps=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cxx=${CXX:-g++}
flags=(-O3 -DNDEBUG -std=c++20 -pthread)

mkdir -p "$work/old"
git -C "$root" archive "$old_rev" core/include core/src resilience/include resilience/src/breaker bench \
  | tar -x -C "$work/old"

# Compiles one tree's breaker sources, the two core sources they use, and its breaker benchmarks.
build() {
  local tree=$1 out=$2
  mkdir -p "$out"
  local sources=("$tree"/resilience/src/breaker/*.cpp "$tree/core/src/config_reader.cpp"
                 "$tree/core/src/counter_rng.cpp" "$tree/bench/breaker_bench.cpp" "$tree/bench/bench_main.cpp")
  printf '%s\n' "${sources[@]}" | xargs -P 2 -I{} sh -c \
    'f="$1"; shift; exec "$@" -c "$f" -o "'"$out"'/$(echo "$f" | tr / _).o"' _ {} \
    "$cxx" "${flags[@]}" -I"$tree/core/include" -I"$tree/resilience/include"
  "$cxx" "${flags[@]}" "$out"/*.o -lbenchmark -o "$out/bench"
}
build "$work/old" "$work/old-build"
build "$root" "$work/new-build"

filter='BM_Breaker(ClosedCall|ClosedCallTimed|OpenReject|ClosedCallContended|ManualAcquireReport|Memory)(/|$)'
for ((r = 1; r <= rounds; ++r)); do
  for side in old new; do
    "$work/$side-build/bench" --benchmark_filter="$filter" --benchmark_repetitions="$reps" \
      --benchmark_enable_random_interleaving=true --benchmark_format=json \
      --benchmark_out="$work/$side-$r.json" --benchmark_out_format=json >/dev/null
  done
done

/usr/bin/python3 - "$work" "$rounds" "$old_rev" <<'PY'
import glob, json, statistics, sys
work, rounds, old_rev = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def load(side):
    by = {}
    for path in sorted(glob.glob(f"{work}/{side}-*.json")):
        for b in json.load(open(path))["benchmarks"]:
            if b.get("run_type") != "iteration":
                continue
            if b.get("error_occurred"):
                sys.exit(f"FAIL: {side}: {b['error_message']}")
            by.setdefault(b["run_name"], []).append(b)
    return by
old, new = load("old"), load("new")
print(f"old = {old_rev}, new = working tree; {rounds} alternating rounds, medians over all repetitions")
print(f"{'benchmark':46s} {'old cpu ns':>10s} {'new cpu ns':>10s} {'new/old':>8s} {'old real':>9s} {'new real':>9s}")
for name in old:
    if name not in new:
        continue
    if name == "BM_BreakerMemory":
        o, n = old[name][0]["bytes_per_breaker"], new[name][0]["bytes_per_breaker"]
        print(f"{'memory of one breaker (bytes)':46s} {o:10.0f} {n:10.0f} {n / o:8.3f}")
        continue
    m = lambda bs, k: statistics.median(b[k] for b in bs)
    oc, nc = m(old[name], "cpu_time"), m(new[name], "cpu_time")
    print(f"{name:46s} {oc:10.1f} {nc:10.1f} {nc / oc:8.3f} {m(old[name], 'real_time'):9.1f} {m(new[name], 'real_time'):9.1f}")
PY
