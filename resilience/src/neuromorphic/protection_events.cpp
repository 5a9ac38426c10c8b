// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/protection_events.hpp"

#include <algorithm>
#include <array>

namespace snnft::neuromorphic {

namespace {
constexpr std::array<std::string_view, kEventKinds> kKindNames = {"fault",  "detection",   "column_breaker",
                                                                  "ladder", "system_state", "recovery"};
}  // namespace

std::string_view to_string(EventKind kind) {
  const auto i = static_cast<std::size_t>(kind);
  return i < kKindNames.size() ? kKindNames[i] : "unknown";
}

std::size_t EventLog::count(EventKind kind) const {
  return static_cast<std::size_t>(
      std::count_if(events_.begin(), events_.end(), [kind](const ProtectionEvent& e) { return e.kind == kind; }));
}

std::optional<ProtectionEvent> EventLog::first_at_or_after(EventKind kind, std::uint64_t trial,
                                                           std::int32_t column) const {
  for (const ProtectionEvent& e : events_) {
    if (e.kind == kind && e.trial >= trial && (column < 0 || e.column == column)) return e;
  }
  return std::nullopt;
}

}  // namespace snnft::neuromorphic
