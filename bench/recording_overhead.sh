#!/usr/bin/env bash
# What sampling v of all 4000 neurons of the CUBA network costs, from snnft_bench's
# BM_CubaRecordV family: the median CPU time of the simulating thread in a 1 s run of each
# variant and the median wall time (which includes waiting for the writer thread), relative to
# the run without recording, and the size of the HDF5 file it writes. Target: buffer_only (the
# sampling itself, every step) adds at most 15 %. BM_FrameCopyFloor is the floor: a bare copy
# of one 16 KB frame per step into the recorder's buffer, without the simulation.
# Usage: bench/recording_overhead.sh [SNNFT_BENCH_BINARY] [FILTER]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${1:-$root/build/bench/snnft_bench}
filter=${2:-BM_CubaRecordV/|BM_FrameCopyFloor}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bench" --benchmark_filter="$filter" --benchmark_enable_random_interleaving=true \
  --benchmark_format=json --benchmark_out="$work/out.json" --benchmark_out_format=json >/dev/null

/usr/bin/python3 - "$work/out.json" <<'PY'
import json, statistics, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("run_type") == "iteration"]
if any(b.get("error_occurred") for b in runs):
    sys.exit("FAIL: " + "; ".join(b["error_message"] for b in runs if b.get("error_occurred")))
by = {}
for b in runs:
    by.setdefault(b["run_name"].split("/iterations")[0], []).append(b)
base = statistics.median(b["cpu_time"] for b in by["BM_CubaRecordV/none"])
wall = statistics.median(b["real_time"] for b in by["BM_CubaRecordV/none"])
print(f"{'variant':44s} {'cpu ms':>8s} {'vs none':>8s} {'wall ms':>8s} {'vs none':>8s} {'file MB':>8s}")
for name, bs in by.items():
    t = statistics.median(b["cpu_time"] for b in bs)
    if name.startswith("BM_FrameCopyFloor"):
        # No simulation: its time is the least that sampling every step can add to "none".
        print(f"{name:44s} {t:8.1f} {(base + t) / base:8.3f}    (none + this copy alone)")
        continue
    w = statistics.median(b["real_time"] for b in bs)
    print(f"{name:44s} {t:8.1f} {t / base:8.3f} {w:8.1f} {w / wall:8.3f} {bs[0]['file_mb']:8.1f}")
PY
