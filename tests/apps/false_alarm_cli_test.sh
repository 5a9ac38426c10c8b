#!/usr/bin/env bash
# No false alarms, end to end: every shipped columns config, made small (one epoch, a small
# synthetic data set), runs fault-free with protection on and off. With protection on the
# summary must report 0 detections, 0 false detections, 0 ladder or system-state transitions,
# 0 column breaker transitions and no quarantined neuron, and the accuracy must be the same as
# without protection. A crashed column must then show up in column_transitions (and in the
# campaign CSV's column of that name), so the check above cannot pass on a constant.
# Usage: false_alarm_cli_test.sh SNNFT_BINARY DATA_DIR
set -u
snnft=$1
data=$(cd "$2" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"
py=/usr/bin/python3

summary() {  # summary CONFIG PROTECTION OUT [ARGS...] — the run's JSON summary in OUT
  local cfg=$1 protection=$2 dest=$3
  shift 3
  "$snnft" run "$cfg" --seed 1 --threads 1 --protection "$protection" --json-summary "$@" | tail -n 1 >"$dest"
}

for shipped in "$data"/configs/*columns*.json; do
  name=$(basename "$shipped" .json)
  variant "$shipped" "$work/$name.json" '
c["epochs"] = 1
if "test_size" in c["dataset"]:  # a synthetic data set: draw fewer samples
    c["dataset"]["train_size"], c["dataset"]["test_size"] = 1000, 200'
  summary "$work/$name.json" on "$work/on.json" || fail "$name: protected run exit code $?"
  summary "$work/$name.json" off "$work/off.json" || fail "$name: unprotected run exit code $?"
  if verdict=$($py - "$work/on.json" "$work/off.json" <<'PY'
import json, sys
on, off = (json.load(open(p)) for p in sys.argv[1:3])
rules = [("detections", on["detections"] == 0), ("false_detections", on["false_detections"] == 0),
         ("transitions", on["transitions"] == 0), ("column_transitions", on["column_transitions"] == 0),
         ("quarantined_neurons", sum(on["quarantined_neurons"]) == 0),
         ("accuracy on == off", on["test_accuracy"] == off["test_accuracy"])]
broken = [name for name, held in rules if not held]
print(", ".join(broken))
sys.exit(1 if broken else 0)
PY
  ); then ok; else fail "$name fault-free, seed 1: broken: $verdict ($(head -c 400 "$work/on.json"))"; fi
done

# A crashed column: its breaker opens and probes (column transitions), the ladder need not move;
# the detection follows the fault, so it is no false one.
summary "$work/wine_columns.json" on "$work/crash.json" --fault column_crash:column=0,at=5 || fail "crash run exit code $?"
if $py -c "
import json, sys
d = json.load(open('$work/crash.json'))
sys.exit(0 if d['column_transitions'] > 0 and d['detections'] > 0 and d['false_detections'] == 0 else 1)"; then ok; else
  fail "crashed column: expected column_transitions > 0, detections > 0, false_detections 0: $(head -c 400 "$work/crash.json")"
fi

# The campaign reports both keys per run: 0 on the fault-free baseline, the crash's transitions on its cell.
echo "column_crash:column=0,at=5" >"$work/cells"
"$snnft" campaign "$work/wine_columns.json" --seed 1 --cells "$work/cells" --csv "$work/c.csv" --threads 1 >/dev/null ||
  fail "campaign exit code $?"
if $py - "$work/c.csv" <<'PY'; then ok; else fail "campaign CSV false_detections / column_transitions: $(cat "$work/c.csv")"; fi
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
base = [r for r in rows if r["fault"] == ""]
crash_on = [r for r in rows if r["fault"] != "" and r["protection"] == "on"]
assert len(base) == 2 and len(crash_on) == 1, rows
assert all(r["false_detections"] == "0" and r["column_transitions"] == "0" for r in base), base
assert int(crash_on[0]["column_transitions"]) > 0 and crash_on[0]["false_detections"] == "0", crash_on
PY

finish "false alarm checks"
