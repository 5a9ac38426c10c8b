// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "snnft/resilience/breaker/circuit_breaker.hpp"

namespace snnft::neuromorphic {

/// How each column's breaker trips, waits and probes. Durations are counted in trials, so a
/// run behaves the same on any machine.
struct ColumnBreakerSettings {
  std::uint32_t consecutive_failures = 3;  ///< unhealthy trials in a row that isolate a column (0: off)
  double failure_rate = 0.5;               ///< or this share of unhealthy trials in the window (0: off)
  std::uint32_t window_trials = 10;        ///< window of the failure-rate rule
  std::uint32_t break_trials = 5;          ///< trials a column stays isolated before its first probe
  double backoff_multiplier = 2.0;         ///< each further trip in a row multiplies the break (1: fixed)
  std::uint32_t max_break_trials = 10;
  /// A column isolated again within this many trials of its readmission backs off further
  /// (an intermittent fault passes a few probes, then fails again); 0: every readmission
  /// starts afresh.
  std::uint32_t backoff_memory_trials = 100;
  std::uint32_t probe_trials = 3;          ///< healthy half-open trials in a row that readmit a column
};

/// Throws std::invalid_argument naming the first bad field.
void validate(const ColumnBreakerSettings& settings);

/// The breaker-library configuration these settings stand for, on a clock where 1 ns is one trial.
breaker::BreakerConfig to_breaker_config(const ColumnBreakerSettings& settings);

/// One circuit breaker per column, all on a shared trial clock (1 ns = 1 trial) that advances
/// once per trial, so breaks and half-open probes are deterministic.
///
/// Per trial: acquire(k) for every column that is to run (a rejected column is isolated and
/// not run), then report(k, healthy) with the column's health. A column votes only when
/// admitted as Closed: half-open probes run and are judged, but their answers stay masked
/// until the breaker closes again. mask() is the `ignored` span for VoteOptions.
///
/// Healthy trials of a closed column whose failure window holds nothing but successes (at
/// least window_trials healthy trials in a row since the breaker last changed state) cannot
/// change anything the breaker decides by: the window stays full of successes and the
/// failure run stays 0. report() then skips the breaker and only counts the success here
/// (successes()), which keeps the healthy, closed trial cheap; breaker(k)'s own success
/// counter leaves these out.
class ColumnBreakers {
 public:
  /// A column breaker's state change, with the rule that made it ("consecutive_failures",
  /// "failure_rate", "break_elapsed", "trials_succeeded", "trials_failed").
  using Listener = std::function<void(std::size_t column, breaker::BreakerState from, breaker::BreakerState to,
                                      std::string_view reason)>;

  ColumnBreakers(std::size_t columns, const ColumnBreakerSettings& settings);

  [[nodiscard]] std::size_t size() const { return breakers_.size(); }
  /// Calls `listener` on every state transition of a column's breaker, from acquire() and
  /// report(), on the caller's thread. (Transitions are found by comparing states rather than
  /// through a breaker listener, which would also be called for every successful trial.)
  void set_listener(Listener listener) { listener_ = std::move(listener); }

  /// Moves the trial clock forward by one trial.
  void advance_trial() { clock_->advance(breaker::Nanos(1)); }
  [[nodiscard]] std::int64_t trial() const { return clock_->now_ns(); }

  /// Asks whether column k may run this trial; updates its mask entry. False: isolated.
  bool acquire(std::size_t k);
  /// Reports the outcome of column k's admitted trial. Without a permit this trial, nothing.
  void report(std::size_t k, bool healthy) {
    ColumnSlot& c = columns_[k];
    // A success in a window already full of successes, within the generation that filled it,
    // leaves the breaker's windows and failure run exactly as they are: nothing to tell it
    // (inline, being the healthy trial's path).
    if (healthy && c.permit.kind == breaker::Permit::Kind::kClosed && c.clean_generation == c.permit.generation &&
        c.clean_run >= window_trials_) {
      ++c.skipped;
      c.permit = breaker::Permit{};
      return;
    }
    report_to_breaker(k, healthy);
  }
  /// Releases column k's permit without an outcome (it was admitted but not needed).
  void release(std::size_t k);

  [[nodiscard]] breaker::BreakerState state(std::size_t k) const { return breakers_[k]->peek_state(); }
  /// True if column k was admitted as a half-open probe this trial.
  [[nodiscard]] bool probing(std::size_t k) const { return columns_[k].permit.kind == breaker::Permit::Kind::kTrial; }
  [[nodiscard]] bool admitted(std::size_t k) const { return columns_[k].permit.granted(); }
  /// 1 for every column that must not vote this trial (isolated or probing).
  [[nodiscard]] std::span<const std::uint8_t> mask() const { return mask_; }
  /// Asks the cache for what report(k) touches (after a trial has evicted it).
  void prefetch(std::size_t k) const;
  /// Forces column k to vote or not this trial (e.g. to keep at least one voter).
  void set_masked(std::size_t k, bool masked) { mask_[k] = masked ? 1 : 0; }

  /// Column k's breaker. Whoever holds it may reset or reconfigure it, so its next successes
  /// are reported to it again until its window is known to be full of successes.
  breaker::CircuitBreaker& breaker(std::size_t k) {
    columns_[k].clean_run = 0;
    return *breakers_[k];
  }
  /// Trips counted per column since construction.
  [[nodiscard]] std::uint64_t trips(std::size_t k) const { return breakers_[k]->metrics().counters.trips; }
  /// Healthy trials reported for column k that the breaker was spared (see the class comment).
  [[nodiscard]] std::uint64_t skipped_successes(std::size_t k) const { return columns_[k].skipped; }

 private:
  /// What report() touches for one column, together.
  struct ColumnSlot {
    breaker::Permit permit;
    /// Healthy closed trials in a row reported to the breaker in generation `clean_generation`.
    std::uint32_t clean_run = 0;
    std::uint32_t clean_generation = 0;
    std::uint64_t skipped = 0;
  };

  std::shared_ptr<breaker::ManualClock> clock_;
  std::vector<std::unique_ptr<breaker::CircuitBreaker>> breakers_;
  std::vector<ColumnSlot> columns_;
  std::vector<std::uint8_t> mask_;
  void notify(std::size_t k, breaker::BreakerState from);
  void report_to_breaker(std::size_t k, bool healthy);

  Listener listener_;
  std::uint32_t consecutive_failures_rule_;
  std::uint32_t window_trials_;  // the failure-rate window: this many successes fill it
};

}  // namespace snnft::neuromorphic
