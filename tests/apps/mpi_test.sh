#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Distributed runs (a build with -DSNNFT_MPI=ON): `mpirun -np N snnft run` must write the same
# spikes and rates as one process, bit for bit, for any ranks x threads, with and without
# faults on neurons (chosen by global id), one valid SONATA file, and one summary (rank 0's)
# that reports ranks and threads. What needs one process fails on one line with exit code 2.
# usage: mpi_test.sh SNNFT DATA_DIR
set -uo pipefail
snnft=$1
data=$2
source "$(dirname "$0")/test_lib.sh"
mpirun=(mpirun --allow-run-as-root --oversubscribe)

# Brunel-like, large enough (40,000 neurons) that two threads split every step, with one
# 1.5 ms delay per projection (spikes exchanged every 15 steps), a variant with per-synapse
# delays (every 5 steps) and one with a delay of one step (every step).
variant "$data/configs/brunel.json" "$work/net.json" '
c["record"] = {"spikes": ["exc", "inh"], "rates": {"populations": ["exc", "inh"], "bin_ms": 1}}
c["populations"][0]["size"], c["populations"][1]["size"] = 32000, 8000
for p in c["projections"]:
    p["connectivity"] = {"rule": "fixed_indegree", "indegree": 40 if p["pre"] == "exc" else 10}
    p["weight"] = 2.5 if p["pre"] == "exc" else -12.5
c["duration_ms"] = 60'
variant "$work/net.json" "$work/net_delays.json" '
for p in c["projections"]:
    p["delay_ms"] = {"uniform": [0.5, 3.0]}'
variant "$work/net.json" "$work/net_step.json" '
for p in c["projections"]:
    p["delay_ms"] = 0.1'

spikes_of() {  # spikes_of FILE — the spike tables and rate histograms as text, population by population
  /usr/bin/python3 - "$1" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    for pop in sorted(f["spikes"]):
        g = f["spikes"][pop]
        print(pop, g["timestamps"][:].tobytes().hex(), g["node_ids"][:].tobytes().hex())
    for pop in sorted(f["rates"]):
        print(pop, f["rates"][pop]["spike_counts"][:].tobytes().hex())
    if "events" in f:
        print(f["events"]["target"][:], f["events"]["detail"][:])
PY
}

# Neuron faults by global id, each kind that edits spikes or neuron state: each rank edits its
# own neurons' spikes before the exchange, with draws keyed by neuron and step, so the result
# is that of one process.
faults=(--fault dead:fraction=0.1,population=exc --fault drop:p=0.5,fraction=0.2 --fault saturated:count=3,population=inh,at=20ms
  --fault jitter:sigma_ms=0.5,fraction=0.1 --fault stuck_v:count=50,value_mv=15 --fault drift:threshold_scale=0.8,fraction=0.1)
declare -A extra=([net]="" [net_faults]="${faults[*]}")
cp "$work/net_delays.json" "$work/net_faults.json"

declare -A layouts=([net_step]="2 2")
for net in net net_delays net_faults net_step; do
  read -ra args <<<"${extra[$net]:-}"
  "$snnft" run "$work/$net.json" --threads 1 --out "$work/${net}_1x1.h5" --json-summary "${args[@]}" >"$work/${net}_1x1.json" \
    || fail "$net: one process failed"
  reference=$(spikes_of "$work/${net}_1x1.h5")
  n_ref=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["spikes"])' "$work/${net}_1x1.json")
  [[ $n_ref -gt 1000 ]] && ok || fail "$net: only $n_ref spikes; the comparison needs an active network"
  if [[ $net == net_faults ]]; then  # the faults must change the run they are compared on
    /usr/bin/python3 -c 'import json,sys; s = json.load(open(sys.argv[1])); assert s["faults_injected"] == 6, s' \
      "$work/${net}_1x1.json" && ok || fail "$net: expected 6 faults injected"
    [[ "$reference" != "$(spikes_of "$work/net_delays_1x1.h5")" ]] && ok || fail "$net: the faults changed no spike"
  fi
  IFS=, read -ra net_layouts <<<"${layouts[$net]:-2 1,2 2,3 1,3 2}"
  for layout in "${net_layouts[@]}"; do
    read -r ranks threads <<<"$layout"
    out="$work/${net}_${ranks}x${threads}.h5"
    if ! "${mpirun[@]}" -np "$ranks" "$snnft" run "$work/$net.json" --threads "$threads" --out "$out" --json-summary \
        "${args[@]}" >"$work/summary.txt" 2>"$work/stderr.txt"; then
      fail "$net: mpirun -np $ranks --threads $threads failed: $(tail -n 3 "$work/stderr.txt")"
      continue
    fi
    [[ $(wc -l <"$work/summary.txt") -eq 1 ]] && ok || fail "$net $ranks x $threads: expected one summary line (rank 0's)"
    /usr/bin/python3 - "$work/summary.txt" "$ranks" "$threads" "$n_ref" "$net" <<'PY' && ok || fail "$net $ranks x $threads: summary"
import json, sys
s = json.loads(open(sys.argv[1]).read())
assert s["ranks"] == int(sys.argv[2]), s["ranks"]
assert s["threads"] == int(sys.argv[3]), s["threads"]
assert s["spikes"] == int(sys.argv[4]), (s["spikes"], sys.argv[4])
# One collective exchange per minimum delay: 1.5 ms = 15 steps (net), 0.5 ms = 5 steps (the
# shortest of the uniform [0.5, 3] ms delays), 0.1 ms = 1 step (net_step: every step).
interval = {"net": 15, "net_delays": 5, "net_faults": 5, "net_step": 1}[sys.argv[5]]
assert s["exchange_interval_steps"] == interval, (s["exchange_interval_steps"], interval)
assert s["spike_exchanges"] == -(-s["steps"] // interval), (s["spike_exchanges"], s["steps"], interval)
PY
    [[ "$(spikes_of "$out")" == "$reference" ]] && ok || fail "$net: spikes of $ranks ranks x $threads threads differ from one process"
    ls "$work"/*.tmp* >/dev/null 2>&1 && fail "$net: a temporary output file was left behind" || ok
  done
done

# What needs one process: one line naming it, exit code 2, no output file.
variant "$work/net.json" "$work/net_stdp.json" '
c["projections"][0]["plasticity"] = {"rule": "stdp", "tau_plus_ms": 20, "tau_minus_ms": 20, "a_plus": 0.01,
                                     "a_minus": -0.012, "w_min": 0, "w_max": 5}'
"$snnft" validate "$work/net_stdp.json" >/dev/null || fail "the STDP variant is not a valid config"
check_refused() {  # check_refused WHAT CONFIG [ARGS...]
  local what=$1 config=$2
  shift 2
  "${mpirun[@]}" -np 2 "$snnft" run "$config" --out "$work/refused.h5" "$@" >/dev/null 2>"$work/stderr.txt"
  local code=$?
  [[ $code -eq 2 ]] && ok || fail "$what: exit code $code, expected 2"
  [[ $(grep -c '^error:' "$work/stderr.txt") -eq 1 ]] && ok || fail "$what: expected one error line: $(cat "$work/stderr.txt")"
  grep -q "needs one process" "$work/stderr.txt" && ok || fail "$what: the error does not say why"
  [[ ! -e "$work/refused.h5" ]] && ok || fail "$what: an output file was written"
}
check_refused "a synapse fault" "$work/net.json" --fault syn_stuck0:fraction=0.1
check_refused "STDP" "$work/net_stdp.json"
check_refused "a columns run" "$data/configs/digits_columns.json"
finish "mpi"
