#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Brunel (2000) model A, asynchronous irregular state (g = 5, eta = 2), snnft against Brian2
# 2.5.1 side by side: data/configs/brunel.json and bench/peers/brunel_brian2.py (the setup of
# Brian2's example frompapers/Brunel_2000.py: 12500 LIF neurons, delta synapses, D = 1.5 ms,
# PoissonInput drive). The two simulators draw different random numbers, so only statistics
# can agree: mean rate per population and mean CV of the interspike intervals (neurons with
# at least 3 spikes), both after a 100 ms transient. snnft also runs SEEDS further seeds to
# show the seed-to-seed spread.
#
# Usage: bench/brunel_vs_brian2.sh [--T SECONDS] [--seeds SEEDS] [--build-dir DIR]
#   SECONDS  simulated time (default 1)
#   SEEDS    extra snnft seeds (default 2)
#   DIR      snnft build directory (default build in the checkout)
set -euo pipefail

T=1
seeds=2
build_dir=""
py=/usr/bin/python3
while [[ $# -gt 0 ]]; do
  case $1 in
    --T) T=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    -h|--help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $seeds =~ ^[0-9]+$ ]] || { echo "error: --seeds needs a non-negative integer, got '$seeds'" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
build_dir=${build_dir:-$root/build}
snnft="$build_dir/apps/snnft"
[[ -x $snnft ]] || { echo "error: $snnft not found; build first (scripts/build.sh)" >&2; exit 1; }
"$py" -c 'import brian2, h5py' 2>/dev/null || { echo "error: needs Brian2 and h5py for $py (apt-get install python3-brian python3-h5py)" >&2; exit 1; }

work=$(mktemp -d -t snnft_brunel.XXXX)
trap 'rm -rf "$work"' EXIT
duration_ms=$("$py" -c "print($T * 1000)")

echo "Brian2 (cython)..." >&2
"$py" "$here/peers/brunel_brian2.py" --T "$T" --seed 1234 >"$work/brian2.json"

for seed in 1234 $(seq 1 "$seeds"); do
  echo "snnft seed $seed..." >&2
  "$snnft" run "$root/data/configs/brunel.json" --seed "$seed" --duration "$duration_ms" --out "$work/snnft_$seed.h5" >/dev/null
done

"$py" - "$work" "$T" <<'PY'
import glob, json, sys
import h5py, numpy as np
work, T = sys.argv[1], float(sys.argv[2])
sys.path.insert(0, "")
def stats(times, ids, n, t0, t1):
    keep = (times >= t0) & (times < t1)
    times, ids = times[keep], ids[keep]
    rate = len(times) / (n * (t1 - t0) * 1e-3)
    order = np.lexsort((times, ids))
    times, ids = times[order], ids[order]
    cvs = []
    for i in np.unique(ids):
        t = times[ids == i]
        if len(t) >= 3:
            isi = np.diff(t)
            cvs.append(isi.std() / isi.mean())
    return rate, float(np.mean(cvs)) if cvs else float("nan")
b = json.load(open(f"{work}/brian2.json"))
rows = [("Brian2 (seed 1234)", b["exc_rate_hz"], b["inh_rate_hz"], b["exc_cv"], b["inh_cv"])]
for path in sorted(glob.glob(f"{work}/snnft_*.h5"), key=lambda p: int(p.rsplit("_", 1)[1][:-3])):
    seed = path.rsplit("_", 1)[1][:-3]
    with h5py.File(path) as f:
        r = []
        for pop in ("exc", "inh"):
            g = f[f"spikes/{pop}"]
            r.append(stats(g["timestamps"][:], g["node_ids"][:], int(g.attrs["size"]), 100.0, T * 1000))
    rows.append((f"snnft (seed {seed})", r[0][0], r[1][0], r[0][1], r[1][1]))
print("| run | exc rate (Hz) | inh rate (Hz) | exc CV | inh CV |")
print("|---|---|---|---|---|")
for name, re, ri, ce, ci in rows:
    print(f"| {name} | {re:.2f} | {ri:.2f} | {ce:.3f} | {ci:.3f} |")
PY
