// SPDX-License-Identifier: MIT
// The refractory-violation and timing-error detectors on real digits columns, with faults
// applied through the engine's write interface (NetworkControl).
#include <gtest/gtest.h>

#include <algorithm>

#include "neuromorphic_test_util.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"
#include "snnft/resilience/neuromorphic/refractory_monitor.hpp"

namespace snnft::neuromorphic {
namespace {

using test::digits;
using test::trained_processor;

TEST(RefractoryMonitor, HealthyColumnNeverViolatesAndZeroRefStepsDoesUnderStrongInput) {
  auto p = trained_processor();
  columns::CorticalColumn& col = p->column(0);
  RefractoryMonitor monitor(col);
  col.simulation().add_observer(monitor);
  EXPECT_EQ(monitor.min_interval_steps(), 10) << "t_ref 5 ms at dt 0.5 ms";

  std::uint64_t spikes = 0;
  for (std::size_t s = 0; s < 100; ++s) {
    col.present(digits().test.row(s), 0.0);
    EXPECT_EQ(monitor.trial_violations(), 0u) << "sample " << s;
    EXPECT_EQ(col.last_response().refractory_violations, 0u) << "sample " << s;
    EXPECT_EQ(col.last_response().spikes, monitor.trial_spikes()) << "the column counts the same spikes";
    spikes += monitor.trial_spikes();
  }
  EXPECT_GT(spikes, 100u);
  EXPECT_EQ(monitor.total_spikes(), spikes) << "per-trial counts add up to the total";

  // The strongest input (every pixel on, all input spikes at once) drives the layer hard
  // enough to fire again right after the refractory period: still no violation.
  const std::vector<float> bright(kDigitsPixels, 1.0f);
  for (int i = 0; i < 3; ++i) {
    col.present(bright, 0.0);
    EXPECT_GT(monitor.trial_spikes(), 0u);
    EXPECT_EQ(monitor.trial_violations(), 0u);
    EXPECT_EQ(col.last_response().refractory_violations, 0u);
  }

  // Refractory logic corrupted: every neuron may fire again on the very next step.
  auto ref_steps = col.control().neuron_variable(col.excitatory(), "ref_steps");
  ASSERT_FALSE(ref_steps.empty());
  std::fill(ref_steps.begin(), ref_steps.end(), 0.0f);
  monitor.take_totals();
  for (int i = 0; i < 3; ++i) {
    col.present(bright, 0.0);
    EXPECT_GT(monitor.trial_violations(), 0u);
    EXPECT_LE(monitor.trial_violations(), monitor.trial_spikes());
    // The column also sees membranes that move right after a spike, the monitor only re-fires.
    EXPECT_GT(col.last_response().refractory_violations, monitor.trial_violations());
    EXPECT_EQ(col.last_response().spikes, monitor.trial_spikes());
  }
  const auto totals = monitor.take_totals();
  EXPECT_GT(totals.violations, 0u);
  EXPECT_GT(col.take_spike_totals().refractory_violations, totals.violations) << "summed over trials for audits";
  EXPECT_EQ(col.take_spike_totals().refractory_violations, 0u) << "and taken afresh";
  EXPECT_EQ(monitor.total_violations(), 0u) << "take_totals starts afresh";
}

/// Scales the excitatory thresholds at the start of every trial (the column resets them to
/// its own values before each trial), the way a parametric-drift fault does.
class ThresholdScaler final : public StepActor {
 public:
  ThresholdScaler(PopulationIndex population, Step steps_per_trial) : population_(population), steps_(steps_per_trial) {}
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDeliver); }
  void act(Phase, const StepView& view, NetworkControl& control) override {
    if (factor == 1.0f || view.step % steps_ != 0) return;
    for (float& th : control.neuron_variable(population_, "v_th")) th *= factor;
  }
  float factor = 1.0f;

 private:
  PopulationIndex population_;
  Step steps_;
};

TEST(TimingErrorDetector, FlagsTheColumnWhoseThresholdsWereScaled) {
  auto p = trained_processor();
  ProtectionConfig config;
  ProtectedClassifier classifier(*p, config, columns::VoteRule::kConfidenceWeighted);
  classifier.calibrate(digits().train, 200);
  columns::CorticalColumn& col = p->column(2);
  ThresholdScaler scaler(col.excitatory(), 50);
  col.simulation().add_actor(scaler);

  const SignatureMask timing = bit(FaultSignature::kTimingError);
  std::size_t s = 0;
  for (; s < 100; ++s) {
    const HealthRow& row = classifier.classify(digits().test.row(s), digits().test.labels[s]);
    for (std::size_t k = 0; k < row.columns.size(); ++k) {
      EXPECT_EQ(row.columns[k].signatures & timing, 0u) << "healthy column " << k << " at trial " << s;
    }
  }
  scaler.factor = 1.5f;
  std::size_t detected_after = 0;
  for (std::size_t n = 1; n <= 10 && detected_after == 0; ++n, ++s) {
    const HealthRow& row = classifier.classify(digits().test.row(s), digits().test.labels[s]);
    if (row.columns[2].signatures & timing) detected_after = n;
    for (std::size_t k : {0u, 1u, 3u, 4u}) EXPECT_EQ(row.columns[k].signatures & timing, 0u);
  }
  EXPECT_GE(detected_after, 1u);
  EXPECT_LE(detected_after, 6u) << "a 1.5x threshold delays the first spike by several sd";
  EXPECT_GT(classifier.last_row().columns[2].timing_error, 2.0) << "spikes come later";
  const auto detection = classifier.events().first_at_or_after(EventKind::kDetection, 100, 2);
  ASSERT_TRUE(detection.has_value());
  EXPECT_NE(detection->detail.find("timing_error"), std::string::npos);
}

}  // namespace
}  // namespace snnft::neuromorphic
