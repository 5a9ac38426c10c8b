// SPDX-License-Identifier: MIT
// Circuit breaker hot paths: a closed-state call around an empty function, a rejection while
// open, the same closed call from two threads on one breaker, and the memory of one breaker.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include "snnft/resilience/breaker/circuit_breaker.hpp"

namespace {

using snnft::breaker::BreakerConfig;
using snnft::breaker::CircuitBreaker;
using namespace std::chrono_literals;

/// The default configuration: count window of 100 calls, failure-rate rule, no latency timing.
BreakerConfig default_config() { return BreakerConfig{}; }

void BM_BreakerClosedCall(benchmark::State& state) {
  CircuitBreaker breaker("bench", default_config());
  for (auto _ : state) {
    auto result = breaker.call([] {});
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BreakerClosedCall);

void BM_BreakerClosedCallTimed(benchmark::State& state) {
  BreakerConfig config = default_config();
  config.record_latency = true;  // two precise clock reads per call, plus the histogram
  CircuitBreaker breaker("bench", config);
  for (auto _ : state) {
    auto result = breaker.call([] {});
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BreakerClosedCallTimed);

void BM_BreakerOpenReject(benchmark::State& state) {
  BreakerConfig config = default_config();
  config.consecutive_failures = 1;
  config.break_duration = 1h;
  config.max_break_duration = 1h;
  CircuitBreaker breaker("bench", config);
  (void)breaker.call([] { throw std::runtime_error("trip"); });
  if (breaker.peek_state() != snnft::breaker::BreakerState::kOpen) state.SkipWithError("breaker did not open");
  for (auto _ : state) {
    auto result = breaker.call([] {});
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BreakerOpenReject);

void BM_BreakerClosedCallContended(benchmark::State& state) {
  static std::unique_ptr<CircuitBreaker> shared;
  if (state.thread_index() == 0) shared = std::make_unique<CircuitBreaker>("bench", default_config());
  // Google Benchmark starts every thread's loop together, after thread 0's setup above.
  for (auto _ : state) {
    auto result = shared->call([] {});
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BreakerClosedCallContended)->Threads(2)->UseRealTime();

void BM_BreakerManualAcquireReport(benchmark::State& state) {
  CircuitBreaker breaker("bench", default_config());
  for (auto _ : state) {
    const auto permit = breaker.try_acquire();
    breaker.on_success(permit);
    benchmark::DoNotOptimize(permit);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BreakerManualAcquireReport);

/// Not a timing: reports the bytes one breaker owns (object, configuration, 100-call window).
void BM_BreakerMemory(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    CircuitBreaker breaker("bench", default_config());
    bytes = breaker.memory_bytes();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["bytes_per_breaker"] = static_cast<double>(bytes);
  state.counters["sizeof_CircuitBreaker"] = static_cast<double>(sizeof(CircuitBreaker));
}
BENCHMARK(BM_BreakerMemory);

}  // namespace
