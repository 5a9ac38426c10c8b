// SPDX-License-Identifier: MIT
// Internals of CircuitBreaker that its inline fast path needs; not part of the API.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "snnft/resilience/breaker/breaker_config.hpp"
#include "snnft/resilience/breaker/count_window.hpp"
#include "snnft/resilience/breaker/events.hpp"
#include "snnft/resilience/breaker/time_window.hpp"

namespace snnft::breaker::detail {

// The state word: everything the admission decision needs, in one atomic, so that half-open
// permits are handed out by compare-exchange and can never outnumber the configured trials.
//   bits  0..2   state code (BreakerState)
//   bits  3..12  trial permits issued in this half-open period
//   bits 13..44  generation: +1 on every transition, so late reports are recognised
//   bit  45      half-open admission closed: the outcome is settled, trials still running
inline constexpr unsigned kIssuedShift = 3, kGenShift = 13;
inline constexpr std::uint64_t kIssuedMask = 0x3FF;
inline constexpr std::uint64_t kField9 = 0x1FF;
inline constexpr std::uint64_t kAdmissionClosed = std::uint64_t{1} << 45;

constexpr std::uint8_t code(std::uint64_t w) noexcept { return static_cast<std::uint8_t>(w & 7u); }
constexpr std::uint32_t generation(std::uint64_t w) noexcept {
  return static_cast<std::uint32_t>((w >> kGenShift) & 0xFFFFFFFFu);
}
constexpr std::uint32_t issued(std::uint64_t w) noexcept {
  return static_cast<std::uint32_t>((w >> kIssuedShift) & kIssuedMask);
}
constexpr std::uint64_t with_issued(std::uint64_t w, std::uint32_t n) noexcept {
  return (w & ~(kIssuedMask << kIssuedShift)) | ((static_cast<std::uint64_t>(n) & kIssuedMask) << kIssuedShift);
}
constexpr std::uint64_t make_word(std::uint8_t c, std::uint32_t gen) noexcept {
  return (static_cast<std::uint64_t>(gen) << kGenShift) | c;
}
constexpr BreakerState public_state(std::uint8_t c) noexcept { return static_cast<BreakerState>(c); }
inline constexpr std::uint8_t kCodeClosed = static_cast<std::uint8_t>(BreakerState::kClosed);
inline constexpr std::uint8_t kCodeOpen = static_cast<std::uint8_t>(BreakerState::kOpen);
inline constexpr std::uint8_t kCodeHalfOpen = static_cast<std::uint8_t>(BreakerState::kHalfOpen);
inline constexpr std::uint8_t kCodeForcedOpen = static_cast<std::uint8_t>(BreakerState::kForcedOpen);
inline constexpr std::uint8_t kCodeDisabled = static_cast<std::uint8_t>(BreakerState::kDisabled);
inline constexpr std::uint8_t kCodeMetricsOnly = static_cast<std::uint8_t>(BreakerState::kMetricsOnly);
/// The states whose calls are recorded into a ledger.
constexpr bool counts_calls(BreakerState s) noexcept {
  return s == BreakerState::kClosed || s == BreakerState::kMetricsOnly;
}

// The trial tally of a half-open period, in a word of its own so that every report is one
// compare-exchange and the report that completes the trials is the one that decides.
//   bits  0..8  successes   9..17 failures   18..26 slow trials
//   bits 27..35 current run of successes     36..44 longest run
//   bits 45..63 tag: the low bits of the half-open generation
namespace tally {
inline constexpr unsigned kSucc = 0, kFail = 9, kSlow = 18, kRun = 27, kBest = 36, kTagShift = 45;
inline constexpr std::uint64_t kTagMask = (std::uint64_t{1} << 19) - 1;
constexpr std::uint32_t get(std::uint64_t t, unsigned shift) noexcept {
  return static_cast<std::uint32_t>((t >> shift) & kField9);
}
constexpr std::uint64_t set(std::uint64_t t, unsigned shift, std::uint32_t v) noexcept {
  return (t & ~(kField9 << shift)) | ((static_cast<std::uint64_t>(v) & kField9) << shift);
}
constexpr std::uint64_t fresh(std::uint32_t gen) noexcept { return (gen & kTagMask) << kTagShift; }
constexpr bool belongs_to(std::uint64_t t, std::uint32_t gen) noexcept { return (t >> kTagShift) == (gen & kTagMask); }
}  // namespace tally

/// An immutable configuration with what is derived from it. Replaced as a whole by
/// update_config(); the old one is reclaimed once no reader can hold it.
struct Runtime {
  explicit Runtime(BreakerConfig c);

  BreakerConfig config;
  bool measure_latency;      ///< latency matters (histogram or slow-call rule)
  bool needs_time;           ///< calls read the clock (latency or a time window)
  bool rate_rules;           ///< a failure-rate or slow-call-rate rule is on
  bool classifies_results;   ///< returned values are judged (classify_result is set)
  std::int64_t slow_threshold_ns;
  std::uint32_t close_after;          ///< successes (longest run, or in total) that close a half-open breaker
  std::uint32_t open_after_failures;  ///< trial failures that reopen it
  std::uint32_t open_after_slow;      ///< slow trials that reopen it (when slow calls are measured)

  [[nodiscard]] std::size_t memory_bytes() const noexcept;
};

/// What one counting period judges its calls by: the windows and the failure run of a stay in
/// Closed or MetricsOnly (or of the time since the last configuration change). A transition that starts a
/// period publishes a new ledger before it publishes the state, so a call admitted in the new
/// state can only ever see the new ledger; a late report of an earlier period lands in that
/// period's ledger, which nothing judges by any more.
struct Ledger {
  Ledger(std::shared_ptr<const Runtime> runtime, std::uint32_t generation);

  std::shared_ptr<const Runtime> runtime;
  std::uint32_t generation;  ///< the state generation whose calls it records
  /// A successful call needs no clock read and no rule other than the count window's.
  bool fast_success;
  std::atomic<std::uint32_t> consecutive_failures{0};
  std::optional<CountWindow> count_window;
  std::optional<TimeWindow> time_window;
  std::unique_ptr<TimeWindow> failure_count_window;  ///< only with a failure-count rule

  [[nodiscard]] WindowTotals totals(std::int64_t now_ns) const noexcept {
    return count_window ? count_window->totals() : time_window->totals(now_ns);
  }
  /// Bytes it owns beyond the Runtime it shares.
  [[nodiscard]] std::size_t memory_bytes() const noexcept;
};

/// Registered listeners; copied on change and swapped in whole, like Runtime.
struct ListenerList {
  std::vector<std::pair<ListenerId, Listener>> entries;
};

}  // namespace snnft::breaker::detail
