#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The same PyNN script (bench/peers/pynn_cuba.py: CUBA, 4000 neurons) end to end on
# snnft.pynn and on pyNN.brian2 (its default code generation; a first, untimed Brian2 run
# fills its compiled-code cache so that the timed one is its best case). Each run is a fresh
# python3 process timed from start to exit (import, build, run, get_data). Prints one line per
# run and the ratios brian2 / snnft of the end-to-end wall times and of the CPU times (the
# latter holds on a busy machine too).
#
# Usage: bench/pynn_vs_brian2.sh [--T MS] [--build-dir DIR]
#   MS   simulated time in ms (default 10000)
#   DIR  snnft build directory (default build in the checkout)
set -euo pipefail

T=10000
build_dir=""
py=/usr/bin/python3
while [[ $# -gt 0 ]]; do
  case $1 in
    --T) T=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    -h|--help) sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $T =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "error: --T needs a number of ms, got '$T'" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
build_dir=${build_dir:-$root/build}
[[ -d $build_dir/python/snnft/pynn ]] || { echo "error: $build_dir/python/snnft/pynn not found; build first (scripts/build.sh)" >&2; exit 1; }
"$py" -c 'import pyNN, brian2' 2>/dev/null || { echo "error: needs PyNN and Brian2 for $py (apt-get install python3-pynn python3-brian)" >&2; exit 1; }

script=$here/peers/pynn_cuba.py
run() {  # backend -> prints the JSON line with the process's wall time added
  local start end line
  start=$(date +%s.%N)
  line=$(PYTHONPATH=$build_dir/python "$py" "$script" "$1" "$T" 2>/dev/null | tail -1)
  end=$(date +%s.%N)
  "$py" -c 'import json, sys; d = json.loads(sys.argv[1]); d["process_s"] = round(float(sys.argv[3]) - float(sys.argv[2]), 3); print(json.dumps(d))' "$line" "$start" "$end"
}

echo "warming Brian2's code cache (untimed)..." >&2
PYTHONPATH=$build_dir/python "$py" "$script" brian2 100 >/dev/null 2>&1
snnft_line=$(run snnft)
brian_line=$(run brian2)
echo "$snnft_line"
echo "$brian_line"
"$py" - "$snnft_line" "$brian_line" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"end to end: snnft {a['process_s']:.2f} s, brian2 {b['process_s']:.2f} s, ratio {b['process_s'] / a['process_s']:.1f}x; "
      f"CPU time {a['cpu_s']:.2f} s / {b['cpu_s']:.2f} s, ratio {b['cpu_s'] / a['cpu_s']:.1f}x; "
      f"rates {a['mean_rate_hz']:.2f} / {b['mean_rate_hz']:.2f} Hz")
PY
