#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Smoke run of snnft_bench: one short instance of each engine benchmark family, so CI proves
# the binary starts, finds its configs and that each family measures what it claims to.
# Timings are not checked (they depend on the machine); the numbers the benchmarks report
# about the work they did are.
# Usage: bench_smoke.sh SNNFT_BENCH_BINARY
set -u
bench=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

filter='BM_LifIntegrate/[^/]+/cuba/n:4096$|BM_LifDetect/[^/]+/n:4096/spike_permille:10$'
filter+='|BM_Propagate/n:4000/spike_permille:10$|BM_BuildCubaNetwork/|BM_CobaNetwork1s/threads:1/'
if ! "$bench" --benchmark_filter="$filter" --benchmark_min_time=0.001 \
    --benchmark_out="$work/out.json" --benchmark_out_format=json >"$work/console" 2>&1; then
  cat "$work/console"
  echo "FAIL: snnft_bench exited with an error"
  exit 1
fi
json="$work/out.json"

if grep -q '"error_occurred": true' "$json"; then
  fail "a benchmark reported an error: $(grep -A1 '"error_occurred": true' "$json" | tr -d '\n')"
fi

# field NAME_REGEX KEY — the KEY value of the first run whose name matches (ignoring aggregates).
field() {
  awk -v re="$1" -v key="\"$2\":" '
    $1 == "\"name\":" { name = $2; keep = (name ~ re && name !~ /_(mean|median|stddev|cv)"/) }
    keep && $1 == key { v = $2; sub(/,$/, "", v); print v; exit }' "$json"
}
# between VALUE LO HI — VALUE is a number in [LO, HI].
between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v != "" && v + 0 >= lo && v + 0 <= hi) }'; }

# Every instruction set the CPU offers ran the CUBA kernel and counted neuron-updates.
for isa in scalar $(grep -o 'BM_LifIntegrate/[^/]*/cuba' "$json" | cut -d/ -f2 | sort -u); do
  ips=$(field "BM_LifIntegrate/$isa/cuba/n:4096\"" items_per_second)
  between "$ips" 1 1e15 || fail "BM_LifIntegrate/$isa: items_per_second '$ips'"
done
# 1 % of 4096 neurons are set up to spike on every call: every 100th neuron, 41 of them.
spikes=$(field 'BM_LifDetect/scalar/n:4096/spike_permille:10' spikes_per_call)
between "$spikes" 41 41 || fail "BM_LifDetect: spikes_per_call '$spikes', expected 41"
# 40 presynaptic spikes per step with ~80 synapses each (p = 0.02 of 4000): ~3200 events.
events=$(field 'BM_Propagate/n:4000/spike_permille:10' events_per_step)
between "$events" 2900 3500 || fail "BM_Propagate: events_per_step '$events', expected about 3200"
# Brette et al. 2007 CUBA: 4000 neurons at p = 0.02 is about 320,000 synapses.
synapses=$(field 'BM_BuildCubaNetwork/' synapses)
between "$synapses" 310000 330000 || fail "BM_BuildCubaNetwork: synapses '$synapses'"
# COBA is asynchronous irregular at 10-30 Hz (Brian2 here: 16.8 Hz).
rate=$(field 'BM_CobaNetwork1s/threads:1/' rate_hz)
between "$rate" 10 30 || fail "BM_CobaNetwork1s: rate_hz '$rate', expected 10-30 Hz"

if [[ $failed -ne 0 ]]; then
  echo "$failed check(s) failed"
  exit 1
fi
echo "bench smoke: all checks passed"
