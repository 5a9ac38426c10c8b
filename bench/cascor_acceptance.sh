#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Cascade-correlation acceptance over many seeds: XOR, N-parity (N = 4..8) and two-spirals,
# each run through `snnft run CONFIG --seed N --json-summary`.
#
# usage: bench/cascor_acceptance.sh [SNNFT_BINARY] [SEEDS]
#   SNNFT_BINARY defaults to build/apps/snnft, SEEDS to 20 (seeds 1..SEEDS).
# Prints per task: solved fraction, median and max hidden units, median epochs, mean and max
# training time, and whether each acceptance criterion passes. Exit status 1 if any fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
configs="$here/../data/configs"
snnft="${1:-$here/../build/apps/snnft}"
seeds="${2:-20}"
[[ -x "$snnft" ]] || { echo "error: $snnft is not an executable (pass the snnft binary)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
all_pass=1

# value KEY < json-line: the scalar value of a flat JSON object's key.
value() { sed -E "s/.*\"$1\":(\"[^\"]*\"|[^,}]*).*/\1/"; }

# median < numbers (one per line)
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# run_task NAME CONFIG: runs every seed, leaves one summary line per seed in $work/NAME.jsonl
run_task() {
  local name="$1" config="$2"
  : > "$work/$name.jsonl"
  for ((s = 1; s <= seeds; s++)); do
    "$snnft" run "$config" --seed "$s" --json-summary >> "$work/$name.jsonl"
  done
}

# stats NAME: prints the table row and sets SOLVED, MEDIAN_UNITS, MAX_UNITS, MEDIAN_EPOCHS, MAX_S
stats() {
  local f="$work/$1.jsonl"
  SOLVED=$(value solved < "$f" | grep -c true || true)
  MEDIAN_UNITS=$(value hidden_units < "$f" | median)
  MAX_UNITS=$(value hidden_units < "$f" | sort -g | tail -1)
  MEDIAN_EPOCHS=$(value epochs < "$f" | median)
  MAX_S=$(value train_s < "$f" | sort -g | tail -1)
  local mean_s test=""
  mean_s=$(value train_s < "$f" | awk '{s += $1} END {printf "%.3f", s / NR}')
  if grep -q test_accuracy "$f"; then
    test=$(value test_accuracy < "$f" | awk '{s += $1} END {printf "%.3f", s / NR}')
  fi
  printf '%-12s %6s %12s %9s %13s %8s %8s %9s\n' "$1" "$SOLVED/$seeds" "$MEDIAN_UNITS" "$MAX_UNITS" "$MEDIAN_EPOCHS" \
    "$mean_s" "$(printf '%.3f' "$MAX_S")" "${test:--}"
}

# check DESCRIPTION CONDITION(awk expression)
check() {
  if awk "BEGIN {exit !($2)}"; then
    echo "  PASS  $1"
  else
    echo "  FAIL  $1"
    all_pass=0
  fi
}

run_task xor "$configs/xor.json"
for bits in 4 5 6 7; do
  sed -E "s/\"bits\": *8/\"bits\": $bits/; s/\"name\": *\"parity8\"/\"name\": \"parity$bits\"/" \
    "$configs/parity8.json" > "$work/parity$bits.json"
  run_task "parity$bits" "$work/parity$bits.json"
done
run_task parity8 "$configs/parity8.json"
run_task two_spirals "$configs/two_spirals.json"

echo "cascade-correlation acceptance, seeds 1..$seeds ($snnft)"
printf '%-12s %6s %12s %9s %13s %8s %8s %9s\n' task solved median_units max_units median_epochs mean_s max_s test_acc
stats xor;         XOR=("$SOLVED" "$MAX_UNITS")
for bits in 4 5 6 7 8; do
  stats "parity$bits"; eval "PARITY$bits=$SOLVED"
done
stats two_spirals; SP=("$SOLVED" "$MEDIAN_UNITS" "$MEDIAN_EPOCHS" "$MAX_S")

echo
check "XOR solved by every seed with <= 2 hidden units (max ${XOR[1]})" "${XOR[0]} == $seeds && ${XOR[1]} <= 2"
for bits in 4 5 6 7 8; do
  solved_var="PARITY$bits"
  check "parity-$bits: all patterns correct for every seed (${!solved_var}/$seeds)" "${!solved_var} == $seeds"
done
check "two-spirals solved by >= 90 % of seeds (${SP[0]}/$seeds)" "${SP[0]} >= 0.9 * $seeds"
check "two-spirals median hidden units in [10, 22] (${SP[1]})" "${SP[1]} >= 10 && ${SP[1]} <= 22"
check "two-spirals median total epochs <= 4000 (${SP[2]})" "${SP[2]} <= 4000"
check "two-spirals run under 1 s (slowest $(printf '%.3f' "${SP[3]}") s)" "${SP[3]} < 1.0"

[[ $all_pass == 1 ]] && echo "all criteria pass" || { echo "some criteria FAIL"; exit 1; }
