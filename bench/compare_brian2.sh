#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# snnft against Brian2 2.5.1 (C++ standalone mode), side by side in one run on this machine.
#
# Cases (the Brette et al. 2007 benchmarks, single thread, dt = 0.1 ms):
#   cuba_N4000_T10   CUBA, 4000 neurons, 10 s of biological time
#   coba_N4000_T1    COBA, 4000 neurons, 1 s
#   cuba_N16000_T1   CUBA, 16000 neurons (p = 80/N, as cuba.py --N 16000), 1 s
# Each case runs REPS times per simulator, alternating Brian2 and snnft so that both see the
# same machine load. Brian2 first compiles its standalone project once (an untimed warm-up
# run, recorded with "warmup": true) and then reuses the build directory.
#
# Compared figures:
#   simulation    Brian2 sim_wall_s: the main loop inside the compiled binary. Without OpenMP
#                 Brian2 times it with std::clock(), i.e. in CPU time, despite the name.
#                 snnft is measured both ways: sim_s (wall clock of Simulation::run, including
#                 spike statistics) and its CPU time, the process CPU time of the run minus
#                 that of an otherwise identical one-step run. The CPU-time ratio compares like
#                 with like; on a quiet machine the two snnft figures agree, on a busy one the
#                 wall-clock figure also counts time spent waiting for a core.
#   construction  Brian2 build_or_setup_s (network objects, code generation, make,
#                 synapse creation and initialisation in the binary; Python import excluded)
#                 vs snnft build_s (Network::build: populations, initial state, synapses)
# Ratios are Brian2 / snnft of the medians. Raw numbers go to a JSON-lines file, one line
# per run, after a first line describing the machine.
#
# Brian2 is a bench-time peer only: the script installs it (as root, with apt-get) when it is
# missing; the snnft build never needs it. The Brian2 scripts live in ../shared/peers/brian2
# beside the checkout.
#
# Usage: bench/compare_brian2.sh [-n REPS] [--build-dir DIR] [--out FILE] [--cases "A B"]
#        bench/compare_brian2.sh --table FILE     (print the table of an earlier results file)
set -euo pipefail

reps=3
cases="cuba_N4000_T10 coba_N4000_T1 cuba_N16000_T1"
table_only=""
out=""
build_dir=""
py=/usr/bin/python3

usage() { sed -n '3,27p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case $1 in
    -n|--reps) reps=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --table) table_only=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "error: -n needs a positive integer, got '$reps'" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)

# Medians, ratios and the Markdown table, from a results file.
print_table() {
  "$py" - "$1" <<'PY'
import json, statistics, sys
machine, runs, load_end = None, {}, "?"
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("kind") == "machine":
        machine = d
    elif d.get("kind") == "end":
        load_end = d["loadavg_end"]
    elif not d.get("warmup"):
        runs.setdefault(d["case"], {}).setdefault(d["tool"], []).append(d)

def stats(rows, key):
    v = [r[key] for r in rows]
    return statistics.median(v), min(v), max(v)

def cell(m):
    med, lo, hi = m
    return f"{med:.3f} ({lo:.3f}-{hi:.3f})"

if machine:
    flags = ", ".join(machine["simd_flags"]) or "none"
    print(f"Machine: {machine['cpu_model']}, {machine['nproc']} CPUs (nproc), SIMD flags: {flags}; "
          f"{machine['date']}; load average {machine['loadavg_start']} at start, {load_end} at end; "
          f"Brian2 {machine['brian2_version']}, snnft {machine['snnft_commit']}, {machine['compiler']}.")
    print()
print("| case | reps | Brian2 sim, CPU (s) | snnft sim, CPU (s) | sim ratio | snnft sim, wall (s) "
      "| wall ratio | Brian2 set-up (s) | snnft build (s) | build ratio | Brian2 rate (Hz) | snnft rate (Hz) "
      "| Brian2 synapses | snnft synapses |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
goals = []
for case, tools in runs.items():
    b, s = tools.get("brian2", []), tools.get("snnft", [])
    if not b or not s:
        continue
    bs, sc, sw = stats(b, "sim_s"), stats(s, "sim_cpu_s"), stats(s, "sim_s")
    bb, sb = stats(b, "build_s"), stats(s, "build_s")
    sim_ratio, wall_ratio, build_ratio = bs[0] / sc[0], bs[0] / sw[0], bb[0] / sb[0]
    print(f"| {case} | {len(b)}/{len(s)} | {cell(bs)} | {cell(sc)} | **{sim_ratio:.1f}x** | {cell(sw)} | "
          f"{wall_ratio:.1f}x | {cell(bb)} | {cell(sb)} | **{build_ratio:.0f}x** | "
          f"{statistics.median(r['rate_hz'] for r in b):.2f} | {statistics.median(r['rate_hz'] for r in s):.2f} | "
          f"{b[0]['synapses']} | {s[0]['synapses']} |")
    if case == "cuba_N4000_T10":
        goals.append(f"simulation {sim_ratio:.1f}x faster than Brian2 in CPU time, {wall_ratio:.1f}x against "
                     f"snnft's wall clock (goal >= 4x: {'met' if min(sim_ratio, wall_ratio) >= 4 else 'met in CPU time only' if sim_ratio >= 4 else 'MISSED'})")
        goals.append(f"construction {build_ratio:.0f}x faster than Brian2's set-up (goal >= 5x: "
                     f"{'met' if build_ratio >= 5 else 'MISSED'})")
print()
print("Times: median (min-max) over the repetitions; ratios are Brian2 / snnft of the medians. Brian2 times its "
      "loop in CPU time (std::clock); set-up and build are wall-clock times.")
if goals:
    print("CUBA 4000 x 10 s, one thread: " + "; ".join(goals) + ".")
PY
}

if [[ -n $table_only ]]; then
  print_table "$table_only"
  exit 0
fi

peers="$root/../shared/peers/brian2"
if [[ ! -f $peers/cuba.py || ! -f $peers/coba.py ]]; then
  echo "error: Brian2 peer scripts not found in $peers (expected the shared folder beside the checkout, ../shared)" >&2
  exit 1
fi

source "$root/bench/lib/brian2_peer.sh"
ensure_brian2
build_release_snnft

work=$(mktemp -d -t snnft_vs_brian2.XXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$root/bench/results"
out=${out:-$root/bench/results/compare_brian2_$(date -u +%Y-%m-%dT%H%MZ).jsonl}

# CUBA at 16000 neurons: the shipped config scaled as cuba.py --N does (80 % excitatory, p = 80/N).
"$py" - "$root/data/configs/cuba.json" "$work/cuba_N16000.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
n = 16000
c["name"] = "cuba_N16000"
c["populations"][0]["size"], c["populations"][1]["size"] = n * 4 // 5, n - n * 4 // 5
for p in c["projections"]:
    p["connectivity"]["p"] = 80.0 / n
json.dump(c, open(sys.argv[2], "w"), indent=1)
PY

# The machine, first line of the results file.
"$py" - "$snnft" "$root" >"$out" <<'PY'
import json, os, subprocess, sys, datetime
flags = open("/proc/cpuinfo").read().split("\nflags")[1].split("\n")[0].split()
model = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
brian = subprocess.run(["/usr/bin/python3", "-c", "import brian2; print(brian2.__version__)"],
                       capture_output=True, text=True).stdout.strip()
gxx = subprocess.run(["g++", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
commit = subprocess.run(["git", "-C", sys.argv[2], "describe", "--always", "--dirty"],
                        capture_output=True, text=True).stdout.strip()
print(json.dumps({
    "kind": "machine", "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "nproc": os.cpu_count(), "cpu_model": model,
    "simd_flags": [f for f in ("sse4_2", "avx2", "fma", "avx512f", "avx512bw") if f in flags],
    "loadavg_start": open("/proc/loadavg").read().split()[0], "brian2_version": brian,
    "snnft_commit": commit, "compiler": gxx}))
PY

# run_brian2 CASE REP WARMUP SCRIPT ARGS... — one Brian2 run, appended as a JSON line.
run_brian2() {
  local case=$1 rep=$2 warmup=$3 script=$4
  shift 4
  local line
  if ! line=$("$py" "$peers/$script" --target cpp_standalone --build-dir "$work/brian2_$case" "$@" \
      2>"$work/brian2.log" | tail -n 1) || [[ $line != \{* ]]; then
    echo "error: Brian2 run failed: $py $peers/$script $*" >&2
    tail -n 20 "$work/brian2.log" >&2
    exit 1
  fi
  "$py" -c '
import json, sys
r = json.loads(sys.argv[4])
print(json.dumps({"case": sys.argv[1], "tool": "brian2", "rep": int(sys.argv[2]), "warmup": sys.argv[3] == "1",
                  "sim_s": r["sim_wall_s"], "build_s": r["build_or_setup_s"], "rate_hz": r["mean_rate_hz"],
                  "synapses": r["n_synapses"], "spikes": r["total_spikes"], "raw": r}))' \
    "$case" "$rep" "$warmup" "$line" >>"$out"
}

# cpu_seconds OUTFILE CMD... — runs CMD with stdout to OUTFILE; prints its user + system CPU time.
cpu_seconds() {
  local outfile=$1 TIMEFORMAT='%3U %3S'
  shift
  { time "$@" >"$outfile" 2>"$work/snnft.log"; } 2>"$work/time"
  awk '{ printf "%.3f\n", $1 + $2 }' "$work/time"
}

# run_snnft CASE REP CONFIG DURATION_MS — one snnft run (plus its one-step twin for the CPU
# time of set-up and teardown), appended as a JSON line.
run_snnft() {
  local case=$1 rep=$2 config=$3 duration=$4
  local t0 t1 cpu_full cpu_one
  t0=$(date +%s.%N)
  cpu_full=$(cpu_seconds "$work/full.json" "$snnft" run "$config" --duration "$duration" --threads 1 --json-summary)
  t1=$(date +%s.%N)
  cpu_one=$(cpu_seconds "$work/one.json" "$snnft" run "$config" --duration 0.1 --threads 1 --json-summary)
  "$py" -c '
import json, sys
r = json.load(open(sys.argv[3]))
print(json.dumps({"case": sys.argv[1], "tool": "snnft", "rep": int(sys.argv[2]), "warmup": False,
                  "sim_s": r["sim_s"], "sim_cpu_s": round(max(float(sys.argv[6]) - float(sys.argv[7]), 0.0), 3),
                  "build_s": r["build_s"], "rate_hz": r["mean_rate_hz"],
                  "synapses": r["synapses"], "spikes": r["spikes"],
                  "process_wall_s": round(float(sys.argv[5]) - float(sys.argv[4]), 4),
                  "process_cpu_s": float(sys.argv[6]), "one_step_process_cpu_s": float(sys.argv[7]), "raw": r}))' \
    "$case" "$rep" "$work/full.json" "$t0" "$t1" "$cpu_full" "$cpu_one" >>"$out"
}

for name in $cases; do
  case $name in
    cuba_N4000_T10) brian=(cuba.py --N 4000 --T 10); config=$root/data/configs/cuba.json; ms=10000 ;;
    coba_N4000_T1) brian=(coba.py --N 4000 --T 1); config=$root/data/configs/coba.json; ms=1000 ;;
    cuba_N16000_T1) brian=(cuba.py --N 16000 --T 1); config=$work/cuba_N16000.json; ms=1000 ;;
    *) echo "error: unknown case '$name'" >&2; exit 2 ;;
  esac
  echo "== $name: Brian2 compile (warm-up), then $reps x (Brian2, snnft)" >&2
  run_brian2 "$name" 0 1 "${brian[@]}"
  for rep in $(seq 1 "$reps"); do
    run_brian2 "$name" "$rep" 0 "${brian[@]}"
    run_snnft "$name" "$rep" "$config" "$ms"
  done
done

printf '{"kind": "end", "loadavg_end": "%s"}\n' "$(cut -d' ' -f1 /proc/loadavg)" >>"$out"
echo "Raw results: ${out#"$root"/}" >&2
echo
print_table "$out"
