// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <typeinfo>
#include <vector>

#include "snnft/resilience/breaker/clock.hpp"
#include "snnft/resilience/breaker/trigger.hpp"

namespace snnft::breaker {

/// How the failure-rate window remembers calls.
enum class WindowKind : std::uint8_t {
  kCount,  ///< the last `window_size` calls
  kTime,   ///< the calls of the last `window_duration`, in `window_buckets` buckets
};

/// When a half-open breaker closes again.
enum class HalfOpenSuccessRule : std::uint8_t {
  kConsecutiveSuccesses,  ///< `half_open_consecutive_successes` trial successes in a row
  kSuccessRate,           ///< at least `half_open_success_rate` of the permitted trials succeed
};

/// When a half-open breaker opens again.
enum class HalfOpenFailureRule : std::uint8_t {
  kAnyFailure,   ///< the first failed trial
  kFailureRate,  ///< at least `half_open_failure_rate` of the permitted trials fail
};

/// How the break duration grows with consecutive trips.
enum class Backoff : std::uint8_t {
  kFixed,        ///< always `break_duration`
  kExponential,  ///< break_duration * multiplier^(trips in a row - 1), capped
};

/// What an exception thrown by a protected call means for the breaker.
enum class ErrorKind : std::uint8_t {
  kFailure,  ///< recorded as a failure
  kIgnore,   ///< neither success nor failure: the permit is released and nothing is recorded
};
/// Decides per exception; an empty classifier records every exception as a failure.
using ErrorClassifier = std::function<ErrorKind(const std::exception_ptr&)>;

/// A value returned by a protected call, as a result classifier sees it.
class ResultView {
 public:
  template <class T>
  explicit ResultView(const T& value) noexcept : type_(&typeid(T)), value_(&value) {}
  /// The value if the call returned a T, else null.
  template <class T>
  [[nodiscard]] const T* get() const noexcept {
    return *type_ == typeid(T) ? static_cast<const T*>(value_) : nullptr;
  }

 private:
  const std::type_info* type_;
  const void* value_;
};
/// Decides whether a returned value counts as a failure (true), like resilience4j's
/// recordResult; an empty classifier counts every returned value as a success.
using ResultClassifier = std::function<bool(const ResultView&)>;

/// A result classifier for calls returning T: `is_failure(value)` decides; values of any
/// other type are successes. E.g. failure_when<int>([](int status) { return status >= 500; }).
template <class T, class Predicate>
ResultClassifier failure_when(Predicate is_failure) {
  return [is_failure = std::move(is_failure)](const ResultView& r) {
    const T* value = r.get<T>();
    return value != nullptr && static_cast<bool>(is_failure(*value));
  };
}

/// Largest number of half-open trials (they are counted in 9-bit fields of the trial tally).
inline constexpr std::uint32_t kMaxHalfOpenTrials = 511;
/// Largest count window.
inline constexpr std::uint32_t kMaxWindowSize = 1u << 20;
/// Buckets of the failure-count rule's time window (its resolution is a tenth of the period).
inline constexpr std::uint32_t kFailureCountBuckets = 10;

/// Everything that configures one breaker. The trip rules combine: any rule that fires opens
/// the breaker. A value of 0 switches off `consecutive_failures`, `failure_rate_threshold`,
/// `slow_call_threshold` and `failure_count_threshold`. (Fields are ordered to pack well: a
/// breaker keeps one copy.)
struct BreakerConfig {
  // Trip rules (Closed -> Open).
  std::uint32_t consecutive_failures = 0;  ///< trip after this many failures in a row
  std::uint32_t minimum_calls = 10;        ///< rates are only applied once the window holds this many
  double failure_rate_threshold = 0.5;     ///< trip when failures / calls in the window >= this
  Nanos slow_call_threshold{0};            ///< a call at least this long is slow (0: not measured)
  double slow_call_rate_threshold = 1.0;   ///< trip when slow calls / calls in the window >= this
  WindowKind window_kind = WindowKind::kCount;
  std::uint32_t window_size = 100;                   ///< calls, for a count window
  Nanos window_duration = std::chrono::seconds(60);  ///< for a time window
  std::uint32_t window_buckets = 10;                 ///< time window resolution
  /// Trip after this many failures within `failure_count_period` (a sliding time window of
  /// kFailureCountBuckets buckets), provided it also holds at least
  /// `failure_count_minimum_calls` calls: "N failures within a time window, with a minimum
  /// volume", beside the consecutive-failure and windowed-rate rules.
  std::uint32_t failure_count_threshold = 0;
  Nanos failure_count_period = std::chrono::seconds(60);
  std::uint32_t failure_count_minimum_calls = 0;

  // Half-open.
  std::uint32_t permitted_calls_in_half_open = 3;
  std::uint32_t half_open_consecutive_successes = 3;
  HalfOpenSuccessRule half_open_success_rule = HalfOpenSuccessRule::kConsecutiveSuccesses;
  HalfOpenFailureRule half_open_failure_rule = HalfOpenFailureRule::kAnyFailure;
  /// Move Open -> HalfOpen as soon as poll() or state() notices the break has elapsed,
  /// instead of waiting for the next call.
  bool automatic_half_open = false;
  /// Measure every call's latency for the histogram. Off by default because reading a precise
  /// clock twice costs more than the rest of the closed-state call; slow-call detection and
  /// time windows measure latency regardless.
  bool record_latency = false;
  double half_open_success_rate = 1.0;
  double half_open_failure_rate = 0.5;
  /// A half-open breaker whose trials have not decided within this time opens again, so a
  /// trial that never reports back cannot keep it half-open.
  Nanos max_wait_in_half_open = std::chrono::seconds(60);

  // Break duration (time spent Open).
  Backoff backoff = Backoff::kFixed;
  Nanos break_duration = std::chrono::seconds(30);
  double backoff_multiplier = 2.0;
  Nanos max_break_duration = std::chrono::minutes(10);
  /// How long a close keeps the trip streak that drives the backoff. A breaker that trips again
  /// within this time of closing backs off further, so a flapping dependency (healthy for a
  /// few probes, failing soon after) is kept out longer each time; one that stays closed this
  /// long starts afresh. 0: every close ends the streak.
  Nanos backoff_memory = Nanos(0);
  double jitter = 0.0;  ///< each break is scaled by a uniform factor in [1 - jitter, 1 + jitter]
  std::uint64_t jitter_seed = 0;

  /// External signals that can trip the breaker (see report_signal()).
  std::vector<TriggerSpec> triggers;
  /// Which exceptions count as failures.
  ErrorClassifier classify_error;
  /// Which returned values count as failures (the caller still gets the value).
  ResultClassifier classify_result;
};

/// A rejected configuration value: `field` is the JSON key (durations carry their `_ms` suffix).
struct ConfigProblem {
  std::string field;
  std::string message;
};

/// The first problem with `config`, if any. Checks ranges and cross-field rules (e.g. the
/// consecutive successes needed to close cannot exceed the permitted trials).
std::optional<ConfigProblem> find_problem(const BreakerConfig& config);

/// Throws std::invalid_argument("field: message") if find_problem() finds one.
void validate(const BreakerConfig& config);

/// Two built-in profiles: quick to trip and to recover while developing, patient in production.
BreakerConfig development_profile();
BreakerConfig production_profile();

}  // namespace snnft::breaker
