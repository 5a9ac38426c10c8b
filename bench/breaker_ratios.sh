#!/usr/bin/env bash
# The circuit breaker's hot paths and strategies, measured in one run of snnft_bench with the
# repetitions of every benchmark interleaved at random (so a burst of load on a shared machine
# hits every benchmark alike), as medians over the repetitions and as ratios to the reference
# (one locked increment of a shared counter) measured in the same run. Checks the targets:
# closed-state call <= 20 ns and open rejection <= 10 ns of CPU time, one breaker <= 1 KiB.
# Usage: bench/breaker_ratios.sh [SNNFT_BENCH_BINARY] [REPETITIONS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${1:-$root/build/bench/snnft_bench}
reps=${2:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bench" --benchmark_filter='BM_Breaker' --benchmark_repetitions="$reps" \
  --benchmark_enable_random_interleaving=true --benchmark_min_time=0.2 \
  --benchmark_format=json --benchmark_out="$work/out.json" --benchmark_out_format=json >/dev/null

/usr/bin/python3 - "$work/out.json" <<'PY'
import json, statistics, sys
doc = json.load(open(sys.argv[1]))
runs = [b for b in doc["benchmarks"] if b.get("run_type") == "iteration"]
if any(b.get("error_occurred") for b in runs):
    sys.exit("FAIL: " + "; ".join(b["error_message"] for b in runs if b.get("error_occurred")))
by = {}
for b in runs:
    by.setdefault(b["run_name"], []).append(b)
def median(name, key):
    return statistics.median(b[key] for b in by[name])
def ns(name, key):
    scale = {"ns": 1, "us": 1e3, "ms": 1e6}[by[name][0]["time_unit"]]
    return median(name, key) * scale
ref = ns("BM_BreakerReferenceLockedIncrement", "cpu_time")
ctx = doc["context"]
print(f"host {ctx.get('host_name', '?')}, {ctx['num_cpus']} CPUs at {ctx['mhz_per_cpu']} MHz, "
      f"{len(by['BM_BreakerReferenceLockedIncrement'])} interleaved repetitions per benchmark, load {ctx.get('load_avg')}")
print(f"{'benchmark':48s} {'cpu ns':>9s} {'real ns':>9s} {'cpu / ref':>9s}")
for name in by:
    if name == "BM_BreakerMemory":
        continue
    cpu, real = ns(name, "cpu_time"), ns(name, "real_time")
    print(f"{name:48s} {cpu:9.1f} {real:9.1f} {cpu / ref:9.2f}")
memory = median("BM_BreakerMemory", "bytes_per_breaker")
print(f"{'memory of one breaker (100-call window)':48s} {memory:9.0f} bytes")
closed = ns("BM_BreakerClosedCall", "cpu_time")
reject = ns("BM_BreakerOpenReject", "cpu_time")
checks = [("closed-state call <= 20 ns", closed <= 20.0), ("open rejection <= 10 ns", reject <= 10.0),
          ("one breaker <= 1024 bytes", memory <= 1024)]
for what, ok in checks:
    print(f"target {what}: {'met' if ok else 'MISSED'}")
sys.exit(0 if all(ok for _, ok in checks) else 1)
PY
