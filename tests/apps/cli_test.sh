#!/usr/bin/env bash
# End-to-end checks of the snnft command line as a user meets it: bad input gives one
# "error:" line naming the problem, exit code 2 and no output file; a good run writes a
# SONATA file; Ctrl-C stops a run cleanly and still leaves a valid HDF5 file; --fault specs,
# snnft faults and snnft breaker-demo behave as docs/faults.md and docs/breaker.md describe.
# Usage: cli_test.sh SNNFT_BINARY DATA_DIR
set -u
snnft=$1
data=$2
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"

# A config with one field changed by a jq-free sed on the shipped CUBA config.
cp "$data/configs/cuba.json" "$work/good.json"
sed '0,/"tau_m_ms": 20/s//"tau_m_ms": -5/' "$work/good.json" >"$work/negative_tau.json"
sed '0,/"tau_m_ms": 20/s//"tau_m": 20/' "$work/good.json" >"$work/unknown_key.json"
sed '0,/"size": 3200/s//"size": "many"/' "$work/good.json" >"$work/wrong_type.json"
sed 's/"pre": "inh"/"pre": "nobody"/' "$work/good.json" >"$work/unknown_population.json"
printf '{"kind": "network", "populations": [' >"$work/truncated.json"

expect_error negative_tau "error: /populations/0/tau_m_ms: expected a positive number, got -5" \
  "$snnft" run "$work/negative_tau.json" --out "$work/never1.h5"
expect_error unknown_key "error: /populations/0/tau_m: unknown key" \
  "$snnft" validate "$work/unknown_key.json"
expect_error wrong_type "error: /populations/0/size: expected an integer, got \"many\"" \
  "$snnft" run "$work/wrong_type.json" --out "$work/never2.h5"
expect_error unknown_population "error: /projections/2/pre: no population named \"nobody\"" \
  "$snnft" validate "$work/unknown_population.json"
expect_error missing_file "error: $work/none.json: cannot open file" \
  "$snnft" run "$work/none.json"
expect_error bad_simd_flag "error: --simd: maybe not in {on,off}" \
  "$snnft" run "$work/good.json" --simd maybe
"$snnft" run "$work/truncated.json" >/dev/null 2>"$work/err"
[[ $? -eq 2 && $(grep -c "truncated.json: invalid JSON" "$work/err") -eq 1 ]] && ok || fail "truncated JSON: $(cat "$work/err")"
for f in never1.h5 never2.h5 never1.h5.tmp never2.h5.tmp; do
  [[ -e "$work/$f" ]] && fail "output $f written despite an error" || ok
done

# validate accepts the shipped configs.
for cfg in "$data"/configs/*.json; do
  "$snnft" validate "$cfg" >/dev/null 2>"$work/err" && ok || fail "validate $(basename "$cfg"): $(cat "$work/err")"
done

# A short run writes a SONATA spike report with provenance.
"$snnft" run "$work/good.json" --duration 200 --out "$work/cuba.h5" --json-summary >"$work/summary.json" 2>"$work/err"
[[ $? -eq 0 ]] && ok || fail "short run failed: $(cat "$work/err")"
for key in neurons synapses spikes mean_rate_hz build_s sim_s realtime_factor threads simd; do
  grep -q "\"$key\":" "$work/summary.json" && ok || fail "summary lacks $key"
done
check_h5() {  # check_h5 FILE — SONATA layout, sorted timestamps, provenance attributes
  /usr/bin/python3 - "$1" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
for pop in ("exc", "inh"):
    g = f["spikes"][pop]
    assert g.attrs["sorting"] in ("by_time", b"by_time"), g.attrs["sorting"]
    t, ids = g["timestamps"][:], g["node_ids"][:]
    assert t.dtype == np.float64 and ids.dtype == np.uint64 and len(t) == len(ids) > 0
    assert np.all(np.diff(t) >= 0), "timestamps not sorted"
    assert ids.max() < (3200 if pop == "exc" else 800)
for key in ("config", "seed", "snnft_version", "cxx_flags"):
    assert key in f.attrs, key
PY
}
check_h5 "$work/cuba.h5" && ok || fail "SONATA layout of cuba.h5"

# Ctrl-C: the run stops at a step boundary, exits 130 and leaves a valid file.
"$snnft" run "$work/good.json" --duration 100000000 --out "$work/interrupted.h5" >/dev/null 2>&1 &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
code=$?
[[ $code -eq 130 ]] && ok || fail "interrupted run exited $code, expected 130"
[[ -e "$work/interrupted.h5" && ! -e "$work/interrupted.h5.tmp" ]] && ok || fail "interrupted run left no file or a temp file"
check_h5 "$work/interrupted.h5" && ok || fail "interrupted file is not a valid SONATA file"

# --fault: a malformed spec is one "error:" line naming the flag and the bad part, exit 2,
# and no output file.
expect_error fault_unknown_kind "error: --fault deadd: unknown fault kind \"deadd\" (see snnft faults)" \
  "$snnft" run "$work/good.json" --fault deadd --out "$work/never3.h5"
expect_error fault_bad_key "error: --fault dead:fractoin=0.3: dead takes no parameter \"fractoin\" (see snnft faults)" \
  "$snnft" run "$work/good.json" --fault dead:fractoin=0.3 --out "$work/never3.h5"
expect_error fault_bad_value "error: --fault drop:p=often: p must be a number in [0, 1]" \
  "$snnft" run "$work/good.json" --fault drop:p=often --out "$work/never3.h5"
expect_error fault_fraction_range "error: --fault dead:fraction=1.5,at=10ms: fraction must be a number in [0, 1]" \
  "$snnft" run "$work/good.json" --fault dead:fraction=1.5,at=10ms --out "$work/never3.h5"
expect_error fault_not_key_value "error: --fault dead:fraction: expected key=value, got \"fraction\"" \
  "$snnft" run "$work/good.json" --fault dead:fraction --out "$work/never3.h5"
# A trailing comma is a stray empty item, not silently nothing.
expect_error fault_trailing_comma "error: --fault dead:fraction=0.3,: expected key=value, got \"\"" \
  "$snnft" run "$work/good.json" --fault dead:fraction=0.3, --out "$work/never3.h5"
# Checks that need the config: the 5-column digits run has columns 0-4; a network run has
# neither columns nor trials; targets must exist.
expect_error fault_column_range "error: --fault dead:column=5,fraction=0.3: column 5 does not exist (the run has 5 columns)" \
  "$snnft" run "$data/configs/digits_columns.json" --fault dead:column=5,fraction=0.3 --out "$work/never4.h5"
expect_error fault_column_in_network "error: --fault dead:column=1: a network run has no columns" \
  "$snnft" run "$work/good.json" --fault dead:column=1 --out "$work/never3.h5"
expect_error fault_trials_in_network "error: --fault dead:at=200: a network run has no trials: give a time such as at=200ms" \
  "$snnft" run "$work/good.json" --fault dead:at=200 --out "$work/never3.h5"
expect_error fault_column_kind_in_network "error: --fault column_crash: column_crash needs a run with columns" \
  "$snnft" run "$work/good.json" --fault column_crash --out "$work/never3.h5"
expect_error fault_ids_range "error: --fault dead:population=inh,ids=799;800: id 800 is out of range (inh has 800 neurons)" \
  "$snnft" run "$work/good.json" --fault "dead:population=inh,ids=799;800" --out "$work/never3.h5"
expect_error fault_second_flag "error: --fault drop:p=2: p must be a number in [0, 1]" \
  "$snnft" run "$work/good.json" --fault drop:p=0.5 --fault drop:p=2 --out "$work/never3.h5"
# The same checks on a config's "faults" list name the JSON path.
sed 's/"seed": 1234,/"seed": 1234, "faults": [{"kind": "dead", "at": "10ms"}, {"kind": "dead", "fraction": 1.5}],/' \
  "$work/good.json" >"$work/bad_fault_list.json"
expect_error fault_list_fraction "error: /faults/1/fraction: fraction must be a number in [0, 1]" \
  "$snnft" run "$work/bad_fault_list.json" --out "$work/never3.h5"
for f in never3.h5 never3.h5.tmp never4.h5 never4.h5.tmp; do
  [[ -e "$work/$f" ]] && fail "output $f written despite a --fault error" || ok
done

# A user's CSV data set: a malformed table is one line naming the file, line and field; a bad
# label column names the config key. A good table runs.
mk_csv_config() {  # mk_csv_config NAME LABEL_COLUMN_JSON
  printf '{"kind": "columns", "dataset": {"csv": "%s.csv", "label_column": %s, "test_fraction": 0.3, "seed": 0}, "epochs": 1, "column": {"neurons": 4}, "columns": [{}]}' \
    "$1" "$2" >"$work/$1.json"
}
printf 'x,y,class\n' >"$work/table.csv"
for i in 0 1 2 3 4 5 6 7 8 9; do printf '0.%s,%s,%s\n' "$i" "$i" $((i % 2)) >>"$work/table.csv"; done
sed '4s/^0.2,/0.2x,/' "$work/table.csv" >"$work/bad_number.csv"
sed '7s/,5,/,/' "$work/table.csv" >"$work/short_row.csv"
cp "$work/table.csv" "$work/no_label.csv"
mk_csv_config bad_number '"class"'
mk_csv_config short_row '"class"'
mk_csv_config no_label '"kind"'
mk_csv_config table '2'
expect_error csv_bad_number "error: /dataset/csv: $work/bad_number.csv:4:1: \"0.2x\" is not a finite number that fits a float" \
  "$snnft" run "$work/bad_number.json" --out "$work/never5.h5"
expect_error csv_short_row "error: /dataset/csv: $work/short_row.csv:7: expected 3 comma-separated columns, got 2" \
  "$snnft" run "$work/short_row.json" --out "$work/never5.h5"
expect_error csv_no_label "error: /dataset/label_column: $work/no_label.csv: no column named \"kind\" in the header" \
  "$snnft" run "$work/no_label.json" --out "$work/never5.h5"
[[ -e "$work/never5.h5" || -e "$work/never5.h5.tmp" ]] && fail "output written despite a CSV error" || ok
"$snnft" run "$work/table.json" --json-summary >"$work/out" 2>"$work/err" &&
  /usr/bin/python3 -c 'import sys, json; s = json.loads(open(sys.argv[1]).read().splitlines()[-1]); assert (s["dataset"], s["train_samples"], s["test_samples"]) == ("table", 8, 2), s' \
    "$work/out" && ok || fail "a well-formed CSV data set: $(cat "$work/err")"

# "readout": a grown readout's keys are checked like any other.
sed 's/"vote": "confidence",/"vote": "confidence", "readout": {"kind": "cascor", "max_hidden": 3},/' \
  "$data/configs/digits_columns.json" >"$work/readout_key.json"
sed 's/"vote": "confidence",/"vote": "confidence", "readout": "grown",/' "$data/configs/digits_columns.json" >"$work/readout_name.json"
sed -i "s|../datasets/digits.csv|$data/datasets/digits.csv|" "$work/readout_key.json" "$work/readout_name.json"
expect_error readout_unknown_key "error: /readout/max_hidden: unknown key" "$snnft" run "$work/readout_key.json"
expect_error readout_bad_kind "error: /readout: expected \"labels\" or {\"kind\": \"cascor\", ...}, got \"grown\"" \
  "$snnft" run "$work/readout_name.json"

expect_error cascor_nan_without_readout \
  "error: --fault cascor_nan:column=1: cascor_nan needs columns with a grown readout (\"readout\": {\"kind\": \"cascor\"})" \
  "$snnft" run "$data/configs/digits_columns.json" --fault cascor_nan:column=1 --out "$work/never6.h5"
[[ -e "$work/never6.h5" ]] && fail "output written despite a cascor_nan error" || ok

# snnft faults lists exactly the 15 kinds (a kind name starts a line, padded to its description),
# each with its parameters.
"$snnft" faults >"$work/faults.txt" 2>"$work/err"
[[ $? -eq 0 ]] && ok || fail "snnft faults failed: $(cat "$work/err")"
listed=$(grep -oE '^[a-z_0-9]+  ' "$work/faults.txt" | tr -d ' ' | tr '\n' ' ')
expected_kinds="dead saturated stuck_v drift syn_stuck0 syn_stuckmax bitflip jitter drop column_crash column_hang column_garbage refractory_corrupt simd_off cascor_nan "
[[ "$listed" == "$expected_kinds" ]] && ok || fail "snnft faults lists '$listed', expected '$expected_kinds'"
for param in "value_mv=0" "threshold_scale=1" "rate=0.001" "sigma_ms=1" "p=0.5" "latency_ms=60000" "mode=nan" "until=never"; do
  grep -qE "^    $param " "$work/faults.txt" && ok || fail "snnft faults does not list $param"
done

# breaker-demo: every state, and the Prometheus exposition agreeing with the printed metrics.
"$snnft" breaker-demo >"$work/demo.txt" 2>"$work/err"
[[ $? -eq 0 ]] && ok || fail "breaker-demo failed: $(cat "$work/err")"
for transition in "closed -> open" "open -> half_open" "half_open -> open" "half_open -> closed" \
                  "closed -> forced_open" "forced_open -> disabled" "disabled -> closed"; do
  grep -q "inventory: $transition " "$work/demo.txt" && ok || fail "breaker-demo shows no '$transition'"
done
for family in "snnft_breaker_state gauge" "snnft_breaker_calls_total counter" \
              "snnft_breaker_transitions_total counter" "snnft_breaker_call_duration_seconds histogram"; do
  grep -qx "# TYPE $family" "$work/demo.txt" && ok || fail "breaker-demo exposition lacks '# TYPE $family'"
done
/usr/bin/python3 - "$work/demo.txt" <<'PY' && ok || fail "breaker-demo Prometheus samples disagree with its metrics"
import re, sys
text = open(sys.argv[1]).read()
samples = {}
for line in text.splitlines():
    m = re.fullmatch(r'(snnft_breaker_[a-z_]+)\{([^}]*)\} (\S+)', line)
    if m:
        samples[(m[1], m[2])] = float(m[3])
def sample(name, labels):
    return samples[(name, labels)]
# The metrics line of the demo: "inventory  state open  calls N  ok N  failed N  rejected N  timeouts N ... trips N".
m = re.search(r'^  inventory +state +(\w+) +calls +(\d+) +ok +(\d+) +failed +(\d+) +rejected +(\d+) +timeouts (\d+) +slow (\d+) +trips (\d+)',
              text, re.M)
assert m, "no metrics line for inventory"
state, calls, ok, failed, rejected, timeouts, slow, trips = m[1], *map(int, m.groups()[1:])
states = {"closed": 0, "open": 1, "half_open": 2, "forced_open": 3, "disabled": 4}
assert sample("snnft_breaker_state", 'name="inventory"') == states[state]
assert sample("snnft_breaker_state", 'name="inventory-replica"') == 0
for outcome, value in (("success", ok), ("failure", failed), ("rejected", rejected), ("timeout", timeouts), ("slow", slow)):
    got = sample("snnft_breaker_calls_total", f'name="inventory",outcome="{outcome}"')
    assert got == value, (outcome, got, value)
assert ok + failed + rejected <= calls
assert sample("snnft_breaker_transitions_total", 'name="inventory",to="open"') == trips > 0
for to in ("half_open", "forced_open", "disabled", "closed"):
    assert sample("snnft_breaker_transitions_total", f'name="inventory",to="{to}"') >= 1, to
# Histogram: cumulative buckets ending in +Inf = _count = every call that ran (not rejected).
buckets = [v for (n, l), v in samples.items() if n == "snnft_breaker_call_duration_seconds_bucket" and 'name="inventory"' in l]
assert buckets == sorted(buckets) and len(buckets) > 1
count = sample("snnft_breaker_call_duration_seconds_count", 'name="inventory"')
assert sample("snnft_breaker_call_duration_seconds_bucket", 'name="inventory",le="+Inf"') == count == ok + failed, count
assert sample("snnft_breaker_call_duration_seconds_sum", 'name="inventory"') > 0
PY

# A run with faults: the summary counts them and /events records when each appeared and
# cleared. 100 exc neurons are dead from 100 ms to 200 ms: none of them fires in between.
dead_ids=$(seq -s ';' 0 99)
"$snnft" run "$work/good.json" --duration 300 --out "$work/faults.h5" --json-summary \
  --fault "dead:population=exc,ids=$dead_ids,at=100ms,until=200ms" --fault drop:p=0.2,population=inh,seed=7 \
  >"$work/faults_summary.json" 2>"$work/err"
[[ $? -eq 0 ]] && ok || fail "run with --fault failed: $(cat "$work/err")"
grep -q '"faults_injected":2[,}]' "$work/faults_summary.json" && ok || fail "summary lacks faults_injected = 2: $(cat "$work/faults_summary.json")"
/usr/bin/python3 - "$work/faults.h5" <<'PY' && ok || fail "/events of the --fault run"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
e = f["events"]
text = lambda name: [s.decode() if isinstance(s, bytes) else s for s in e[name][:]]
assert e["time_ms"].dtype == np.float64 and e["trial"].dtype == np.int64
assert e["time_ms"].attrs["units"] in ("ms", b"ms")
assert list(e["time_ms"][:]) == [0.0, 100.0, 200.0], e["time_ms"][:]
assert list(e["trial"][:]) == [-1, -1, -1]
assert text("kind") == ["fault_injected", "fault_injected", "fault_cleared"], text("kind")
assert text("source")[0] == "drop:population=inh,seed=7,p=0.2", text("source")
assert text("source")[1] == text("source")[2] and text("source")[1].startswith("dead:at=100ms,until=200ms,population=exc,ids=0;1;2;")
assert text("target") == ["network"] * 3
assert text("detail") == ["800 of 800 neurons of inh", "100 of 3200 neurons of exc", "100 of 3200 neurons of exc"], text("detail")
t, ids = f["spikes/exc/timestamps"][:], f["spikes/exc/node_ids"][:]
dead = ids < 100
during = (t > 100.05) & (t < 199.95)
assert not np.any(dead & during), "a dead neuron fired"
assert np.sum(dead & ~during) > 0 and np.sum(~dead & during) > 0, "no spikes to compare"
PY
# The summary in the file agrees.
/usr/bin/python3 -c 'import sys, json, h5py; s = json.loads(h5py.File(sys.argv[1], "r").attrs["summary"]); assert s["faults_injected"] == 2, s' \
  "$work/faults.h5" && ok || fail "summary attribute of the --fault run"

# Inputs and recording read back with h5py: a spike_source needs its times; a DC current
# drives v along the exact LIF solution in a SONATA frame report; rates are counts per bin.
cat >"$work/inputs.json" <<'JSON'
{"kind": "network", "dt_ms": 0.1, "duration_ms": 100, "seed": 2,
 "populations": [
   {"name": "src", "size": 2, "model": "spike_source", "spike_times_ms": [[10, 30], [20]]},
   {"name": "n", "size": 4, "tau_m_ms": 20, "v_rest_mv": -70, "v_reset_mv": -70, "v_th_mv": -50, "t_ref_ms": 2}],
 "current_sources": [{"type": "dc", "population": "n", "ids": [1, 3], "amplitude_mv": 15, "start_ms": 20}],
 "record": {"spikes": ["src", "n"],
            "state": [{"population": "n", "variables": ["v_mv", "ge"], "ids": [1, 2], "interval_ms": 0.5}],
            "rates": {"populations": ["src"], "bin_ms": 10}}}
JSON
/usr/bin/python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); del c["populations"][0]["spike_times_ms"]; json.dump(c, open(sys.argv[2], "w"))' \
  "$work/inputs.json" "$work/bare_source.json"
expect_error bare_spike_source \
  'error: /populations/0/spike_times_ms: a spike_source takes exactly one of "spike_times_ms" (one list of times per neuron) and "from_file"' \
  "$snnft" validate "$work/bare_source.json"
"$snnft" run "$work/inputs.json" --out "$work/inputs.h5" >/dev/null 2>"$work/err" && ok || fail "inputs run: $(cat "$work/err")"
/usr/bin/python3 - "$work/inputs.h5" <<'PY' && ok || fail "state report, current source or rates of the inputs run"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
r = f["report/n.v_mv"]
m = r["mapping"]
assert list(m["node_ids"][:]) == [1, 2] and m["node_ids"].dtype == np.uint64
assert list(m["index_pointers"][:]) == [0, 1, 2] and list(m["element_ids"][:]) == [0, 0]
start, stop, step = m["time"][:]
assert (start, stop, step) == (0.5, 100.5, 0.5), (start, stop, step)
data = r["data"]
assert data.dtype == np.float32 and data.shape == (200, 2) and data.chunks is not None
assert data.attrs["units"] in ("mV", b"mV") and data.compression == "gzip"
t = np.arange(start, stop - step / 2, step)
# Neuron 1: at rest until 20 ms, then toward -55 mV with tau 20 ms; neuron 2 gets no current.
expected = np.where(t <= 20, -70.0, -55.0 - 15.0 * np.exp(-(t - 20) / 20))
assert np.max(np.abs(data[:, 0] - expected)) < 2e-4, np.max(np.abs(data[:, 0] - expected))
assert np.all(data[:, 1] == -70.0)
assert "n.ge" in f["report"]
assert f["spikes/n"].attrs["size"] == 4 and f["spikes/src"].attrs["size"] == 2
assert list(f["spikes/src/timestamps"][:]) == [10.0, 20.0, 30.0]
counts = f["rates/src/spike_counts"][:]
assert list(counts) == [0, 1, 1, 1, 0, 0, 0, 0, 0, 0], counts
assert np.allclose(f["rates/src/rate_hz"][:], counts / (2 * 0.010))
PY

finish
