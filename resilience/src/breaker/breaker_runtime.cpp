// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cmath>

#include "snnft/resilience/breaker/breaker_detail.hpp"

namespace snnft::breaker::detail {

namespace {
/// Smallest count n with n / permitted >= rate. The tolerance keeps 0.3 * 10 from rounding
/// up to 4 because 0.3 is not exact in binary.
std::uint32_t count_for_rate(double rate, std::uint32_t permitted) {
  const double n = std::ceil(rate * static_cast<double>(permitted) - 1e-9);
  return static_cast<std::uint32_t>(std::clamp(n, 1.0, static_cast<double>(permitted)));
}
}  // namespace

Runtime::Runtime(BreakerConfig c)
    : config(std::move(c)),
      measure_latency(config.record_latency || config.slow_call_threshold.count() > 0),
      needs_time(measure_latency || config.window_kind == WindowKind::kTime || config.failure_count_threshold > 0),
      rate_rules(config.failure_rate_threshold > 0.0 || config.slow_call_threshold.count() > 0),
      classifies_results(static_cast<bool>(config.classify_result)),
      slow_threshold_ns(config.slow_call_threshold.count()),
      close_after(config.half_open_success_rule == HalfOpenSuccessRule::kConsecutiveSuccesses
                      ? config.half_open_consecutive_successes
                      : count_for_rate(config.half_open_success_rate, config.permitted_calls_in_half_open)),
      open_after_failures(config.half_open_failure_rule == HalfOpenFailureRule::kAnyFailure
                              ? 1
                              : count_for_rate(config.half_open_failure_rate, config.permitted_calls_in_half_open)),
      open_after_slow(count_for_rate(config.slow_call_rate_threshold, config.permitted_calls_in_half_open)) {}

std::size_t Runtime::memory_bytes() const noexcept {
  std::size_t bytes = sizeof(*this);
  bytes += config.triggers.capacity() * sizeof(TriggerSpec);
  for (const auto& t : config.triggers) {
    if (t.name.capacity() > 15) bytes += t.name.capacity() + 1;
  }
  return bytes;
}

Ledger::Ledger(std::shared_ptr<const Runtime> rt, std::uint32_t gen)
    : runtime(std::move(rt)), generation(gen), fast_success(!runtime->needs_time) {
  const BreakerConfig& c = runtime->config;
  if (c.window_kind == WindowKind::kCount) {
    count_window.emplace(c.window_size);
  } else {
    time_window.emplace(c.window_duration, c.window_buckets);
  }
  if (c.failure_count_threshold > 0) {
    failure_count_window = std::make_unique<TimeWindow>(c.failure_count_period, kFailureCountBuckets);
  }
}

std::size_t Ledger::memory_bytes() const noexcept {
  std::size_t bytes = sizeof(*this);
  if (count_window) bytes += count_window->memory_bytes() - sizeof(CountWindow);
  if (time_window) bytes += time_window->memory_bytes() - sizeof(TimeWindow);
  if (failure_count_window) bytes += failure_count_window->memory_bytes();
  return bytes;
}

}  // namespace snnft::breaker::detail
