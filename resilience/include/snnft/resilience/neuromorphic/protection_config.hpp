// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>

#include "snnft/resilience/neuromorphic/column_breakers.hpp"
#include "snnft/resilience/neuromorphic/column_health.hpp"
#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"
#include "snnft/resilience/neuromorphic/neuron_probation.hpp"

namespace snnft::neuromorphic {

/// How a column's latency is measured.
enum class LatencySource : std::uint8_t {
  /// The column's simulated trial time plus whatever it reports (a hang): deterministic.
  kSimulated,
  /// Wall time of the column's trial: catches real stalls, but depends on the machine.
  kWallClock,
};

/// Everything that configures monitoring, the column breakers and the degradation ladder.
/// `enabled` false turns all of it off: the classifier then returns the plain vote.
struct ProtectionConfig {
  bool enabled = true;
  HealthThresholds health;
  ColumnBreakerSettings column_breaker;
  LadderConfig ladder;
  int quantization_bits = 4;                        ///< ReducedPrecision weight levels: 2^bits
  std::uint32_t checkpoint_interval_trials = 50;    ///< healthy columns are checkpointed this often while learning
  /// On the Emergency rung, columns run every n-th trial to measure health (1: every trial, so
  /// the ladder sees them recover as soon as they do).
  std::uint32_t emergency_probe_interval_trials = 1;
  /// Once the faults have cleared, the ladder climbs back to Normal within this many trials
  /// (after a column's longest break and its probes): it sets how many healthy windows step
  /// up one eligible rung and stay on trial (see climb_pace_for). Used once calibrate_rungs() ran.
  std::uint32_t recovery_trials = 40;
  /// Calibration samples a half-open column replays in each probe trial (after
  /// calibrate_rungs()): its answers are compared with its own healthy answers to them, and the
  /// probe fails when more than `probe_replay_mismatches` differ. 0: probes are judged on the
  /// health checks alone.
  std::uint32_t probe_replays = 4;
  std::uint32_t probe_replay_mismatches = 1;
  /// An admitted column whose last trial failed any check (a suspect) replays as a probe does;
  /// if its answers are still its own, it is not suspect again for this many trials unless it
  /// shows a signature it did not show then.
  std::uint32_t vouch_trials = 20;
  bool restore_on_isolation = true;  ///< an isolated column gets its last healthy checkpoint back and stops learning
  /// Neurons with evidence of their own against them (a refractory period broken, far more
  /// spikes than any neuron emitted while healthy) are silenced (quarantined), up to this
  /// fraction of a column's layer; past it the column is left to its breaker. 0: never.
  double max_quarantined_fraction = 0.25;
  /// A neuron emitting more than hot_factor × (the most spikes any neuron of its layer emitted
  /// in a healthy calibration trial) + 2 spikes in one trial is saturated.
  double hot_factor = 3.0;
  /// Quarantine is probation: when a silenced neuron is tried again.
  ProbationSettings probation;
  LatencySource latency = LatencySource::kSimulated;
};

/// Throws std::invalid_argument naming the first bad field (as "health/timing_z: ...").
void validate(const ProtectionConfig& config);

}  // namespace snnft::neuromorphic
