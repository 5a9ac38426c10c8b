#!/usr/bin/env bash
# The cost of protection on the digits multi-column config, from snnft_bench:
#  - BM_ProtectionOverhead: monitoring, column breakers and ladder in the closed, healthy state
#    against the same trials without them, in alternating blocks of 32 trials; passes when the
#    overhead is <= 1 % of a plain trial
#    (the median over repetitions of each one's median paired difference) also with what the
#    run monitor adds when every trial is reported to it as under --serve (measured the same
#    way, protected against protected and monitored), and the method's own bias (plain
#    against plain) is within 0.2 %
#  - BM_ProtectedTrialOnRung, BM_UnprotectedTrial: the "degradation overhead" table, the time
#    per trial and test accuracy of every ladder rung relative to Normal
# Usage: bench/protection_overhead.sh [SNNFT_BENCH_BINARY] [REPETITIONS]
source "$(dirname "$0")/lib/bench_common.sh"
bench=${1:-$root/build/bench/snnft_bench}
reps=${2:-10}

"$bench" --benchmark_filter='BM_ProtectionOverhead|BM_ProtectedTrialOnRung|BM_UnprotectedTrial' \
  --benchmark_repetitions="$reps" --benchmark_enable_random_interleaving=true \
  --benchmark_format=json --benchmark_out="$work/out.json" --benchmark_out_format=json >/dev/null

$py - "$work/out.json" <<'PY'
import json, statistics, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("run_type") == "iteration"]
if any(b.get("error_occurred") for b in runs):
    sys.exit("FAIL: " + "; ".join(b["error_message"] for b in runs if b.get("error_occurred")))

def series(prefix, key):
    return [b[key] for b in runs if b["name"].startswith(prefix)]

def stats(xs):
    return statistics.mean(xs), (statistics.stdev(xs) if len(xs) > 1 else 0.0)

print(f"## Protection overhead (closed, healthy), {len(series('BM_ProtectionOverhead/1', 'a_us'))} repetitions")
print("| variant | plain trial (µs) | b − a per trial (µs) | overhead_median_pct: median [min, max] | mean ± sd | overhead_pct mean ± sd |")
print("|---|---|---|---|---|---|")
result = {}
for variant, name in (("0", "plain vs plain (bias)"), ("1", "plain vs protected"),
                      ("2", "protected vs protected and monitored (--serve)")):
    prefix = f"BM_ProtectionOverhead/{variant}/"
    a = statistics.median(series(prefix, "a_us"))
    d = statistics.median(series(prefix, "median_diff_us"))
    per_rep = series(prefix, "overhead_median_pct")
    med, med_sd = stats(per_rep)
    tot, tot_sd = stats(series(prefix, "overhead_pct"))
    # The median over repetitions: one repetition disturbed by a neighbour cannot move it.
    result[variant] = statistics.median(per_rep)
    print(f"| {name} | {a:.1f} | {d:+.2f} | {result[variant]:.3f} % [{min(per_rep):.3f}, {max(per_rep):.3f}] | "
          f"{med:.3f} ± {med_sd:.3f} % | {tot:.3f} ± {tot_sd:.3f} % |")

print()
print("## Degradation overhead: one trial on each rung, relative to Normal")
print("| rung | µs/trial | time vs Normal | test accuracy | accuracy vs Normal (points) |")
print("|---|---|---|---|---|")
rungs = []
for level in range(5):
    rs = [b for b in runs if b["name"].startswith(f"BM_ProtectedTrialOnRung/{level}")]
    rungs.append((rs[0]["label"], statistics.mean(b["cpu_time"] for b in rs), rs[0]["accuracy"]))
off = [b for b in runs if b["name"].startswith("BM_UnprotectedTrial")]
rungs.append(("protection off", statistics.mean(b["cpu_time"] for b in off), off[0]["accuracy"]))
normal_t, normal_acc = rungs[0][1], rungs[0][2]
for label, t, acc in rungs:
    print(f"| {label} | {t:.1f} | {t / normal_t:.2f}× | {acc:.3f} | {100 * (acc - normal_acc):+.1f} |")

print()
ok = True
for text, good in ((f"protection costs <= 1 % of a plain trial ({result['1']:.3f} %)", result["1"] <= 1.0),
                   (f"... also with the --serve monitor ({result['1']:.3f} + {result['2']:.3f} %)",
                    result["1"] + result["2"] <= 1.0),
                   (f"the method's bias is within 0.2 % ({result['0']:+.3f} %)", abs(result["0"]) <= 0.2)):
    print(("  pass: " if good else "  FAIL: ") + text)
    ok = ok and good
sys.exit(0 if ok else 1)
PY
