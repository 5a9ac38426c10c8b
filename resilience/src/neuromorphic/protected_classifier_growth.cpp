// SPDX-License-Identifier: MIT
// Grown readouts under the breaker: the `cascor` signature, and what the ladder does to them.
#include <string>

#include "protected_classifier_slot.hpp"

namespace snnft::neuromorphic {

void ProtectedClassifier::inspect_readout(std::size_t k, std::uint64_t trial) {
  if (ReadoutGuard* g = slots_[k]->readout_guard.get()) g->inspect(trial);
}

void ProtectedClassifier::respond_to_growth_fault(std::size_t k, ColumnHealth& health, std::uint64_t trial) {
  Slot& s = *slots_[k];
  ReadoutGuard& guard = *s.readout_guard;
  // The readout's answer of this trial came from the faulty weights.
  health.signatures |= bit(FaultSignature::kCascor);
  health.score = 0.0;
  const GrowthFault fault = guard.last_fault();
  const GrowthResponse response = guard.respond(trial);
  std::string detail = std::string(to_string(fault)) + ": readout rolled back to its last healthy checkpoint";
  if (response == GrowthResponse::kFreeze) detail += "; growth frozen (repeated fault)";
  if (response == GrowthResponse::kIsolate) detail += "; counted against the column (growth keeps failing)";
  add_event(EventKind::kRecovery, "column" + std::to_string(k), "", "", detail, static_cast<std::int32_t>(k));
}

void ProtectedClassifier::hold_readouts(LadderLevel from, LadderLevel to) {
  const auto below_static = [](LadderLevel l) {
    return static_cast<int>(l) >= static_cast<int>(LadderLevel::kStaticWeights);
  };
  bool any = false;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    Slot& s = *slots_[k];
    if (!s.readout_guard) continue;
    any = true;
    // From StaticWeights down the readouts go back to their last healthy state, as the weights do.
    if (below_static(to) && !below_static(from)) s.readout_guard->rollback();
    s.readout_guard->hold(s.isolated || to != LadderLevel::kNormal);
  }
  if (!any) return;
  if (below_static(to) && !below_static(from)) {
    add_event(EventKind::kRecovery, "ladder", "", "", "readout growth frozen; readouts restored from their last healthy checkpoint", -1);
  } else if (to == LadderLevel::kNormal && from != LadderLevel::kNormal) {
    add_event(EventKind::kRecovery, "ladder", "", "", "readout growth resumed", -1);
  } else if (from == LadderLevel::kNormal && to != LadderLevel::kNormal) {
    add_event(EventKind::kRecovery, "ladder", "", "", "readout growth held", -1);
  }
}

}  // namespace snnft::neuromorphic
