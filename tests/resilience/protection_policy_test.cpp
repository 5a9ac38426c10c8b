// SPDX-License-Identifier: MIT
// The protection policy's decisions by measured value: which rungs the ladder may stand on,
// how fast it climbs, which fallback answers; and undoing reduced precision against the
// weights as they are now.
#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <utility>
#include <vector>

#include "neuromorphic_test_util.hpp"
#include "snnft/resilience/neuromorphic/answer_audit.hpp"
#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"
#include "snnft/resilience/neuromorphic/fallback_classifier.hpp"
#include "snnft/resilience/neuromorphic/neighbour_classifier.hpp"
#include "snnft/resilience/neuromorphic/neuron_probation.hpp"
#include "snnft/resilience/neuromorphic/protection_policy.hpp"
#include "snnft/resilience/neuromorphic/weight_quantizer.hpp"

namespace snnft::neuromorphic {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(ProtectionPolicy, ARungWorseThanTheAnswerItReplacesIsNeverEligible) {
  // Normal 0.93, ReducedPrecision 0.93 (ties are kept), SingleColumn 0.89 < 0.93: skipped,
  // StaticWeights 0.89 < 0.93: skipped, Emergency 0.98 >= 0.93.
  EXPECT_EQ(eligible_rungs({0.93, 0.93, 0.89, 0.89, 0.98}), (LadderEligibility{true, true, false, false, true}));
  // A weak fallback (Yin-Yang's ridge): Emergency is never entered.
  EXPECT_EQ(eligible_rungs({0.93, 0.92, 0.91, 0.91, 0.56}), (LadderEligibility{true, false, false, false, false}));
  // The comparison is against the eligible rung above, not the one just above.
  EXPECT_EQ(eligible_rungs({0.90, 0.80, 0.91, 0.95, 0.92}), (LadderEligibility{true, false, true, true, false}));
  // No estimate, no rung.
  EXPECT_EQ(eligible_rungs({0.90, kNaN, 0.95, 0.95, kNaN}), (LadderEligibility{true, false, true, true, false}));
}

TEST(ProtectionPolicy, TheClimbFitsIntoTheRecoveryBudget) {
  // 40 trials - 10 break - 3 probes - one 4-trial window = 23 trials for two rungs of 4-trial
  // windows: 2 windows per rung, one on trial and one healthy (2 × 2 × 4 = 16 <= 23).
  ClimbPace p = climb_pace_for(40, 4, 10, 3, 2, 5);
  EXPECT_EQ(p.recover_windows, 1u);
  EXPECT_EQ(p.half_open_windows, 1u);
  // Four rungs: one window each, none on trial.
  p = climb_pace_for(40, 4, 10, 3, 4, 5);
  EXPECT_EQ(p.recover_windows, 1u);
  EXPECT_EQ(p.half_open_windows, 0u);
  // A generous budget keeps the wanted trial windows and spends the rest on healthy ones.
  p = climb_pace_for(200, 4, 10, 3, 2, 5);
  EXPECT_EQ(p.half_open_windows, 5u);
  EXPECT_EQ(p.recover_windows, 17u);  // (200 - 17) / 8 = 22 windows per rung
  EXPECT_EQ(climb_pace_for(40, 4, 10, 3, 0, 5).recover_windows, 1u);
  // The backed-off wait: (40 - 2 × 4) / (2 × 4) = 4 windows per rung, one of them on trial.
  p = climb_pace_for(40, 4, 10, 3, 2, 5);
  EXPECT_EQ(p.most_recover_windows, 3u);
  EXPECT_EQ(p.backoff_memory_windows, 10u);
  // Four rungs: (40 - 8) / 16 = 2 windows per rung, none on trial.
  EXPECT_EQ(climb_pace_for(40, 4, 10, 3, 4, 5).most_recover_windows, 2u);
}

TEST(ProtectionPolicy, EachFailedClimbDoublesTheWaitUpToItsCeiling) {
  EXPECT_EQ(climb_windows(1, 0, 3), 1u);
  EXPECT_EQ(climb_windows(1, 1, 3), 2u);
  EXPECT_EQ(climb_windows(1, 2, 3), 3u);
  EXPECT_EQ(climb_windows(1, 30, 3), 3u);
  EXPECT_EQ(climb_windows(2, 1, 10), 4u);
  // No ceiling above the base pace: no back-off.
  EXPECT_EQ(climb_windows(5, 3, 0), 5u);
  EXPECT_EQ(climb_windows(5, 3, 4), 5u);
}

ReplayWindow window_of(std::initializer_list<std::uint32_t> mismatches, std::uint32_t replays = 4) {
  ReplayWindow w;
  for (std::uint32_t m : mismatches) w.add(replays, m);
  return w;
}

TEST(ProtectionPolicy, AColumnIsBlamedForItsReplaysOnlyWhenClearlyWorseThanItsPeers) {
  // Its answers are its own: at most one of four differs.
  EXPECT_EQ(replay_verdict(1, 1, window_of({1}), 0.0), ReplayVerdict::kOwn);
  // Peers reproduce their healthy answers (rate 0), or it has no peers: judged on its own
  // answers alone, as a lone column always was: two of four differ, it is blamed.
  EXPECT_EQ(replay_verdict(2, 1, window_of({2}), 0.0), ReplayVerdict::kChanged);
  // Every column changed alike (peers at 8 of 16): the system's fault, not this column's.
  EXPECT_EQ(replay_verdict(3, 1, window_of({2, 1, 2, 3}), 0.5), ReplayVerdict::kChangedWithPeers);
  EXPECT_EQ(replay_verdict(4, 1, window_of({4, 4, 1, 4}), 0.5), ReplayVerdict::kChangedWithPeers)
      << "13 of 16 against 8 + 1 + 2 x 2 = 13 expected at most";
  // Clearly worse than its peers: 15 of 16 where they lose 6.4 (+ 1 + 2 x 1.96 = 11.3).
  EXPECT_EQ(replay_verdict(4, 1, window_of({4, 3, 4, 4}), 0.4), ReplayVerdict::kChanged);
  // The window is the last four replay trials: old ones fall out, and clear() starts afresh.
  ReplayWindow w = window_of({4, 4, 4, 4, 0});
  EXPECT_EQ(w.replays(), 16u);
  EXPECT_EQ(w.mismatches(), 12u);
  w.clear();
  EXPECT_EQ(w.replays(), 0u);
  EXPECT_DOUBLE_EQ(w.mismatch_rate(), 0.0);
}

TEST(ProtectionPolicy, TheReplayedVoteScalesTheSpikingRungsEstimates) {
  VoteReplayWindow w;
  EXPECT_DOUBLE_EQ(replayed_vote_share(w), 1.0) << "no replays: no change shown";
  w.add(4, 3);
  w.add(3, 1);
  EXPECT_DOUBLE_EQ(replayed_vote_share(w), 4.0 / 7.0);
  w.add(2, 4);  // a vote right where the healthy one was wrong: never above 1
  w.add(0, 0);
  w.add(0, 0);  // the first trial falls out: (3 + 2) healthy, (1 + 4) now
  EXPECT_DOUBLE_EQ(replayed_vote_share(w), 1.0);
  w.clear();
  w.add(4, 0);
  EXPECT_DOUBLE_EQ(replayed_vote_share(w), 0.0);
  // Wine, seed 1: Normal 0.96, the fallback 0.88. A vote right on 10 of the 16 replays it
  // answered right when healthy is estimated at 0.6: the fallback becomes eligible.
  const double share = 10.0 / 16.0;
  EXPECT_EQ(eligible_rungs({0.96 * share, 0.96 * share, 0.92 * share, 0.92 * share, 0.88}),
            (LadderEligibility{true, true, false, false, true}));
}

TEST(ProtectionPolicy, PeersMedianRate) {
  std::vector<double> none;
  EXPECT_DOUBLE_EQ(median_rate(none), 0.0);
  std::vector<double> odd = {0.5, 0.0, 0.25};
  EXPECT_DOUBLE_EQ(median_rate(odd), 0.25);
  std::vector<double> even = {0.75, 0.0, 0.5, 0.25};
  EXPECT_DOUBLE_EQ(median_rate(even), 0.375);
}

TEST(ProtectionPolicy, DisagreementCountsAgainstAColumnOnlyWhereReplaysCannotDecide) {
  const SignatureMask consensus = bit(FaultSignature::kConsensus), timing = bit(FaultSignature::kTimingError);
  EXPECT_FALSE(counts_against_column(consensus | timing, true));
  EXPECT_TRUE(counts_against_column(consensus, false));
  EXPECT_FALSE(counts_against_column(timing, false));
  EXPECT_TRUE(counts_against_column(consensus | bit(FaultSignature::kReplayMismatch), true));
  EXPECT_TRUE(counts_against_column(bit(FaultSignature::kSilence), true));
}

// A persistent partial fault: window health alternates between healthy and bad. Without the
// back-off the ladder climbs after every healthy window and the next window undoes it (a move
// every window); with it, one failed climb makes it wait for two healthy windows in a row,
// which this fault never gives. When the fault clears it is back at Normal, closed, within the
// recovery budget, and a lasting closed period forgets the failed climbs.
TEST(DegradationLadderBackoff, AFaultThatComesAndGoesDoesNotMakeTheLadderFlap) {
  DegradationLadder ladder;
  const ClimbPace pace = climb_pace_for(40, 4, 10, 3, 2, 5);
  ladder.set_eligible({true, true, false, false, true});
  ladder.set_climb_pace(pace.recover_windows, pace.half_open_windows, pace.most_recover_windows,
                        pace.backoff_memory_windows);
  ladder.add_window(0.5);
  ASSERT_TRUE(ladder.add_window(0.5).has_value());
  ASSERT_EQ(ladder.level(), LadderLevel::kReducedPrecision);
  const std::uint64_t before = ladder.level_changes();
  for (int i = 0; i < 20; ++i) {
    ladder.add_window(0.95);
    ladder.add_window(0.5);
  }
  // One climb and its failure (2 moves); then a wait of two healthy windows that never comes.
  EXPECT_EQ(ladder.level_changes() - before, 2u);
  EXPECT_EQ(ladder.failed_climbs(), 1u);
  EXPECT_EQ(ladder.climb_wait(), 2u);
  EXPECT_EQ(ladder.level(), LadderLevel::kReducedPrecision);
  // The fault clears: back at Normal and closed within 40 trials (10 windows of 4 trials).
  int windows = 0;
  while (!(ladder.level() == LadderLevel::kNormal && ladder.state() == SystemState::kClosed) && windows < 100) {
    ladder.add_window(1.0);
    ++windows;
  }
  EXPECT_LE(windows * 4, 40);
  // A lasting closed period at Normal forgets the failed climb.
  for (int i = 0; i < 10; ++i) ladder.add_window(1.0);
  EXPECT_EQ(ladder.failed_climbs(), 0u);
  EXPECT_EQ(ladder.climb_wait(), 1u);
}

// The worst case for the recovery budget: the fault has failed many climbs and the ladder is
// at the bottom of two eligible rungs when it clears.
TEST(DegradationLadderBackoff, TheLongestWaitStillFitsTheRecoveryBudget) {
  DegradationLadder ladder;
  const ClimbPace pace = climb_pace_for(40, 4, 10, 3, 2, 5);
  ladder.set_eligible({true, true, false, false, true});
  ladder.set_climb_pace(pace.recover_windows, pace.half_open_windows, pace.most_recover_windows,
                        pace.backoff_memory_windows);
  ladder.add_window(0.3);
  ladder.add_window(0.3);
  ASSERT_EQ(ladder.level(), LadderLevel::kReducedPrecision);
  // Climbs that fail, each after the longer healthy streak the last failure asked for.
  for (int healthy = 1; healthy <= 3; ++healthy) {
    for (int i = 0; i < healthy; ++i) ladder.add_window(0.95);
    ladder.add_window(0.3);
  }
  ASSERT_EQ(ladder.failed_climbs(), 3u);
  ASSERT_EQ(ladder.climb_wait(), pace.most_recover_windows);
  ladder.add_window(0.0);
  ladder.add_window(0.0);
  ASSERT_EQ(ladder.level(), LadderLevel::kEmergency);
  int windows = 0;
  while (!(ladder.level() == LadderLevel::kNormal && ladder.state() == SystemState::kClosed) && windows < 100) {
    ladder.add_window(1.0);
    ++windows;
  }
  EXPECT_LE(windows * 4, 40 - 4) << "one window of the budget is left for the one the fault cleared in";
}

TEST(DegradationLadderEligibility, StepsSkipIneligibleRungsInBothDirections) {
  LadderConfig config;
  config.degrade_windows = 1;
  config.recover_windows = 1;
  config.half_open_windows = 0;
  DegradationLadder ladder(config);
  ladder.set_eligible({true, true, false, false, true});
  auto down = ladder.add_window(0.0);
  ASSERT_TRUE(down.has_value());
  EXPECT_EQ(down->to_level, LadderLevel::kReducedPrecision);
  down = ladder.add_window(0.0);
  ASSERT_TRUE(down.has_value());
  EXPECT_EQ(down->to_level, LadderLevel::kEmergency) << "SingleColumn and StaticWeights are skipped";
  EXPECT_FALSE(ladder.add_window(0.0).has_value()) << "nothing below Emergency";
  auto up = ladder.add_window(1.0);
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->to_level, LadderLevel::kReducedPrecision);
  up = ladder.add_window(1.0);
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->to_level, LadderLevel::kNormal);
}

TEST(DegradationLadderEligibility, WithNoEligibleRungBelowTheLadderStaysAtNormal) {
  LadderConfig config;
  config.degrade_windows = 1;
  DegradationLadder ladder(config);
  ladder.set_eligible({true, false, false, false, false});
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(ladder.add_window(0.0).has_value());
  EXPECT_EQ(ladder.level(), LadderLevel::kNormal);
}

LabelledDataset rings(std::size_t n) {
  // Two concentric rings: no line separates them, nearest neighbours do.
  LabelledDataset d;
  d.feature_count = 2;
  d.class_count = 2;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = 2.0 * M_PI * static_cast<double>(i) / static_cast<double>(n);
    const int c = static_cast<int>(i % 2);
    const double r = c == 0 ? 0.2 : 0.8;
    d.add(std::vector<float>{static_cast<float>(0.5 + r * std::cos(a) * 0.5), static_cast<float>(0.5 + r * std::sin(a) * 0.5)}, c);
  }
  return d;
}

TEST(NeighbourClassifier, MajorityOfTheNearestAndTiesToTheNearer) {
  LabelledDataset d;
  d.feature_count = 1;
  d.class_count = 2;
  for (float x : {0.0f, 0.1f, 0.2f}) d.add(std::vector<float>{x}, 0);
  for (float x : {1.0f, 1.1f}) d.add(std::vector<float>{x}, 1);
  NeighbourClassifier c(3);
  c.fit(d);
  const columns::ColumnAnswer a = c.classify(std::vector<float>{0.9f});  // 1.0, 1.1 (class 1), 0.2 (class 0)
  EXPECT_EQ(a.predicted_class, 1);
  EXPECT_NEAR(a.confidence, 2.0 / 3.0, 1e-12);
  NeighbourClassifier two(2);
  two.fit(d);
  EXPECT_EQ(two.classify(std::vector<float>{0.65f}).predicted_class, 1) << "1.0 is nearer than 0.2";
  EXPECT_EQ(c.classify(std::vector<float>{std::nanf("")}).predicted_class, -1);
  EXPECT_THROW(NeighbourClassifier(0), std::invalid_argument);
}

TEST(FallbackClassifier, ChoosesTheCandidateWithTheBestCalibrationAccuracy) {
  FallbackClassifier f;
  f.choose(rings(400), rings(101));
  ASSERT_EQ(f.candidates().size(), 3u);
  EXPECT_EQ(f.name(), "nearest_neighbours") << "the rings are not linearly separable";
  for (const auto& c : f.candidates()) EXPECT_LE(c.calibration_accuracy, f.calibration_accuracy()) << c.name;
  EXPECT_GT(f.calibration_accuracy(), 0.95);
  EXPECT_LT(f.candidates()[0].calibration_accuracy, 0.8) << "ridge on rings";
}

TEST(WeightQuantizer, RestoreLeavesWeightsAClearedFaultRewrote) {
  std::vector<float> w = {0.1f, 0.37f, 0.52f, 0.9f};
  const std::vector<float> full = w;
  WeightQuantizer q(2);
  q.quantize(w, 0.0f, 1.0f);
  w[1] = 0.0f;  // a fault writes while quantized ...
  w[1] = 0.37f;  // ... and puts the fault-free value back when it clears
  EXPECT_EQ(q.restore(w), 3u);
  EXPECT_EQ(w, full) << "bit-identical to the weights before quantization";
  // A fault still active keeps its value: the rung's copy never overwrites it.
  WeightQuantizer q2(2);
  std::vector<float> v = full;
  q2.quantize(v, 0.0f, 1.0f);
  v[2] = 0.0f;
  q2.restore(v);
  EXPECT_EQ(v[2], 0.0f);
  EXPECT_EQ(v[0], full[0]);
}

TEST(WeightQuantizer, AnUnusableKeptValueIsReplacedByTheHealthyOne) {
  std::vector<float> w = {0.2f, std::nanf(""), 0.6f};
  const std::vector<float> healthy = {0.2f, 0.4f, 0.6f};
  WeightQuantizer q(4);
  q.quantize(w, 0.0f, 1.0f);
  q.restore(w, healthy);
  EXPECT_EQ(w, healthy);
}

}  // namespace
}  // namespace snnft::neuromorphic

namespace snnft::neuromorphic {
namespace {

// Quarantine is probation: silenced on evidence, released after a sentence without evidence,
// quarantined again (for twice as long) if it recurs on probation, and its record cleared
// after a clean probation.
TEST(NeuronProbation, ReleaseAfterACleanSentenceAndRequarantineOnRecurrence) {
  ProbationSettings settings;
  settings.quarantine_trials = 10;
  settings.max_quarantine_trials = 40;
  settings.probation_trials = 5;
  NeuronProbation p(8, settings);
  std::vector<NeuronIndex> released;
  auto run_until = [&](std::uint64_t from, std::uint64_t to) {  // trials [from, to) without evidence
    std::vector<std::uint64_t> at;
    for (std::uint64_t t = from; t < to; ++t) {
      released.clear();
      p.end_trial(t, released);
      if (!released.empty()) at.push_back(t);
    }
    return at;
  };
  EXPECT_TRUE(p.evidence(3, 100, 8));
  EXPECT_FALSE(p.evidence(3, 100, 8)) << "already quarantined";
  released.clear();
  p.end_trial(100, released);
  // Silent in trials 101..110 (ten clean trials), released at the end of trial 110.
  EXPECT_EQ(run_until(101, 112), (std::vector<std::uint64_t>{110}));
  EXPECT_FALSE(p.is_quarantined(3));
  EXPECT_TRUE(p.on_probation(3, 111));
  // It recurs on probation (trial 112): quarantined again, one strike, a 20-trial sentence.
  EXPECT_TRUE(p.evidence(3, 112, 8));
  EXPECT_EQ(p.strikes(3), 1u);
  released.clear();
  p.end_trial(112, released);
  EXPECT_EQ(run_until(113, 140), (std::vector<std::uint64_t>{132}));
  // Evidence while quarantined restarts the sentence, it does not add a strike.
  EXPECT_TRUE(p.evidence(3, 140, 8));  // probation ended at 137, so this is a fresh quarantine
  EXPECT_EQ(p.strikes(3), 0u) << "the probation after trial 132 passed clean";
  EXPECT_FALSE(p.evidence(3, 145, 8));
  released.clear();
  p.end_trial(145, released);
  EXPECT_EQ(run_until(146, 160), (std::vector<std::uint64_t>{155}));
  EXPECT_EQ(p.sentence(5), 40u) << "capped";
}

TEST(NeuronLimits, ASaturatedNeuronIsOverTheLimitWhereTheHealthyLayerFiresOnce) {
  // 25 ms trials of 0.5 ms steps, 5 ms refractory periods: at most 5 own spikes (steps 0, 11, 22, ...).
  EXPECT_EQ(most_own_spikes_possible(50, 10), 5u);
  EXPECT_EQ(most_own_spikes_possible(55, 10), 5u);
  EXPECT_EQ(most_own_spikes_possible(56, 10), 6u);
  // The healthy layer fires once per trial: 3 x 1 + 2 = 5 would be the ceiling itself.
  const std::uint32_t limit = hot_spike_limit(1, 3.0, 5);
  EXPECT_EQ(limit, 4u);
  EXPECT_TRUE(neuron_saturated(5, limit));
  EXPECT_FALSE(neuron_saturated(2, limit));
  // Far below the ceiling the factor decides; where the healthy layer reaches it, nothing can.
  EXPECT_EQ(hot_spike_limit(2, 3.0, 40), 8u);
  EXPECT_EQ(hot_spike_limit(5, 3.0, 5), 6u);
  EXPECT_EQ(hot_spike_limit(1, 3.0, 0), 5u) << "no ceiling known";
}

TEST(NeuronProbation, NoMoreThanTheLimitAreQuarantined) {
  NeuronProbation p(4, ProbationSettings{});
  EXPECT_TRUE(p.evidence(0, 1, 2));
  EXPECT_TRUE(p.evidence(1, 1, 2));
  EXPECT_FALSE(p.evidence(2, 1, 2));
  EXPECT_EQ(p.quarantined(), 2u);
  EXPECT_FALSE(p.is_quarantined(2));
}

}  // namespace
}  // namespace snnft::neuromorphic

namespace snnft::neuromorphic {
namespace {

TEST(AnswerAudit, BinomialAlarmCountMatchesTheTail) {
  // Binomial(10, 0.5): P(X >= 9) = 11/1024 = 0.0107, P(X >= 10) = 1/1024 = 0.00098.
  EXPECT_EQ(binomial_alarm_count(10, 0.5, 0.01), 10u);
  EXPECT_EQ(binomial_alarm_count(10, 0.5, 0.011), 9u);
  EXPECT_EQ(binomial_alarm_count(10, 0.5, 0.0005), 0u) << "no count is that unlikely";
  EXPECT_EQ(binomial_alarm_count(24, 0.0, 1e-4), 1u) << "at rate 0 a single disagreement is news";
}

TEST(AnswerAudit, AlarmsOnAWindowOfDisagreementsAndEstimatesTheVote) {
  AnswerAudit audit;
  // Healthy: the vote (0.95) and an auditor (0.90) disagree on 8 % of samples, 10 classes.
  ASSERT_TRUE(audit.calibrate(0.08, 0.95, 0.90, 10, 24, 0.05, 1e-4));
  const std::uint32_t alarm_at = audit.threshold();
  EXPECT_GT(alarm_at, 4u);
  EXPECT_LT(alarm_at, 13u);
  std::uint64_t t = 0;
  for (; t < 200; ++t) audit.add(t, t % 12 == 0);  // 8 % disagreement: never alarms
  EXPECT_FALSE(audit.alarmed(t - 1));
  EXPECT_NEAR(audit.estimated_vote_accuracy(t - 1), 0.95, 0.02);
  // The vote goes wrong: the auditor is right 90 % of the time, so they disagree ~ 90 %.
  std::uint64_t first_alarm = 0;
  for (; t < 230; ++t) {
    audit.add(t, t % 10 != 0);
    if (first_alarm == 0 && audit.alarmed(t)) first_alarm = t;
  }
  EXPECT_GT(first_alarm, 200u);
  EXPECT_LE(first_alarm, 200u + alarm_at + 1);
  EXPECT_LT(audit.estimated_vote_accuracy(t - 1), 0.15);
  // Samples older than the window no longer count: with no vote to compare, the alarm ends.
  EXPECT_FALSE(audit.alarmed(t + 24));
}

TEST(AnswerAudit, CountsTheDisagreementsOfTheLastWindowTrialsWithGapsAndRestarts) {
  // Against a count of every comparison kept: trials skipped (no vote to compare) leave
  // entries older than the window in the ring, which must not count.
  AnswerAudit audit;
  const std::uint32_t window = 10;
  ASSERT_TRUE(audit.calibrate(0.1, 0.95, 0.9, 10, window, 0.05, 1e-4));
  std::vector<std::pair<std::uint64_t, bool>> seen;
  std::uint64_t state = 12345;
  auto next = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
  for (std::uint64_t t = 0; t < 600; ++t) {
    const bool compared = t < 200 || t >= 400 || next() % 4 == 0;  // sparse in the middle
    if (compared) {
      const bool disagree = next() % 3 == 0;
      audit.add(t, disagree);
      seen.emplace_back(t, disagree);
    }
    std::uint32_t expected = 0;
    for (std::size_t i = seen.size() > window ? seen.size() - window : 0; i < seen.size(); ++i) {
      expected += seen[i].second && seen[i].first + window > t;
    }
    ASSERT_EQ(audit.disagreements(t), expected) << "trial " << t;
  }
  ASSERT_TRUE(audit.calibrate(0.1, 0.95, 0.9, 10, window, 0.05, 1e-4));
  EXPECT_EQ(audit.disagreements(600), 0u) << "calibrating again starts an empty ring";
}

TEST(AnswerAudit, StaysOffWhereNoWindowCouldTellAFault) {
  AnswerAudit audit;
  EXPECT_FALSE(audit.calibrate(0.9, 0.93, 0.2, 10, 24, 0.05, 1e-4)) << "an auditor that almost never agrees";
  audit.add(0, true);
  EXPECT_FALSE(audit.alarmed(0));
}

}  // namespace
}  // namespace snnft::neuromorphic
