#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Strong scaling of snnft on Brunel (2000) networks of growing size, side by side with Brian2
# 2.5.1 C++ standalone with OpenMP, in one run on this machine.
#
# The network is data/configs/brunel.json (model A, g = 5, eta = 2, delta synapses, D = 1.5 ms,
# Poisson drive) scaled to N neurons (80 % excitatory) at a fixed in-degree: every neuron
# receives exactly C_E = 1000 excitatory and C_I = 250 inhibitory synapses (fixed_indegree), so
# the synapse count is 1250 N and the work per neuron is the same at every size. Brian2 runs the
# same model (bench/peers/brunel_scaling_brian2.py) with the same mean in-degree.
#
# For every repetition, size and thread count the runs alternate (snnft, Brian2), so both see
# the same machine load; the load average is recorded with every run. Reported per size and
# thread count (medians over the repetitions): build time, bytes per synapse (snnft's synapse
# tables; peak RSS of both processes), time per simulated second, synaptic events per second
# (spikes x 1250 / wall time of the simulation loop), and the 1 -> 2 thread speedup.
#
# Usage: bench/scaling.sh [--sizes "12500 25000 50000 100000"] [--reps 3] [--threads "1 2"]
#                         [--T-ms MS] [--brian2-max N] [--build-dir DIR | --snnft BINARY] [--out FILE]
#                         [--mpi-snnft BINARY [--ranks "1 2"]]
#        bench/scaling.sh --table FILE     (print the tables of an earlier results file)
#   --T-ms        simulated time per run (default 1000 ms up to 25,000 neurons, 500 ms above)
#   --brian2-max  largest size Brian2 runs at (default 100000; 0 = no Brian2)
#   --snnft       an already built Release snnft binary to time (instead of building one)
#   --mpi-snnft   an snnft built with -DSNNFT_MPI=ON (scripts/mpi.sh builds build-mpi/apps/snnft):
#                 also runs `mpirun -np R` with one thread per rank for every R of --ranks, in the
#                 same alternation, and reports the 1 -> 2 rank speedup
set -euo pipefail

sizes="12500 25000 50000 100000"
reps=3
thread_counts="1 2"
t_ms=""
brian2_max=100000
build_dir=""
snnft=""
out=""
table_only=""
mpi_snnft=""
rank_counts="1 2"
py=/usr/bin/python3
while [[ $# -gt 0 ]]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --threads) thread_counts=$2; shift 2 ;;
    --T-ms) t_ms=$2; shift 2 ;;
    --brian2-max) brian2_max=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --snnft) snnft=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --table) table_only=$2; shift 2 ;;
    --mpi-snnft) mpi_snnft=$2; shift 2 ;;
    --ranks) rank_counts=$2; shift 2 ;;
    -h|--help) sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in $sizes; do [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "error: --sizes needs positive integers, got '$n'" >&2; exit 2; }; done
for n in $thread_counts; do [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "error: --threads needs positive integers, got '$n'" >&2; exit 2; }; done
for n in $rank_counts; do [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "error: --ranks needs positive integers, got '$n'" >&2; exit 2; }; done
[[ -z $mpi_snnft || -x $mpi_snnft ]] || { echo "error: --mpi-snnft $mpi_snnft is not an executable" >&2; exit 2; }
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "error: --reps needs a positive integer, got '$reps'" >&2; exit 2; }
[[ -z $t_ms || $t_ms =~ ^[1-9][0-9]*$ ]] || { echo "error: --T-ms needs a positive integer, got '$t_ms'" >&2; exit 2; }
[[ $brian2_max =~ ^[0-9]+$ ]] || { echo "error: --brian2-max needs a non-negative integer, got '$brian2_max'" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)

print_table() {
  "$py" - "$1" <<'PY'
import json, statistics, sys
runs, machine, end = {}, None, None
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("kind") == "machine": machine = d
    elif d.get("kind") == "end": end = d
    else: runs.setdefault((d["tool"], d["N"], d["threads"]), []).append(d)
if machine:
    print(f"Machine: {machine['cpu_model']}, {machine['nproc']} CPUs; {machine['date']}; snnft {machine['snnft_commit']}, "
          f"Brian2 {machine['brian2_version']}; load average {machine['loadavg_start']} at start"
          + (f", {end['loadavg_end']} at end" if end else "") + ".")
    print()
med = lambda rows, k: statistics.median(r[k] for r in rows)
def span(rows, k):
    v = [r[k] for r in rows]
    return f"{statistics.median(v):.3g} ({min(v):.3g}-{max(v):.3g})"
print("| simulator | N | synapses | threads | reps | build (s) | bytes/synapse (tables) | peak RSS / synapse | "
      "s per simulated s | events/s | process CPU / wall (s) | rate (Hz) | load avg (median) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for (tool, n, th), rows in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][0] != "snnft", kv[0][2])):
    tables = f"{med(rows, 'bytes_per_synapse'):.3f}" if tool == "snnft" else "-"
    print(f"| {tool} | {n} | {rows[0]['synapses']} | {th} | {len(rows)} | {span(rows, 'build_s')} | {tables} | "
          f"{med(rows, 'rss_bytes') / rows[0]['synapses']:.1f} | {span(rows, 's_per_sim_s')} | "
          f"{med(rows, 'events_per_s'):.3g} | {med(rows, 'process_cpu_s'):.1f} / {med(rows, 'process_wall_s'):.1f} | "
          f"{med(rows, 'rate_hz'):.1f} | {med(rows, 'loadavg'):.2f} |")
print()
print("Rows of snnft_mpi count ranks (mpirun -np) in the threads column, one thread per rank.")
print()
print("Speedups (medians): threads 1 -> 2 for each simulator, ranks 1 -> 2 for snnft under mpirun, and Brian2 / snnft at the same thread count.")
print()
print("| N | snnft 1->2 threads | snnft 1->2 ranks | Brian2 1->2 threads | Brian2/snnft, 1 thread | Brian2/snnft, 2 threads |")
print("|---|---|---|---|---|---|")
for n in sorted({k[1] for k in runs}):
    def t(tool, th):
        rows = runs.get((tool, n, th))
        return med(rows, "s_per_sim_s") if rows else None
    def ratio(a, b):
        return f"{a / b:.2f}x" if a and b else "-"
    print(f"| {n} | {ratio(t('snnft', 1), t('snnft', 2))} | {ratio(t('snnft_mpi', 1), t('snnft_mpi', 2))} | "
          f"{ratio(t('brian2', 1), t('brian2', 2))} | "
          f"{ratio(t('brian2', 1), t('snnft', 1))} | {ratio(t('brian2', 2), t('snnft', 2))} |")
PY
}

if [[ -n $table_only ]]; then
  print_table "$table_only"
  exit 0
fi

source "$root/bench/lib/brian2_peer.sh"
if [[ $brian2_max -gt 0 ]]; then ensure_brian2; fi
if [[ -z $snnft ]]; then
  build_dir=${build_dir:-$root/build}
  build_release_snnft
fi
[[ -x $snnft ]] || { echo "error: --snnft $snnft is not an executable" >&2; exit 2; }

work=$(mktemp -d -t snnft_scaling.XXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$root/bench/results"
out=${out:-$root/bench/results/scaling_$(date -u +%Y-%m-%dT%H%MZ).jsonl}

"$py" - "$root" "$out" "$work" "$snnft" "$here/peers/brunel_scaling_brian2.py" "$sizes" "$thread_counts" "$reps" \
  "${t_ms:-0}" "$brian2_max" "$mpi_snnft" "$rank_counts" <<'PY'
import datetime, json, os, subprocess, sys
root, out, work, snnft, peer = sys.argv[1:6]
mpi_snnft, rank_counts = sys.argv[11], [int(x) for x in sys.argv[12].split()]
sizes = [int(x) for x in sys.argv[6].split()]
thread_counts = [int(x) for x in sys.argv[7].split()]
reps, t_fixed, brian2_max = int(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10])
C_E, C_I = 1000, 250
# OpenMP threads that spin while waiting at Brian2's per-step barriers starve on a machine
# shared with other jobs (a 2,000-neuron run took 59 s instead of well under 1 s); passive
# waiting is the fair setting there. Override with OMP_WAIT_POLICY in the environment.
omp_wait = os.environ.get("OMP_WAIT_POLICY", "PASSIVE")

def loadavg():
    return float(open("/proc/loadavg").read().split()[0])

def run(cmd):
    """Runs cmd; returns (stdout, wall seconds, peak RSS in bytes, CPU seconds) of that one process."""
    t0 = datetime.datetime.now()
    with open(f"{work}/stderr", "w") as err:
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
        stdout = p.stdout.read()
        _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.stderr.write(open(f"{work}/stderr").read()[-3000:])
        raise SystemExit(f"error: {' '.join(cmd)} failed with exit code {p.returncode}")
    return stdout, (datetime.datetime.now() - t0).total_seconds(), usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime

def config(n):
    c = json.load(open(f"{root}/data/configs/brunel.json"))
    c["name"] = f"brunel_indegree_N{n}"
    c.pop("record", None)
    n_e = n * 4 // 5
    c["populations"][0]["size"], c["populations"][1]["size"] = n_e, n - n_e
    for p in c["projections"]:
        p["connectivity"] = {"rule": "fixed_indegree", "indegree": C_E if p["pre"] == "exc" else C_I}
    path = f"{work}/brunel_N{n}.json"
    json.dump(c, open(path, "w"), indent=1)
    return path

def duration_ms(n):
    return t_fixed or (1000 if n <= 25000 else 500)

cpu = open("/proc/cpuinfo").read()
machine = {"kind": "machine", "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "nproc": os.cpu_count(), "cpu_model": next(l.split(":", 1)[1].strip() for l in cpu.splitlines() if l.startswith("model name")),
           "loadavg_start": loadavg(),
           "brian2_version": subprocess.run(["/usr/bin/python3", "-c", "import brian2; print(brian2.__version__)"],
                                            capture_output=True, text=True).stdout.strip() or "absent",
           "snnft_commit": subprocess.run(["git", "-C", root, "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()}
f = open(out, "w")
f.write(json.dumps(machine) + "\n")
f.flush()
configs = {n: config(n) for n in sizes}

def snnft_run(n, threads, rep, ranks=0):
    """One snnft run; with ranks > 0 under mpirun with that many processes of one thread each
    (peak RSS and CPU are then mpirun's view: its own process tree)."""
    ms = duration_ms(n)
    load = loadavg()
    command = [snnft, "run", configs[n], "--duration", str(ms), "--threads", str(threads), "--json-summary"]
    if ranks:
        command = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", str(ranks), mpi_snnft] + command[1:]
    stdout, wall, rss, cpu = run(command)
    s = json.loads(stdout)
    sim_s = ms * 1e-3
    return {"tool": "snnft_mpi" if ranks else "snnft", "N": n, "threads": ranks or threads, "rep": rep, "T_ms": ms, "loadavg": load,
            "build_s": s["build_s"], "sim_s": s["sim_s"], "s_per_sim_s": s["sim_s"] / sim_s,
            "events_per_s": s["spikes"] * (C_E + C_I) / s["sim_s"], "rate_hz": s["mean_rate_hz"],
            "synapses": s["synapses"], "bytes_per_synapse": s["bytes_per_synapse"], "rss_bytes": rss,
            "process_wall_s": wall, "process_cpu_s": cpu}

def brian2_run(n, threads, rep):
    ms = duration_ms(n)
    load = loadavg()
    stdout, wall, rss, cpu = run(["env", f"OMP_WAIT_POLICY={omp_wait}", "/usr/bin/python3", peer, "--N", str(n), "--T", str(ms / 1000), "--threads", str(threads),
                             "--build-dir", f"{work}/brian2_N{n}_t{threads}"])
    b = json.loads(stdout.strip().splitlines()[-1])
    return {"tool": "brian2", "N": n, "threads": threads, "rep": rep, "T_ms": ms, "loadavg": load,
            "build_s": b["setup_s"], "sim_s": b["sim_s"], "s_per_sim_s": b["sim_s"] / (ms * 1e-3),
            "events_per_s": b["spikes"] * (C_E + C_I) / b["sim_s"], "rate_hz": b["rate_hz"],
            "synapses": b["synapses"], "rss_bytes": rss, "compile_s": b["compile_s"], "process_wall_s": wall,
            "process_cpu_s": cpu, "omp_wait_policy": omp_wait}

for rep in range(1, reps + 1):
    for n in sizes:
        for threads in thread_counts:
            for tool, fn in (("snnft", snnft_run), ("brian2", brian2_run)):
                if tool == "brian2" and n > brian2_max:
                    continue
                sys.stderr.write(f"rep {rep}/{reps}: {tool} N={n} threads={threads} ...\n")
                r = fn(n, threads, rep)
                f.write(json.dumps(r) + "\n")
                f.flush()
        for ranks in rank_counts if mpi_snnft else []:
            sys.stderr.write(f"rep {rep}/{reps}: snnft N={n} ranks={ranks} (mpirun, 1 thread each) ...\n")
            f.write(json.dumps(snnft_run(n, 1, rep, ranks)) + "\n")
            f.flush()
f.write(json.dumps({"kind": "end", "loadavg_end": loadavg()}) + "\n")
PY
echo "Raw results: ${out#"$root"/}" >&2
echo
print_table "$out"
