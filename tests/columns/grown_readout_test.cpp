// SPDX-License-Identifier: MIT
#include "snnft/columns/grown_readout.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numeric>

#include "allocation_counter.hpp"
#include "snnft/columns/column_state_io.hpp"
#include "snnft/columns/cortical_column.hpp"
#include "snnft/columns/multi_column.hpp"
#include "snnft/encoding/digits_dataset.hpp"

namespace snnft::columns {
namespace {

/// A two-neuron column whose readout is grown with Fahlman's parameters (no weight decay) on
/// the absolute first-spike times alone, so the textbook problems behave as in the standalone
/// learner.
ColumnParams two_neuron_column(std::size_t max_units) {
  ColumnParams p;
  p.neurons = 2;
  p.readout.kind = ReadoutParams::Kind::kCascor;
  p.readout.relative_timing = false;
  p.readout.depolarisation = false;
  p.readout.cascor = cascor::CascorParams{};
  p.readout.cascor.max_hidden_units = max_units;
  p.readout.cascor.output.max_epochs = 100000;  // phases end by stagnation or solution only
  return p;
}

/// The column response in which neuron j spiked at the trial's start exactly when bit j is set
/// (its code is then 1, and 0 for a silent neuron).
ColumnResponse response_of(int a, int b) {
  ColumnResponse r;
  r.first_step = {a != 0 ? 0 : -1, b != 0 ? 0 : -1};
  r.spike_count = {static_cast<std::uint16_t>(a), static_cast<std::uint16_t>(b)};
  r.winner_time_ms = 0.0;
  return r;
}

Eigen::MatrixXd codes_of(const std::vector<std::pair<int, int>>& bits) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(bits.size()), 2);
  for (std::size_t i = 0; i < bits.size(); ++i) m.row(static_cast<Eigen::Index>(i)) << bits[i].first, bits[i].second;
  return m;
}

const std::vector<std::pair<int, int>> kBits = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
const std::vector<int> kXor = {0, 1, 1, 0};
const std::vector<int> kAnd = {0, 0, 0, 1};

TEST(GrownReadout, FeaturesAreFirstSpikeTimesDecodedAndSpikeCounts) {
  ColumnParams p = two_neuron_column(0);
  p.readout.spike_counts = true;  // 25 ms trials, 5 ms refractory: at most 5 spikes
  GrownReadout readout(p, 2);
  ASSERT_EQ(readout.input_count(), 4u);
  ColumnResponse r;
  r.first_step = {10, -1};  // 10 steps of 0.5 ms: 5 ms into a 25 ms trial
  r.spike_count = {2, 0};
  r.spiked = true;
  std::vector<double> f(4);
  readout.features(r, f);
  EXPECT_DOUBLE_EQ(f[0], 1.0 - 5.0 / 25.0);
  EXPECT_EQ(f[1], 0.0);
  EXPECT_DOUBLE_EQ(f[2], 2.0 / 5.0);
  EXPECT_EQ(f[3], 0.0);
}

TEST(GrownReadout, RelativeTimingDecaysFromTheLayersFirstSpike) {
  ColumnParams p = two_neuron_column(0);
  p.neurons = 3;
  p.readout.relative_timing = true;
  p.readout.relative_tau_ms = 2.0;
  GrownReadout readout(p, 2);
  ASSERT_EQ(readout.input_count(), 6u);
  ColumnResponse r;
  r.first_step = {14, 10, -1};  // 7 and 5 ms into the trial, and silent
  r.spike_count = {1, 1, 0};
  r.spiked = true;
  std::vector<double> f(6);
  readout.features(r, f);
  EXPECT_DOUBLE_EQ(f[0], 1.0 - 7.0 / 25.0);
  EXPECT_DOUBLE_EQ(f[1], 1.0 - 5.0 / 25.0);
  EXPECT_DOUBLE_EQ(f[3], std::exp(-2.0 / 2.0));  // 2 ms after the first spike
  EXPECT_DOUBLE_EQ(f[4], 1.0);
  EXPECT_EQ(f[5], 0.0);
}

TEST(GrownReadout, DepolarisationIsOneForASpikerAndThePeakForASilentNeuron) {
  ColumnParams p = two_neuron_column(0);
  p.neurons = 3;
  p.readout.depolarisation = true;
  GrownReadout readout(p, 2);
  ASSERT_EQ(readout.input_count(), 6u);
  ColumnResponse r;
  r.first_step = {10, -1, -1};
  r.spike_count = {1, 0, 0};
  r.peak_depolarisation = {0.9f, 0.25f, -0.5f};  // a fired neuron's peak is sub-threshold
  r.spiked = true;
  std::vector<double> f(6);
  readout.features(r, f);
  EXPECT_EQ(f[3], 1.0);
  EXPECT_DOUBLE_EQ(f[4], 0.25);
  EXPECT_EQ(f[5], 0.0);  // hyperpolarised: as far from firing as silence gets
  r.peak_depolarisation.clear();  // a column that did not record it
  EXPECT_THROW(readout.features(r, f), std::invalid_argument);
}

TEST(GrownReadout, ASilentLayerIsCodedByTheNeuronThatCameClosestToFiring) {
  GrownReadout readout(two_neuron_column(0), 2);
  ColumnResponse r;
  r.first_step = {-1, -1};
  r.spike_count = {0, 0};
  r.spiked = false;
  r.winner = 1;
  r.winner_step = 40;  // closest to threshold 20 ms into the 25 ms trial
  std::vector<double> f(2);
  readout.features(r, f);
  EXPECT_EQ(f[0], 0.0);
  EXPECT_DOUBLE_EQ(f[1], 1.0 - 20.0 / 25.0);
}
TEST(GrownReadout, ALinearlySeparableCodeRecruitsNoUnit) {
  GrownReadout readout(two_neuron_column(8), 2);
  readout.train(codes_of(kBits), kAnd);
  EXPECT_EQ(readout.network().hidden_count(), 0u);
  for (std::size_t i = 0; i < kBits.size(); ++i) {
    EXPECT_EQ(readout.answer(response_of(kBits[i].first, kBits[i].second)).predicted_class, kAnd[i]);
  }
}

// Units are recruited only when the outputs' error has stagnated: every output phase that is
// followed by a candidate phase ends with `patience` epochs whose error stayed within the
// change threshold. The learner could not otherwise solve XOR without them.
TEST(GrownReadout, RecruitsUnitsOnlyWhenTheOutputErrorStagnates) {
  const ColumnParams p = two_neuron_column(8);
  GrownReadout readout(p, 2);
  readout.train(codes_of(kBits), kXor);
  ASSERT_GE(readout.network().hidden_count(), 1u);
  for (std::size_t i = 0; i < kBits.size(); ++i) {
    EXPECT_EQ(readout.answer(response_of(kBits[i].first, kBits[i].second)).predicted_class, kXor[i]);
  }
  const auto& curve = readout.learning_curve();
  const std::size_t patience = p.readout.cascor.output.patience;
  const double threshold = p.readout.cascor.output.change_threshold;
  std::size_t recruitments = 0;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    if (curve[i - 1].phase != cascor::Phase::kOutput || curve[i].phase != cascor::Phase::kCandidate) continue;
    ++recruitments;
    ASSERT_GT(i, patience + 1);
    const double reference = curve[i - 1 - patience].error;
    for (std::size_t j = i - patience; j < i; ++j) {
      ASSERT_EQ(curve[j].phase, cascor::Phase::kOutput);
      EXPECT_LE(std::abs(curve[j].error - reference), 2 * threshold * reference) << "epoch " << curve[j].epoch;
    }
  }
  EXPECT_EQ(recruitments, readout.network().hidden_count());
}

/// XOR taught online to a readout trained without hidden units (which cannot solve it).
struct OnlineXor {
  ColumnParams params = [] {
    ColumnParams p = two_neuron_column(0);
    p.readout.grow_online = true;
    p.readout.online_units = 2;
    p.readout.online_batch = 4;
    return p;
  }();
  GrownReadout readout{params, 2};
  OnlineXor() { readout.train(codes_of(kBits), kXor); }
  /// Teaches every XOR pattern `rounds` times; returns how many calls changed the weights.
  int teach(int rounds) {
    int changed = 0;
    for (int r = 0; r < rounds; ++r) {
      for (std::size_t i = 0; i < kBits.size(); ++i) changed += readout.teach(response_of(kBits[i].first, kBits[i].second), kXor[i]);
    }
    return changed;
  }
};

TEST(GrownReadout, OnlineGrowthRecruitsWithinItsBudget) {
  OnlineXor x;
  ASSERT_EQ(x.readout.network().hidden_count(), 0u);
  EXPECT_EQ(x.teach(5), 5);  // a growth step every 4 taught trials
  EXPECT_EQ(x.readout.status().growth_steps, 5u);
  EXPECT_GE(x.readout.status().online_units, 1u);
  EXPECT_LE(x.readout.network().hidden_count(), 2u);
  EXPECT_EQ(x.readout.status().online_units, x.readout.network().hidden_count());
  EXPECT_EQ(x.readout.status().taught, 20u);
}

TEST(GrownReadout, FrozenGrowthAddsNoUnitAndChangesNoWeight) {
  OnlineXor x;
  const cascor::CascorNetwork before = x.readout.network();
  x.readout.freeze_growth(true);
  EXPECT_EQ(x.teach(10), 0);
  EXPECT_EQ(x.readout.network().hidden_count(), 0u);
  EXPECT_EQ(x.readout.status().online_units, 0u);
  EXPECT_TRUE(x.readout.network() == before);
  EXPECT_EQ(x.readout.status().taught, 40u);  // still counted for the error monitor
  x.readout.freeze_growth(false);
  x.teach(2);
  EXPECT_GE(x.readout.network().hidden_count(), 1u);  // growth resumes
}

TEST(GrownReadout, RollbackRestoresTheReadoutBitForBit) {
  OnlineXor x;
  const ReadoutCheckpoint healthy = x.readout.checkpoint();
  std::vector<ColumnAnswer> answers;
  for (const auto& b : kBits) answers.push_back(x.readout.answer(response_of(b.first, b.second)));
  x.teach(3);
  ASSERT_FALSE(x.readout.network() == *healthy.network);
  x.readout.network_for_fault_injection().mutable_output_weights()(0, 0) = std::nan("");
  x.readout.restore(healthy);
  EXPECT_TRUE(x.readout.network() == *healthy.network);
  EXPECT_EQ(x.readout.status().online_units, 0u);
  for (std::size_t i = 0; i < kBits.size(); ++i) {
    const ColumnAnswer a = x.readout.answer(response_of(kBits[i].first, kBits[i].second));
    EXPECT_EQ(a.predicted_class, answers[i].predicted_class);
    EXPECT_EQ(a.confidence, answers[i].confidence);
  }
}

TEST(GrownReadout, ANanWeightGivesAnInvalidAnswer) {
  OnlineXor x;
  x.readout.network_for_fault_injection().mutable_output_weights()(1, 0) = std::nan("");
  EXPECT_TRUE(std::isnan(x.readout.answer(response_of(1, 0)).confidence));
}

// --- In the columns ---

struct Digits {
  DatasetSplit split;
  LabelledDataset train, test;
  Digits() {
    LabelledDataset all = load_digits_csv(std::string(SNNFT_DATA_DIR) + "/datasets/digits.csv");
    scale_features(all, 0.0f, 16.0f);
    split = stratified_split(all, 0.7, 0);
    std::vector<std::size_t> rows(300);
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    train = select_rows(split.train, rows, "train300");
    rows.resize(100);
    test = select_rows(split.test, rows, "test100");
  }
};

const Digits& digits() {
  static const Digits d;
  return d;
}

std::vector<ColumnSpec> grown_columns(std::size_t k) {
  std::vector<ColumnSpec> specs(k);
  for (std::size_t i = 0; i < k; ++i) {
    specs[i].params.neurons = 20;
    specs[i].params.seed = 300 + i;
    specs[i].params.readout.kind = ReadoutParams::Kind::kCascor;
    specs[i].params.readout.cascor.max_hidden_units = 2;
  }
  return specs;
}

std::unique_ptr<MultiColumnProcessor> trained_processor(std::size_t threads) {
  auto proc = std::make_unique<MultiColumnProcessor>(grown_columns(3), 64, 10, threads);
  proc->train_and_label(digits().train, 1);
  EXPECT_TRUE(proc->train_readouts(digits().train, VoteRule::kConfidenceWeighted));
  return proc;
}

TEST(GrownReadoutColumns, ResultsAreIdenticalForAnyThreadCount) {
  const auto one = trained_processor(1), two = trained_processor(2);
  const auto a = one->evaluate(digits().test), b = two->evaluate(digits().test);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_TRUE(one->column(k).grown_readout()->network() == two->column(k).grown_readout()->network()) << "column " << k;
    for (std::size_t s = 0; s < a[k].size(); ++s) {
      EXPECT_EQ(a[k][s].predicted_class, b[k][s].predicted_class);
      EXPECT_EQ(a[k][s].confidence, b[k][s].confidence);
    }
  }
}

TEST(GrownReadoutColumns, TheColumnAnswersWithItsGrownReadoutWithoutAllocating) {
  const auto proc = trained_processor(1);
  CorticalColumn& col = proc->column(0);
  ASSERT_TRUE(col.grown_readout()->trained());
  const auto sample = digits().test.row(0);
  col.present(sample, 0.0);
  const ColumnAnswer expected = col.grown_readout()->answer(col.last_response(), col.label_shares());
  const std::size_t before = snnft::test::allocation_count();
  col.present(sample, 0.0);
  const ColumnAnswer a = col.vote();
  EXPECT_EQ(snnft::test::allocation_count(), before);
  EXPECT_EQ(a.predicted_class, expected.predicted_class);
  EXPECT_EQ(a.confidence, expected.confidence);
  // The column recorded each neuron's closest approach to threshold: below it for the silent
  // ones and reached by some of them.
  const ColumnResponse& r = col.last_response();
  ASSERT_EQ(r.peak_depolarisation.size(), 20u);
  float highest_silent = 0.0f;
  for (std::size_t j = 0; j < 20; ++j) {
    if (r.first_step[j] < 0) {
      EXPECT_LT(r.peak_depolarisation[j], 1.0f) << "neuron " << j;
      highest_silent = std::max(highest_silent, r.peak_depolarisation[j]);
    }
  }
  EXPECT_GT(highest_silent, 0.0f);
  // Far above chance on held-out digits even for 20-neuron columns trained for one epoch.
  const auto votes = proc->evaluate(digits().test);
  std::size_t correct = 0;
  for (std::size_t s = 0; s < digits().test.size(); ++s) correct += votes[0][s].predicted_class == digits().test.labels[s];
  EXPECT_GT(correct, 50u);
}

TEST(GrownReadoutColumns, SavedReadoutsReloadAndAnswerIdentically) {
  const auto trained = trained_processor(1);
  const auto path = (std::filesystem::temp_directory_path() / "snnft_grown_readout_test.h5").string();
  {
    H5Output out(path);
    save_columns(out, "/columns", *trained);
    out.commit();
  }
  MultiColumnProcessor loaded(grown_columns(3), 64, 10, 1);
  load_columns(H5Input(path), "/columns", loaded);
  const auto a = trained->evaluate(digits().test), b = loaded.evaluate(digits().test);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_TRUE(trained->column(k).grown_readout()->network() == loaded.column(k).grown_readout()->network());
    for (std::size_t s = 0; s < a[k].size(); ++s) EXPECT_EQ(a[k][s].confidence, b[k][s].confidence);
  }
  // A config with label readouts cannot take them, and one with grown readouts needs them.
  std::vector<ColumnSpec> plain = grown_columns(3);
  for (auto& s : plain) s.params.readout.kind = ReadoutParams::Kind::kLabels;
  MultiColumnProcessor labels_only(plain, 64, 10, 1);
  EXPECT_NO_THROW(load_columns(H5Input(path), "/columns", labels_only));
  {
    H5Output out(path);
    save_columns(out, "/columns", labels_only);
    out.commit();
  }
  MultiColumnProcessor wants_readouts(grown_columns(3), 64, 10, 1);
  EXPECT_THROW(load_columns(H5Input(path), "/columns", wants_readouts), std::runtime_error);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace snnft::columns
