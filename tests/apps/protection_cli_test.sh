#!/usr/bin/env bash
# End-to-end checks of fault tolerance from the command line: the protection summary keys,
# the /health, /events and /failures traces, --protection off, the "protection" config block,
# and snnft campaign with its CSV and HDF5 outputs and its errors.
# Usage: protection_cli_test.sh SNNFT_BINARY DATA_DIR
set -u
snnft=$1
data=$(cd "$2" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"
py=/usr/bin/python3
check() {  # check NAME PYTHON_CONDITION — the condition may use d (the JSON summary in $work/s.json)
  if $py -c "import json; d = json.load(open('$work/s.json')); import sys; sys.exit(0 if ($2) else 1)" 2>/dev/null; then ok; else
    fail "$1: $(head -c 600 "$work/s.json")"; fi
}

# A small digits config (2 columns, 1 epoch) keeps the test quick.
$py - "$data/configs/digits_columns.json" "$work/digits.json" "$data/datasets/digits.csv" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["dataset"]["path"] = sys.argv[3]; c["epochs"] = 1; c["columns"] = [{}, {}, {}]
json.dump(c, open(sys.argv[2], "w"))
PY

# Saturated neurons in every column: detected; every column's answers change alike, so the
# fault is the system's: no column is isolated for it, the ladder goes down and the fallback
# answers; the summary has every protection key and the HDF5 file the traces.
"$snnft" run "$work/digits.json" --json-summary --fault saturated:fraction=0.1,at=20 --out "$work/sat.h5" >"$work/s.json" ||
  fail "saturated run exit code $?"
check "summary keys" "all(k in d for k in ['test_accuracy', 'ladder_min_level', 'ladder_final_level', 'faults_injected', 'detections', 'mean_detection_trials', 'isolated_columns', 'transitions'])"
check "faults injected in 3 columns" "d['faults_injected'] == 3"
check "detected within 5 trials of the fault" "0 <= d['mean_detection_trials'] <= 5"
check "no column isolated for a fault every column shares" "d['isolated_columns'] == []"
check "the ladder went down" "d['ladder_min_level'] != 'Normal' and d['transitions'] > 0"
check "the fallback answered" "d['answer_sources']['fallback'] > 0"
if $py - "$work/sat.h5" <<'PY'; then ok; else fail "saturated run HDF5 traces"; fi
import h5py, sys
f = h5py.File(sys.argv[1])
h, e = f["health"], f["events"]
n = len(f["columns/test/labels"])
assert len(h["trial"]) == n and h["column_state"].shape == (n, 3), "one health row per trial, one column entry per column"
assert list(h["trial"][:5]) == [0, 1, 2, 3, 4]
assert (h["ladder_level"][:20] == 0).all() and h["ladder_level"][:].max() > 0, "Normal before the fault, lower after"
assert set(h.attrs["ladder_levels"].split(",")) >= {"Normal", "Emergency"}
kinds = [k.decode() for k in e["kind"][:]]
assert "fault" in kinds and "detection" in kinds and "ladder" in kinds, kinds
first_fault = [t for t, k in zip(e["trial"][:], kinds) if k == "fault"][0]
assert first_fault == 20, first_fault
assert "by_operation" in f["failures"] and "report" in f["failures"].attrs
PY

# --protection off: same faults, no monitoring: nothing detected, the vote collapses.
"$snnft" run "$work/digits.json" --json-summary --fault saturated:fraction=0.1,at=20 --protection off >"$work/s.json"
check "unprotected: nothing detected" "d['detections'] == 0 and d['ladder_min_level'] == 'Normal' and d['protection'] == 'off'"
check "unprotected: faults still injected" "d['faults_injected'] == 3"
check "unprotected: accuracy collapses" "d['test_accuracy'] < 0.5"

# --fault before the config: each flag takes one spec, the config is still found.
"$snnft" run --fault dead:fraction=0.1,column=1 --fault column_crash:column=0 "$work/digits.json" --json-summary >"$work/s.json" ||
  fail "--fault before the config: exit code $?"
check "--fault before the config" "d['faults_injected'] == 2 and d['isolated_columns'] == [0]"

# Refractory corruption: caught by the held membrane, the broken neurons silenced (recovery
# events naming them), the column kept in service; with quarantine off it is isolated.
"$snnft" run "$work/digits.json" --json-summary --fault refractory_corrupt:fraction=0.1,column=1,at=10 --out "$work/ref.h5" >"$work/s.json" ||
  fail "refractory run exit code $?"
check "refractory corruption detected within 5 trials" "d['detections'] > 0 and 0 <= d['mean_detection_trials'] <= 5"
check "only column 1's neurons quarantined" "d['quarantined_neurons'][1] > 0 and d['quarantined_neurons'][0] == d['quarantined_neurons'][2] == 0"
if $py - "$work/ref.h5" <<'PY'; then ok; else fail "refractory run: no quarantine event for column 1"; fi
import h5py, sys
e = h5py.File(sys.argv[1])["events"]
silenced = [d for k, c, d in zip(e["kind"].asstr()[:], e["column"][:], e["detail"].asstr()[:])
            if k == "recovery" and c == 1 and "quarantined" in d]
sys.exit(0 if silenced else 1)
PY
$py - "$work/digits.json" "$work/noquarantine.json" "$work/bad_quarantine.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["protection"] = {"max_quarantined_fraction": 0}; json.dump(c, open(sys.argv[2], "w"))
c["protection"] = {"max_quarantined_fraction": 1.5}; json.dump(c, open(sys.argv[3], "w"))
PY
"$snnft" run "$work/noquarantine.json" --json-summary --fault refractory_corrupt:fraction=0.1,column=1,at=10 >"$work/s.json"
check "quarantine off: the column is isolated" "d['isolated_columns'] == [1]"
expect_error bad_quarantine "error: /protection/max_quarantined_fraction: expected a number in [0, 1], got 1.5" \
  "$snnft" run "$work/bad_quarantine.json"

# Without faults, protection changes no answer.
"$snnft" run "$work/digits.json" --json-summary >"$work/s.json"
on=$($py -c "import json; print(json.load(open('$work/s.json'))['test_accuracy'])")
"$snnft" run "$work/digits.json" --json-summary --protection off >"$work/s.json"
check "fault-free accuracy identical with and without protection" "d['test_accuracy'] == $on"

# The "protection" block: thresholds from JSON, bad values named by their path.
$py - "$work/digits.json" "$work/strict.json" "$work/bad_ladder.json" "$work/bad_key.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["protection"] = {"enabled": False}; json.dump(c, open(sys.argv[2], "w"))
c["protection"] = {"ladder": {"degrade_below": 0.95}}; json.dump(c, open(sys.argv[3], "w"))
c["protection"] = {"ladder": {"degrade_windows": 5}, "calibration": 3}; json.dump(c, open(sys.argv[4], "w"))
PY
"$snnft" run "$work/strict.json" --json-summary --fault saturated:fraction=0.1 >"$work/s.json"
check "protection.enabled false disables it" "d['protection'] == 'off' and d['detections'] == 0"
expect_error bad_ladder "error: /protection/ladder/recover_above: expected a number in (degrade_below, 1]" \
  "$snnft" run "$work/bad_ladder.json"
expect_error bad_protection_key "error: /protection/calibration: unknown key" "$snnft" run "$work/bad_key.json"
expect_error cascor_fault "error: --fault: fault injection needs a \"network\" or \"columns\" config, not \"cascor\"" \
  "$snnft" run "$data/configs/two_spirals.json" --fault dead

# snnft campaign: CSV and HDF5 with one row per run, baseline included.
"$snnft" campaign "$work/digits.json" --fault-kind dead --fractions 0,0.2 --maps 2 --csv "$work/c.csv" \
  --out "$work/c.h5" --json-summary >"$work/s.json" || fail "campaign exit code $?"
check "campaign runs: baseline x2 + 1 level x 2 maps x 2" "d['runs'] == 6 and len(d['levels']) == 2"
if $py - "$work/c.csv" "$work/c.h5" <<'PY'; then ok; else fail "campaign outputs"; fi
import csv, h5py, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 6
assert [r["protection"] for r in rows[:2]] == ["on", "off"] and rows[0]["fraction"] == "0"
assert {r["map"] for r in rows[2:]} == {"1", "2"}
for r in rows[2:]:
    assert r["faults_injected"] == "3", r
    assert abs(float(r["accuracy_drop"]) - (float(rows[0 if r["protection"] == "on" else 1]["test_accuracy"]) - float(r["test_accuracy"]))) < 1e-9
g = h5py.File(sys.argv[2])["campaign"]
assert len(g["test_accuracy"]) == 6 and list(g["protection"][:2]) == [1, 0]
assert g.attrs["fault_kind"] == "dead"
PY
expect_error campaign_kind "error: --fault-kind: unknown fault kind \"deadd\" (see snnft faults)" \
  "$snnft" campaign "$work/digits.json" --fault-kind deadd --fractions 0.1
expect_error campaign_fraction "error: --fractions: fraction 1.5 is not in [0, 1]" \
  "$snnft" campaign "$work/digits.json" --fault-kind dead --fractions 0.1,1.5
expect_error campaign_not_number "error: --fractions: \"x\" is not a number" \
  "$snnft" campaign "$work/digits.json" --fault-kind dead --fractions 0.1,x
expect_error campaign_params_fraction "error: --fault-params: \"count\": the campaign sets the fraction of targets itself" \
  "$snnft" campaign "$work/digits.json" --fault-kind dead --fractions 0.1 --fault-params column=1,count=3
expect_error campaign_column_kind "error: --fault-kind: column_crash takes no fraction; a campaign varies the fraction of targets hit (for whole-column faults use snnft run --fault)" \
  "$snnft" campaign "$work/digits.json" --fault-kind column_crash --fractions 0.1
expect_error campaign_network "error: $data/configs/cuba.json: /kind: a campaign runs a \"kind\": \"columns\" config" \
  "$snnft" campaign "$data/configs/cuba.json" --fault-kind dead --fractions 0.1 --csv "$work/never.csv"
[[ -e "$work/never.csv" || -e "$work/never.csv.tmp" ]] && fail "a failed campaign left a CSV file" || ok

finish "protection CLI checks"
