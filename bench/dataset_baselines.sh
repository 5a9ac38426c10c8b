#!/usr/bin/env bash
# The spiking columns' vote beside non-spiking baselines on the same split and scaling:
# ridge regression, nearest centroid, 1- and 5-nearest-neighbours (snnft_baselines).
# Usage: bench/dataset_baselines.sh [BUILD_DIR] [SEEDS...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
seeds=("${@:-1 2 3}")
read -r -a seeds <<<"${seeds[*]}"
py=/usr/bin/python3
field() { $py -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

echo "| config | train/test | columns vote (seeds ${seeds[*]}) | train_s (max) | ridge | nearest centroid | 1-NN | 5-NN |"
echo "|---|---|---|---|---|---|---|---|"
fail=0
for config in digits_columns wine_columns yinyang_columns; do
  votes="" train=0
  for s in "${seeds[@]}"; do
    read -r v t <<<"$("$build/apps/snnft" run "$root/data/configs/$config.json" --seed "$s" --json-summary | field "d['test_accuracy'], d['train_s']")"
    votes="$votes $v"
    train=$($py -c "print(max($train, $t))")
  done
  "$build/bench/snnft_baselines" "$root/data/configs/$config.json" | $py -c "
import json, sys
d = json.load(sys.stdin)
votes = [float(v) for v in '$votes'.split()]
pct = lambda a: '%.1f %%' % (100 * a)
print('| $config | %d/%d | %s (mean %s) | %.2f | %s | %s | %s | %s |' % (d['train_samples'], d['test_samples'],
      ' / '.join(pct(v) for v in votes), pct(sum(votes) / len(votes)), $train,
      pct(d['ridge']), pct(d['nearest_centroid']), pct(d['knn1']), pct(d['knn5'])))
if '$config' == 'wine_columns' and sum(votes) / len(votes) < 0.95:
    print('FAIL: wine vote below 95 %'); sys.exit(1)
" || fail=1
done
exit $fail
