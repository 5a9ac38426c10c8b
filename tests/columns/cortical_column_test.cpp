// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace snnft::columns
