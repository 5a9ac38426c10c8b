#!/usr/bin/env bash
# Every run kind stops cleanly on a signal: SIGINT or SIGTERM stops it at the next step or
# trial, it writes a valid HDF5 file marked interrupted and exits with 128 + the signal
# (130 for SIGINT, 143 for SIGTERM); a second signal ends it at once and leaves no partial
# file behind.
# Usage: signal_test.sh SNNFT_BINARY DATA_DIR
set -u
snnft=$1
data=$2
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"

# interrupt NAME SIGNAL EXPECTED_CODE DELAY_S OUT CMD... — starts CMD, sends SIGNAL after
# DELAY_S, and checks the exit code, that it stopped within 3 s, that OUT is a valid HDF5 file
# whose root attribute interrupted is 1, and that no temporary file is left.
interrupt() {
  local name=$1 sig=$2 expected=$3 delay=$4 out=$5
  shift 5
  "$@" >"$work/$name.stdout" 2>"$work/$name.err" &
  local pid=$!
  sleep "$delay"
  if ! kill -0 $pid 2>/dev/null; then fail "$name: finished before the signal (make it longer)"; return; fi
  kill -"$sig" $pid
  local t0=$SECONDS
  wait $pid
  local code=$?
  [[ $code -eq $expected ]] && ok || fail "$name: exit code $code, expected $expected: $(tail -2 "$work/$name.err")"
  ((SECONDS - t0 <= 3)) && ok || fail "$name: took $((SECONDS - t0)) s to stop"
  compgen -G "$out.tmp" >/dev/null && fail "$name: left $out.tmp" || ok
  /usr/bin/python3 -c '
import sys, h5py
f = h5py.File(sys.argv[1], "r")
assert f.attrs["interrupted"] == 1, dict(f.attrs)' "$out" && ok || fail "$name: $out is not a valid file marked interrupted"
}

cuba=$data/configs/cuba.json
interrupt network_sigterm TERM 143 1.5 "$work/net.h5" "$snnft" run "$cuba" --duration 1e7 --out "$work/net.h5"
interrupt network_threads_sigint INT 130 1.5 "$work/net2.h5" \
  "$snnft" run "$cuba" --duration 1e7 --threads 2 --out "$work/net2.h5"

# Columns: Yin-Yang with 100,000 training epochs trains for hours on any machine (the shipped
# 5 epochs take about a second); a signal during training stops before the next sample, and
# no test trial is run.
variant "$data/configs/yinyang_columns.json" "$work/yinyang_long.json" 'c["epochs"] = 100000'
interrupt columns_sigint INT 130 1.5 "$work/cols.h5" \
  "$snnft" run "$work/yinyang_long.json" --out "$work/cols.h5" --json-summary
tail -1 "$work/columns_sigint.stdout" | grep -q '"interrupted":true' && ok || fail "columns summary lacks interrupted"
interrupt columns_sigterm TERM 143 1.5 "$work/cols2.h5" \
  "$snnft" run "$work/yinyang_long.json" --threads 2 --out "$work/cols2.h5"

# Cascor on 14-bit parity (16,384 patterns) with a score no output reaches and room for many
# units runs for minutes on any machine (two spirals is solved in well under a second).
variant "$data/configs/two_spirals.json" "$work/cascor_long.json" '
c["task"] = {"name": "parity", "bits": 14}
c["score_threshold"] = 1e-9; c["max_hidden_units"] = 1000; c["pool_size"] = 32
c["output_phase"]["max_epochs"] = 100000; c["candidate_phase"]["max_epochs"] = 100000'
interrupt cascor_sigint INT 130 1 "$work/cascor.h5" "$snnft" run "$work/cascor_long.json" --out "$work/cascor.h5"
interrupt cascor_sigterm TERM 143 1 "$work/cascor2.h5" "$snnft" run "$work/cascor_long.json" --out "$work/cascor2.h5"

# Campaign: the signal lands in a test phase (digits trains in about 2 s); the run it cuts
# short is dropped, the finished ones are written, and the CSV is complete too.
interrupt campaign_sigint INT 130 4 "$work/camp.h5" \
  "$snnft" campaign "$data/configs/digits_columns.json" --fault-kind dead --fractions 0.1,0.2,0.3,0.4 --maps 20 \
  --out "$work/camp.h5" --csv "$work/camp.csv"
[[ -s "$work/camp.csv" && ! -e "$work/camp.csv.tmp" ]] && ok || fail "campaign CSV missing or left as .tmp"
/usr/bin/python3 - "$work/camp.csv" <<'PY' && ok || fail "campaign CSV rows after the interruption"
import csv, sys
reader = csv.DictReader(open(sys.argv[1]))
rows = list(reader)
assert "test_accuracy" in reader.fieldnames, reader.fieldnames
assert len(rows) < 2 + 4 * 20 * 2, len(rows)  # not every run (how many depends on the machine's speed)
assert all(r["test_accuracy"] not in ("", "nan") for r in rows), rows  # only finished runs
PY
interrupt campaign_sigterm TERM 143 1 "$work/camp2.h5" \
  "$snnft" campaign "$data/configs/digits_columns.json" --fault-kind dead --fractions 0.1 --maps 20 \
  --out "$work/camp2.h5"

# A second signal: the process ends at once with 128 + that signal. It either wrote its file
# completely before the second signal came, or left no file at all — never a partial one.
# The network run is long enough that its first signal cannot be handled before the second.
second_signal() {
  local name=$1 out=$2
  shift 2
  "$@" >/dev/null 2>"$work/$name.err" &
  local pid=$!
  last_pid=$pid
  sleep 1.5
  kill -INT $pid
  kill -INT $pid
  wait $pid
  local code=$?
  [[ $code -eq 130 ]] && ok || fail "$name: exit code $code, expected 130"
  compgen -G "$out.tmp" >/dev/null && fail "$name: left $out.tmp" || ok
  if grep -q "stopped at once" "$work/$name.err"; then
    [[ ! -e "$out" ]] && ok || fail "$name: stopped at once but wrote $out"
  else
    /usr/bin/python3 -c 'import sys, h5py; assert h5py.File(sys.argv[1], "r").attrs["interrupted"] == 1' "$out" &&
      ok || fail "$name: neither stopped at once nor wrote a valid file"
  fi
}
second_signal network_twice "$work/twice.h5" "$snnft" run "$cuba" --duration 1e7 --out "$work/twice.h5"
second_signal columns_twice "$work/twice2.h5" "$snnft" run "$work/yinyang_long.json" --out "$work/twice2.h5"
second_signal campaign_twice "$work/twice3.h5" \
  "$snnft" campaign "$data/configs/digits_columns.json" --fault-kind dead --fractions 0.1 --maps 20 --out "$work/twice3.h5"
# The campaign's trained-columns scratch file goes too.
compgen -G "${TMPDIR:-/tmp}/snnft-campaign-$last_pid-trained.h5*" >/dev/null && fail "campaign left its scratch file" || ok

finish
