// SPDX-License-Identifier: MIT
// Circuit breaker hot paths: a closed-state call around an empty function, a rejection while
// open, the same closed call from two threads on one breaker, and the memory of one breaker;
// the strategies (a real timeout on an executor, forwarding and queueing for a rejected key);
// and a reference operation that bench/breaker_ratios.sh divides the timings by.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "snnft/resilience/breaker/circuit_breaker.hpp"
#include "snnft/resilience/breaker/keyed_breakers.hpp"
#include "snnft/resilience/breaker/timeout_executor.hpp"

namespace {

using snnft::breaker::BreakerConfig;
using snnft::breaker::BreakerRegistry;
using snnft::breaker::CircuitBreaker;
using snnft::breaker::FallbackStrategy;
using snnft::breaker::KeyedBreakers;
using namespace std::chrono_literals;

/// The default configuration: count window of 100 calls, failure-rate rule, no latency timing.
BreakerConfig default_config() { return BreakerConfig{}; }

/// The reference: one locked increment of a shared counter, the one operation a closed-state
/// call cannot avoid (claiming its count-window slot). A timing divided by it is in units of
/// the machine's own atomic cost, which moves with load and frequency as the timings do.
void BM_BreakerReferenceLockedIncrement(benchmark::State& state) {
  std::atomic<std::uint64_t> counter{0};
  for (auto _ : state) {
    counter.fetch_add(1, std::memory_order_relaxed);
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(counter.load());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BreakerReferenceLockedIncrement);

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

/// A closed-state call on a breaker with a listener (as a key's breaker once it has a replay
/// queue): every call takes the out-of-line path and emits a call event.
void BM_BreakerClosedCallWithListener(benchmark::State& state) {
  CircuitBreaker breaker("bench", default_config());
  breaker.add_listener([](const snnft::breaker::BreakerEvent& e) { benchmark::DoNotOptimize(e.kind); });
  for (auto _ : state) {
    auto result = breaker.call([] {});
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BreakerClosedCallWithListener);

/// A call that returns at once, run with a real timeout on a TimeoutExecutor: the hand-off to a
/// worker and back (wall time; the caller sleeps while the worker runs).
void BM_BreakerExecutorTimeoutCall(benchmark::State& state) {
  CircuitBreaker breaker("bench", default_config());
  snnft::breaker::TimeoutExecutor executor({2, 8});
  for (auto _ : state) {
    auto result = breaker.call_with_timeout(executor, [] { return 1; }, 10s);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BreakerExecutorTimeoutCall)->UseRealTime();

/// KeyedBreakers::execute_with_fallback for an open key: the rejection, the choice of the
/// healthiest of three other keys, and the call through its breaker.
void BM_BreakerKeyedForward(benchmark::State& state) {
  BreakerConfig config = default_config();
  config.consecutive_failures = 1;
  config.break_duration = 1h;
  config.max_break_duration = 1h;
  BreakerRegistry registry(config);
  KeyedBreakers keys(registry, "peer", config);
  (void)keys.for_key("down").call([]() -> int { throw std::runtime_error("trip"); });
  const auto strategy = FallbackStrategy::forward_to_healthiest({"down", "a", "b", "c"});
  for (auto _ : state) {
    auto r = keys.execute_with_fallback("down", [](const std::string& key) { return key.size(); }, strategy);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BreakerKeyedForward);

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
