#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Song, Miller & Abbott (2000) STDP run, snnft against Brian2 2.5.1 (C++ standalone mode,
# one thread), side by side on this machine: 1000 Poisson inputs at 15 Hz onto one LIF neuron
# through additive all-to-all STDP, 100 s of biological time, dt = 0.1 ms.
#
# Brian2 runs ../shared/peers/brian2/stdp_song.py --target cpp_standalone --T 100 (beside the
# checkout); snnft runs data/configs/stdp_song.json. Both runs use seed 1234, but the two
# simulators draw different random numbers, so only the statistics can agree: the script also
# runs snnft over SEEDS further seeds (1..SEEDS) to show the seed-to-seed spread.
#
# Compared figures:
#   speed         Brian2 sim_wall_s (main loop inside the compiled binary) / snnft sim_s
#                 (Simulation::run, STDP and recording included), medians over the reps
#   weights       share of weights < 0.1 w_max and > 0.9 w_max after 100 s
#   output rate   of the postsynaptic neuron over the run and over the last 10 s
#
# Brian2 is a bench-time peer only: the script installs it (as root, with apt-get) when it is
# missing; the snnft build never needs it.
#
# Usage: bench/stdp_song_vs_brian2.sh [-n REPS] [--seeds SEEDS] [--build-dir DIR]
#   REPS   timed runs of each simulator (default 1; Brian2 takes about 22 s per run)
#   SEEDS  extra snnft seeds for the spread of the weight fractions (default 10, 0 = none)
#   DIR    snnft Release build directory (default build-release in the checkout)
set -euo pipefail

reps=1
seeds=10
build_dir=""
py=/usr/bin/python3

usage() { sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case $1 in
    -n|--reps) reps=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "error: -n needs a positive integer, got '$reps'" >&2; exit 2; }
[[ $seeds =~ ^[0-9]+$ ]] || { echo "error: --seeds needs a non-negative integer, got '$seeds'" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
peers="$root/../shared/peers/brian2"
if [[ ! -f $peers/stdp_song.py ]]; then
  echo "error: Brian2 peer script not found: $peers/stdp_song.py (expected the shared folder beside the checkout, ../shared)" >&2
  exit 1
fi

source "$root/bench/lib/brian2_peer.sh"
ensure_brian2
build_release_snnft
config="$root/data/configs/stdp_song.json"

work=$(mktemp -d -t snnft_stdp_vs_brian2.XXXX)
trap 'rm -rf "$work"' EXIT

# Alternate the simulators so that both see the same machine load. Brian2 reuses one
# standalone project directory: only its first run compiles (not part of sim_wall_s anyway).
for rep in $(seq 1 "$reps"); do
  echo "== rep $rep/$reps: Brian2 (cpp_standalone, 100 s)" >&2
  if ! "$py" "$peers/stdp_song.py" --target cpp_standalone --T 100 --build-dir "$work/brian2" \
      >"$work/brian2_$rep.out" 2>"$work/brian2.log" || [[ $(tail -n 1 "$work/brian2_$rep.out") != \{* ]]; then
    echo "error: Brian2 run failed: $py $peers/stdp_song.py --target cpp_standalone --T 100" >&2
    tail -n 20 "$work/brian2.log" >&2
    exit 1
  fi
  tail -n 1 "$work/brian2_$rep.out" >>"$work/brian2.jsonl"
  echo "== rep $rep/$reps: snnft" >&2
  "$snnft" run "$config" --threads 1 --json-summary >>"$work/snnft.jsonl"
done
if ((seeds > 0)); then
  echo "== snnft over seeds 1..$seeds" >&2
  for s in $(seq 1 "$seeds"); do "$snnft" run "$config" --threads 1 --seed "$s" --json-summary; done >"$work/seeds.jsonl"
else
  : >"$work/seeds.jsonl"
fi

"$py" - "$work/brian2.jsonl" "$work/snnft.jsonl" "$work/seeds.jsonl" <<'PY'
import json, statistics, sys
load = lambda p: [json.loads(l) for l in open(p) if l.strip()]
brian, snnft, seeds = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
b, s = brian[-1], snnft[-1]
b_sim = statistics.median(r["sim_wall_s"] for r in brian)
s_sim = statistics.median(r["sim_s"] for r in snnft)
print(f"Brian2 {b['brian2_version']} (cpp_standalone, 1 thread) vs snnft (1 thread, SIMD {s['simd']}), "
      f"{len(brian)} timed run(s) each, seed 1234")
print()
print("| | Brian2 | snnft | snnft over seeds 1..%d: mean (min-max) |" % len(seeds))
print("|---|---|---|---|")
def spread(key, scale=1.0, fmt="{:.1f}"):
    if not seeds:
        return "-"
    v = [r[key] * scale for r in seeds]
    return (fmt + " (" + fmt + "-" + fmt + ")").format(statistics.mean(v), min(v), max(v))
rows = [
    ("weights < 0.1 w_max (%)", 100 * b["frac_w_below_0.1gmax"], 100 * s["weight_fraction_low"],
     spread("weight_fraction_low", 100)),
    ("weights > 0.9 w_max (%)", 100 * b["frac_w_above_0.9gmax"], 100 * s["weight_fraction_high"],
     spread("weight_fraction_high", 100)),
    ("weights between (%)", 100 * b["frac_w_middle"],
     100 * (1 - s["weight_fraction_low"] - s["weight_fraction_high"]), "-"),
    ("output rate, whole run (Hz)", b["output_rate_hz"], s["output_rate_hz"], spread("output_rate_hz")),
    ("output rate, last 10 s (Hz)", b["output_rate_last10s_hz"], s["output_rate_last_10s_hz"],
     spread("output_rate_last_10s_hz")),
]
for name, bv, sv, sp in rows:
    print(f"| {name} | {bv:.1f} | {sv:.1f} | {sp} |")
print(f"| simulation time (s), median | {b_sim:.3f} | {s_sim:.3f} | - |")
print()
ratio = b_sim / s_sim
print(f"Speed: snnft is {ratio:.1f}x faster than Brian2 (Brian2 sim_wall_s / snnft sim_s; goal >= 5x: "
      f"{'met' if ratio >= 5 else 'MISSED'}).")
falling = lambda lo, hi: "falling" if hi < lo else "NOT falling"
print(f"Output rate: Brian2 {falling(b['output_rate_hz'], b['output_rate_last10s_hz'])}, "
      f"snnft {falling(s['output_rate_hz'], s['output_rate_last_10s_hz'])} over the run.")
PY
