#!/usr/bin/env bash
# The cost of protection on a healthy run counted in instructions, which other processes on the
# machine cannot disturb (wall-clock ratios on a shared machine can): the test phase of a
# columns config (every call of ProtectedClassifier::classify, the columns' own trials
# included) under Valgrind's callgrind, with protection on and off, same seed and trials.
# Prints both counts, the overhead in % of the unprotected test phase, and the functions that
# make the difference. Training, calibration and output are not counted.
# Usage: bench/protection_instructions.sh [--config NAME] [--seed N] [SNNFT_BINARY]
#   NAME: a config of data/configs without .json (default digits_columns); about two minutes
#   per run on digits under callgrind
source "$(dirname "$0")/lib/bench_common.sh"
config=digits_columns
seed=1
snnft=$root/build/apps/snnft
while [[ $# -gt 0 ]]; do
  case $1 in
    --config) config=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -*) usage_error "unknown option $1" ;;
    *) snnft=$1; shift ;;
  esac
done
require_executable "$snnft"
cfg=$root/data/configs/$config.json
[[ -f $cfg ]] || usage_error "--config: no config $cfg"
command -v valgrind >/dev/null || usage_error "valgrind is not installed (apt-get install valgrind)"

# The opening parenthesis keeps classify_unprotected out of the toggle (entering it would
# switch counting off again).
for protection in off on; do
  valgrind --tool=callgrind --callgrind-out-file="$work/$protection.out" \
    --toggle-collect='snnft::neuromorphic::ProtectedClassifier::classify(*' \
    "$snnft" run "$cfg" --seed "$seed" --protection "$protection" --threads 1 --json-summary \
    >"$work/$protection.json" 2>"$work/$protection.err"
  callgrind_annotate --threshold=100 "$work/$protection.out" >"$work/$protection.txt" 2>/dev/null
done

$py - "$work" "$config" "$seed" <<'PY'
import json, re, sys
work, config, seed = sys.argv[1:]

def self_costs(path):
    costs = {}
    for line in open(path):
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+\S*?:(.*?) \[", line)
        if m:
            name = m.group(2)
            costs[name] = costs.get(name, 0) + int(m.group(1).replace(",", ""))
    return costs

on, off = self_costs(f"{work}/on.txt"), self_costs(f"{work}/off.txt")
total_on, total_off = sum(on.values()), sum(off.values())
trials = json.loads(open(f"{work}/off.json").read().strip().splitlines()[-1])["test_samples"]
pct = 100.0 * (total_on - total_off) / total_off
print(f"## Protection overhead in instructions: {config}, seed {seed}, {trials} test trials")
print(f"| | instructions | per trial |")
print(f"|---|---|---|")
print(f"| protection off | {total_off:,} | {total_off / trials:,.0f} |")
print(f"| protection on | {total_on:,} | {total_on / trials:,.0f} |")
print(f"| overhead | {total_on - total_off:+,} | {pct:+.3f} % |")
print()
print("| function (self) | instructions on − off | % of the unprotected test phase |")
print("|---|---|---|")
names = sorted(set(on) | set(off), key=lambda k: -abs(on.get(k, 0) - off.get(k, 0)))
for name in names[:15]:
    d = on.get(name, 0) - off.get(name, 0)
    if d == 0:
        break
    short = re.sub(r"\(.*", "(...)", name)
    print(f"| `{short}` | {d:+,} | {100.0 * d / total_off:+.3f} % |")
PY
