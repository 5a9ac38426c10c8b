// SPDX-License-Identifier: MIT
// Internals of CircuitBreaker that its inline fast path needs; not part of the API.
#pragma once
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "snnft/resilience/breaker/breaker_config.hpp"
#include "snnft/resilience/breaker/count_window.hpp"
#include "snnft/resilience/breaker/events.hpp"
#include "snnft/resilience/breaker/time_window.hpp"

namespace snnft::breaker::detail {

// The state word: everything the admission decision needs, in one atomic, so that half-open
// permits are handed out by compare-exchange and can never outnumber the configured trials.
//   bits  0..2   state code (BreakerState, or one of the two "deciding" codes below)
//   bits  3..11  trial permits issued in this half-open period
//   bits 12..20  trial successes reported
//   bits 21..29  trial failures reported
//   bits 30..38  current run of consecutive trial successes
//   bits 39..63  generation: +1 on every transition, so late reports are recognised
inline constexpr std::uint8_t kCodeClosing = 5;  ///< half-open, a report has decided to close
inline constexpr std::uint8_t kCodeOpening = 6;  ///< half-open, a report has decided to open
inline constexpr unsigned kIssuedShift = 3, kSuccShift = 12, kFailShift = 21, kRunShift = 30, kGenShift = 39;
inline constexpr std::uint64_t kField9 = 0x1FF;
inline constexpr std::uint32_t kGenerationMask = (1u << 25) - 1;

constexpr std::uint8_t code(std::uint64_t w) noexcept { return static_cast<std::uint8_t>(w & 7u); }
constexpr std::uint32_t generation(std::uint64_t w) noexcept { return static_cast<std::uint32_t>(w >> kGenShift); }
constexpr std::uint32_t field(std::uint64_t w, unsigned shift) noexcept {
  return static_cast<std::uint32_t>((w >> shift) & kField9);
}
constexpr std::uint64_t with_field(std::uint64_t w, unsigned shift, std::uint32_t v) noexcept {
  return (w & ~(kField9 << shift)) | ((static_cast<std::uint64_t>(v) & kField9) << shift);
}
constexpr std::uint64_t with_code(std::uint64_t w, std::uint8_t c) noexcept { return (w & ~std::uint64_t{7}) | c; }
constexpr std::uint64_t make_word(std::uint8_t c, std::uint32_t gen) noexcept {
  return (static_cast<std::uint64_t>(gen & kGenerationMask) << kGenShift) | c;
}
constexpr BreakerState public_state(std::uint8_t c) noexcept {
  return c >= kCodeClosing ? BreakerState::kHalfOpen : static_cast<BreakerState>(c);
}
inline constexpr std::uint8_t kCodeClosed = static_cast<std::uint8_t>(BreakerState::kClosed);
inline constexpr std::uint8_t kCodeOpen = static_cast<std::uint8_t>(BreakerState::kOpen);
inline constexpr std::uint8_t kCodeHalfOpen = static_cast<std::uint8_t>(BreakerState::kHalfOpen);
inline constexpr std::uint8_t kCodeForcedOpen = static_cast<std::uint8_t>(BreakerState::kForcedOpen);
inline constexpr std::uint8_t kCodeDisabled = static_cast<std::uint8_t>(BreakerState::kDisabled);

/// An immutable configuration with what is derived from it, and the window it sizes.
/// Replaced as a whole by update_config(); retired ones stay alive until the breaker dies,
/// so a call that loaded the old one can finish with it safely.
struct Runtime {
  explicit Runtime(BreakerConfig c);

  BreakerConfig config;
  bool measure_latency;      ///< latency matters (histogram or slow-call rule)
  bool needs_time;           ///< calls read the clock (latency or a time window)
  bool rate_rules;           ///< a failure-rate or slow-call-rate rule is on
  std::int64_t slow_threshold_ns;
  std::uint32_t close_after;          ///< successes (in a row, or in total) that close a half-open breaker
  std::uint32_t open_after_failures;  ///< trial failures that reopen it
  std::unique_ptr<CountWindow> count_window;
  std::unique_ptr<TimeWindow> time_window;

  [[nodiscard]] std::size_t memory_bytes() const noexcept;
};

/// Registered listeners; copied on change and swapped in whole, like Runtime.
struct ListenerList {
  std::vector<std::pair<ListenerId, Listener>> entries;
};

}  // namespace snnft::breaker::detail
