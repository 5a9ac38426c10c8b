// SPDX-License-Identifier: MIT
// Protection against the fault layer's own faults, injected through its trial hook: saturated
// neurons (which the refractory monitor must see after the injector added their spikes) and a
// transient fault that clears, after which the ladder climbs back to Normal; and refractory
// corruption, which only the held membrane gives away.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "neuromorphic_test_util.hpp"
#include "snnft/resilience/faults/fault_schedule.hpp"
#include "snnft/resilience/faults/fault_trial_hook.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"
#include "snnft/resilience/neuromorphic/protection_output.hpp"
#include "snnft/resilience/neuromorphic/refractory_monitor.hpp"

namespace snnft::neuromorphic {
namespace {

using test::digits;

constexpr auto kRule = columns::VoteRule::kConfidenceWeighted;

std::span<const float> sample(std::size_t trial) { return digits().test.row(trial % digits().test.size()); }
int label(std::size_t trial) { return digits().test.labels[trial % digits().test.size()]; }

/// `specs` injected into `p`'s columns through `classifier`'s trial hook while this lives.
struct InjectedFaults {
  InjectedFaults(columns::MultiColumnProcessor& p, ProtectedClassifier& classifier, std::vector<faults::FaultSpec> specs,
                 std::uint64_t seed)
      : schedule(std::move(specs), seed), hook(schedule) {
    schedule.attach(p);
    classifier.set_hook(&hook);
  }
  faults::FaultSchedule schedule;
  faults::FaultTrialHook hook;
};

/// Calibrates the rungs on four fifths of the training set, checking them on the fifth held back.
void calibrate_on_held_back(ProtectedClassifier& classifier) {
  const auto [fit, held] = test::calibration_split(digits().train);
  classifier.calibrate_rungs(fit, held, 100);
}

TEST(ProtectionAgainstInjectedFaults, SaturatedNeuronsIsolateTheirColumnWithinAFewTrials) {
  auto p = test::trained_processor();
  ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
  classifier.calibrate(digits().train, 100);
  InjectedFaults injected(*p, classifier, {faults::parse_fault_flag("saturated:fraction=0.1,column=3,at=40")}, 1);
  for (std::size_t t = 0; t < 80; ++t) classifier.classify(sample(t), label(t));
  const auto detection = classifier.events().first_at_or_after(EventKind::kDetection, 0, 3);
  ASSERT_TRUE(detection.has_value());
  EXPECT_GE(detection->trial, 40u);
  EXPECT_LE(detection->trial, 43u);
  EXPECT_GT(classifier.analytics().column_count(3, FaultSignature::kSaturation), 0u)
      << "the injected spikes are counted";
  EXPECT_EQ(classifier.isolated_columns(), std::vector<std::size_t>{3});
  EXPECT_EQ(classifier.level(), LadderLevel::kNormal) << "one column of five is the breakers' business";
  for (std::size_t k : {0u, 1u, 2u, 4u}) EXPECT_EQ(classifier.analytics().column_failed(k), 0u) << k;
}

// Saturated neurons in every column for 150 trials: without protection the vote collapses;
// with it the ladder reaches Emergency (the fallback answers), and once the fault has cleared
// the columns are readmitted and the ladder climbs back to Normal.
TEST(ProtectionAgainstInjectedFaults, TransientFaultInEveryColumnGoesDownTheLadderAndBack) {
  auto run = [](bool protect, std::vector<std::string>* path) {
    auto p = test::trained_processor();
    ProtectionConfig config;
    config.enabled = protect;
    ProtectedClassifier classifier(*p, config, kRule);
    classifier.fit_fallback(digits().train);
    classifier.calibrate(digits().train, 100);
    classifier.reserve(800);
    InjectedFaults injected(*p, classifier, {faults::parse_fault_flag("saturated:fraction=0.1,at=50,until=200")}, 1);
    std::size_t during = 0, after = 0;
    for (std::size_t t = 0; t < 800; ++t) {
      const bool right = classifier.classify(sample(t), label(t)).answer == label(t);
      if (t >= 100 && t < 200) during += right;
      if (t >= 700) after += right;
    }
    if (path != nullptr) {
      for (const auto& e : classifier.events().events()) {
        if (e.kind == EventKind::kLadder) path->push_back(e.to);
      }
    }
    return std::pair<double, double>{during / 100.0, after / 100.0};
  };
  std::vector<std::string> path;
  const auto [plain_during, plain_after] = run(false, nullptr);
  const auto [guarded_during, guarded_after] = run(true, &path);
  EXPECT_LT(plain_during, 0.3);
  EXPECT_GT(guarded_during, 0.8) << "the fallback answers while every column is isolated";
  EXPECT_EQ(path, (std::vector<std::string>{"ReducedPrecision", "SingleColumn", "StaticWeights", "Emergency",
                                            "StaticWeights", "SingleColumn", "ReducedPrecision", "Normal"}));
  EXPECT_NEAR(guarded_after, plain_after, 0.02) << "back to the fault-free accuracy";
}

// A saturated neuron fires at a total rate its column's checks find plausible, so its
// quarantine, on its own evidence, is what detects the fault: in the very trial it appears.
TEST(ProtectionAgainstInjectedFaults, AQuarantineIsADetectionInItsColumn) {
  auto p = test::trained_processor();
  ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
  calibrate_on_held_back(classifier);
  InjectedFaults injected(*p, classifier, {faults::parse_fault_flag("saturated:count=2,column=1,at=10")}, 1);
  for (std::size_t t = 0; t < 12; ++t) classifier.classify(sample(t), label(t));
  EXPECT_EQ(classifier.quarantined_neurons()[1], 2u);
  const auto detection = classifier.events().first_at_or_after(EventKind::kDetection, 0, 1);
  ASSERT_TRUE(detection.has_value());
  EXPECT_EQ(detection->trial, 10u);
}

// Two saturated neurons in every column: the neurons give themselves away (their rate and
// held membrane), and protection, calibrated on held-back samples, never answers worse than
// the plain vote of the same faulty columns.
TEST(ProtectionAgainstInjectedFaults, SaturatedNeuronsInEveryColumnNeverCostAccuracy) {
  auto run = [](bool protect) {
    auto p = test::trained_processor();
    ProtectionConfig config;
    config.enabled = protect;
    ProtectedClassifier classifier(*p, config, kRule);
    calibrate_on_held_back(classifier);
    InjectedFaults injected(*p, classifier, {faults::parse_fault_flag("saturated:count=2")}, 1);
    std::size_t correct = 0;
    for (std::size_t t = 0; t < 300; ++t) correct += classifier.classify(sample(t), label(t)).answer == label(t);
    if (protect) {
      // A saturated neuron fires at the refractory-limited ceiling (5 spikes in a 25 ms trial),
      // where a healthy one fires once: each is caught on its own rate and quarantined.
      EXPECT_EQ(classifier.quarantined_neurons(), std::vector<std::size_t>(test::kColumns, 2));
    }
    return correct / 300.0;
  };
  const double plain = run(false), guarded = run(true);
  EXPECT_GE(guarded, plain - 0.01) << "protected " << guarded << ", unprotected " << plain;
}

// Two membranes stuck above threshold in every column: each such neuron fires at every chance
// whatever the sample, and its spikes are not its own (its membrane is never reset), so
// neither its rate nor its refractory period gives it away; its membrane left above threshold
// after a spike does. The neurons are quarantined on that evidence (again each time probation
// tries them), no column is isolated, the ladder stays at Normal, and the vote keeps close to
// its fault-free accuracy where the unprotected vote collapses.
TEST(ProtectionAgainstInjectedFaults, StuckMembranesAreQuarantinedNotTheirColumns) {
  struct Run {
    double accuracy = 0.0;
    std::size_t quarantines = 0;
    std::vector<std::size_t> isolated;
    LadderLevel level = LadderLevel::kNormal;
  };
  auto run = [](bool protect, const std::vector<faults::FaultSpec>& specs) {
    auto p = test::trained_processor();
    ProtectionConfig config;
    config.enabled = protect;
    ProtectedClassifier classifier(*p, config, kRule);
    calibrate_on_held_back(classifier);
    InjectedFaults injected(*p, classifier, specs, 1);
    Run r;
    std::size_t correct = 0;
    for (std::size_t t = 0; t < 300; ++t) correct += classifier.classify(sample(t), label(t)).answer == label(t);
    r.accuracy = correct / 300.0;
    for (const auto& e : classifier.events().events()) {
      r.quarantines += e.kind == EventKind::kRecovery && e.detail.find("quarantined on their own evidence") != std::string::npos;
    }
    r.isolated = classifier.isolated_columns();
    r.level = classifier.level();
    return r;
  };
  const std::vector<faults::FaultSpec> stuck = {faults::parse_fault_flag("stuck_v:count=2,value_mv=5")};
  const Run healthy = run(true, {}), plain = run(false, stuck), guarded = run(true, stuck);
  EXPECT_LT(plain.accuracy, 0.5) << "the stuck neurons answer every sample unprotected";
  EXPECT_GE(guarded.quarantines, test::kColumns) << "each column quarantines its stuck neurons";
  EXPECT_TRUE(guarded.isolated.empty());
  EXPECT_EQ(guarded.level, LadderLevel::kNormal);
  EXPECT_GE(guarded.accuracy, healthy.accuracy - 0.03) << "protected " << guarded.accuracy << ", fault-free " << healthy.accuracy;
  EXPECT_EQ(healthy.quarantines, 0u);
}

// A neuron whose refractory logic is broken never fires twice inside its refractory period in
// these columns (lateral inhibition holds it down), so the spike intervals look healthy; but
// its membrane integrates in the step after a spike instead of being held at reset, and that
// is what flags the column, within a few trials of the fault appearing. Each neuron caught is
// quarantined at once, on its own evidence, so the column itself is never isolated; quarantine
// is probation, so a neuron is tried again after a clean sentence and quarantined again (for
// longer) when it recurs. With quarantine off the column is isolated and stays so.
struct RefractoryRun {
  std::uint64_t first_detection = 0;
  std::size_t quarantined = 0;
  std::size_t caught = 0;  // violating neurons listed in trials column 1 ran
  std::size_t ever_quarantined = 0;  // distinct neurons quarantined at some trial
  std::size_t releases = 0;
  std::uint64_t interval_violations = 0;
  std::vector<std::size_t> isolated;
  breaker::BreakerState final_state = breaker::BreakerState::kClosed;
  std::size_t other_failures = 0;
};

RefractoryRun run_refractory_corruption(double max_quarantined_fraction) {
  auto p = test::trained_processor();
  RefractoryMonitor intervals(p->column(1));  // spike intervals alone
  p->column(1).simulation().add_observer(intervals);
  ProtectionConfig config;
  config.max_quarantined_fraction = max_quarantined_fraction;
  ProtectedClassifier classifier(*p, config, kRule);
  classifier.calibrate(digits().train, 100);
  intervals.take_totals();
  InjectedFaults injected(*p, classifier, {faults::parse_fault_flag("refractory_corrupt:fraction=0.1,column=1,at=20")}, 1);
  RefractoryRun r;
  std::vector<bool> ever(test::kNeurons, false);
  for (std::size_t t = 0; t < 150; ++t) {
    const HealthRow& row = classifier.classify(sample(t), label(t));
    if (row.columns[1].ran) r.caught += p->column(1).last_response().refractory_violators.size();
    r.final_state = row.columns[1].state;
    for (NeuronIndex j = 0; j < test::kNeurons; ++j) ever[j] = ever[j] || p->column(1).quarantined(j);
  }
  r.ever_quarantined = static_cast<std::size_t>(std::count(ever.begin(), ever.end(), true));
  for (const auto& e : classifier.events().events()) r.releases += e.detail.find("released on probation") != std::string::npos;
  const auto detection = classifier.events().first_at_or_after(EventKind::kDetection, 0, 1);
  r.first_detection = detection ? detection->trial : 0;
  r.quarantined = p->column(1).quarantined_count();
  r.interval_violations = intervals.take_totals().violations;
  r.isolated = classifier.isolated_columns();
  for (std::size_t k : {0u, 2u, 3u, 4u}) r.other_failures += classifier.analytics().column_failed(k);
  return r;
}

TEST(ProtectionAgainstInjectedFaults, RefractoryCorruptionIsCaughtByTheMembraneAndTheNeuronsSilenced) {
  const RefractoryRun r = run_refractory_corruption(0.25);
  EXPECT_GE(r.first_detection, 20u);
  EXPECT_LE(r.first_detection, 23u);
  EXPECT_GT(r.quarantined, 0u);
  EXPECT_LE(r.ever_quarantined, 10u) << "only corrupted neurons are silenced (10 of 100)";
  EXPECT_GT(r.releases, 0u) << "tried again after a clean sentence";
  EXPECT_GT(r.caught, r.ever_quarantined) << "and quarantined again when it recurs";
  EXPECT_EQ(r.interval_violations, 0u) << "no neuron fired twice inside its refractory period";
  EXPECT_TRUE(r.isolated.empty()) << "the neurons answer for their own faults, not the column";
  EXPECT_EQ(r.final_state, breaker::BreakerState::kClosed);
  EXPECT_EQ(r.other_failures, 0u);
}

TEST(ProtectionAgainstInjectedFaults, WithoutQuarantineRefractoryCorruptionKeepsTheColumnIsolated) {
  const RefractoryRun r = run_refractory_corruption(0.0);
  EXPECT_GE(r.first_detection, 20u);
  EXPECT_LE(r.first_detection, 23u);
  EXPECT_EQ(r.quarantined, 0u);
  EXPECT_GT(r.caught, 0u);
  EXPECT_EQ(r.isolated, std::vector<std::size_t>{1});
  EXPECT_NE(r.final_state, breaker::BreakerState::kClosed);
  EXPECT_EQ(r.other_failures, 0u);
}

}  // namespace
}  // namespace snnft::neuromorphic

namespace snnft::neuromorphic {
namespace {

// A transient weight fault on frozen weights while the ladder quantizes the weights and
// restores checkpoints: every rung change is undone against the network as it is now, so once
// the fault has cleared and the ladder is back at Normal, every column's weights are bit for
// bit those of the fault-free run. (A copy taken while the fault was active must never be
// written back over the weights the cleared fault restored.)
TEST(ProtectionAgainstInjectedFaults, ACleredWeightFaultIsNeverReinstalled) {
  const auto reference = test::trained_processor();
  // Rungs pinned at trials 20, 25, 30 and 50; the fault is active from trial 10 to 40.
  using L = LadderLevel;
  const std::vector<std::vector<L>> paths = {
      {L::kReducedPrecision, L::kReducedPrecision, L::kReducedPrecision, L::kNormal},  // quantized under the fault
      {L::kReducedPrecision, L::kStaticWeights, L::kReducedPrecision, L::kNormal},     // checkpoints restored under it
  };
  for (const auto& path : paths)
  for (const char* fault : {"syn_stuck0:fraction=0.2,at=10,until=40", "syn_stuckmax:fraction=0.05,at=10,until=40",
                            "bitflip:rate=0.01,at=10,until=40"}) {
    auto p = test::trained_processor();
    ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
    classifier.calibrate(digits().train, 50);
    InjectedFaults injected(*p, classifier, {faults::parse_fault_flag(fault)}, 2);
    for (std::size_t t = 0; t < 70; ++t) {
      if (t == 20) classifier.pin_level(path[0]);
      if (t == 25) classifier.pin_level(path[1]);
      if (t == 30) classifier.pin_level(path[2]);
      if (t == 50) classifier.pin_level(path[3]);
      classifier.classify(sample(t), label(t));
    }
    ASSERT_EQ(classifier.level(), LadderLevel::kNormal);
    for (std::size_t k = 0; k < p->column_count(); ++k) {
      const auto got = p->column(k).checkpoint().weights;
      const auto want = reference->column(k).checkpoint().weights;
      ASSERT_EQ(got.size(), want.size());
      EXPECT_EQ(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)), 0) << fault << ", rung " << to_string(path[1]) << ", column " << k;
    }
  }
}

}  // namespace
}  // namespace snnft::neuromorphic
