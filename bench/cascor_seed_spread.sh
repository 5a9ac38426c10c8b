#!/usr/bin/env bash
# Label readout against grown readout over many seeds, for tables whose vote sits near its
# ceiling (wine: 53 test wines, one wine is 1.9 %): the vote's mean ± standard deviation and
# range over the seeds, the per-column mean, and on how many seeds the grown vote wins, ties or
# loses. Runs the wine config and, with the same columns, any further CSV table given as
# PATH:LABEL_COLUMN (30 % held out, split seed 3), e.g. scikit-learn's iris.csv:4.
# Usage: bench/cascor_seed_spread.sh [SNNFT_BINARY] [PATH:LABEL_COLUMN ...]
# Seeds: SEEDS="1 2 3" overrides the default 1-10.
source "$(dirname "$0")/lib/columns_bench.sh" "${1:-}"
shift || true
read -r -a seeds <<<"${SEEDS:-1 2 3 4 5 6 7 8 9 10}"

# config NAME READOUT_JSON [CSV LABEL_COLUMN] — the wine config with "readout" set, on its own
# table or on CSV.
config() {
  local table=""
  [[ -n ${3:-} ]] && table="c['dataset'].update(csv=sys.argv[6], label_column=int(sys.argv[7]), seed=3)"
  config_variant wine_columns "$work/$1.json" "c['readout'] = json.loads(sys.argv[5])
$table" "$2" "${3:-}" "${4:-}"
}

# accuracies NAME — one line per seed: vote and mean column accuracy.
accuracies() {
  for s in "${seeds[@]}"; do
    "$snnft" run "$work/$1.json" --seed "$s" --json-summary | tail -1 |
      $py -c "import json, sys; d = json.load(sys.stdin); c = d['column_accuracies']; print(d['test_accuracy'], sum(c) / len(c))"
  done
}

tables=("wine:")
tables+=("$@")
echo "| table | readout | vote, mean ± sd (range) over ${#seeds[@]} seeds | columns, mean | grown vote wins / ties / losses |"
echo "|---|---|---|---|---|"
for t in "${tables[@]}"; do
  name=${t%%:*}
  csv=""; label=""
  if [[ $name != wine ]]; then csv=${t%:*}; label=${t##*:}; name=$(basename "$csv" .csv); fi
  config "$name.labels" '"labels"' "$csv" "$label"
  config "$name.cascor" '{"kind": "cascor"}' "$csv" "$label"
  accuracies "$name.labels" >"$work/labels.txt"
  accuracies "$name.cascor" >"$work/cascor.txt"
  $py - "$name" "$work/labels.txt" "$work/cascor.txt" <<'PY'
import statistics as st, sys
name, runs = sys.argv[1], {}
for readout, path in (("labels", sys.argv[2]), ("grown", sys.argv[3])):
    runs[readout] = [tuple(map(float, line.split())) for line in open(path)]
diff = [g[0] - l[0] for l, g in zip(runs["labels"], runs["grown"])]
for readout, rows in runs.items():
    v = [100 * r[0] for r in rows]
    c = st.mean(100 * r[1] for r in rows)
    record = "%d / %d / %d" % (sum(d > 1e-9 for d in diff), sum(abs(d) <= 1e-9 for d in diff), sum(d < -1e-9 for d in diff))
    print("| %s | %s | %.1f ± %.1f %% (%.1f-%.1f) | %.1f %% | %s |" % (name, readout, st.mean(v), st.stdev(v) if len(v) > 1 else 0.0,
          min(v), max(v), c, record if readout == "grown" else ""))
PY
done
