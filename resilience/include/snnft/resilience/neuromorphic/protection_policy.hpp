// SPDX-License-Identifier: MIT
// The protection policy: when a neuron is quarantined or released, when a column counts as
// failing, which rungs the ladder may stand on, and which answer is given. Every decision
// ProtectedClassifier takes is one of these functions, so the policy reads in one place
// (docs/protection.md explains each rule and the measurement behind it).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"
#include "snnft/resilience/neuromorphic/health_signature.hpp"

namespace snnft::neuromorphic {

// ---- Columns -------------------------------------------------------------------------------

/// Whether a trial with these signatures counts against the column's breaker (towards its
/// isolation). A shifted first-spike time alone does not: it says the column behaves
/// differently (a benign drift of its leak does that), not that its answers are wrong; it
/// makes the column a suspect, whose replays then decide (replay_mismatch). Everything else
/// does: crashes, NaN/Inf, invalid answers, missed deadlines, answers no longer its own,
/// neuron evidence its quarantine could not contain, saturation, silence and lasting
/// disagreement with the other columns.
constexpr bool counts_against_column(SignatureMask signatures) {
  return (signatures & ~bit(FaultSignature::kTimingError)) != 0;
}

/// Signatures a neuron's quarantine answers for: when every neuron with evidence against it is
/// quarantined, they do not count against the column, which stays a suspect: its replays
/// decide whether its answers suffer (replay_mismatch).
inline constexpr SignatureMask kNeuronSignatures =
    bit(FaultSignature::kRefractoryViolation) | bit(FaultSignature::kSaturation);

/// A column's health keeps this share for its silenced capacity: 1 up to half the allowed
/// quarantined fraction, 0.5 at it, falling to 0 at 1.5 times it.
constexpr double capacity_factor(std::size_t quarantined, std::size_t neurons, double max_fraction) {
  if (quarantined == 0 || neurons == 0 || !(max_fraction > 0.0)) return 1.0;
  const double x = static_cast<double>(quarantined) / static_cast<double>(neurons);
  if (x <= 0.5 * max_fraction) return 1.0;
  const double f = 1.0 - (x - 0.5 * max_fraction) / max_fraction;
  return f < 0.0 ? 0.0 : (f > 1.0 ? 1.0 : f);
}

/// Whether an admitted column replays calibration samples this trial: its last trial failed a
/// check, and it has not been vouched for (its replays passed) within the last vouch period
/// for those same signatures. A healthy column never replays, so protection costs it nothing.
constexpr bool suspect(SignatureMask last_signatures, SignatureMask vouched_for, std::uint64_t trial,
                       std::uint64_t vouched_until) {
  if (last_signatures == 0) return false;
  return trial >= vouched_until || (last_signatures & ~vouched_for) != 0;
}

/// Whether replayed calibration samples show a column that is no longer itself: more answers
/// differ from its own healthy answers than allowed (a healthy column with frozen weights
/// reproduces them exactly: its trials start from rest and its input encoding is fixed).
constexpr bool replays_failed(std::uint32_t mismatches, std::uint32_t allowed) { return mismatches > allowed; }

/// A column failing its replays keeps this share of its health score.
inline constexpr double kReplayMismatchScore = 0.25;

// ---- Neurons -------------------------------------------------------------------------------

/// What a neuron showed in one trial, from its own dynamics only: spikes it emitted itself
/// (a delayed or dropped spike is the output path's fault, not the neuron's), refractory
/// periods it broke (its membrane moved while it had to be held at reset), and a membrane
/// left above threshold after it fired (a stuck potential: a healthy spike resets it).
struct NeuronEvidence {
  std::uint32_t spikes = 0;
  std::uint32_t refractory_violations = 0;
  bool stuck_above_threshold = false;
};

/// Limits a neuron is held to, learned at calibration from the layer's healthy trials.
struct NeuronLimits {
  std::uint32_t max_spikes = 0;     ///< most spikes any neuron of the layer emitted in one healthy trial
  double hot_factor = 3.0;          ///< a neuron emitting more than factor × max_spikes (+ 2) is saturated
  std::uint32_t most_possible = 0;  ///< most own spikes any neuron can emit in a trial (0: no ceiling)
};

/// The most own spikes a neuron can emit in one trial of `trial_steps` steps: one, then one
/// after each refractory period (`refractory_steps` held steps), i.e. ceil(steps / (held + 1)).
constexpr std::uint32_t most_own_spikes_possible(std::uint64_t trial_steps, std::uint64_t refractory_steps) {
  return static_cast<std::uint32_t>((trial_steps + refractory_steps) / (refractory_steps + 1));
}

/// The most own spikes a neuron may emit in one trial: hot_factor times the most any neuron of
/// its layer emitted in a healthy calibration trial, plus 2, but below the most it can emit at
/// all: a saturated neuron fires at that ceiling, and where the healthy layer fires once per
/// trial (every shipped config: 3 × 1 + 2 = 5 = the ceiling of a 25 ms trial with 5 ms
/// refractory periods) a limit at the ceiling could never tell it. Never below the healthy
/// most + 1, so no neuron is accused of what the healthy layer did.
constexpr std::uint32_t hot_spike_limit(std::uint32_t healthy_most, double hot_factor, std::uint32_t most_possible) {
  std::uint32_t limit = static_cast<std::uint32_t>(hot_factor * static_cast<double>(healthy_most)) + 2;
  if (most_possible > 0 && limit >= most_possible) limit = most_possible - 1;
  return limit > healthy_most ? limit : healthy_most + 1;
}

/// Evidence of a saturated neuron: more own spikes than the limit.
constexpr bool neuron_saturated(std::uint32_t own_spikes, std::uint32_t limit) { return own_spikes > limit; }

/// A neuron's own evidence against it in this trial.
constexpr bool neuron_misbehaves(const NeuronEvidence& e, const NeuronLimits& limits) {
  return e.refractory_violations > 0 || e.stuck_above_threshold ||
         neuron_saturated(e.spikes, hot_spike_limit(limits.max_spikes, limits.hot_factor, limits.most_possible));
}

// ---- Ladder --------------------------------------------------------------------------------

/// Estimated accuracy of each rung's answer (indexed by LadderLevel), from calibration.
using RungAccuracy = std::array<double, kLadderLevels>;

/// The rungs the ladder may stand on: Normal, and below it each rung whose estimated accuracy
/// is at least that of the eligible rung above it (the answer it would replace). A rung whose
/// answer is estimated to be worse is never used, in either direction: stepping down skips
/// it, stepping up never lands on it.
LadderEligibility eligible_rungs(const RungAccuracy& accuracy);

/// How fast the ladder climbs back: healthy windows in a row that step up one rung, and windows
/// on trial (half-open) after each step; after failed climbs it waits longer, up to
/// `most_recover_windows` healthy windows, and forgets them after `backoff_memory_windows`
/// windows closed at Normal (see climb_windows).
struct ClimbPace {
  std::uint32_t recover_windows = 1;
  std::uint32_t half_open_windows = 0;
  std::uint32_t most_recover_windows = 1;
  std::uint32_t backoff_memory_windows = 0;
};

/// Healthy windows in a row the ladder waits for before stepping up, after `failed_climbs`
/// step-ups whose trial period failed (less one for each that passed; all forgotten once it
/// has held Normal, closed, for a lasting period). A
/// persistent partial fault lets a window look healthy now and then; climbing after each one
/// makes the ladder flap between a rung and the one above it (Yin-Yang, drop p = 0.9: a step
/// up every 5 windows, each undone one window later). Each failed climb doubles the wait, up
/// to `most` windows, so a climb needs a healthy streak such a fault rarely gives; a fault
/// that cleared gives one at once.
constexpr std::uint32_t climb_windows(std::uint32_t recover_windows, std::uint32_t failed_climbs, std::uint32_t most) {
  std::uint64_t wait = recover_windows;
  for (std::uint32_t i = 0; i < failed_climbs && wait < most; ++i) wait *= 2;
  if (wait > most) wait = most;
  return static_cast<std::uint32_t>(wait < recover_windows ? recover_windows : wait);
}

/// The pace at which climbing every eligible rung, after a column's longest break and its
/// probes, takes at most `recovery_trials` trials: the "back to Normal within N trials" budget.
/// Each rung gets an equal share of what is left; of a rung's windows, up to
/// `wanted_half_open` are on trial and the rest (at least one) must be healthy to step up.
/// The backed-off wait may spend the break and probe reserve too (the columns' breaks run
/// while the ladder climbs), keeping two windows of the budget spare; the back-off is forgotten
/// after the budget's worth of windows closed at Normal.
ClimbPace climb_pace_for(std::uint32_t recovery_trials, std::uint32_t window_trials, std::uint32_t longest_break_trials,
                         std::uint32_t probe_trials, std::size_t rungs_to_climb, std::uint32_t wanted_half_open);

}  // namespace snnft::neuromorphic
