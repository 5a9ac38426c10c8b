// SPDX-License-Identifier: MIT
// Grown readouts under the breaker: the `cascor` signature (NaN/Inf weights, rising error,
// runaway recruitment), its escalation (rollback, freeze, isolation), the ladder freezing
// growth and restoring the readouts, and a cascor_nan fault caught within its trial.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "neuromorphic_test_util.hpp"
#include "snnft/resilience/faults/fault_schedule.hpp"
#include "snnft/resilience/faults/fault_trial_hook.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"
#include "snnft/resilience/neuromorphic/readout_guard.hpp"

namespace snnft::neuromorphic {
namespace {

using test::digits;

/// A readout whose status the test writes, to drive the guard's checks exactly.
class ScriptedReadout final : public columns::ReadoutControl {
 public:
  ScriptedReadout() : network_(2, 2) {}
  void freeze_growth(bool frozen) override { frozen_ = frozen; }
  [[nodiscard]] bool growth_frozen() const override { return frozen_; }
  [[nodiscard]] columns::ReadoutCheckpoint checkpoint() const override {
    return {std::make_shared<const cascor::CascorNetwork>(network_), status_.online_units, true};
  }
  void restore(const columns::ReadoutCheckpoint& c) override {
    network_ = *c.network;
    status_.online_units = c.online_units;
    ++status_.changes;
    ++restores;
  }
  [[nodiscard]] const columns::GrowthStatus& status() const override { return status_; }
  [[nodiscard]] std::size_t unit_budget() const override { return 4; }
  [[nodiscard]] const cascor::CascorNetwork& network() const override { return network_; }
  [[nodiscard]] std::span<const double> last_outputs() const override { return outputs; }
  cascor::CascorNetwork& network_for_fault_injection() override { return network_; }

  /// `n` labelled trials with error `error` each, `wrong` of them misclassified.
  void teach(std::uint64_t n, double error, std::uint64_t wrong) {
    status_.taught += n;
    status_.taught_error_sum += static_cast<double>(n) * error;
    status_.taught_wrong += wrong;
  }
  columns::GrowthStatus status_;
  cascor::CascorNetwork network_;
  bool frozen_ = false;
  int restores = 0;
  std::vector<double> outputs = {0.1, -0.2};
};

TEST(ReadoutGuard, ANanOutputIsAFaultInItsOwnTrial) {
  ScriptedReadout r;
  ReadoutGuard guard(r, GrowthLimits{});
  guard.start();
  EXPECT_EQ(guard.inspect(0), GrowthFault::kNone);
  r.outputs[1] = std::nan("");
  EXPECT_EQ(guard.inspect(1), GrowthFault::kNonFinite);
}

// An Inf weight may leave the outputs finite (the sigmoid saturates); the weights are scanned a
// slice per trial, so it is found within one pass over them, and a rollback restores them.
TEST(ReadoutGuard, AnInfWeightIsFoundWithinOnePassOverTheWeights) {
  ScriptedReadout r;
  ReadoutGuard guard(r, GrowthLimits{});
  guard.start();
  r.network_.mutable_output_weights()(1, 2) = std::numeric_limits<double>::infinity();
  std::uint64_t found = 0;
  for (std::uint64_t t = 1; t <= ReadoutGuard::kWeightSlices && found == 0; ++t) {
    if (guard.inspect(t) == GrowthFault::kNonFinite) found = t;
  }
  EXPECT_GT(found, 0u);
  guard.rollback();
  for (std::uint64_t t = 0; t < 2 * ReadoutGuard::kWeightSlices; ++t) EXPECT_EQ(guard.inspect(100 + t), GrowthFault::kNone);
  EXPECT_EQ(r.network_.output_weights()(1, 2), 0.0) << "restored bit for bit";
}

TEST(ReadoutGuard, RecruitmentFasterThanOneUnitPerStepOrBeyondTheBudgetIsAFault) {
  ScriptedReadout r;
  ReadoutGuard guard(r, GrowthLimits{});
  guard.start();
  r.status_.growth_steps = 1;
  r.status_.online_units = 1;
  r.status_.hidden_units = 1;
  EXPECT_EQ(guard.inspect(0), GrowthFault::kNone) << "one unit in one step";
  r.status_.growth_steps = 2;
  r.status_.online_units = 3;
  r.status_.hidden_units = 3;
  EXPECT_EQ(guard.inspect(1), GrowthFault::kRunawayGrowth) << "two units in one step";
  r.status_.growth_steps = 10;
  r.status_.online_units = 4;
  r.status_.hidden_units = 5;
  EXPECT_EQ(guard.inspect(2), GrowthFault::kRunawayGrowth) << "more units than the budget of 4";
}

TEST(ReadoutGuard, AnErrorRisingForTwoWindowsIsAFaultAndAFallingOneIsNot) {
  ScriptedReadout r;
  GrowthLimits limits;
  limits.error_window = 10;
  ReadoutGuard guard(r, limits);
  guard.start();
  r.teach(10, 0.4, 2);
  EXPECT_EQ(guard.inspect(0), GrowthFault::kNone);
  r.teach(10, 0.2, 1);  // falling
  EXPECT_EQ(guard.inspect(1), GrowthFault::kNone);
  // 1.5 > 3 × 0.3, and 8 misses in 10 at the earlier rate (3 + 1) / (20 + 2): P ≈ 4e-5. Risen once.
  r.teach(10, 1.5, 8);
  EXPECT_EQ(guard.inspect(2), GrowthFault::kNone);
  r.teach(5, 3.0, 5);  // half a window: not judged yet
  EXPECT_EQ(guard.inspect(3), GrowthFault::kNone);
  r.teach(5, 3.0, 5);  // 3.0 > 3 × mean(0.4, 0.2, 1.5) = 2.1, 10 misses in 10: risen twice in a row
  EXPECT_EQ(guard.inspect(4), GrowthFault::kRisingError);
}

/// Four windows of 50 labelled trials with one miss each (a readout right on 98 %).
void teach_accurate_baseline(ScriptedReadout& r, ReadoutGuard& guard) {
  guard.start();
  for (std::uint64_t w = 0; w < 4; ++w) {
    r.teach(50, 0.03, 1);
    ASSERT_EQ(guard.inspect(w), GrowthFault::kNone);
  }
}

// Against an accurate readout's near-zero mean error, three misses in a window triple the mean
// error; three in 50 at the earlier rate (4 + 1) / (200 + 2) happen with P ≈ 0.13: no fault.
TEST(ReadoutGuard, AFewMoreMissesThanAnAccurateReadoutsBaselineAreNoFault) {
  ScriptedReadout r;
  ReadoutGuard guard(r, GrowthLimits{});
  teach_accurate_baseline(r, guard);
  for (std::uint64_t w = 4; w < 10; ++w) {
    r.teach(50, 0.2, 3);  // 0.2 > 3 × the earlier mean in windows 4 and 5 (0.03, then 0.064)
    EXPECT_EQ(guard.inspect(w), GrowthFault::kNone) << "window " << w;
  }
}

// The same accurate readout missing 15 trials in 50 (P < 1e-10 at the earlier rate) twice in
// a row has a rising error.
TEST(ReadoutGuard, AnAccurateReadoutMissingManyMoreTrialsHasARisingError) {
  ScriptedReadout r;
  ReadoutGuard guard(r, GrowthLimits{});
  teach_accurate_baseline(r, guard);
  r.teach(50, 0.6, 15);
  EXPECT_EQ(guard.inspect(4), GrowthFault::kNone) << "risen once";
  r.teach(50, 0.6, 15);
  EXPECT_EQ(guard.inspect(5), GrowthFault::kRisingError);
}

TEST(ReadoutGuard, RepeatedFaultsRollBackThenFreezeThenCountAgainstTheColumn) {
  ScriptedReadout r;
  ReadoutGuard guard(r, GrowthLimits{});
  guard.start();
  EXPECT_EQ(guard.respond(10), GrowthResponse::kRollback);
  EXPECT_EQ(r.restores, 1);
  EXPECT_FALSE(r.growth_frozen());
  EXPECT_EQ(guard.respond(11), GrowthResponse::kFreeze);
  EXPECT_TRUE(r.growth_frozen());
  EXPECT_EQ(guard.respond(12), GrowthResponse::kIsolate);
  EXPECT_EQ(r.restores, 3);
  // A ladder that lets growth resume does not undo a freeze for faults ...
  guard.hold(false);
  EXPECT_TRUE(r.growth_frozen());
  // ... which lifts once the faults stayed away for the strike memory.
  EXPECT_EQ(guard.inspect(12 + GrowthLimits{}.strike_memory_trials + 1), GrowthFault::kNone);
  EXPECT_FALSE(r.growth_frozen());
  EXPECT_EQ(guard.respond(500), GrowthResponse::kRollback) << "strikes forgotten";
}

// --- On trained digits columns with grown readouts ---

std::vector<columns::ColumnSpec> grown_specs() {
  std::vector<columns::ColumnSpec> specs(3);
  for (std::size_t k = 0; k < specs.size(); ++k) {
    specs[k].params.neurons = 30;
    specs[k].params.seed = 40 + k;
    auto& r = specs[k].params.readout;
    r.kind = columns::ReadoutParams::Kind::kCascor;
    r.cascor.max_hidden_units = 1;
    r.grow_online = true;
    r.online_units = 2;
    r.online_batch = 10;
  }
  return specs;
}

std::unique_ptr<columns::MultiColumnProcessor> grown_processor(std::size_t threads) {
  std::vector<std::size_t> rows(400);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  static const LabelledDataset train = select_rows(digits().train, rows, "train400");
  auto p = std::make_unique<columns::MultiColumnProcessor>(grown_specs(), kDigitsPixels, kDigitsClasses, threads);
  p->train_and_label(train, 1);
  p->train_readouts(train, columns::VoteRule::kConfidenceWeighted);
  return p;
}

/// One protected test trial, then every column that ran is taught the label (as the columns
/// app does).
const HealthRow& trial(ProtectedClassifier& c, columns::MultiColumnProcessor& p, std::size_t t) {
  const std::size_t s = t % digits().test.size();
  const HealthRow& row = c.classify(digits().test.row(s), digits().test.labels[s]);
  for (std::size_t k = 0; k < p.column_count(); ++k) {
    if (row.columns[k].ran) p.column(k).teach(digits().test.labels[s]);
  }
  return row;
}

TEST(GrowthUnderTheBreaker, CascorNanIsCaughtInItsTrialAndRolledBackBitForBit) {
  auto p = grown_processor(1);
  const cascor::CascorNetwork before = p->column(1).grown_readout()->network();
  ProtectedClassifier classifier(*p, ProtectionConfig{}, columns::VoteRule::kConfidenceWeighted);
  faults::FaultSchedule schedule({faults::parse_fault_flag("cascor_nan:column=1,at=5,until=6")}, 1);
  schedule.attach(*p);
  faults::FaultTrialHook hook(schedule);
  classifier.set_hook(&hook);
  for (std::size_t t = 0; t < 5; ++t) {
    EXPECT_EQ(trial(classifier, *p, t).columns[1].signatures & bit(FaultSignature::kCascor), 0u) << "trial " << t;
  }
  const HealthRow& row = trial(classifier, *p, 5);
  EXPECT_NE(row.columns[1].signatures & bit(FaultSignature::kCascor), 0u) << "the NaN's own trial";
  EXPECT_TRUE(p->column(1).grown_readout()->network() == before) << "no growth step yet: back to the trained readout";
  for (std::size_t t = 6; t < 12; ++t) {
    EXPECT_EQ(trial(classifier, *p, t).columns[1].signatures & bit(FaultSignature::kCascor), 0u) << "trial " << t;
  }
  EXPECT_TRUE(classifier.isolated_columns().empty()) << "one fault is rolled back, not isolated";
}

TEST(GrowthUnderTheBreaker, APermanentCascorNanFreezesGrowthThenIsolatesTheColumn) {
  auto p = grown_processor(1);
  ProtectedClassifier classifier(*p, ProtectionConfig{}, columns::VoteRule::kConfidenceWeighted);
  faults::FaultSchedule schedule({faults::parse_fault_flag("cascor_nan:column=2,at=3")}, 1);
  schedule.attach(*p);
  faults::FaultTrialHook hook(schedule);
  classifier.set_hook(&hook);
  for (std::size_t t = 0; t < 5; ++t) trial(classifier, *p, t);
  EXPECT_TRUE(p->column(2).grown_readout()->growth_frozen()) << "second fault in a row";
  for (std::size_t t = 5; t < 40; ++t) trial(classifier, *p, t);
  EXPECT_EQ(classifier.isolated_columns(), std::vector<std::size_t>{2});
}

TEST(GrowthUnderTheBreaker, FromStaticWeightsDownNoUnitIsRecruitedAndReadoutsAreRestored) {
  auto p = grown_processor(1);
  ProtectedClassifier classifier(*p, ProtectionConfig{}, columns::VoteRule::kConfidenceWeighted);
  for (std::size_t t = 0; t < 25; ++t) trial(classifier, *p, t);  // two growth steps
  columns::GrowthStatus grown = p->column(0).grown_readout()->status();
  ASSERT_EQ(grown.growth_steps, 2u);
  const cascor::CascorNetwork healthy = p->column(0).grown_readout()->network();
  // A finite corruption no check sees: only the ladder's restore undoes it.
  p->column(0).readout_control()->network_for_fault_injection().mutable_output_weights()(3, 0) += 7.0;
  classifier.pin_level(LadderLevel::kStaticWeights);
  for (std::size_t k = 0; k < p->column_count(); ++k) EXPECT_TRUE(p->column(k).grown_readout()->growth_frozen());
  EXPECT_TRUE(p->column(0).grown_readout()->network() == healthy);
  const std::size_t units = p->column(0).grown_readout()->network().hidden_count();
  for (std::size_t t = 25; t < 65; ++t) trial(classifier, *p, t);
  EXPECT_EQ(p->column(0).grown_readout()->status().growth_steps, grown.growth_steps) << "frozen: no growth step";
  EXPECT_EQ(p->column(0).grown_readout()->network().hidden_count(), units);
  classifier.pin_level(LadderLevel::kNormal);
  for (std::size_t k = 0; k < p->column_count(); ++k) EXPECT_FALSE(p->column(k).grown_readout()->growth_frozen());
  for (std::size_t t = 65; t < 75; ++t) trial(classifier, *p, t);
  EXPECT_EQ(p->column(0).grown_readout()->status().growth_steps, grown.growth_steps + 1) << "growth resumed";
}

// Emergency answers without the spiking network: the columns run only as the ladder's probes
// (every tenth trial here), with growth frozen, so no readout grows or changes.
TEST(GrowthUnderTheBreaker, EmergencyRunsColumnsOnlyAsProbesAndGrowsNoReadout) {
  auto p = grown_processor(1);
  ProtectionConfig config;
  config.emergency_probe_interval_trials = 10;
  ProtectedClassifier classifier(*p, config, columns::VoteRule::kConfidenceWeighted);
  classifier.fit_fallback(digits().train);
  for (std::size_t t = 0; t < 25; ++t) trial(classifier, *p, t);  // two growth steps
  const columns::GrowthStatus before = p->column(0).grown_readout()->status();
  ASSERT_EQ(before.growth_steps, 2u);
  const cascor::CascorNetwork network = p->column(0).grown_readout()->network();
  classifier.pin_level(LadderLevel::kEmergency);
  std::size_t probes = 0;
  for (std::size_t t = 25; t < 125; ++t) {
    const HealthRow& row = trial(classifier, *p, t);
    const bool probe = t % 10 == 0;
    probes += probe ? 1 : 0;
    for (std::size_t k = 0; k < p->column_count(); ++k) EXPECT_EQ(row.columns[k].ran, probe) << "trial " << t << " column " << k;
  }
  EXPECT_EQ(probes, 10u);
  EXPECT_EQ(p->column(0).grown_readout()->status().taught, before.taught + probes) << "only probes reach the readouts";
  EXPECT_EQ(p->column(0).grown_readout()->status().growth_steps, before.growth_steps) << "no growth step at Emergency";
  EXPECT_TRUE(p->column(0).grown_readout()->network() == network);
  classifier.pin_level(LadderLevel::kNormal);
  for (std::size_t t = 125; t < 150; ++t) trial(classifier, *p, t);
  EXPECT_GT(p->column(0).grown_readout()->status().growth_steps, before.growth_steps) << "growth resumed at Normal";
}

TEST(GrowthUnderTheBreaker, ProtectedOnlineGrowthIsIdenticalForAnyThreadCount) {
  auto run = [](std::size_t threads) {
    auto p = grown_processor(threads);
    ProtectedClassifier classifier(*p, ProtectionConfig{}, columns::VoteRule::kConfidenceWeighted);
    faults::FaultSchedule schedule({faults::parse_fault_flag("cascor_nan:column=0,at=15,until=16")}, 1);
    schedule.attach(*p);
    faults::FaultTrialHook hook(schedule);
    classifier.set_hook(&hook);
    std::vector<int> answers;
    for (std::size_t t = 0; t < 45; ++t) answers.push_back(trial(classifier, *p, t).answer);
    std::vector<cascor::CascorNetwork> nets;
    for (std::size_t k = 0; k < p->column_count(); ++k) nets.push_back(p->column(k).grown_readout()->network());
    return std::make_pair(answers, nets);
  };
  const auto one = run(1), two = run(2);
  EXPECT_EQ(one.first, two.first);
  for (std::size_t k = 0; k < one.second.size(); ++k) EXPECT_TRUE(one.second[k] == two.second[k]) << "column " << k;
  EXPECT_GT(one.second[0].hidden_count() + one.second[1].hidden_count() + one.second[2].hidden_count(), 3u)
      << "units were grown online";
}

}  // namespace
}  // namespace snnft::neuromorphic
