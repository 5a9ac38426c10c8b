// SPDX-License-Identifier: MIT
// The protection policy: when a neuron is quarantined or released, when a column counts as
// failing, which rungs the ladder may stand on, and which answer is given. Every decision
// ProtectedClassifier takes is one of these functions, so the policy reads in one place
// (docs/protection.md explains each rule and the measurement behind it).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"
#include "snnft/resilience/neuromorphic/health_signature.hpp"

namespace snnft::neuromorphic {

// ---- Columns -------------------------------------------------------------------------------

/// Signatures that say a column behaves differently, not that its answers are wrong: a shifted
/// first-spike time (a benign drift of its leak does that) and disagreement with the other
/// columns (when a fault hits every column, each drifts its own way, and the ones that disagree
/// first are no worse than the rest). They make the column a suspect, whose replays then
/// decide (replay_mismatch).
inline constexpr SignatureMask kBehaviourSignatures = bit(FaultSignature::kTimingError) | bit(FaultSignature::kConsensus);

/// Whether a trial with these signatures counts against the column's breaker (towards its
/// isolation). Behaviour signatures do not where replays can decide (`replays_decide`: the
/// column has calibration samples to replay); without them, lasting disagreement is the only
/// evidence against its answers and counts. Everything else does: crashes, NaN/Inf, invalid
/// answers, missed deadlines, answers no longer its own, neuron evidence its quarantine could
/// not contain, saturation and silence.
constexpr bool counts_against_column(SignatureMask signatures, bool replays_decide) {
  const SignatureMask behaviour = replays_decide ? kBehaviourSignatures : bit(FaultSignature::kTimingError);
  return (signatures & ~behaviour) != 0;
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

/// Whether an admitted column is a suspect this trial: its last trial failed a check, and it
/// has not been vouched for (its replays passed) within the last vouch period for those same
/// signatures. While any column is a suspect or on probe, every column that runs replays the
/// same calibration samples, so each is judged against its peers (replay_verdict); a healthy
/// run has no suspect, so nobody replays and protection costs nothing.
constexpr bool suspect(SignatureMask last_signatures, SignatureMask vouched_for, std::uint64_t trial,
                       std::uint64_t vouched_until) {
  if (last_signatures == 0) return false;
  return trial >= vouched_until || (last_signatures & ~vouched_for) != 0;
}

/// What a column's replayed calibration samples say about it.
enum class ReplayVerdict : std::uint8_t {
  kOwn,               ///< its answers are still its own
  kChangedWithPeers,  ///< changed, but not clearly more than the other admitted columns' answers to
                      ///< the same samples: a fault common to every column, the system's to answer
                      ///< (the ladder), not this column's to be isolated for
  kChanged,           ///< changed clearly more than its peers': replay_mismatch, against the column
};

/// Replay trials in a row over which a column is compared with its peers: four samples of one
/// trial say little (under a drift in every column, each column's mismatches wander between 0
/// and 4 of 4 from trial to trial), a few trials in a row say which column changed most.
inline constexpr std::uint32_t kReplayWindowTrials = 4;

/// A column's replays over the last kReplayWindowTrials trials in a row that had replays (the
/// window starts afresh after a trial without them, and when the column is probed).
class ReplayWindow {
 public:
  void clear() { filled_ = next_ = 0; }
  void add(std::uint32_t replays, std::uint32_t mismatches) {
    replays_[next_] = replays;
    mismatches_[next_] = mismatches;
    next_ = (next_ + 1) % kReplayWindowTrials;
    if (filled_ < kReplayWindowTrials) ++filled_;
  }
  [[nodiscard]] std::uint32_t replays() const { return sum(replays_); }
  [[nodiscard]] std::uint32_t mismatches() const { return sum(mismatches_); }
  /// Share of the replayed samples whose answers differed (0 without replays).
  [[nodiscard]] double mismatch_rate() const {
    const std::uint32_t n = replays();
    return n == 0 ? 0.0 : static_cast<double>(mismatches()) / static_cast<double>(n);
  }

 private:
  [[nodiscard]] std::uint32_t sum(const std::array<std::uint32_t, kReplayWindowTrials>& a) const {
    std::uint32_t total = 0;
    for (std::uint32_t i = 0; i < filled_; ++i) total += a[i];
    return total;
  }
  std::array<std::uint32_t, kReplayWindowTrials> replays_{}, mismatches_{};
  std::uint32_t next_ = 0, filled_ = 0;
};

/// How many binomial standard deviations (at the peers' mismatch rate) a column's mismatches
/// must exceed its peers' by, beyond the allowed ones, to be clearly its own fault.
inline constexpr double kReplayPeerMarginSd = 2.0;

/// Judges a column's replays. Its answers have changed when more than `allowed` of this
/// trial's `mismatches` differ from its own healthy answers (a healthy column with frozen
/// weights reproduces them exactly: its trials start from rest and its input encoding is
/// fixed). Whether that is the column's fault is judged over its replay `window` against
/// `peers_rate`, the median mismatch rate of the other admitted columns on the same samples
/// (0 without peers: a lone column is judged on its own answers alone, as is a column whose
/// peers all reproduce theirs): it is blamed only when its mismatches exceed what its peers'
/// rate predicts by more than `allowed` plus kReplayPeerMarginSd binomial standard deviations.
/// When every column degrades together, nobody is isolated; their health falls, and the ladder
/// and the fallback answer for the system.
ReplayVerdict replay_verdict(std::uint32_t mismatches, std::uint32_t allowed, const ReplayWindow& window,
                             double peers_rate);

/// The median of the peers' replay mismatch rates (0 without peers). Reorders `rates`.
double median_rate(std::span<double> rates);

/// The admitted columns' vote on the samples they replayed over the same window: how many it
/// answers right now, and how many the healthy vote of the same columns answered right.
class VoteReplayWindow {
 public:
  void clear() { filled_ = next_ = 0; }
  void add(std::uint32_t healthy_correct, std::uint32_t correct_now) {
    healthy_[next_] = healthy_correct;
    now_[next_] = correct_now;
    next_ = (next_ + 1) % kReplayWindowTrials;
    if (filled_ < kReplayWindowTrials) ++filled_;
  }
  [[nodiscard]] std::uint32_t healthy_correct() const { return sum(healthy_); }
  [[nodiscard]] std::uint32_t correct_now() const { return sum(now_); }

 private:
  [[nodiscard]] std::uint32_t sum(const std::array<std::uint32_t, kReplayWindowTrials>& a) const {
    std::uint32_t total = 0;
    for (std::uint32_t i = 0; i < filled_; ++i) total += a[i];
    return total;
  }
  std::array<std::uint32_t, kReplayWindowTrials> healthy_{}, now_{};
  std::uint32_t next_ = 0, filled_ = 0;
};

/// The share of its calibrated accuracy the spiking rungs keep under a fault the replays
/// show: the admitted columns' vote on the replayed samples, right now against right when
/// healthy (at most 1; 1 without replays). A fault every column shares isolates nobody, so
/// this is what tells the ladder whether the fallback now answers better than the columns:
/// the spiking rungs' estimates are scaled by it, and a fallback estimated better becomes
/// eligible.
inline double replayed_vote_share(const VoteReplayWindow& window) {
  const std::uint32_t healthy = window.healthy_correct();
  if (healthy == 0) return 1.0;
  const double share = static_cast<double>(window.correct_now()) / static_cast<double>(healthy);
  return share < 1.0 ? share : 1.0;
}

/// A column whose replays changed (with its peers or not) keeps this share of its health score.
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
