// SPDX-License-Identifier: MIT
// Health checks on synthetic observations: running statistics, the timing, rate, silence,
// consensus and hard checks, NaN/Inf scanning, answer validity, failure analytics.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "snnft/resilience/neuromorphic/column_health.hpp"
#include "snnft/resilience/neuromorphic/failure_analytics.hpp"
#include "snnft/resilience/neuromorphic/state_checks.hpp"

namespace snnft::neuromorphic {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(RunningStats, MeanAndSampleVarianceAreExact) {
  RunningStats s;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) s.add(x);
  EXPECT_DOUBLE_EQ(s.mean(), 5.0);
  EXPECT_NEAR(s.variance(), 32.0 / 7.0, 1e-12);
}

TEST(Ewma, StartsAsAPlainMeanThenWeighsTheNewestByAlpha) {
  Ewma e(0.25);
  e.add(4.0);
  EXPECT_DOUBLE_EQ(e.value(), 4.0);
  e.add(8.0);
  EXPECT_DOUBLE_EQ(e.value(), 6.0);
  e.add(0.0);
  e.add(4.0);
  EXPECT_DOUBLE_EQ(e.value(), 4.0);  // mean of the first 1/alpha samples
  e.add(8.0);
  EXPECT_DOUBLE_EQ(e.value(), 5.0);  // 4 + 0.25 · (8 − 4)
  e.settle(1.0);
  e.add(0.0);
  EXPECT_DOUBLE_EQ(e.value(), 0.75);
  e.restart();
  e.add(3.0);
  EXPECT_DOUBLE_EQ(e.value(), 3.0);
}

ColumnObservation healthy(double first_spike_ms, std::uint32_t spikes = 10, int answer = 1) {
  ColumnObservation o;
  o.ran = true;
  o.answer.predicted_class = answer;
  o.answer.confidence = 0.8;
  o.answer.first_spike_ms = first_spike_ms;
  o.first_spike_ms = first_spike_ms;
  o.spikes = spikes;
  o.latency_ms = 25.0;
  return o;
}

/// A monitor calibrated on first spikes 4 and 6 ms alternately (mean 5, sd ≈ 1.0) and 10
/// spikes per trial.
struct Calibrated {
  explicit Calibrated(const HealthThresholds& t = {}) : m(t, 10, 25.0) {
    for (std::uint32_t i = 0; i < t.calibration_trials; ++i) m.calibrate(healthy(i % 2 == 0 ? 4.0 : 6.0));
    EXPECT_TRUE(m.calibrated());
    EXPECT_DOUBLE_EQ(m.healthy_first_spike_mean_ms(), 5.0);
  }
  ColumnHealthMonitor m;
};

TEST(ColumnHealthMonitor, HealthyTrialsScoreOne) {
  Calibrated fixture;
  auto& m = fixture.m;
  for (int i = 0; i < 100; ++i) {
    const ColumnHealth h = m.assess(healthy(i % 2 == 0 ? 4.0 : 6.0), 1, false);
    EXPECT_EQ(h.signatures, 0u);
    EXPECT_DOUBLE_EQ(h.score, 1.0);
    EXPECT_TRUE(h.agreed);
  }
}

// A first spike 4 sd late: the smoothed z (alpha 0.25) is 1, 1.75, 2.31, ... and crosses
// timing_z = 2 on the third trial.
TEST(ColumnHealthMonitor, TimingErrorIsFlaggedOnTheThirdShiftedTrial) {
  Calibrated fixture;
  auto& m = fixture.m;
  const double late = 5.0 + 4.0 * m.healthy_first_spike_sd_ms();
  const ColumnHealth h1 = m.assess(healthy(late), 1, false);
  const ColumnHealth h2 = m.assess(healthy(late), 1, false);
  const ColumnHealth h3 = m.assess(healthy(late), 1, false);
  EXPECT_NEAR(h1.timing_error, 1.0, 1e-9);
  EXPECT_NEAR(h2.timing_error, 1.75, 1e-9);
  EXPECT_NEAR(h3.timing_error, 2.3125, 1e-9);
  EXPECT_EQ(h2.signatures, 0u);
  EXPECT_EQ(h3.signatures, bit(FaultSignature::kTimingError));
  EXPECT_LE(h3.score, 0.5);
  EXPECT_GT(h3.score, 0.0);
}

TEST(ColumnHealthMonitor, RelaxedToleranceDoublesTheTimingThreshold) {
  Calibrated a, b;
  auto& strict = a.m;
  auto& relaxed = b.m;
  const double shifted = 5.0 + 3.0 * strict.healthy_first_spike_sd_ms();
  SignatureMask s = 0, r = 0;
  for (int i = 0; i < 20; ++i) {
    s = strict.assess(healthy(shifted), 1, false).signatures;
    r = relaxed.assess(healthy(shifted), 1, true).signatures;
  }
  EXPECT_EQ(s, bit(FaultSignature::kTimingError));
  EXPECT_EQ(r, 0u);
}

TEST(ColumnHealthMonitor, SaturationAndSilence) {
  Calibrated fixture;
  auto& m = fixture.m;
  SignatureMask sig = 0;
  for (int i = 0; i < 10; ++i) sig = m.assess(healthy(5.0, 60), 1, false).signatures;
  EXPECT_EQ(sig & bit(FaultSignature::kSaturation), bit(FaultSignature::kSaturation));

  Calibrated silent;
  auto& q = silent.m;
  for (int i = 1; i <= 5; ++i) {
    ColumnObservation o = healthy(5.0, 0);
    o.first_spike_ms = std::numeric_limits<double>::infinity();
    const SignatureMask s = q.assess(o, 1, false).signatures;
    EXPECT_EQ((s & bit(FaultSignature::kSilence)) != 0, i == 5) << i;
  }
}

TEST(ColumnHealthMonitor, RefractoryViolationsAreFlaggedAtOnce) {
  Calibrated fixture;
  auto& m = fixture.m;
  ColumnObservation o = healthy(5.0);
  o.refractory_violations = 2;
  const ColumnHealth h = m.assess(o, 1, false);
  EXPECT_EQ(h.signatures, bit(FaultSignature::kRefractoryViolation));
  EXPECT_DOUBLE_EQ(h.score, 0.25);
}

// Smoothed agreement with weight 0.1 from a healthy 1.0: after n disagreements it is 0.9^n,
// below 0.5 from the 7th.
TEST(ColumnHealthMonitor, PersistentDisagreementIsFlagged) {
  Calibrated fixture;
  auto& m = fixture.m;
  for (int i = 1; i <= 8; ++i) {
    const ColumnHealth h = m.assess(healthy(5.0, 10, 3), 1, false);
    EXPECT_FALSE(h.agreed);
    EXPECT_NEAR(h.agreement, std::pow(0.9, i), 1e-12);
    EXPECT_EQ((h.signatures & bit(FaultSignature::kConsensus)) != 0, i >= 7) << i;
  }
  // Without a winner the agreement is left alone.
  EXPECT_NEAR(m.assess(healthy(5.0, 10, 3), -1, false).agreement, std::pow(0.9, 8), 1e-12);
}

TEST(ColumnHealthMonitor, HardFailuresScoreZero) {
  Calibrated fixture;
  auto& m = fixture.m;
  ColumnObservation garbage = healthy(5.0);
  garbage.answer.confidence = kNaN;
  EXPECT_EQ(m.assess(garbage, 1, false).signatures, bit(FaultSignature::kInvalidAnswer));
  ColumnObservation out_of_range = healthy(5.0, 10, 10);
  const ColumnHealth h = m.assess(out_of_range, 1, false);
  EXPECT_TRUE(h.signatures & bit(FaultSignature::kInvalidAnswer));
  EXPECT_EQ(h.score, 0.0);
  ColumnObservation crash;
  crash.ran = true;
  crash.crashed = true;
  crash.answer.valid = false;
  EXPECT_EQ(m.assess(crash, 1, false).signatures, bit(FaultSignature::kCrash));
  ColumnObservation nan_state = healthy(5.0);
  nan_state.non_finite = true;
  EXPECT_EQ(m.assess(nan_state, 1, false).signatures, bit(FaultSignature::kNonFinite));
  ColumnObservation hang = healthy(5.0);
  hang.deadline_exceeded = true;
  const ColumnHealth hh = m.assess(hang, 1, false);
  EXPECT_EQ(hh.signatures, bit(FaultSignature::kLatency));
  EXPECT_EQ(hh.score, 0.0);
}

// The adaptive deadline follows the column's own latencies: 3 × their 99th percentile,
// recomputed every 64 trials; a trial far beyond it is a latency failure even if nobody
// reports it.
TEST(ColumnHealthMonitor, LatencyBeyondTheAdaptiveDeadlineFails) {
  Calibrated fixture;
  auto& m = fixture.m;
  EXPECT_DOUBLE_EQ(m.deadline_ms(), HealthThresholds{}.deadline_max_ms);
  for (int i = 0; i < 64; ++i) m.assess(healthy(5.0), 1, false);
  EXPECT_DOUBLE_EQ(m.deadline_ms(), 75.0);
  ColumnObservation slow = healthy(5.0);
  slow.latency_ms = 80.0;
  EXPECT_EQ(m.assess(slow, 1, false).signatures, bit(FaultSignature::kLatency));
  slow.latency_ms = 70.0;
  EXPECT_EQ(m.assess(slow, 1, false).signatures, 0u);
}

// Until calibrated, healthy-looking trials of the test stream calibrate the monitor.
TEST(ColumnHealthMonitor, CalibratesFromTheFirstHealthyTrials) {
  HealthThresholds t;
  t.calibration_trials = 10;
  ColumnHealthMonitor m(t, 10, 25.0);
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(m.calibrated());
    m.assess(healthy(i % 2 == 0 ? 4.0 : 6.0), 1, false);
  }
  EXPECT_TRUE(m.calibrated());
  EXPECT_DOUBLE_EQ(m.healthy_spike_mean(), 10.0);
}

TEST(ColumnHealthMonitor, RestartJudgesProbesOnTheirOwn) {
  Calibrated fixture;
  auto& m = fixture.m;
  const double late = 5.0 + 4.0 * m.healthy_first_spike_sd_ms();
  for (int i = 0; i < 10; ++i) m.assess(healthy(late, 10, 3), 1, false);
  m.restart();
  const ColumnHealth probe = m.assess(healthy(5.0), 1, false);
  EXPECT_EQ(probe.signatures, 0u) << "a healed column's first probe is not held back by its past";
  EXPECT_NEAR(probe.timing_error, 0.0, 1e-9);
}

TEST(StateChecks, AllFiniteFindsNaNAndInfAnywhere) {
  std::vector<float> v(37, 1.5f);
  v[20] = 3e38f;  // large but finite
  EXPECT_TRUE(all_finite(v));
  for (std::size_t i = 0; i < v.size(); ++i) {
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity()}) {
      std::vector<float> w = v;
      w[i] = bad;
      EXPECT_FALSE(all_finite(w)) << "position " << i;
    }
  }
  EXPECT_TRUE(all_finite(std::vector<float>{}));
}

TEST(StateChecks, SlicesCoverEveryElementOnce) {
  std::vector<float> v(103);
  for (std::size_t slices : {1u, 2u, 8u, 103u}) {
    std::size_t covered = 0;
    const float* next = v.data();
    for (std::size_t s = 0; s < slices; ++s) {
      const auto part = slice_of(v, s, slices);
      EXPECT_EQ(part.data(), next);
      next += part.size();
      covered += part.size();
    }
    EXPECT_EQ(covered, v.size());
  }
}

// The same answers vote_into() rejects as invalid.
TEST(StateChecks, AnswerValidityMatchesTheVote) {
  std::vector<columns::ColumnAnswer> answers(8);
  answers[0] = {2, 0.5, 3.0, true};
  answers[1] = {2, 0.5, 3.0, false};
  answers[2] = {10, 0.5, 3.0, true};
  answers[3] = {2, kNaN, 3.0, true};
  answers[4] = {2, 1.5, 3.0, true};
  answers[5] = {2, 0.5, kNaN, true};
  answers[6] = {-1, 0.0, std::numeric_limits<double>::infinity(), true};
  answers[7] = {-2, 0.5, 3.0, true};
  columns::ConsensusRecord record(answers.size(), 10);
  columns::vote_into(record, answers, columns::VoteRule::kMajority);
  for (std::size_t k = 0; k < answers.size(); ++k) {
    EXPECT_EQ(answer_is_valid(answers[k], 10), record.status[k] != columns::ColumnStatus::kInvalid) << k;
  }
}

TEST(FailureAnalytics, CountsBySignatureOperationColumnAndPairs) {
  FailureAnalytics a(3);
  const SignatureMask timing = bit(FaultSignature::kTimingError), consensus = bit(FaultSignature::kConsensus);
  a.record(Operation::kTest, 1, timing | consensus);
  a.record(Operation::kTest, 1, timing);
  a.record(Operation::kTest, 2, 0);
  a.record(Operation::kTrain, 0, bit(FaultSignature::kNonFinite));
  EXPECT_EQ(a.checked(Operation::kTest), 3u);
  EXPECT_EQ(a.failed(Operation::kTest), 2u);
  EXPECT_EQ(a.count(Operation::kTest, FaultSignature::kTimingError), 2u);
  EXPECT_EQ(a.count(FaultSignature::kNonFinite), 1u);
  EXPECT_EQ(a.count(Operation::kTest, FaultSignature::kNonFinite), 0u);
  EXPECT_EQ(a.column_count(1, FaultSignature::kTimingError), 2u);
  EXPECT_EQ(a.column_failed(1), 2u);
  EXPECT_EQ(a.column_failed(2), 0u);
  EXPECT_EQ(a.co_occurrence(FaultSignature::kTimingError, FaultSignature::kConsensus), 1u);
  EXPECT_EQ(a.co_occurrence(FaultSignature::kConsensus, FaultSignature::kTimingError), 1u);
  EXPECT_EQ(a.co_occurrence(FaultSignature::kTimingError, FaultSignature::kTimingError), 2u);
  const std::string report = a.report();
  EXPECT_NE(report.find("3 of 4 column checks failed"), std::string::npos) << report;
  EXPECT_NE(report.find("timing_error + consensus: 1"), std::string::npos) << report;
  EXPECT_NE(report.find("column 1: 2 failed checks (timing_error 2, consensus 1)"), std::string::npos) << report;
}

TEST(Signatures, DescribeNamesEverySetBit) {
  EXPECT_EQ(describe(0), "none");
  EXPECT_EQ(describe(bit(FaultSignature::kTimingError) | bit(FaultSignature::kCrash)), "timing_error+crash");
  for (std::size_t i = 0; i < kSignatureCount; ++i) EXPECT_NE(to_string(signature_at(i)), "unknown");
}

}  // namespace
}  // namespace snnft::neuromorphic
