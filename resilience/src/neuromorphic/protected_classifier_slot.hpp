// SPDX-License-Identifier: MIT
// Per-column state of ProtectedClassifier, shared by its two source files.
#pragma once
#include <memory>
#include <span>

#include "snnft/resilience/neuromorphic/column_health.hpp"
#include "snnft/resilience/neuromorphic/neuron_probation.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"
#include "snnft/resilience/neuromorphic/protection_policy.hpp"
#include "snnft/resilience/neuromorphic/readout_guard.hpp"
#include "snnft/resilience/neuromorphic/weight_quantizer.hpp"

namespace snnft::neuromorphic {

// Over-aligned, so that no two columns' slots share a cache line: columns run on different
// threads and write their observation here.
struct alignas(64) ProtectedClassifier::Slot {
  Slot(columns::CorticalColumn& column, const ProtectionConfig& config, int class_count);

  // Touched in every trial, so kept together at the front (see hot_bytes).
  columns::CorticalColumn& column;
  std::unique_ptr<ColumnHealthMonitor> health;
  std::span<const float> v, v_th;                // the layer's state, stable for the column's life
  ColumnObservation obs;
  ColumnHealth health_now;
  double start_ms = 0.0;
  std::uint32_t weight_slice = 0;  // next slice of the weights to scan for NaN/Inf
  std::uint32_t state_check_offset = 0;  // k % state_check_interval_trials: staggers the scans
  SignatureMask last_signatures = 0;
  bool ran = false;
  std::uint32_t replays = 0;             // calibration samples replayed this trial
  std::uint32_t replay_mismatches = 0;   // ... whose answers differed from the healthy ones
  ReplayWindow replay_window;            // its last replay trials in a row
  std::vector<columns::ColumnAnswer> replay_answers;  // its answers to this trial's replays
  double peers_replay_rate = 0.0;        // the other admitted columns' median mismatch rate on them
  bool replays_shared = false;           // its replays changed no more than its peers': not its fault
  std::uint64_t vouched_until = 0;       // replays passed: not suspect again before this trial ...
  SignatureMask vouched_for = 0;         // ... unless it shows signatures beyond these

  // Needed on faults, ladder moves and checkpoints.
  std::size_t projection;  // input → excitatory, the learned weights
  WeightQuantizer quantizer;
  columns::ColumnState checkpoint;
  bool has_checkpoint = false;
  bool learned_since_checkpoint = false;  // its weights may differ from the checkpoint's by learning
  float weight_hi = 1.0f;  // top of the healthy weight range (largest checkpointed weight)
  NeuronProbation probation;              // which neurons are quarantined, and until when
  std::uint32_t hot_limit;                // own spikes per trial beyond which a neuron is saturated
  std::uint32_t healthy_most_spikes = 0;  // most own spikes of any neuron in a healthy calibration trial
  bool quarantined_now = false;           // judge_neurons quarantined a neuron this trial
  std::uint32_t most_spikes_possible;     // most own spikes a neuron can emit in one trial
  std::vector<NeuronIndex> released;      // scratch for NeuronProbation::end_trial
  bool learning_wanted;    // the column's own learning flag, before protection touched it
  bool isolated = false;   // tripped and not yet readmitted
  std::unique_ptr<ReadoutGuard> readout_guard;  // columns with a grown readout: the `cascor` signature

  /// Nothing for judge_neurons() to do this trial: no neuron showed evidence, and nobody's
  /// sentence or probation is counting down (the healthy trial).
  [[nodiscard]] bool neurons_quiet() const {
    const columns::ColumnResponse& r = column.last_response();
    return r.refractory_violators.empty() && r.stuck_above_threshold.empty() && r.most_own_spikes <= hot_limit &&
           probation.idle();
  }

  /// Bytes from the start of the slot that every trial touches.
  [[nodiscard]] std::size_t hot_bytes() const {
    return static_cast<std::size_t>(reinterpret_cast<const char*>(&projection) - reinterpret_cast<const char*>(this));
  }
};


}  // namespace snnft::neuromorphic
