// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace snnft::neuromorphic {

/// What an event reports.
enum class EventKind : std::uint8_t {
  kFault,          ///< a fault was injected or cleared (added by whoever injects it)
  kDetection,      ///< a column started failing a health check
  kColumnBreaker,  ///< a column's breaker changed state (isolated, probing, readmitted)
  kLadder,         ///< the ladder moved to another rung
  kSystemState,    ///< the system breaker changed state without a rung change
  kRecovery,       ///< a recovery action: checkpoint restored, weights quantized or restored
};
inline constexpr std::size_t kEventKinds = 6;
/// "fault", "detection", "column_breaker", "ladder", "system_state", "recovery".
std::string_view to_string(EventKind kind);

/// One event: when (trial and simulated time), what, where from, and why.
struct ProtectionEvent {
  std::uint64_t trial = 0;
  double time_ms = 0.0;
  EventKind kind = EventKind::kFault;
  std::string source;  ///< "column2", "ladder", "system", or the fault's name
  std::string from;    ///< previous state or level, if the event is a transition
  std::string to;
  std::string detail;  ///< the reason, in words
  std::int32_t column = -1;  ///< the column concerned, -1 for the whole system
};

/// The run's event list, in the order things happened. Events are rare, so adding one may
/// allocate; reserve() up front keeps that out of most runs.
class EventLog {
 public:
  void reserve(std::size_t events) { events_.reserve(events); }
  void add(ProtectionEvent event) { events_.push_back(std::move(event)); }
  [[nodiscard]] const std::vector<ProtectionEvent>& events() const { return events_; }
  [[nodiscard]] std::size_t size() const { return events_.size(); }
  [[nodiscard]] std::size_t count(EventKind kind) const;
  /// The first event of `kind` at or after `trial` (for `column` only, if >= 0).
  [[nodiscard]] std::optional<ProtectionEvent> first_at_or_after(EventKind kind, std::uint64_t trial,
                                                                 std::int32_t column = -1) const;
  void clear() { events_.clear(); }

 private:
  std::vector<ProtectionEvent> events_;
};

}  // namespace snnft::neuromorphic
