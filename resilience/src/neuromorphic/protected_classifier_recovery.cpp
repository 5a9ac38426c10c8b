// SPDX-License-Identifier: MIT
// What ProtectedClassifier does when a rung or a column's breaker changes: quantize or restore
// weights, restore checkpoints, freeze or resume learning, and record why.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "protected_classifier_slot.hpp"

namespace snnft::neuromorphic {

namespace {
bool at_or_below(LadderLevel level, LadderLevel rung) { return static_cast<int>(level) >= static_cast<int>(rung); }
}  // namespace

std::span<float> ProtectedClassifier::input_weights(std::size_t k) {
  Slot& s = *slots_[k];
  return s.column.control().weights(s.projection);
}

void ProtectedClassifier::add_event(EventKind kind, std::string source, std::string from, std::string to,
                                    std::string detail, std::int32_t column) {
  const double trial_ms = processor_.column(0).params().trial_ms;
  const double origin = std::isnan(time_origin_ms_) ? 0.0 : time_origin_ms_;
  events_.add(ProtectionEvent{trial_, origin + static_cast<double>(trial_) * trial_ms, kind, std::move(source),
                              std::move(from), std::move(to), std::move(detail), column});
}

void ProtectedClassifier::take_checkpoint(std::size_t k) {
  Slot& s = *slots_[k];
  s.checkpoint = s.column.checkpoint();
  s.has_checkpoint = true;
  s.learned_since_checkpoint = false;
  float hi = 0.0f;
  for (float w : s.checkpoint.weights) {
    if (std::isfinite(w)) hi = std::max(hi, w);
  }
  s.weight_hi = hi > 0.0f ? hi : 1.0f;
}

void ProtectedClassifier::checkpoint_now() {
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    take_checkpoint(k);
    if (slots_[k]->readout_guard) slots_[k]->readout_guard->start();
  }
  checkpoints_taken_ = true;
}

void ProtectedClassifier::quantize_column(std::size_t k) {
  Slot& s = *slots_[k];
  s.quantizer.quantize(input_weights(k), 0.0f, s.weight_hi);
}

bool ProtectedClassifier::judge_neurons(std::size_t k, std::uint64_t trial) {
  Slot& s = *slots_[k];
  columns::CorticalColumn& column = s.column;
  const columns::ColumnResponse& r = column.last_response();
  // The healthy trial: no evidence, and nobody's sentence or probation to count down.
  s.quarantined_now = false;
  if (s.neurons_quiet()) return true;
  const auto limit = static_cast<std::size_t>(config_.max_quarantined_fraction * static_cast<double>(column.params().neurons));
  bool contained = true;
  std::string silenced;
  auto accuse = [&](NeuronIndex j) {
    if (s.probation.evidence(j, trial, limit)) {
      column.quarantine(j);
      silenced += (silenced.empty() ? "" : " ") + std::to_string(j);
    }
    contained = contained && column.quarantined(j);
  };
  for (NeuronIndex j : r.refractory_violators) accuse(j);
  for (NeuronIndex j : r.stuck_above_threshold) accuse(j);
  // A saturated neuron: only a trial with a neuron past the limit needs the scan.
  if (r.most_own_spikes > s.hot_limit) {
    for (NeuronIndex j : r.order) {
      if (neuron_saturated(r.own_spikes[j], s.hot_limit)) accuse(j);
    }
  }
  s.quarantined_now = !silenced.empty();
  if (!silenced.empty()) {
    add_event(EventKind::kRecovery, "column" + std::to_string(k), "", "",
              "neurons " + silenced + " quarantined on their own evidence (" +
                  std::to_string(column.quarantined_count()) + " quarantined in all)",
              static_cast<std::int32_t>(k));
  }
  s.released.clear();
  s.probation.end_trial(trial, s.released);
  if (!s.released.empty()) {
    std::string names;
    for (NeuronIndex j : s.released) {
      column.release(j);
      names += (names.empty() ? "" : " ") + std::to_string(j);
    }
    add_event(EventKind::kRecovery, "column" + std::to_string(k), "", "",
              "neurons " + names + " released on probation: no evidence against them for their quarantine",
              static_cast<std::int32_t>(k));
  }
  return contained;
}

void ProtectedClassifier::restore_checkpoint(std::size_t k) {
  Slot& s = *slots_[k];
  if (!s.has_checkpoint) return;
  s.column.restore(s.checkpoint);
  // On a reduced-precision rung the restored weights become the new full-precision copy.
  if (s.quantizer.holding()) quantize_column(k);
}

void ProtectedClassifier::update_learning(std::size_t k, LadderLevel level) {
  Slot& s = *slots_[k];
  s.column.set_learning_enabled(s.learning_wanted && !s.isolated && !at_or_below(level, LadderLevel::kStaticWeights));
  // A grown readout grows only in an admitted column at Normal.
  if (s.readout_guard) s.readout_guard->hold(s.isolated || level != LadderLevel::kNormal);
}

void ProtectedClassifier::apply_level(LadderLevel from, LadderLevel to) {
  auto crossed_down = [&](LadderLevel rung) { return !at_or_below(from, rung) && at_or_below(to, rung); };
  auto crossed_up = [&](LadderLevel rung) { return at_or_below(from, rung) && !at_or_below(to, rung); };
  const std::size_t n = slots_.size();
  if (crossed_down(LadderLevel::kReducedPrecision)) {
    for (std::size_t k = 0; k < n; ++k) quantize_column(k);
    add_event(EventKind::kRecovery, "ladder", "", "", "input weights quantized to " + std::to_string(config_.quantization_bits) + " bits", -1);
  }
  if (crossed_down(LadderLevel::kStaticWeights)) {
    for (std::size_t k = 0; k < n; ++k) {
      restore_checkpoint(k);
      update_learning(k, to);
    }
    add_event(EventKind::kRecovery, "ladder", "", "", "learning frozen; columns restored from their last healthy checkpoint", -1);
  }
  if (crossed_up(LadderLevel::kStaticWeights)) {
    for (std::size_t k = 0; k < n; ++k) update_learning(k, to);
    add_event(EventKind::kRecovery, "ladder", "", "", "learning resumed", -1);
  }
  if (crossed_up(LadderLevel::kReducedPrecision)) {
    for (std::size_t k = 0; k < n; ++k) {
      Slot& s = *slots_[k];
      if (!s.quantizer.holding()) continue;
      // Undone against the weights as they are now: a fault that cleared meanwhile has put its
      // own values back, and those stay (see WeightQuantizer::restore).
      const std::span<const float> healthy =
          s.has_checkpoint ? std::span<const float>(s.checkpoint.weights) : std::span<const float>();
      s.quantizer.restore(input_weights(k), healthy, !s.learned_since_checkpoint);
      s.quantizer.drop();
    }
    add_event(EventKind::kRecovery, "ladder", "", "", "full-precision input weights restored", -1);
  }
  hold_readouts(from, to);
}

void ProtectedClassifier::on_ladder_transition(const LadderTransition& t) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.3f", t.rate);
  const std::string detail = std::string(t.reason) + " (window health " + rate + ")";
  if (t.from_level != t.to_level) {
    add_event(EventKind::kLadder, "ladder", std::string(to_string(t.from_level)), std::string(to_string(t.to_level)),
              detail, -1);
    apply_level(t.from_level, t.to_level);
  }
  if (t.from_state != t.to_state) {
    add_event(EventKind::kSystemState, "system", std::string(to_string(t.from_state)),
              std::string(to_string(t.to_state)), detail, -1);
  }
}

void ProtectedClassifier::pin_level(LadderLevel level) { on_ladder_transition(ladder_.pin(level)); }

void ProtectedClassifier::on_column_transition(std::size_t k, breaker::BreakerState from, breaker::BreakerState to,
                                               std::string_view reason) {
  using breaker::BreakerState;
  Slot& s = *slots_[k];
  std::string detail;
  if (to == BreakerState::kOpen && from == BreakerState::kClosed) {
    detail = "isolated after " + std::string(reason) + " (" + describe(s.last_signatures) + ")";
    s.isolated = true;
    if (config_.restore_on_isolation && s.has_checkpoint) {
      restore_checkpoint(k);
      add_event(EventKind::kRecovery, "column" + std::to_string(k), "", "",
                "restored from its last healthy checkpoint; learning stopped", static_cast<std::int32_t>(k));
    }
    if (s.readout_guard) s.readout_guard->rollback();
    update_learning(k, ladder_.level());
  } else if (to == BreakerState::kHalfOpen) {
    detail = "probing after its break";
    // Judge the probes on what the column does now, not on the trials that isolated it.
    s.health->restart();
    s.replay_window.clear();
  } else if (to == BreakerState::kClosed) {
    detail = "readmitted after healthy probes";
    s.isolated = false;
    if (s.readout_guard) s.readout_guard->readmitted();
    update_learning(k, ladder_.level());
  } else if (to == BreakerState::kOpen) {
    detail = "probe failed (" + describe(s.last_signatures) + ")";
  } else {
    detail = std::string(reason);
  }
  add_event(EventKind::kColumnBreaker, "column" + std::to_string(k), std::string(breaker::to_string(from)),
            std::string(breaker::to_string(to)), detail, static_cast<std::int32_t>(k));
  // The answer a lower rung would replace is the vote of the columns admitted now.
  if (to == BreakerState::kClosed || (to == BreakerState::kOpen && from == BreakerState::kClosed)) {
    update_eligible_rungs();
  }
}

}  // namespace snnft::neuromorphic
