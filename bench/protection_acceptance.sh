#!/usr/bin/env bash
# Acceptance measurements for fault tolerance on the digits multi-column config (seed fixed
# and printed). Each criterion is measured against the config's own fault-free accuracy:
#  - dead neurons in every column, 10 % and 30 % (campaign over 10 fault maps): protected
#    accuracy drops <= 2 and <= 10 points
#  - a whole column lost (crash, hang, garbage; each of the 5 columns): drop <= 3 points, the
#    run completes
#  - saturated neurons in every column: detected within a few trials, protected within 2 points
#    of fault-free, unprotected down by >= 10 points; saturated neurons in one column: that
#    column isolated
#  - refractory corruption in every column (2-100 %, 5 maps each): detected within a few trials,
#    every map within 2 points; in one column: detected, within 2 points, and with quarantine
#    off that column isolated (the fault is latent to the unprotected system: see docs/protection.md)
#  - a fault during online STDP learning: after it clears and the ladder is back to Normal,
#    protected accuracy within 2 points of the fault-free run with the same learning
#  - the degradation ladder: a worsening-then-clearing schedule steps down and back to Normal
# Usage: bench/protection_acceptance.sh [SNNFT_BINARY] [SEED]
source "$(dirname "$0")/lib/bench_common.sh"
snnft=${1:-$root/build/apps/snnft}
seed=${2:-1}
cfg=$root/data/configs/digits_columns.json
fail=0
check() {  # check "description" PYTHON_CONDITION
  if $py -c "import sys; sys.exit(0 if ($2) else 1)"; then echo "  pass: $1"; else echo "  FAIL: $1"; fail=1; fi
}
# summary "KEY..." [snnft run args...] -> the summary's values at the keys, separated by spaces
# (a list as its items joined by commas, "-" when empty)
summary() {
  local keys=$1; shift
  "$snnft" run "$@" --seed "$seed" --json-summary | tail -n 1 | $py -c "
import json, sys
d = json.loads(sys.stdin.read())
print(*[','.join(map(str, v)) or '-' if isinstance(v, list) else v for v in (d[k] for k in sys.argv[1].split())])" "$keys"
}
# campaign_table CSV FRACTION... — a campaign's table at those fractions: mean accuracy with
# protection and without, the protected drop (mean over the maps and worst map, in points),
# the mean detection time and the deepest rung. For the checks it writes CSV.drop.FRACTION (the
# mean drop), CSV.worst (the worst map's drop) and CSV.slowest (the slowest mean detection; 1e9
# where a fraction was never detected).
campaign_table() {
  $py - "$@" <<'PY'
import csv, math, sys
path, fractions = sys.argv[1], sys.argv[2:]
rows = list(csv.DictReader(open(path)))
order = ["Normal", "ReducedPrecision", "SingleColumn", "StaticWeights", "Emergency"]
mean = lambda rs, key: sum(float(r[key]) for r in rs) / len(rs)
print("| fraction | protected | unprotected | mean drop protected (points) | worst map drop protected (points) "
      "| mean detection (trials) | deepest rung (worst map) |")
print("|---|---|---|---|---|---|---|")
worst, slowest = 0.0, 0.0
for f in fractions:
    on = [r for r in rows if r["fraction"] == f and r["protection"] == "on"]
    off = [r for r in rows if r["fraction"] == f and r["protection"] == "off"]
    drop = 100 * mean(on, "accuracy_drop")
    worst_map = 100 * max(float(r["accuracy_drop"]) for r in on)
    detect = [float(r["mean_detection_trials"]) for r in on if not math.isnan(float(r["mean_detection_trials"]))]
    det = sum(detect) / len(detect) if detect else float("nan")
    deepest = max((r["ladder_min_level"] for r in on), key=order.index)
    worst, slowest = max(worst, worst_map), max(slowest, det if detect else 1e9)
    print(f"| {f} | {mean(on, 'test_accuracy'):.4f} | {mean(off, 'test_accuracy'):.4f} | {drop:.2f} | {worst_map:.2f} "
          f"| {det:.1f} | {deepest} |")
    open(f"{path}.drop.{f}", "w").write(str(drop))
open(path + ".worst", "w").write(str(worst))
open(path + ".slowest", "w").write(str(slowest))
PY
}

echo "## Fault-free (seed $seed)"
base=$(summary test_accuracy "$cfg")
base_off=$(summary test_accuracy "$cfg" --protection off)
printf "accuracy with protection %.4f, without %.4f\n" "$base" "$base_off"
check "protection changes nothing without faults" "abs($base - $base_off) < 1e-12"

echo
echo "## Dead neurons in every column (10 fault maps per level)"
"$snnft" campaign "$cfg" --seed "$seed" --fault-kind dead --fractions 0,0.1,0.3 --maps 10 --csv "$work/dead.csv" --json-summary >/dev/null
campaign_table "$work/dead.csv" 0 0.1 0.3
check "10 % dead: protected drop <= 2 points" "$(cat "$work/dead.csv.drop.0.1") <= 2"
check "30 % dead: protected drop <= 10 points" "$(cat "$work/dead.csv.drop.0.3") <= 10"

echo
echo "## One whole column lost"
echo "| fault | column | protected | drop (points) | isolated | test_s |"
echo "|---|---|---|---|---|---|"
worst=0
for kind in column_crash column_hang column_garbage; do
  for k in 0 1 2 3 4; do
    read -r acc iso ts <<<"$(summary "test_accuracy isolated_columns test_s" "$cfg" --fault "$kind:column=$k")"
    drop=$($py -c "print(100 * ($base - $acc))")
    worst=$($py -c "print(max($worst, $drop))")
    printf "| %s | %s | %.4f | %.2f | %s | %.2f |\n" "$kind" "$k" "$acc" "$drop" "$iso" "$ts"
  done
done
check "losing one column costs <= 3 points (worst case $worst)" "$worst <= 3"

echo
echo "## Saturated neurons (10 % of each column's neurons)"
read -r s_on s_det s_min <<<"$(summary "test_accuracy mean_detection_trials ladder_min_level" "$cfg" --fault saturated:fraction=0.1)"
s_off=$(summary test_accuracy "$cfg" --fault saturated:fraction=0.1 --protection off)
printf "every column: protected %.4f (detected after %s trials, deepest rung %s), unprotected %.4f\n" "$s_on" "$s_det" "$s_min" "$s_off"
check "detected within 5 trials" "$s_det <= 5"
check "protected within 2 points of fault-free" "$base - $s_on <= 0.02"
check "unprotected loses >= 10 points" "$base - $s_off >= 0.10"
read -r c_on c_det c_iso <<<"$(summary "test_accuracy mean_detection_trials isolated_columns" "$cfg" --fault saturated:fraction=0.1,column=2,at=100)"
printf "column 2 from trial 100: protected %.4f, detected after %s trials, isolated columns %s\n" "$c_on" "$c_det" "$c_iso"
check "the saturated column alone is isolated" "'$c_iso' == '2'"
check "protected within 2 points of fault-free" "$base - $c_on <= 0.02"

echo
echo "## Few saturated neurons in every column (2 % and 5 %, 5 fault maps each)"
"$snnft" campaign "$cfg" --seed "$seed" --fault-kind saturated --fractions 0,0.02,0.05 --maps 5 --csv "$work/sat.csv" --json-summary >/dev/null
campaign_table "$work/sat.csv" 0.02 0.05
check "2-5 % saturated: every map within 2 points" "$(cat "$work/sat.csv.worst") <= 2"

echo
echo "## Refractory corruption in every column (2, 5, 10 and 100 %, 5 fault maps each)"
"$snnft" campaign "$cfg" --seed "$seed" --fault-kind refractory_corrupt --fractions 0,0.02,0.05,0.1,1 --maps 5 --csv "$work/ref.csv" --json-summary >/dev/null
campaign_table "$work/ref.csv" 0.02 0.05 0.1 1
check "refractory corruption: every map within 2 points of fault-free" "$(cat "$work/ref.csv.worst") <= 2"
check "detected within a few trials (mean over maps <= 10)" "$(cat "$work/ref.csv.slowest") <= 10"
echo "  (the unprotected system loses nothing here: see docs/protection.md on why the fault is latent in first-spike columns)"
config_variant digits_columns "$work/noquarantine.json" 'c["protection"] = {"max_quarantined_fraction": 0}'
one_column() {  # one_column CONFIG -> "accuracy detection_trials isolated"
  summary "test_accuracy mean_detection_trials isolated_columns" "$1" --fault refractory_corrupt:fraction=0.1,column=2,at=100
}
read -r q_acc q_det q_iso <<<"$(one_column "$cfg")"
read -r n_acc n_det n_iso <<<"$(one_column "$work/noquarantine.json")"
echo "column 2 from trial 100, quarantine on (default): $q_acc, detected after $q_det trials, isolated columns $q_iso"
echo "column 2 from trial 100, quarantine off: $n_acc, detected after $n_det trials, isolated columns $n_iso"
check "one column: detected within 5 trials" "$q_det <= 5 and $n_det <= 5"
check "one column: within 2 points of fault-free, with quarantine and without" "$base - $q_acc <= 0.02 and $base - $n_acc <= 0.02"
check "one column, quarantine off: that column alone is isolated" "'$n_iso' == '2'"
echo
echo "## A fault during online STDP learning (test_learning_rate 0.02, saturated 10 % in every column, trials 20-100)"
config_variant digits_columns "$work/online.json" 'c["test_learning_rate"] = 0.02'
after() { $py -c "
import h5py, sys
f = h5py.File('$1'); a = f['columns/test/answers'][:]; l = f['columns/test/labels'][:]
print((a[300:] == l[300:]).mean())"; }
"$snnft" run "$work/online.json" --seed "$seed" --out "$work/free.h5" --json-summary >/dev/null
o_final=$(summary "ladder_final_level recovery_trials" "$work/online.json" --out "$work/on.h5" --fault saturated:fraction=0.1,at=20,until=100)
"$snnft" run "$work/online.json" --seed "$seed" --out "$work/off.h5" --json-summary --protection off --fault saturated:fraction=0.1,at=20,until=100 >/dev/null
a_free=$(after "$work/free.h5"); a_on=$(after "$work/on.h5"); a_off=$(after "$work/off.h5")
printf "accuracy on trials 300+: fault-free %.4f, protected %.4f (final rung, settled after: %s trials), unprotected %.4f\n" "$a_free" "$a_on" "$o_final" "$a_off"
check "after the fault, protected within 2 points of fault-free" "$a_free - $a_on <= 0.02"

echo
echo "## The degradation ladder (data/configs/digits_ladder_demo.json)"
"$snnft" run "$root/data/configs/digits_ladder_demo.json" --seed "$seed" --out "$work/ladder.h5" --json-summary >/dev/null
path=$($py -c "
import h5py
e = h5py.File('$work/ladder.h5')['events']
steps = [f\"{t}:{to.decode()}\" for t, k, to in zip(e['trial'][:], e['kind'][:], e['to'][:]) if k == b'ladder']
print(' '.join(steps))")
echo "ladder moves (trial:rung): $path"
check "down to Emergency and back to Normal" "'$path'.split()[-1].endswith(':Normal') and 'Emergency' in '$path'"

echo
[[ $fail -eq 0 ]] && echo "all protection acceptance criteria pass" || echo "some criteria FAIL"
exit $fail
