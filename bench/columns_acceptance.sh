#!/usr/bin/env bash
# Acceptance measurements for the cortical columns (seeds fixed and printed):
#  - digits, 5 columns of 100 neurons: vote accuracy, best single column, time, trials/s
#  - accuracy against column size (one column of 25, 100, 400 neurons; must grow for every seed)
#  - speed-up of the whole digits run from 1 to 2 threads
#  - Yin-Yang vote accuracy
# Usage: bench/columns_acceptance.sh [SNNFT_BINARY] [SEEDS...]
source "$(dirname "$0")/lib/columns_bench.sh" "$@"

field() { $py -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
variant() { config_variant digits_columns "$work/$1.json" "$2"; }  # variant NAME PYTHON_EDIT

echo "## Digits, 5 columns x 100 neurons (held-out 30 %)"
echo "| seed | vote | best column | columns | train_s | test_s | trials/s |"
echo "|---|---|---|---|---|---|---|"
for s in "${seeds[@]}"; do
  line=$("$snnft" run "$root/data/configs/digits_columns.json" --seed "$s" --json-summary)
  read -r vote best cols tr te tps <<<"$(echo "$line" | field "d['test_accuracy'], max(d['column_accuracies']), ' '.join('%.3f' % a for a in d['column_accuracies']).replace(' ', '/'), d['train_s'], d['test_s'], d['trials_per_s']")"
  printf "| %s | %.3f | %.3f | %s | %.2f | %.2f | %.0f |\n" "$s" "$vote" "$best" "$cols" "$tr" "$te" "$tps"
  $py -c "import sys; sys.exit(0 if $vote >= 0.92 and $vote > $best else 1)" || { echo "FAIL: seed $s vote $vote (needs >= 0.92 and > best column $best)"; fail=1; }
  $py -c "import sys; sys.exit(0 if $best >= 0.85 else 1)" || { echo "FAIL: seed $s best single column $best < 0.85"; fail=1; }
done

echo
echo "## Accuracy against column size (one column, digits)"
# Two settings follow the layer size N, as in Diehl & Cook (2015), who train bigger networks
# longer: the homeostatic thresholds decay with a time constant of 10·N trials
# (theta_decay = 1 − 1/(10·N); 0.999 for the shipped N = 100), so that a threshold's
# equilibrium (theta_plus / (N·(1 − theta_decay)) = 10·theta_plus) and its ripple between two
# wins do not depend on N; and 4× the neurons train 3× the epochs (Diehl & Cook: 1 epoch for
# 100 neurons, 3 for 400). N = 100 is the shipped column unchanged.
echo "| neurons | epochs | theta_decay | seed | accuracy | train_s |"
echo "|---|---|---|---|---|---|"
declare -A size_ok
for spec in 25:5 100:5 400:15; do
  n=${spec%%:*} epochs=${spec##*:}
  decay=$($py -c "print(1 - 1 / (10 * $n))")
  variant "size$n" "c['columns'] = [{}]; c['column']['neurons'] = $n; c['epochs'] = $epochs; c['column']['theta_decay'] = $decay"
  for s in "${seeds[@]}"; do
    # The column's own answer: with protection on, a weak column's answer may come from the fallback.
    read -r acc tr <<<"$("$snnft" run "$work/size$n.json" --seed "$s" --protection off --json-summary | field "d['test_accuracy'], d['train_s']")"
    printf "| %s | %s | %.5f | %s | %.3f | %.2f |\n" "$n" "$epochs" "$decay" "$s" "$acc" "$tr"
    size_ok[$n,$s]=$acc
  done
done
for s in "${seeds[@]}"; do
  $py -c "import sys; sys.exit(0 if ${size_ok[25,$s]} < ${size_ok[100,$s]} < ${size_ok[400,$s]} else 1)" ||
    { echo "FAIL: seed $s accuracy does not grow with column size"; fail=1; }
done

echo
echo "## Threads (digits, 5 columns, seed ${seeds[0]}; train + test wall seconds, best of 3)"
best_time() {
  local best=1e9
  for _ in 1 2 3; do
    t=$("$snnft" run "$root/data/configs/digits_columns.json" --seed "${seeds[0]}" --threads "$1" --json-summary | field "d['train_s'] + d['test_s']")
    best=$($py -c "print(min($best, $t))")
  done
  echo "$best"
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t1=$(best_time 1)
t2=$(best_time 2)
# Training learns from every trial, so a column trains on one thread: 5 columns on 2 threads
# train in at most 5/3 = 1.67x less time. Labelling and testing split into chunks of samples
# (MultiColumnProcessor) and can gain up to 2x. Other load on the machine skews the ratio.
printf "1 thread %.2f s, 2 threads %.2f s, speed-up %.2fx (load average before: %s, after: %s)\n" "$t1" "$t2" \
  "$($py -c "print($t1 / $t2)")" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
$py -c "import sys; sys.exit(0 if $t1 < 60 else 1)" || { echo "FAIL: digits run takes $t1 s (limit 60 s)"; fail=1; }

echo
echo "## Yin-Yang, 5 columns x 300 neurons (test set 1000)"
for s in "${seeds[@]}"; do
  read -r acc best tr <<<"$("$snnft" run "$root/data/configs/yinyang_columns.json" --seed "$s" --json-summary | field "d['test_accuracy'], max(d['column_accuracies']), d['train_s']")"
  printf "seed %s: vote %.3f, best column %.3f, train %.1f s\n" "$s" "$acc" "$best" "$tr"
  $py -c "import sys; sys.exit(0 if $acc >= 0.90 else 1)" || { echo "FAIL: Yin-Yang vote $acc < 0.90"; fail=1; }
done
[[ $fail -eq 0 ]] && echo "all column acceptance criteria pass" || echo "some criteria FAIL"
exit $fail
