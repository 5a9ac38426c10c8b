#!/usr/bin/env bash
# The protection matrix: every fault kind of `snnft faults` at three severities (one for the
# kinds without a magnitude), in every column or in column 1, permanent (from test trial 50) or
# transient (trials 50-150), on every shipped columns config (data/configs/*columns*.json), over
# several seeds (each seed trains its own columns and draws its own fault targets). Each cell
# runs with protection and without, on the same trained columns (`snnft campaign --cells`). On
# a config with fewer than 500 test samples the fault appears at a tenth of the test set and a
# transient one lasts a fifth of it (wine: trials 5-15 of 53).
#
# Rules (a cell's accuracies are means over the seeds; any broken rule makes the exit code 1):
#  - never worse: protected >= unprotected - 1 point
#  - graceful: where the unprotected system loses >= 10 points against fault-free, protected
#    stays within 3 points of fault-free
#  - recovery: after a transient fault clears, every run is back at Normal, closed, with every
#    column admitted, within 40 test trials (a run with fewer trials left is judged only if it
#    got back)
#  - no false alarms: fault-free runs (seeds 1-10, every config) have 0 detections, 0 false
#    detections, 0 ladder (or system-state) transitions, 0 column breaker transitions, 0
#    quarantined neurons, and the same accuracy with protection and without; each broken rule is
#    listed with its config and seed
#
# Prints one table row per cell, the fault-free check and the recovery-time distribution; writes
# matrix.csv (one row per cell) and runs.csv (one row per run) into the output folder.
# Usage: bench/protection_matrix.sh [--quick] [--seeds N] [--kinds K1,K2] [--configs C1,C2] [--out DIR] [SNNFT_BINARY]
#   --quick: one seed, the middle severity, fault-free seeds 1-3 (a few minutes on 2 cores)
#   --kinds, --configs: only these fault kinds / configs (names without .json), e.g. to re-check
#   the rows a change touches
source "$(dirname "$0")/lib/bench_common.sh"
source "$(dirname "$0")/lib/campaign_jobs.sh"
quick=0
seeds=3
out=""
only_kinds=""
only_configs=""
snnft=$root/build/apps/snnft
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=1; shift ;;
    --seeds) seeds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --kinds) only_kinds=$2; shift 2 ;;
    --configs) only_configs=$2; shift 2 ;;
    -*) usage_error "unknown option $1" ;;
    *) snnft=$1; shift ;;
  esac
done
require_executable "$snnft"
out=$(output_dir "$out")
free_seeds=10
if [[ $quick -eq 1 ]]; then seeds=1; free_seeds=3; fi
configs=$(ls "$root"/data/configs/*columns*.json)
if [[ -n $only_configs ]]; then
  configs=$(for c in ${only_configs//,/ }; do
    [[ -f $root/data/configs/$c.json ]] || usage_error "--configs: no config data/configs/$c.json"
    echo "$root/data/configs/$c.json"
  done)
fi

# The cells: kind|severity|fault keys (kinds without a magnitude have one severity;
# cascor_nan only on configs whose columns answer with a grown readout).
cat >"$work/kinds" <<'EOF'
dead|1|fraction=0.1
dead|2|fraction=0.3
dead|3|fraction=0.5
saturated|1|fraction=0.02
saturated|2|fraction=0.05
saturated|3|fraction=0.1
stuck_v|1|fraction=0.05
stuck_v|2|fraction=0.1
stuck_v|3|fraction=0.3
drift|1|leak_scale=0.5
drift|2|threshold_scale=2
drift|3|threshold_scale=3,refractory_scale=3
syn_stuck0|1|fraction=0.1
syn_stuck0|2|fraction=0.2
syn_stuck0|3|fraction=0.5
syn_stuckmax|1|fraction=0.01
syn_stuckmax|2|fraction=0.05
syn_stuckmax|3|fraction=0.1
bitflip|1|rate=0.0001
bitflip|2|rate=0.001
bitflip|3|rate=0.01
jitter|1|sigma_ms=1
jitter|2|sigma_ms=2
jitter|3|sigma_ms=5
drop|1|p=0.3
drop|2|p=0.6
drop|3|p=0.9
column_crash|2|
column_hang|2|
column_garbage|2|mode=nan
column_garbage|3|mode=class
refractory_corrupt|1|fraction=0.05
refractory_corrupt|2|fraction=0.2
refractory_corrupt|3|fraction=1
simd_off|2|
cascor_nan|2|
EOF
# Every kind `snnft faults` lists must be in the matrix.
for kind in $("$snnft" faults | grep -oE '^[a-z_0-9]+  ' | tr -d ' '); do
  grep -q "^$kind|" "$work/kinds" || { echo "protection_matrix.sh: fault kind $kind is not in the matrix" >&2; exit 2; }
done
for kind in ${only_kinds//,/ }; do
  grep -q "^$kind|" "$work/kinds" || usage_error "--kinds: $kind is not a fault kind of the matrix"
done
# Per config: its test-set size decides when the faults appear and clear.
: >"$work/sizes"
for cfg in $configs; do
  name=$(basename "$cfg" .json)
  n=$(test_samples "$cfg")
  at=50; until=150
  if [[ $n -lt 500 ]]; then at=$(( n / 10 > 1 ? n / 10 : 1 )); until=$(( at + n / 5 )); fi
  echo "$name $n $at $until" >>"$work/sizes"
  : >"$work/cells_$name"
  # cascor_nan corrupts a grown readout: only columns that answer with one can take it.
  cascor=0
  $py - "$cfg" <<'PY' && cascor=1
import json, sys
def grown(x):  # a "readout": {"kind": "cascor"} anywhere in the config
    if isinstance(x, dict):
        r = x.get("readout")
        return (isinstance(r, dict) and r.get("kind") == "cascor") or any(grown(v) for v in x.values())
    return isinstance(x, list) and any(grown(v) for v in x)
sys.exit(0 if grown(json.load(open(sys.argv[1]))) else 1)
PY
  while IFS='|' read -r kind severity keys; do
    [[ $quick -eq 1 && $severity != 2 ]] && continue
    [[ $kind == cascor_nan && $cascor -eq 0 ]] && continue
    [[ -n $only_kinds && ",$only_kinds," != *",$kind,"* ]] && continue
    for scope in "" "column=1"; do
      for timing in "at=$at" "at=$at,until=$until"; do
        echo "$kind:$(echo "$keys,$scope,$timing" | sed 's/^,*//; s/,,*/,/g')" >>"$work/cells_$name"
      done
    done
  done <"$work/kinds"
done
echo "$(cat "$work"/cells_* | wc -l) cells over $(echo "$configs" | wc -w) configs, x $seeds seeds, protection on and off"

# The jobs: one campaign per config and seed; fault-free runs for the other seeds up to 10.
: >"$work/jobs"
for cfg in $configs; do
  name=$(basename "$cfg" .json)
  for seed in $(seq 1 "$seeds"); do echo "campaign $cfg $seed $out/${name}_seed$seed.csv $work/cells_$name" >>"$work/jobs"; done
  for seed in $(seq $((seeds + 1)) "$free_seeds"); do
    for protection in on off; do echo "run $cfg $seed $out/${name}_free_seed${seed}_$protection.json $protection" >>"$work/jobs"; done
  done
done
run_jobs "$work/jobs"

cp "$work/sizes" "$out/test_sizes.txt"
$py - "$out" "$free_seeds" <<'PY'
import csv, glob, json, math, os, re, statistics, sys
out, free_seeds = sys.argv[1], int(sys.argv[2])
sizes = {}
for line in open(os.path.join(out, "test_sizes.txt")):
    name, n, at, until = line.split()
    sizes[name] = int(n)
runs, cells, broken = [], {}, []
for path in sorted(glob.glob(os.path.join(out, "*_seed*.csv"))):
    m = re.match(r"(.*)_seed(\d+)\.csv$", os.path.basename(path))
    config, seed = m.group(1), int(m.group(2))
    for r in csv.DictReader(open(path)):
        r["config"], r["seed"] = config, seed
        runs.append(r)

def f(x):
    return math.inf if x == "never" else float(x)

# Fault-free: the campaigns' baselines (map 0), plus the single runs for the other seeds.
# `transitions` are the ladder's and the system state's; the column breakers' are apart.
free = {}
for r in runs:
    if r["fault"] == "":
        free.setdefault((r["config"], r["seed"]), {})[r["protection"]] = {
            "accuracy": f(r["test_accuracy"]), "detections": int(r["detections"]),
            "false_detections": int(r["false_detections"]), "transitions": int(r["transitions"]),
            "column_transitions": int(r["column_transitions"]), "quarantined": int(r["quarantined_neurons"])}
for path in glob.glob(os.path.join(out, "*_free_seed*.json")):
    m = re.match(r"(.*)_free_seed(\d+)_(on|off)\.json$", os.path.basename(path))
    d = json.loads(open(path).read())
    free.setdefault((m.group(1), int(m.group(2))), {})[m.group(3)] = {
        "accuracy": d["test_accuracy"], "detections": d["detections"], "false_detections": d["false_detections"],
        "transitions": d["transitions"], "column_transitions": d["column_transitions"],
        "quarantined": sum(d["quarantined_neurons"])}
print("\n## Fault-free runs (no false alarms)")
print("| config | seeds | detections | false detections | ladder transitions | column transitions | quarantined | accuracy on = off |")
print("|---|---|---|---|---|---|---|---|")
counted = ["detections", "false_detections", "transitions", "column_transitions", "quarantined"]
for config in sorted({c for c, _ in free}):
    keys = [k for k in sorted(free) if k[0] == config]
    totals = [sum(free[k]["on"][name] for k in keys) for name in counted]
    same = all(abs(free[k]["on"]["accuracy"] - free[k]["off"]["accuracy"]) < 1e-12 for k in keys)
    print(f"| {config} | {len(keys)} | " + " | ".join(str(t) for t in totals) + f" | {'yes' if same else 'NO'} |")
    for k in keys:
        on, off = free[k]["on"], free[k]["off"]
        rules = [f"{name} {on[name]} (must be 0)" for name in counted if on[name] != 0]
        if abs(on["accuracy"] - off["accuracy"]) >= 1e-12:
            rules.append(f"accuracy on {100*on['accuracy']:.2f} != off {100*off['accuracy']:.2f}")
        if rules:
            broken.append(f"fault-free {config} seed {k[1]}: " + "; ".join(rules))

baseline = {(c, s): v["on"]["accuracy"] for (c, s), v in free.items()}
for r in runs:
    if r["fault"] == "":
        continue
    key = (r["config"], r["fault"])
    cell = cells.setdefault(key, {"on": [], "off": [], "free": {}, "recovery": [], "deepest": [], "quarantined": [],
                                  "censored": 0})
    cell[r["protection"]].append(f(r["test_accuracy"]))
    cell["free"][r["seed"]] = baseline[(r["config"], r["seed"])]
    if r["protection"] == "on":
        cell["deepest"].append(r["ladder_min_level"])
        cell["quarantined"].append(int(r["quarantined_neurons"]))
        if r["full_recovery_trials"] not in ("nan", ""):
            rec = f(r["full_recovery_trials"])
            until = int(re.search(r"until=(\d+)", r["fault"]).group(1))
            if math.isinf(rec) and sizes[r["config"]] - until < 40:
                cell["censored"] += 1  # not back yet, but fewer than 40 trials were left to judge
            else:
                cell["recovery"].append(rec)

order = ["Normal", "ReducedPrecision", "SingleColumn", "StaticWeights", "Emergency"]
rows, recoveries = [], []
print("\n## Cells (accuracy in %, mean over seeds)")
print("| config | fault | fault-free | unprotected | protected | deepest rung | back to Normal (trials, worst) | verdict |")
print("|---|---|---|---|---|---|---|---|")
for (config, fault), c in sorted(cells.items()):
    on, off = statistics.mean(c["on"]), statistics.mean(c["off"])
    ff = statistics.mean(c["free"].values())
    problems = []
    if on < off - 0.01:
        problems.append("worse than unprotected")
    if ff - off >= 0.10 and ff - on > 0.03:
        problems.append("not within 3 points of fault-free")
    worst = max(c["recovery"]) if c["recovery"] else math.nan
    recoveries += c["recovery"]
    if c["recovery"] and worst > 40:
        problems.append("slow recovery")
    deepest = max(c["deepest"], key=order.index)
    verdict = "ok" if not problems else "FAIL: " + "; ".join(problems)
    if problems:
        broken.append(f"{config} {fault}: {verdict}")
    rec = "-" if not c["recovery"] else ("never" if math.isinf(worst) else f"{worst:.0f}")
    if c["censored"]:
        rec += f" ({c['censored']} run{'s' if c['censored'] > 1 else ''} ended first)"
    print(f"| {config} | `{fault}` | {100*ff:.1f} | {100*off:.1f} | {100*on:.1f} | {deepest} | {rec} | {verdict} |")
    rows.append({"config": config, "fault": fault, "seeds": len(c["on"]), "fault_free": ff, "unprotected": off,
                 "protected": on, "deepest_rung": deepest, "worst_full_recovery_trials": worst,
                 "mean_quarantined": statistics.mean(c["quarantined"]), "verdict": verdict})
with open(os.path.join(out, "matrix.csv"), "w", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
with open(os.path.join(out, "runs.csv"), "w", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=list(runs[0].keys()))
    w.writeheader()
    w.writerows(runs)

print("\n## Summary")
for config in sorted({c for c, _ in cells}):
    mine = [r for r in rows if r["config"] == config]
    gain = statistics.mean(r["protected"] - r["unprotected"] for r in mine)
    bad = [r for r in mine if r["fault_free"] - r["unprotected"] >= 0.10]
    print(f"{config}: {len(mine)} cells, {sum(r['verdict'] == 'ok' for r in mine)} pass; protected - unprotected "
          f"{100*gain:+.1f} points on average; {len(bad)} cells where unprotected loses >= 10 points, protected there "
          f"{100*statistics.mean(r['fault_free'] - r['protected'] for r in bad) if bad else 0:.1f} points below fault-free on average")
finite = sorted(x for x in recoveries if not math.isinf(x))
if recoveries:
    q = lambda p: finite[min(len(finite) - 1, int(p * len(finite)))] if finite else math.nan
    print(f"recovery after a transient fault clears (trials to Normal with every column admitted, {len(recoveries)} runs): "
          f"median {q(0.5):.0f}, 90th percentile {q(0.9):.0f}, max {max(finite) if finite else math.nan:.0f}, "
          f"never {sum(math.isinf(x) for x in recoveries)}")
    edges = [0, 1, 11, 21, 31, 41, 81]
    hist = []
    for lo, hi in zip(edges, edges[1:] + [math.inf]):
        n = sum(lo <= x < hi for x in finite)
        hist.append(f"{lo}-{hi - 1 if hi != math.inf else ''}: {n}")
    print("distribution: " + ", ".join(hist) + f", never: {sum(math.isinf(x) for x in recoveries)}")
print(f"\nmatrix.csv and runs.csv in {out}")
if broken:
    print(f"\n{len(broken)} rules broken:")
    for b in broken:
        print("  " + b)
    sys.exit(1)
print("\nevery rule holds")
PY
