#!/usr/bin/env bash
# End-to-end checks of the snnft command line as a user meets it: bad input gives one
# "error:" line naming the problem, exit code 2 and no output file; a good run writes a
# SONATA file; Ctrl-C stops a run cleanly and still leaves a valid HDF5 file.
# Usage: cli_test.sh SNNFT_BINARY DATA_DIR
set -u
snnft=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_error NAME EXPECTED_STDERR_LINE CMD... — exit 2, exactly that one stderr line.
expect_error() {
  local name=$1 expected=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local code=$?
  local lines
  lines=$(wc -l <"$work/err")
  if [[ $code -ne 2 ]]; then fail "$name: exit code $code, expected 2"; return; fi
  if [[ $lines -ne 1 ]]; then fail "$name: $lines stderr lines, expected 1: $(cat "$work/err")"; return; fi
  if [[ "$(cat "$work/err")" != "$expected" ]]; then fail "$name: got '$(cat "$work/err")' expected '$expected'"; return; fi
  ok
}

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

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
