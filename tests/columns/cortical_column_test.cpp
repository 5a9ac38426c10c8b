// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <numeric>

#include "allocation_counter.hpp"
#include "snnft/columns/column_state_io.hpp"
#include "snnft/columns/multi_column.hpp"
#include "snnft/encoding/digits_dataset.hpp"

namespace snnft::columns {
namespace {

struct Digits {
  DatasetSplit split;
  Digits() {
    LabelledDataset all = load_digits_csv(std::string(SNNFT_DATA_DIR) + "/datasets/digits.csv");
    scale_features(all, 0.0f, 16.0f);
    split = stratified_split(all, 0.7, 0);
  }
};

const Digits& digits() {
  static const Digits d;
  return d;
}

std::vector<ColumnSpec> small_columns(std::size_t k, std::size_t neurons) {
  std::vector<ColumnSpec> specs(k);
  for (std::size_t i = 0; i < k; ++i) {
    specs[i].params.neurons = neurons;
    specs[i].params.seed = 100 + i;
  }
  return specs;
}

double accuracy(const std::vector<ColumnAnswer>& votes, const LabelledDataset& data) {
  std::size_t correct = 0;
  for (std::size_t s = 0; s < data.size(); ++s) correct += votes[s].predicted_class == data.labels[s];
  return static_cast<double>(correct) / static_cast<double>(data.size());
}

}  // namespace

// The shipped digits column (100 neurons, 5 epochs) must classify far above chance (10 %)
// and far above the same column with its random initial weights: learning carries the class.
TEST(CorticalColumn, LearnsDigitsFarAboveChanceAndUsesItsNeurons) {
  MultiColumnProcessor proc(small_columns(1, 100), 64, 10, 1);
  proc.train(digits().split.train, 5);
  proc.label(digits().split.train);
  const auto votes = proc.evaluate(digits().split.test);
  EXPECT_GT(accuracy(votes[0], digits().split.test), 0.82);
  EXPECT_GE(proc.column(0).labelled_neurons(), 80u) << "homeostasis must let most neurons win";
}

TEST(CorticalColumn, UntrainedColumnIsFarWorse) {
  MultiColumnProcessor proc(small_columns(1, 100), 64, 10, 1);
  proc.label(digits().split.train);
  const auto votes = proc.evaluate(digits().split.test);
  EXPECT_LT(accuracy(votes[0], digits().split.test), 0.6);
}

TEST(MultiColumnProcessor, ResultsDoNotDependOnThreadCount) {
  auto run = [](std::size_t threads) {
    MultiColumnProcessor proc(small_columns(3, 20), 64, 10, threads);
    LabelledDataset part = select_rows(digits().split.train, std::vector<std::size_t>{0, 5, 9, 33, 70, 101, 200, 300}, "p");
    proc.train(digits().split.train, 1);
    proc.label(part);
    return proc.evaluate(part);
  };
  const auto one = run(1), two = run(2);
  for (std::size_t k = 0; k < one.size(); ++k) {
    for (std::size_t s = 0; s < one[k].size(); ++s) {
      EXPECT_EQ(one[k][s].predicted_class, two[k][s].predicted_class);
      EXPECT_EQ(one[k][s].confidence, two[k][s].confidence);
      EXPECT_EQ(one[k][s].first_spike_ms, two[k][s].first_spike_ms);
    }
  }
}

// What makes the parallel frozen passes exact: without learning, a trial's response depends
// on the sample and the learned state only, not on the trials before it or the clock.
TEST(CorticalColumn, FrozenTrialDependsOnlyOnSampleAndLearnedState) {
  ColumnParams p;
  p.neurons = 30;
  CorticalColumn col(p, {}, 64, 10);
  for (std::size_t s = 0; s < 200; ++s) col.present(digits().split.train.row(s), 0.2);  // uneven thresholds
  const auto sample = digits().split.test.row(3);
  const ColumnResponse first = col.present(sample, 0.0);
  const ColumnAnswer first_vote = col.vote();
  ASSERT_TRUE(first.spiked);
  ASSERT_GT(first.order.size(), 1u) << "the check needs inhibition and several spikes to matter";
  for (std::size_t s = 0; s < 37; ++s) col.present(digits().split.test.row(s + 10), 0.0);
  const ColumnResponse again = col.present(sample, 0.0);
  EXPECT_EQ(again.first_step, first.first_step);
  EXPECT_EQ(again.order, first.order);
  for (NeuronIndex j : first.order) EXPECT_EQ(again.drive[j], first.drive[j]);  // defined for spikers only
  EXPECT_EQ(again.winner, first.winner);
  EXPECT_EQ(col.vote().first_spike_ms, first_vote.first_spike_ms);

  CorticalColumn copy(col.params(), col.view(), col.feature_count(), col.class_count());
  copy.restore(col.checkpoint());
  const ColumnResponse& fresh = copy.present(sample, 0.0);
  EXPECT_EQ(fresh.first_step, first.first_step);
  EXPECT_EQ(fresh.order, first.order);
  for (NeuronIndex j : first.order) EXPECT_EQ(fresh.drive[j], first.drive[j]);
}

// label() and evaluate() run on copies, split into chunks of samples over threads; they must
// give exactly what presenting every sample to the column itself, in order, gives.
TEST(MultiColumnProcessor, FrozenPassesEqualTrialsOnTheColumnsThemselves) {
  const LabelledDataset& train = digits().split.train;
  const LabelledDataset& test = digits().split.test;
  for (std::size_t threads : {1u, 2u, 3u}) {
    MultiColumnProcessor proc(small_columns(2, 40), 64, 10, threads);
    proc.train(train, 1);
    std::vector<ColumnState> trained;
    for (std::size_t k = 0; k < 2; ++k) trained.push_back(proc.column(k).checkpoint());
    proc.label(train);
    const auto votes = proc.evaluate(test);
    for (std::size_t k = 0; k < 2; ++k) {
      CorticalColumn col(proc.column(k).params(), {}, 64, 10);
      col.restore(trained[k]);
      col.begin_labelling();
      for (std::size_t s = 0; s < train.size(); ++s) {
        col.present(train.row(s), 0.0);
        col.count_label(train.labels[s]);
      }
      col.finish_labelling();
      ASSERT_EQ(std::vector<int>(col.labels().begin(), col.labels().end()),
                std::vector<int>(proc.column(k).labels().begin(), proc.column(k).labels().end()))
          << "column " << k << ", " << threads << " threads";
      EXPECT_EQ(proc.column(k).checkpoint().weights, trained[k].weights) << "frozen passes must not learn";
      for (std::size_t s = 0; s < test.size(); ++s) {
        col.present(test.row(s), 0.0);
        const ColumnAnswer expected = col.vote();
        EXPECT_EQ(votes[k][s].predicted_class, expected.predicted_class) << "column " << k << ", sample " << s;
        EXPECT_EQ(votes[k][s].confidence, expected.confidence);
        EXPECT_EQ(votes[k][s].first_spike_ms, expected.first_spike_ms);
      }
    }
  }
}

// Labelling each column as soon as it is trained changes the schedule, not the result.
TEST(MultiColumnProcessor, TrainAndLabelEqualsTrainThenLabel) {
  const LabelledDataset& train = digits().split.train;
  MultiColumnProcessor reference(small_columns(3, 20), 64, 10, 1);
  reference.train(train, 1);
  reference.label(train);
  for (std::size_t threads : {1u, 2u}) {
    MultiColumnProcessor proc(small_columns(3, 20), 64, 10, threads);
    proc.train_and_label(train, 1);
    for (std::size_t k = 0; k < 3; ++k) {
      const ColumnState a = reference.column(k).checkpoint(), b = proc.column(k).checkpoint();
      EXPECT_EQ(a.weights, b.weights);
      EXPECT_EQ(a.theta_mv, b.theta_mv);
      EXPECT_EQ(a.labels, b.labels) << "column " << k << ", " << threads << " threads";
      EXPECT_GE(proc.column(k).labelled_neurons(), 10u);
    }
  }
}

// A frozen pass allocates per pass (its result, the copies on first use), never per trial.
TEST(MultiColumnProcessor, FrozenPassAllocationsDoNotGrowWithTheSamples) {
  MultiColumnProcessor proc(small_columns(2, 20), 64, 10, 1);
  std::vector<std::size_t> few(64), many(512);
  std::iota(few.begin(), few.end(), std::size_t{0});
  std::iota(many.begin(), many.end(), std::size_t{0});
  const LabelledDataset small = select_rows(digits().split.train, few, "few");
  const LabelledDataset large = select_rows(digits().split.train, many, "many");
  proc.label(small);  // builds the copies
  auto allocations = [&](const LabelledDataset& data) {
    const std::size_t before = snnft::test::allocation_count();
    proc.label(data);
    return snnft::test::allocation_count() - before;
  };
  const std::size_t a = allocations(small), b = allocations(large);
  EXPECT_EQ(a, b);
  EXPECT_LT(a, 20u);
}

TEST(CorticalColumn, FrozenLearningLeavesWeightsUntouchedAndRestoreIsExact) {
  ColumnParams p;
  p.neurons = 20;
  CorticalColumn col(p, {}, 64, 10);
  const ColumnState before = col.checkpoint();
  col.set_learning_enabled(false);
  for (std::size_t s = 0; s < 20; ++s) col.present(digits().split.train.row(s), 0.2);
  EXPECT_EQ(col.checkpoint().weights, before.weights);
  col.set_learning_enabled(true);
  for (std::size_t s = 0; s < 20; ++s) col.present(digits().split.train.row(s), 0.2);
  EXPECT_NE(col.checkpoint().weights, before.weights);
  col.restore(before);
  EXPECT_EQ(col.checkpoint().weights, before.weights);
  EXPECT_EQ(col.checkpoint().theta_mv, before.theta_mv);
}

// A quarantined neuron never fires again, even as the sample's first winner, and restoring
// the learned state does not bring it back; the others answer without it.
TEST(CorticalColumn, QuarantinedNeuronNeverFiresAndSurvivesRestore) {
  ColumnParams p;
  p.neurons = 20;
  CorticalColumn col(p, {}, 64, 10);
  const ColumnState state = col.checkpoint();
  const auto sample = digits().split.train.row(0);
  col.set_learning_enabled(false);
  const NeuronIndex winner = col.present(sample, 0.0).winner;
  ASSERT_TRUE(col.last_response().spiked);
  EXPECT_TRUE(col.quarantine(winner));
  EXPECT_FALSE(col.quarantine(winner)) << "already quarantined";
  EXPECT_EQ(col.quarantined_count(), 1u);
  col.restore(state);
  EXPECT_TRUE(col.quarantined(winner));
  for (std::size_t s = 0; s < 50; ++s) {
    const ColumnResponse& r = col.present(digits().split.train.row(s), 0.0);
    EXPECT_EQ(r.first_step[winner], -1) << "sample " << s;
    EXPECT_EQ(r.refractory_violations, 0u);
  }
  EXPECT_TRUE(col.present(sample, 0.0).spiked) << "the rest of the layer still answers";
  EXPECT_NE(col.last_response().winner, winner);
}

// With a refractory period of zero steps a neuron integrates right after its spike instead of
// being held at reset: every such neuron is listed once among the trial's violators.
TEST(CorticalColumn, MembraneMovingRightAfterASpikeIsARefractoryViolation) {
  ColumnParams p;
  p.neurons = 20;
  CorticalColumn col(p, {}, 64, 10);
  const auto sample = digits().split.train.row(0);
  EXPECT_EQ(col.present(sample, 0.0).refractory_violations, 0u);
  auto ref_steps = col.control().neuron_variable(col.excitatory(), "ref_steps");
  std::fill(ref_steps.begin(), ref_steps.end(), 0.0f);
  const ColumnResponse& r = col.present(sample, 0.0);
  EXPECT_GT(r.refractory_violations, 0u);
  ASSERT_FALSE(r.refractory_violators.empty());
  std::vector<NeuronIndex> sorted = r.refractory_violators;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "each listed once";
  for (NeuronIndex j : r.refractory_violators) EXPECT_GE(r.first_step[j], 0) << "only neurons that spiked";
}

// Holds one neuron's membrane at a value, written after integration and after detection
// (as a stuck membrane would be).
class HoldMembrane final : public StepActor {
 public:
  HoldMembrane(PopulationIndex population, NeuronIndex neuron, float value)
      : population_(population), neuron_(neuron), value_(value) {}
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kIntegrate) | phase_bit(Phase::kDetect); }
  void act(Phase, const StepView&, NetworkControl& control) override {
    control.neuron_variable(population_, "v")[neuron_] = value_;
  }

 private:
  PopulationIndex population_;
  NeuronIndex neuron_;
  float value_;
};

// A membrane held above threshold fires at every chance whatever the input, and each of its
// spikes leaves it above threshold, where a healthy spike resets it: the neuron is listed once
// as stuck. A membrane held below threshold never fires and is not; a healthy layer lists none.
TEST(CorticalColumn, AMembraneHeldAboveThresholdIsListedAsStuck) {
  ColumnParams p;
  p.neurons = 20;
  CorticalColumn col(p, {}, 64, 10);
  col.set_learning_enabled(false);
  for (std::size_t s = 0; s < 20; ++s) {
    EXPECT_TRUE(col.present(digits().split.train.row(s), 0.0).stuck_above_threshold.empty()) << "sample " << s;
  }
  const NeuronIndex stuck = 7;
  const float v_th = col.control().neuron_variable(col.excitatory(), "v_th")[stuck];
  HoldMembrane above(col.excitatory(), stuck, v_th + 4.5f);
  col.simulation().add_actor(above);
  for (std::size_t s = 0; s < 5; ++s) {
    const ColumnResponse& r = col.present(digits().split.train.row(s), 0.0);
    EXPECT_EQ(r.stuck_above_threshold, std::vector<NeuronIndex>{stuck}) << "sample " << s;
    EXPECT_EQ(r.own_spikes[stuck], 0u) << "its spikes are not its own: its membrane was never reset";
    EXPECT_GE(r.spike_count[stuck], 5u) << "a spike at every chance: one per refractory period of a 25 ms trial";
  }
}

TEST(CorticalColumn, AMembraneHeldBelowThresholdIsNotListedAsStuck) {
  ColumnParams p;
  p.neurons = 20;
  CorticalColumn col(p, {}, 64, 10);
  col.set_learning_enabled(false);
  HoldMembrane below(col.excitatory(), 7, 0.0f);
  col.simulation().add_actor(below);
  for (std::size_t s = 0; s < 5; ++s) {
    const ColumnResponse& r = col.present(digits().split.train.row(s), 0.0);
    EXPECT_TRUE(r.stuck_above_threshold.empty()) << "sample " << s;
    EXPECT_EQ(r.spike_count[7], 0u);
  }
}

TEST(CorticalColumn, LearningKeepsEachNeuronsWeightSum) {
  ColumnParams p;
  p.neurons = 10;
  CorticalColumn col(p, {}, 64, 10);
  for (std::size_t s = 0; s < 50; ++s) col.present(digits().split.train.row(s), 0.2);
  const auto w = col.checkpoint().weights;
  for (std::size_t j = 0; j < p.neurons; ++j) {
    double sum = 0;
    for (std::size_t i = 0; i < 64; ++i) sum += w[i * p.neurons + j];
    EXPECT_NEAR(sum, p.weight_sum, 1e-3);
  }
}

TEST(ColumnStateIo, SaveThenLoadReproducesEveryVote) {
  const auto path = (std::filesystem::temp_directory_path() / "snnft_columns_state.h5").string();
  MultiColumnProcessor trained(small_columns(2, 20), 64, 10, 1);
  trained.train(digits().split.train, 1);
  trained.label(digits().split.train);
  {
    H5Output out(path);
    save_columns(out, "/columns", trained);
    out.commit();
  }
  MultiColumnProcessor loaded(small_columns(2, 20), 64, 10, 1);
  load_columns(H5Input(path), "/columns", loaded);
  const auto a = trained.evaluate(digits().split.test);
  const auto b = loaded.evaluate(digits().split.test);
  for (std::size_t k = 0; k < 2; ++k) {
    for (std::size_t s = 0; s < a[k].size(); ++s) EXPECT_EQ(a[k][s].predicted_class, b[k][s].predicted_class);
  }
  MultiColumnProcessor wrong(small_columns(3, 20), 64, 10, 1);
  EXPECT_THROW(load_columns(H5Input(path), "/columns", wrong), std::runtime_error);
  std::filesystem::remove(path);
}

// A saved state that a column could not use is refused, naming what is wrong, and leaves the
// processor as it was (a label of 10 among 10 classes once indexed past the class scores).
TEST(ColumnStateIo, CorruptStateIsRefusedAndChangesNothing) {
  const auto path = (std::filesystem::temp_directory_path() / "snnft_columns_corrupt.h5").string();
  MultiColumnProcessor source(small_columns(1, 20), 64, 10, 1);
  const ColumnState good = source.column(0).checkpoint();
  auto write = [&](const ColumnState& state, double count) {
    H5Output out(path);
    out.create_group("/columns");
    out.set_attribute("/columns", "column_count", count);
    out.write_matrix<float>("/columns/column0/weights", state.weights, source.column(0).input_neurons(), 20);
    out.write<float>("/columns/column0/theta_mv", state.theta_mv);
    out.write<std::int32_t>("/columns/column0/labels", std::vector<std::int32_t>(state.labels.begin(), state.labels.end()));
    out.commit();
  };
  auto error_of = [&](const ColumnState& state, double count) -> std::string {
    write(state, count);
    MultiColumnProcessor target(small_columns(1, 20), 64, 10, 1);
    const std::vector<float> before = target.column(0).checkpoint().weights;
    try {
      load_columns(H5Input(path), "/columns", target);
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(target.column(0).checkpoint().weights, before);
      return e.what();
    }
    return "(loaded)";
  };
  EXPECT_EQ(error_of(good, 1), "(loaded)");
  ColumnState bad = good;
  bad.labels[3] = 10;
  EXPECT_EQ(error_of(bad, 1), path + ": /columns/column0/labels: label 10 is not -1 or a class of 10");
  bad = good;
  bad.weights[5] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(error_of(bad, 1), path + ": /columns/column0/weights: not every weight is finite");
  bad = good;
  bad.theta_mv[0] = std::numeric_limits<float>::infinity();
  EXPECT_EQ(error_of(bad, 1), path + ": /columns/column0/theta_mv: not every threshold is finite");
  EXPECT_EQ(error_of(good, std::numeric_limits<double>::quiet_NaN()), path + ": holds nan columns, the config has 1");
  std::filesystem::remove(path);
}

}  // namespace snnft::columns
