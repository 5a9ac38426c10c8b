# Running many campaigns and single runs of snnft two at a time, for the protection bench
# scripts (sourced after bench_common.sh, once snnft is set):
#   test_samples CONFIG  prints how many test samples CONFIG has (a fault-free run, seed 1)
#   run_jobs JOBS        runs the lines of the file JOBS, two at a time, and prints how long it took:
#     campaign CONFIG SEED CSV CELLS           snnft campaign --cells CELLS, rows written to CSV
#     run CONFIG SEED JSON PROTECTION [ARGS]   snnft run with ARGS, its JSON summary written to JSON

test_samples() {
  "$snnft" run "$1" --seed 1 --protection off --threads 1 --json-summary | tail -n 1 |
    $py -c "import json,sys; print(json.loads(sys.stdin.read())['test_samples'])"
}

run_jobs() {
  cat >"$work/job.sh" <<JOB
#!/usr/bin/env bash
set -euo pipefail
if [[ \$1 == campaign ]]; then
  "$snnft" campaign "\$2" --seed "\$3" --cells "\$5" --csv "\$4" --threads 1 --json-summary >/dev/null
else
  cfg=\$2 seed=\$3 dest=\$4 protection=\$5; shift 5
  "$snnft" run "\$cfg" --seed "\$seed" --protection "\$protection" --threads 1 --json-summary "\$@" | tail -n 1 >"\$dest"
fi
JOB
  chmod +x "$work/job.sh"
  local t0
  t0=$(date +%s)
  xargs -P2 -L1 "$work/job.sh" <"$1"
  echo "measured in $(( $(date +%s) - t0 )) s"
}
