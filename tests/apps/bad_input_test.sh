#!/usr/bin/env bash
# Bad input as a new user would type it: every case exits 2 with ONE "error:" line that starts
# with the flag or JSON path at fault and says what is wrong, and writes no output file (the
# rules are listed in docs/errors.md). Rules that are warnings instead run, print one
# "warning:" line and exit 0.
# Usage: bad_input_test.sh SNNFT_BINARY DATA_DIR
set -u
snnft=$1
data=$2
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"

# rejects NAME "error: WHERE: ...FRAGMENT" CMD... — exit 2, one stderr line that starts with
# the first part of the pattern and contains the fragment after "...", no output file.
rejects() {
  local name=$1 pattern=$2
  shift 2
  rm -f "$work"/out.h5 "$work"/out.h5.tmp "$work"/out.csv
  refused "$name" "$@" || return
  local head=${pattern%%...*} fragment=${pattern#*...}
  local text
  text=$(cat "$work/err")
  if [[ "$text" != "$head"* || "$text" != *"$fragment"* ]]; then fail "$name: got '$text', expected '$pattern'"; return; fi
  if compgen -G "$work/out*" >/dev/null; then fail "$name: an output file was written"; return; fi
  ok
}

cuba=$data/configs/cuba.json
columns=$data/configs/digits_columns.json
song=$data/configs/stdp_song.json
out=(--out "$work/out.h5")

# --- Flag values: nothing wraps, saturates or turns into zero steps.
rejects threads_negative "error: --threads: ...got -1" "$snnft" run "$cuba" --threads -1 "${out[@]}"
rejects threads_huge "error: --threads: at most ...got 100000" "$snnft" run "$cuba" --threads 100000 "${out[@]}"
rejects threads_text "error: --threads: ...got \"two\"" "$snnft" run "$cuba" --threads two "${out[@]}"
rejects duration_nan "error: --duration: ...got \"nan\"" "$snnft" run "$cuba" --duration nan "${out[@]}"
rejects duration_inf "error: --duration: ...got \"inf\"" "$snnft" run "$cuba" --duration inf "${out[@]}"
rejects duration_zero "error: --duration: ...got \"0\"" "$snnft" run "$cuba" --duration 0 "${out[@]}"
rejects duration_below_dt "error: --duration: ...fewer than one step" "$snnft" run "$cuba" --duration 0.01 "${out[@]}"
rejects duration_overflow "error: --duration: ...at most 2^53 steps" "$snnft" run "$cuba" --duration 1e300 "${out[@]}"
rejects seed_too_big "error: --seed: ...got \"999999999999999999999999\"" \
  "$snnft" run "$cuba" --seed 999999999999999999999999 "${out[@]}"
rejects seed_negative "error: --seed: ...got \"-5\"" "$snnft" run "$cuba" --seed -5 "${out[@]}"
rejects breaker_demo_seed "error: --seed: ...got \"-1\"" "$snnft" breaker-demo --seed -1
rejects breaker_demo_seed_big "error: --seed: ...got \"99999999999999999999\"" "$snnft" breaker-demo --seed 99999999999999999999
rejects out_empty "error: --out: expected a file name, got \"\"" "$snnft" run "$cuba" --out ""
rejects campaign_out_empty "error: --out: expected a file name, got \"\"" \
  "$snnft" campaign "$columns" --fault-kind dead --fractions 0.1 --maps 1 --out ""
rejects campaign_csv_empty "error: --csv: expected a file name, got \"\"" \
  "$snnft" campaign "$columns" --fault-kind dead --fractions 0.1 --maps 1 --csv ""
rejects campaign_maps_zero "error: --maps: ...got \"0\"" \
  "$snnft" campaign "$columns" --fault-kind dead --fractions 0.1 --maps 0 --out "$work/out.h5"
rejects campaign_maps_huge "error: --maps: ...got \"99999999999999999999\"" \
  "$snnft" campaign "$columns" --fault-kind dead --fractions 0.1 --maps 99999999999999999999 --out "$work/out.h5"
rejects campaign_threads "error: --threads: ...got -1" \
  "$snnft" campaign "$columns" --fault-kind dead --fractions 0,0.1 --maps 1 --threads -1 --out "$work/out.h5"
rejects campaign_seed "error: --seed: ...got \"1e3\"" \
  "$snnft" campaign "$columns" --fault-kind dead --fractions 0,0.1 --maps 1 --seed 1e3 --out "$work/out.h5"

# A campaign file's values are named by their JSON path, the flags' by the flag.
campaign_file() {
  /usr/bin/python3 -c '
import json, sys
c = {"kind": "campaign", "config": sys.argv[2], "fault_kind": "dead", "fractions": [0, 0.1], "maps": 1}
exec(sys.argv[3])
json.dump(c, open(sys.argv[1], "w"))' "$work/$1.json" "$columns" "$2"
}
campaign_file campaign_fraction 'c["fractions"] = [0, 1.5]'
rejects campaign_file_fraction "error: /fractions: fraction 1.5 is not in [0, 1]" \
  "$snnft" campaign "$work/campaign_fraction.json" --out "$work/out.h5"
campaign_file campaign_kind 'c["fault_kind"] = "gremlin"'
rejects campaign_file_kind "error: /fault_kind: unknown fault kind \"gremlin\"" \
  "$snnft" campaign "$work/campaign_kind.json" --out "$work/out.h5"
campaign_file campaign_params 'c["fault_params"] = "population=nobody"'
rejects campaign_file_params "error: /fault_params: no population named \"nobody\"" \
  "$snnft" campaign "$work/campaign_params.json" --out "$work/out.h5"
rejects campaign_params_syntax "error: --fault-params: expected key=value, got \"x\"" \
  "$snnft" campaign "$columns" --fault-kind dead --fractions 0.1 --fault-params x --out "$work/out.h5"
rejects campaign_cells_directory "error: --cells: $work: is a directory, not a file" \
  "$snnft" campaign "$columns" --cells "$work" --out "$work/out.h5"

# --- Config numbers: a dt that leaves no step, a step count that overflows, non-finite values.
variant "$cuba" "$work/dt_huge.json" 'c["dt_ms"] = 1e308'
rejects dt_huge "error: /dt_ms: times are at most 1e12 ms" "$snnft" run "$work/dt_huge.json" "${out[@]}"
variant "$cuba" "$work/dt_long.json" 'c["dt_ms"] = 1e6'
rejects dt_above_duration "error: /dt_ms: ...fewer than one step" "$snnft" run "$work/dt_long.json" "${out[@]}"
variant "$cuba" "$work/steps_overflow.json" 'c["duration_ms"] = 1e11; c["dt_ms"] = 1e-5'
rejects steps_overflow "error: /duration_ms: ...at most 2^53 steps" "$snnft" run "$work/steps_overflow.json" "${out[@]}"
variant "$cuba" "$work/duration_huge.json" 'c["duration_ms"] = 1e300'
rejects duration_huge "error: /duration_ms: times are at most 1e12 ms" "$snnft" run "$work/duration_huge.json" "${out[@]}"
# Times beyond 1e12 ms would overflow step counts; numbers beyond 3.4e38 become infinite as
# the 32-bit floats the engine computes with.
variant "$cuba" "$work/t_ref_huge.json" 'c["populations"][1]["t_ref_ms"] = 1e20'
rejects t_ref_huge "error: /populations/1/t_ref_ms: times are at most 1e12 ms" "$snnft" run "$work/t_ref_huge.json" "${out[@]}"
variant "$cuba" "$work/weight_huge.json" 'c["projections"][2]["weight"] = -1e39'
rejects weight_huge "error: /projections/2/weight: numbers are at most 3.4e38 in magnitude" \
  "$snnft" run "$work/weight_huge.json" "${out[@]}"
variant "$cuba" "$work/v_init_huge.json" 'c["populations"][0]["initial"]["v_mv"]["uniform"] = [-60, 1e300]'
rejects initial_huge "error: /populations/0/initial/v_mv/uniform/1: numbers are at most 3.4e38 in magnitude" \
  "$snnft" run "$work/v_init_huge.json" "${out[@]}"
variant "$cuba" "$work/empty_output.json" 'c["output"] = ""'
rejects config_output_empty "error: /output: expected a file name" "$snnft" run "$work/empty_output.json"
variant "$columns" "$work/epochs_huge.json" 'c["epochs"] = 5000000000'
rejects epochs_huge "error: /epochs: at most 1000000" "$snnft" run "$work/epochs_huge.json" "${out[@]}"

sed 's/"dt_ms": 0.1/"dt_ms": 1e400/' "$cuba" >"$work/dt_inf.json"
rejects dt_not_finite "error: $work/dt_inf.json: invalid JSON at line 5, column 12: ...out of range" \
  "$snnft" run "$work/dt_inf.json" "${out[@]}"
variant "$cuba" "$work/seed_big.json" 'c["seed"] = 18446744073709551615'
rejects config_seed_big "error: /seed: ...below 2^63" "$snnft" run "$work/seed_big.json" "${out[@]}"
variant "$cuba" "$work/threads_negative.json" 'c["threads"] = -1'
rejects config_threads "error: /threads: ...got -1" "$snnft" run "$work/threads_negative.json" "${out[@]}"
variant "$columns" "$work/columns_threads.json" 'c["threads"] = 100000'
rejects columns_config_threads "error: /threads: at most ...got 100000" "$snnft" run "$work/columns_threads.json" "${out[@]}"

# --- JSON syntax errors name the line and column.
printf '{\n  "kind": "network",\n  "dt_ms": 0.1,,\n}\n' >"$work/syntax.json"
rejects json_syntax "error: $work/syntax.json: invalid JSON at line 3, column 16: ...syntax error" \
  "$snnft" run "$work/syntax.json" "${out[@]}"
rejects json_directory "error: $work: is a directory" "$snnft" run "$work" "${out[@]}"

# --- Fault specs: every numeric parameter within its documented range before anything runs.
rejects jitter_sigma_huge "error: --fault jitter:sigma_ms=1e7: sigma_ms must be a number in (0, 100]" \
  "$snnft" run "$cuba" --fault jitter:sigma_ms=1e7 "${out[@]}"
rejects jitter_sigma_overflow "error: --fault jitter:sigma_ms=1e300: sigma_ms must be a number in (0, 100]" \
  "$snnft" run "$cuba" --fault jitter:sigma_ms=1e300 "${out[@]}"
rejects fault_at_overflow "error: --fault saturated:at=1e19ms: ...at most 1e12" \
  "$snnft" run "$cuba" --fault saturated:at=1e19ms "${out[@]}"
rejects fault_until_overflow "error: --fault dead:until=1e300ms: ...at most 1e12" \
  "$snnft" run "$cuba" --fault dead:until=1e300ms "${out[@]}"
rejects columns_jitter "error: --fault jitter:sigma_ms=1e5: sigma_ms must be a number in (0, 100]" \
  "$snnft" run "$columns" --fault jitter:sigma_ms=1e5 "${out[@]}"
variant "$cuba" "$work/fault_json.json" 'c["faults"] = [{"kind": "jitter", "sigma_ms": 1e7}]'
rejects fault_json_sigma "error: /faults/0/sigma_ms: sigma_ms must be a number in (0, 100]" \
  "$snnft" run "$work/fault_json.json" "${out[@]}"

# --- Data files: saved columns that are not an HDF5 file, or not these columns.
echo "not hdf5" >"$work/cols.h5"
variant "$columns" "$work/load_text.json" "c['load_columns'] = '$work/cols.h5'"
rejects load_columns_not_hdf5 "error: /load_columns: $work/cols.h5: cannot open as an HDF5 file" \
  "$snnft" run "$work/load_text.json" "${out[@]}"

# A saved-columns file cut short (here a network output truncated to half its size).
"$snnft" run "$cuba" --duration 20 --out "$work/whole.h5" >/dev/null 2>&1 || fail "cuba run for the truncated file"
head -c $(($(stat -c %s "$work/whole.h5") / 2)) "$work/whole.h5" >"$work/cut.h5"
variant "$columns" "$work/load_cut.json" "c['load_columns'] = '$work/cut.h5'"
rejects load_columns_truncated "error: /load_columns: $work/cut.h5: cannot open as an HDF5 file" \
  "$snnft" run "$work/load_cut.json" "${out[@]}"

# CSV data sets: the file, line and field at fault.
wine_with() { variant "$data/configs/wine_columns.json" "$work/$1.json" "c['dataset']['csv'] = '$2'"; }
head -3 "$data/datasets/wine.csv" >"$work/ragged.csv"
echo "13.2,1.78,2.14" >>"$work/ragged.csv"
wine_with ragged "$work/ragged.csv"
rejects csv_ragged "error: /dataset/csv: $work/ragged.csv:4: expected 14 comma-separated columns, got 3" \
  "$snnft" run "$work/ragged.json" "${out[@]}"
{ head -3 "$data/datasets/wine.csv"; sed -n 4p "$data/datasets/wine.csv" | sed 's/^[^,]*,/nan,/'; } >"$work/nan.csv"
wine_with nan "$work/nan.csv"
rejects csv_nan "error: /dataset/csv: $work/nan.csv:4:1: \"nan\" is not a finite number that fits a float" \
  "$snnft" run "$work/nan.json" "${out[@]}"
mkdir -p "$work/folder.csv"
wine_with folder "$work/folder.csv"
rejects csv_directory "error: /dataset/csv: $work/folder.csv: is a directory, not a data file" \
  "$snnft" run "$work/folder.json" "${out[@]}"

# A table too small to calibrate the protection is refused before training; a small one that
# can be calibrated runs (one sample held back for calibration).
printf 'a,b,class\n0.1,0.2,x\n0.3,0.4,y\n0.5,0.5,y\n' >"$work/three.csv"
variant "$data/configs/wine_columns.json" "$work/three.json" "
c['dataset']['csv'] = '$work/three.csv'; c['dataset']['test_fraction'] = 0.6; c['epochs'] = 1"
rejects csv_too_small_to_protect "error: /dataset: $work/three.csv: the training split holds 1 sample; protection needs at least 2" \
  "$snnft" run "$work/three.json" "${out[@]}"
"$snnft" run "$work/three.json" --protection off "${out[@]}" >/dev/null 2>&1 && ok || fail "three samples without protection"
printf '0.7,0.9,x\n0.2,0.6,y\n0.8,0.1,x\n' >>"$work/three.csv"
variant "$work/three.json" "$work/six.json" "c['dataset']['test_fraction'] = 0.3"
"$snnft" run "$work/six.json" "${out[@]}" >/dev/null 2>&1 && ok || fail "six samples with protection"

# --- Physics that would otherwise fail silently.
variant "$cuba" "$work/poisson_fast.json" '
c["populations"].append({"name": "drive", "size": 10, "model": "poisson", "rate_hz": 20000})'
rejects poisson_above_1_over_dt "error: /populations/2/rate_hz: 20000 Hz is above 1/dt_ms = 10000 Hz" \
  "$snnft" run "$work/poisson_fast.json" "${out[@]}"
variant "$cuba" "$work/delay_015.json" 'c["projections"][0]["delay_ms"] = 0.15'
rejects delay_not_multiple "error: /projections/0/delay_ms: 0.15 ms is not a multiple of dt_ms = 0.1" \
  "$snnft" run "$work/delay_015.json" "${out[@]}"
variant "$cuba" "$work/delay_004.json" 'c["projections"][0]["delay_ms"] = 0.04'
rejects delay_below_dt "error: /projections/0/delay_ms: 0.04 ms is not a multiple of dt_ms = 0.1" \
  "$snnft" run "$work/delay_004.json" "${out[@]}"
variant "$cuba" "$work/delta_coba.json" 'c["populations"][0].update(synapse="conductance", tau_e_ms=0)'
rejects delta_conductance "error: /populations/0/tau_e_ms: 0 (delta synapses) needs \"synapse\": \"current\"" \
  "$snnft" run "$work/delta_coba.json" "${out[@]}"
variant "$cuba" "$work/tau_negative.json" 'c["populations"][0]["tau_i_ms"] = -1'
rejects tau_negative "error: /populations/0/tau_i_ms: ...non-negative" "$snnft" run "$work/tau_negative.json" "${out[@]}"
variant "$cuba" "$work/poisson_input_fast.json" '
c["populations"][0]["poisson_input"] = {"n": 10, "rate_hz": 20000, "weight": 0.1}'
rejects poisson_input_above_1_over_dt "error: /populations/0/poisson_input/rate_hz: must be at most 1/dt_ms" \
  "$snnft" run "$work/poisson_input_fast.json" "${out[@]}"
variant "$cuba" "$work/poisson_input_n0.json" 'c["populations"][0]["poisson_input"] = {"n": 0, "rate_hz": 5, "weight": 0.1}'
rejects poisson_input_n0 "error: /populations/0/poisson_input/n: " "$snnft" run "$work/poisson_input_n0.json" "${out[@]}"
variant "$cuba" "$work/poisson_input_key.json" '
c["populations"][0]["poisson_input"] = {"n": 5, "rate_hz": 5, "weight": 0.1, "rate": 3}'
rejects poisson_input_unknown_key "error: /populations/0/poisson_input/rate: " "$snnft" run "$work/poisson_input_key.json" "${out[@]}"
variant "$columns" "$work/inhibition_delay.json" 'c["column"]["inhibition_delay_ms"] = 0.3'
rejects columns_delay_not_multiple "error: /column/inhibition_delay_ms: 0.3 ms is not a multiple of dt_ms = 0.5" \
  "$snnft" run "$work/inhibition_delay.json" "${out[@]}"
variant "$columns" "$work/trial_ms.json" 'c["columns"][1]["trial_ms"] = 25.2'
rejects columns_trial_not_multiple "error: /columns/1/trial_ms: 25.2 ms is not a multiple of dt_ms = 0.5" \
  "$snnft" run "$work/trial_ms.json" "${out[@]}"
variant "$columns" "$work/t_max.json" 'c["column"]["encoding"]["t_max_ms"] = 30'
rejects columns_input_after_trial "error: /column/encoding/t_max_ms: 30 ms is not inside the trial" \
  "$snnft" run "$work/t_max.json" "${out[@]}"
rejects columns_duration "error: --duration: a columns run has no duration" \
  "$snnft" run "$columns" --duration 100 "${out[@]}"
rejects columns_simd "error: --simd: ...columns run" "$snnft" run "$columns" --simd off "${out[@]}"
variant "$data/configs/two_spirals.json" "$work/cascor_huge.json" 'c["task"] = {"name": "parity", "bits": 16}; c["max_hidden_units"] = 10000000'
rejects cascor_memory "error: max_hidden_units: ...needs at least" "$snnft" run "$work/cascor_huge.json" "${out[@]}"
rejects cascor_duration "error: --duration: ...cascor" "$snnft" run "$data/configs/xor.json" --duration 100 "${out[@]}"
rejects network_protection "error: --protection: ...columns runs" "$snnft" run "$cuba" --protection off "${out[@]}"
variant "$song" "$work/normal_mean_out.json" 'c["projections"][0]["weight"] = {"normal": [0.7, 0.1]}'
rejects normal_mean_outside "error: /projections/0/weight: the mean of the normal initial weights ...[0, 0.6]" \
  "$snnft" run "$work/normal_mean_out.json" "${out[@]}"
variant "$song" "$work/fixed_out.json" 'c["projections"][0]["weight"] = 0.7'
rejects fixed_weight_outside "error: /projections/0/weight: initial weights must lie within ...[0, 0.6]" \
  "$snnft" run "$work/fixed_out.json" "${out[@]}"

# A normal distribution whose tail crosses the bounds runs, with one warning stating the share
# clipped: N(0.3, 0.2) has 2 x P(z > 1.5) = 13.4 % outside [0, 0.6].
variant "$song" "$work/normal_tail.json" 'c["projections"][0]["weight"] = {"normal": [0.3, 0.2]}'
"$snnft" run "$work/normal_tail.json" --duration 100 --out "$work/tail.h5" >/dev/null 2>"$work/err"
code=$?
[[ $code -eq 0 && $(wc -l <"$work/err") -eq 1 ]] && ok || fail "normal_tail: exit $code, stderr: $(cat "$work/err")"
grep -q '^warning: /projections/0/weight: 13.36.* % of the normal initial weights fall outside \[0, 0.6\]' "$work/err" &&
  ok || fail "normal_tail warning: $(cat "$work/err")"

# --- Memory: a network that cannot fit fails at once with an estimate (here 10^6 neurons
# all-to-all: 10^12 synapses, terabytes), before any allocation.
variant "$cuba" "$work/huge.json" '
c["populations"][0]["size"] = 1000000
c["projections"][0]["connectivity"] = {"rule": "all_to_all"}'
start=$(date +%s)
rejects memory_estimate "error: /projections/0: ...synapses; a projection holds at most 2^32 - 1" \
  "$snnft" run "$work/huge.json" "${out[@]}"
variant "$cuba" "$work/big.json" '
c["populations"][0]["size"] = 60000
c["projections"][0]["connectivity"] = {"rule": "all_to_all"}'
# AddressSanitizer reserves terabytes of address space, so it cannot run under ulimit -v.
if [[ -z "${SNNFT_SANITIZED:-}" ]]; then
  rejects memory_estimate_bytes "error: /projections/0: the run needs at least ...is available" \
    bash -c 'ulimit -v 2000000 && exec "$@"' _ "$snnft" run "$work/big.json" "${out[@]}"
fi
variant "$columns" "$work/columns_huge.json" 'c["column"]["neurons"] = 10**7'
rejects columns_memory "error: /columns/0/neurons: ...a projection holds at most 2^32 - 1" \
  "$snnft" run "$work/columns_huge.json" "${out[@]}"
(($(date +%s) - start < 10)) && ok || fail "memory checks took $(($(date +%s) - start)) s"

# --- Output files that cannot be written: one line naming the file, exit 2, nothing left
# behind. A file growing past `ulimit -f` fails like a full disk (EFBIG instead of ENOSPC).
rejects out_missing_dir "error: $work/none/out.h5: cannot create the output file (No such file or directory)" \
  "$snnft" run "$cuba" --out "$work/none/out.h5"
mkdir -p "$work/dir.h5"
rejects out_is_directory "error: $work/dir.h5: is a directory, not a file" \
  "$snnft" run "$cuba" --out "$work/dir.h5"
rejects campaign_csv_missing_dir "error: $work/none/out.csv: cannot create the output file (No such file or directory)" \
  "$snnft" campaign "$columns" --fault-kind dead --fractions 0.1 --maps 1 --csv "$work/none/out.csv"
limited() { bash -c 'ulimit -f 16 && exec "$@"' _ "$@"; }  # 16 KB
rejects full_network "error: $work/out.h5: cannot write (File too large): ..." \
  limited "$snnft" run "$cuba" --out "$work/out.h5"
rejects full_columns "error: $work/out.h5: cannot write (File too large): ..." \
  limited "$snnft" run "$columns" --out "$work/out.h5"
rejects full_stdp "error: $work/out.h5: cannot write (File too large): ..." \
  limited "$snnft" run "$song" --duration 2000 --out "$work/out.h5"

# --- Summary keys: threads is a number in every run kind; the last-10-s rate only for runs
# that last 10 s.
"$snnft" run "$song" --duration 2000 --json-summary >"$work/song.json" 2>"$work/err" || fail "song run: $(cat "$work/err")"
/usr/bin/python3 - "$work/song.json" <<'PY' && ok || fail "short STDP summary"
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
assert isinstance(s["threads"], int) and s["threads"] == 1, s["threads"]
assert "output_rate_hz" in s and not any(k.startswith("output_rate_last_10s_hz") for k in s), s
PY
variant "$columns" "$work/columns_short.json" 'c["epochs"] = 1; c["threads"] = 2'
"$snnft" run "$work/columns_short.json" --json-summary >"$work/columns.json" 2>"$work/err" || fail "columns run: $(cat "$work/err")"
/usr/bin/python3 -c '
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
assert s["threads"] == 2 and isinstance(s["threads"], int), s["threads"]' "$work/columns.json" && ok ||
  fail "columns summary threads: $(tail -c 300 "$work/columns.json")"
"$snnft" run "$data/configs/xor.json" --json-summary >"$work/xor.json" 2>"$work/err" || fail "cascor run: $(cat "$work/err")"
grep -q '"threads":1[,}]' "$work/xor.json" && ok || fail "cascor summary threads: $(cat "$work/xor.json")"

finish
