// SPDX-License-Identifier: MIT
// The label readout's place next to a grown readout: its votes, its class shares mixed into
// the column's answer, the out-of-fold shares fed to a readout as inputs, and the calibration
// that chooses how much it counts.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "snnft/columns/cortical_column.hpp"
#include "snnft/columns/grown_readout.hpp"
#include "snnft/columns/label_weight_calibration.hpp"

namespace snnft::columns {
namespace {

TEST(LabelVotes, EarlierVotersWeighMoreAndUnlabelledOnesKeepTheirRank) {
  const std::vector<int> labels = {2, -1, 0, 2};
  const std::vector<NeuronIndex> voters = {3, 1, 2, 0};  // weights 1, 1/2, 1/3, 1/4
  std::vector<double> scores(3, 0.0);
  const double total = label_votes(voters, labels, scores);
  EXPECT_DOUBLE_EQ(scores[2], 1.0 + 0.25);
  EXPECT_DOUBLE_EQ(scores[0], 1.0 / 3.0);
  EXPECT_EQ(scores[1], 0.0);
  EXPECT_DOUBLE_EQ(total, 1.0 + 0.25 + 1.0 / 3.0);
}

/// A two-neuron readout grown on AND of the neurons' first spikes (no hidden unit needed).
struct AndReadout {
  ColumnParams params = [] {
    ColumnParams p;
    p.neurons = 2;
    p.readout.kind = ReadoutParams::Kind::kCascor;
    p.readout.relative_timing = false;
    p.readout.depolarisation = false;
    p.readout.cascor = cascor::CascorParams{};
    return p;
  }();
  GrownReadout readout{params, 2};
  AndReadout() {
    Eigen::MatrixXd codes(4, 2);
    codes << 0, 0, 0, 1, 1, 0, 1, 1;
    readout.train(codes, std::vector<int>{0, 0, 0, 1});
  }
};

TEST(GrownReadout, LabelSharesCountByTheLabelWeight) {
  AndReadout x;
  const std::vector<double> code = {1.0, 1.0};  // AND: class 1
  const std::vector<double> labels_say_0 = {1.0, 0.0};
  const ColumnAnswer alone = x.readout.answer_code(code);
  ASSERT_EQ(alone.predicted_class, 1);
  // Weight 0: the label shares change nothing, bit for bit.
  const ColumnAnswer zero = x.readout.answer_code(code, labels_say_0);
  EXPECT_EQ(zero.predicted_class, alone.predicted_class);
  EXPECT_EQ(zero.confidence, alone.confidence);
  // Weight 4: the labels outweigh any output share (at most 1); the confidence is the best
  // score's share of all scores, (share_0 + 4) / (1 + 4).
  x.readout.set_label_weight(4.0);
  const ColumnAnswer heavy = x.readout.answer_code(code, labels_say_0);
  EXPECT_EQ(heavy.predicted_class, 0);
  const double share_1 = alone.confidence;  // the grown outputs' share for class 1
  EXPECT_NEAR(heavy.confidence, (1.0 - share_1 + 4.0) / 5.0, 1e-12);
  // Labels that agree with the outputs leave the answer and raise the confidence.
  const ColumnAnswer agree = x.readout.answer_code(code, std::vector<double>{0.0, 1.0});
  EXPECT_EQ(agree.predicted_class, 1);
  EXPECT_GT(agree.confidence, alone.confidence);
}

TEST(GrownReadout, ACheckpointKeepsTheLabelWeight) {
  AndReadout x;
  x.readout.set_label_weight(0.5);
  const ReadoutCheckpoint saved = x.readout.checkpoint();
  x.readout.set_label_weight(2.0);
  x.readout.restore(saved);
  EXPECT_EQ(x.readout.label_weight(), 0.5);
}

TEST(GrownReadout, ANanOutputStillGivesANanConfidenceWithLabels) {
  AndReadout x;
  x.readout.set_label_weight(1.0);
  x.readout.network_for_fault_injection().mutable_output_weights()(0, 0) = std::nan("");
  EXPECT_TRUE(std::isnan(x.readout.answer_code(std::vector<double>{1.0, 0.0}, std::vector<double>{1.0, 0.0}).confidence));
}

/// Evidence of `n` samples in which sample s is won by neuron winner(s), its only voter.
ReadoutEvidence single_voter_evidence(std::size_t n, std::size_t inputs, const std::function<NeuronIndex(std::size_t)>& winner) {
  ReadoutEvidence e;
  e.codes = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(inputs));
  e.stride = 1;
  for (std::size_t s = 0; s < n; ++s) {
    e.voters.push_back(winner(s));
    e.voter_count.push_back(1);
    e.winners.push_back(winner(s));
    e.first_spike_ms.push_back(1.0);
  }
  return e;
}

TEST(LabelInputs, EachSampleIsAnsweredByLabelsCountedOnTheOtherFolds) {
  // Neurons 0-9 each win one sample only (samples 0-9); neuron 10 wins samples 10-19, all of
  // class 1. With five folds, a sample never sees its own win.
  std::vector<int> labels(20, 0);
  for (std::size_t s = 10; s < 20; ++s) labels[s] = 1;
  ReadoutEvidence e = single_voter_evidence(20, 3 + 2, [](std::size_t s) { return static_cast<NeuronIndex>(s < 10 ? s : 10); });
  fill_label_inputs(e, labels, 11, 2, 3);
  for (std::size_t s = 0; s < 10; ++s) {
    EXPECT_EQ(e.codes(static_cast<Eigen::Index>(s), 3), 0.0) << "sample " << s << " saw its own label";
    EXPECT_EQ(e.codes(static_cast<Eigen::Index>(s), 4), 0.0) << "sample " << s;
  }
  for (std::size_t s = 10; s < 20; ++s) {
    EXPECT_EQ(e.codes(static_cast<Eigen::Index>(s), 3), 0.0);
    EXPECT_EQ(e.codes(static_cast<Eigen::Index>(s), 4), 1.0);
  }
  for (std::size_t s = 0; s < 20; ++s) EXPECT_EQ(e.codes.row(static_cast<Eigen::Index>(s)).head(3).norm(), 0.0) << "code inputs touched";
}

/// Three calibrated columns of `neurons` neurons and two classes, with evidence from `make`.
struct Calibration {
  std::vector<std::unique_ptr<CorticalColumn>> columns;
  std::vector<ReadoutEvidence> evidence;
  std::vector<int> labels;
  LabelWeightChoice choice;

  Calibration(std::size_t neurons, const std::function<ReadoutEvidence(std::size_t column)>& make, std::vector<int> truth)
      : labels(std::move(truth)) {
    std::vector<const CorticalColumn*> view;
    for (std::size_t k = 0; k < 3; ++k) {
      ColumnParams p;
      p.neurons = neurons;
      p.seed = 40 + k;
      p.readout.kind = ReadoutParams::Kind::kCascor;
      p.readout.relative_timing = false;
      p.readout.depolarisation = false;
      p.readout.cascor.max_hidden_units = 0;
      columns.push_back(std::make_unique<CorticalColumn>(p, InputView{}, 4, 2));
      view.push_back(columns.back().get());
      evidence.push_back(make(k));
    }
    const std::vector<std::uint8_t> calibrated(3, 1);
    choice = calibrate_label_weight(view, evidence, labels, calibrated, VoteRule::kConfidenceWeighted,
                                    [](const std::function<void(std::size_t)>& work) {
                                      for (std::size_t k = 0; k < 3; ++k) work(k);
                                    });
  }
};

std::vector<int> alternating(std::size_t n) {
  std::vector<int> labels(n);
  for (std::size_t s = 0; s < n; ++s) labels[s] = static_cast<int>((s / 3) % 2);
  return labels;
}

TEST(LabelWeightCalibration, ChoosesTheLabelsWhenOnlyTheyKnowTheClass) {
  // Codes are noise; neuron `class` wins every sample of its class.
  const std::size_t n = 200;
  const std::vector<int> truth = alternating(n);
  Calibration c(8, [&](std::size_t k) {
    ReadoutEvidence e = single_voter_evidence(n, 8, [&](std::size_t s) { return static_cast<NeuronIndex>(truth[s]); });
    std::mt19937 rng(static_cast<unsigned>(k + 1));
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (Eigen::Index i = 0; i < e.codes.size(); ++i) e.codes.data()[i] = u(rng);
    return e;
  }, truth);
  ASSERT_EQ(c.choice.vote_accuracy.size(), std::size(ReadoutParams::kLabelWeights));
  EXPECT_GT(c.choice.weight, 0.0);
  EXPECT_EQ(*std::max_element(c.choice.vote_accuracy.begin(), c.choice.vote_accuracy.end()), 1.0);
  EXPECT_LT(c.choice.vote_accuracy[0], 0.8) << "the grown outputs alone should be near chance on noise";
}

TEST(LabelWeightCalibration, KeepsTheGrownOutputsAloneWhenTheLabelsAreNoise) {
  // The first input says the class; the winners are random, so the labels are noise.
  const std::size_t n = 200;
  const std::vector<int> truth = alternating(n);
  Calibration c(8, [&](std::size_t k) {
    std::mt19937 rng(static_cast<unsigned>(k + 7));
    ReadoutEvidence e = single_voter_evidence(n, 8, [&](std::size_t) { return static_cast<NeuronIndex>(rng() % 8); });
    for (std::size_t s = 0; s < n; ++s) e.codes(static_cast<Eigen::Index>(s), 0) = truth[s];
    return e;
  }, truth);
  EXPECT_EQ(c.choice.vote_accuracy[0], 1.0);
  EXPECT_EQ(c.choice.weight, 0.0);
}

}  // namespace
}  // namespace snnft::columns
