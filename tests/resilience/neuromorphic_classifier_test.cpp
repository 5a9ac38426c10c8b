// SPDX-License-Identifier: MIT
// ProtectedClassifier on trained digits columns: the plain vote without protection, isolation
// and readmission of a failing column, the ladder's mechanisms, the fallback classifier, and
// no allocation per trial.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <stdexcept>

#include "allocation_counter.hpp"
#include "neuromorphic_test_util.hpp"
#include "snnft/core/hdf5_input.hpp"
#include "snnft/resilience/neuromorphic/centroid_classifier.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"
#include "snnft/resilience/neuromorphic/protection_output.hpp"
#include "snnft/resilience/neuromorphic/weight_quantizer.hpp"

namespace snnft::neuromorphic {
namespace {

using test::digits;
using test::trained_processor;

constexpr auto kRule = columns::VoteRule::kConfidenceWeighted;

/// Whole-column failures for chosen columns during trials [from, until). kScrambled: a valid
/// but wrong answer, a different one in each column and trial (replays included).
class ScriptedFaults final : public ColumnTrialHook {
 public:
  enum class Kind { kGarbage, kCrash, kHang, kScrambled };
  ScriptedFaults(std::set<std::size_t> columns, Kind kind, std::uint64_t from, std::uint64_t until)
      : columns_(std::move(columns)), kind_(kind), from_(from), until_(until) {}

  ColumnTrialReport run(std::size_t column, std::uint64_t trial, ColumnWork& work) override {
    const bool active = columns_.count(column) > 0 && trial >= from_ && trial < until_;
    if (active && kind_ == Kind::kCrash) throw std::runtime_error("column crashed");
    ColumnTrialReport r;
    r.answer = work();
    if (active && kind_ == Kind::kGarbage) r.answer.confidence = std::numeric_limits<double>::quiet_NaN();
    if (active && kind_ == Kind::kScrambled && r.answer.predicted_class >= 0) {
      const auto shift = static_cast<int>(1 + (trial + column) % (kDigitsClasses - 1));
      r.answer.predicted_class = (r.answer.predicted_class + shift) % kDigitsClasses;
    }
    if (active && kind_ == Kind::kHang) {
      r.extra_latency_ms = 1e6;
      r.deadline_exceeded = true;
    }
    return r;
  }

 private:
  std::set<std::size_t> columns_;
  Kind kind_;
  std::uint64_t from_, until_;
};

std::span<const float> sample(std::size_t trial) { return digits().test.row(trial % digits().test.size()); }
int label(std::size_t trial) { return digits().test.labels[trial % digits().test.size()]; }

TEST(ProtectedClassifier, ProtectionOffIsExactlyThePlainVote) {
  auto p = trained_processor();
  const auto votes = p->evaluate(digits().test);
  ProtectionConfig off;
  off.enabled = false;
  ProtectedClassifier classifier(*p, off, kRule);
  columns::ConsensusRecord record(p->column_count(), p->class_count());
  std::vector<columns::ColumnAnswer> answers(p->column_count());
  for (std::size_t s = 0; s < digits().test.size(); ++s) {
    for (std::size_t k = 0; k < answers.size(); ++k) answers[k] = votes[k][s];
    columns::vote_into(record, answers, kRule);
    const HealthRow& row = classifier.classify(digits().test.row(s), digits().test.labels[s]);
    ASSERT_EQ(row.answer, record.winning_class) << "sample " << s;
    EXPECT_EQ(row.source, record.winning_class >= 0 ? AnswerSource::kVote : AnswerSource::kNone);
    for (std::size_t k = 0; k < answers.size(); ++k) {
      EXPECT_EQ(classifier.last_vote().votes[k], answers[k].predicted_class);
      EXPECT_EQ(classifier.last_vote().confidences[k], answers[k].confidence);
    }
  }
  EXPECT_EQ(classifier.recorder().size(), digits().test.size());
  EXPECT_EQ(classifier.events().size(), 0u);
  EXPECT_GT(classifier.last_row().accuracy, 0.75);
}

TEST(ProtectedClassifier, HealthyRunStaysNormalAndMatchesThePlainVote) {
  auto p = trained_processor();
  const auto votes = p->evaluate(digits().test);
  ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
  classifier.calibrate(digits().train, 200);
  columns::ConsensusRecord record(p->column_count(), p->class_count());
  std::vector<columns::ColumnAnswer> answers(p->column_count());
  std::size_t same = 0;
  for (std::size_t s = 0; s < digits().test.size(); ++s) {
    for (std::size_t k = 0; k < answers.size(); ++k) answers[k] = votes[k][s];
    columns::vote_into(record, answers, kRule);
    same += classifier.classify(digits().test.row(s), digits().test.labels[s]).answer == record.winning_class;
  }
  EXPECT_EQ(classifier.ladder().deepest(), LadderLevel::kNormal);
  EXPECT_EQ(classifier.state(), SystemState::kClosed);
  EXPECT_TRUE(classifier.isolated_columns().empty());
  EXPECT_GE(static_cast<double>(same) / static_cast<double>(digits().test.size()), 0.99);
}

// A column answering NaN confidences is isolated after 3 bad trials, skipped while its break
// lasts, probed in half-open once the break is over and readmitted after 3 healthy probes.
TEST(ProtectedClassifier, GarbageColumnIsIsolatedThenReadmittedAfterItHeals) {
  auto p = trained_processor();
  ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
  classifier.calibrate(digits().train, 200);
  ScriptedFaults faults({1}, ScriptedFaults::Kind::kGarbage, 30, 80);
  classifier.set_hook(&faults);
  std::vector<breaker::BreakerState> state(200);
  std::vector<bool> ran(200), voted(200);
  for (std::size_t t = 0; t < 200; ++t) {
    const HealthRow& row = classifier.classify(sample(t), label(t));
    state[t] = row.columns[1].state;
    ran[t] = row.columns[1].ran;
    voted[t] = row.columns[1].voted;
    if (t >= 30 && t < 33) {
      EXPECT_TRUE(row.columns[1].signatures & bit(FaultSignature::kInvalidAnswer));
    }
  }
  EXPECT_EQ(state[31], breaker::BreakerState::kClosed);
  EXPECT_EQ(state[32], breaker::BreakerState::kOpen) << "three invalid answers in a row";
  // break_trials 5, doubled after each failed probe up to max_break_trials 10.
  for (std::size_t t = 33; t < 37; ++t) EXPECT_FALSE(ran[t]) << "isolated columns are not run, trial " << t;
  EXPECT_EQ(state[199], breaker::BreakerState::kClosed);
  EXPECT_TRUE(voted[199]);

  std::vector<std::pair<std::string, std::uint64_t>> moves;
  for (const auto& e : classifier.events().events()) {
    if (e.kind == EventKind::kColumnBreaker) moves.emplace_back(e.from + ">" + e.to, e.trial);
  }
  ASSERT_GE(moves.size(), 3u);
  EXPECT_EQ(moves.front(), (std::pair<std::string, std::uint64_t>{"closed>open", 32}));
  EXPECT_EQ(moves[1].first, "open>half_open");
  EXPECT_EQ(moves.back().first, "half_open>closed");
  EXPECT_GE(moves.back().second, 82u) << "readmitted only after three healthy probes once healed";
  // While probing, the column ran but did not vote.
  const std::uint64_t closed_at = moves.back().second;
  EXPECT_TRUE(ran[closed_at]);
  EXPECT_FALSE(voted[closed_at]);
  EXPECT_EQ(classifier.isolated_columns(), std::vector<std::size_t>{1});
  EXPECT_EQ(classifier.state(), SystemState::kClosed) << "losing one of five columns is not a system failure";
  const auto detection = classifier.events().first_at_or_after(EventKind::kDetection, 30, 1);
  ASSERT_TRUE(detection.has_value());
  EXPECT_EQ(detection->trial, 30u);
  const std::array<FaultMark, 1> marks = {FaultMark{30, 1}};
  EXPECT_DOUBLE_EQ(mean_detection_trials(classifier.events(), marks), 0.0);
}

// Replays judge a column against its peers' replays of the same samples. One column whose
// answers are scrambled disagrees with the others, replays, and is isolated for answers no
// longer its own. When every column is scrambled, every column's replays change alike: the
// fault is the system's, so no column is isolated for it; their health falls and the ladder
// steps down to the fallback.
TEST(ProtectedClassifier, ReplaysBlameOneChangedColumnButNotAFaultEveryColumnShares) {
  auto run = [](std::set<std::size_t> scrambled) {
    auto p = trained_processor();
    auto classifier = std::make_unique<ProtectedClassifier>(*p, ProtectionConfig{}, kRule);
    const auto [fit, held] = test::calibration_split(digits().train);
    classifier->calibrate_rungs(fit, held, 100);
    ScriptedFaults faults(std::move(scrambled), ScriptedFaults::Kind::kScrambled, 20, 1000);
    classifier->set_hook(&faults);
    for (std::size_t t = 0; t < 60; ++t) classifier->classify(sample(t), label(t));
    return std::make_pair(std::move(p), std::move(classifier));
  };
  {
    const auto [p, classifier] = run({2});
    EXPECT_EQ(classifier->isolated_columns(), std::vector<std::size_t>{2});
    EXPECT_GT(classifier->analytics().column_count(2, FaultSignature::kReplayMismatch), 0u);
    EXPECT_EQ(classifier->level(), LadderLevel::kNormal);
  }
  {
    const auto [p, classifier] = run({0, 1, 2, 3, 4});
    EXPECT_TRUE(classifier->isolated_columns().empty()) << "a fault every column shares isolates none";
    for (std::size_t k = 0; k < test::kColumns; ++k) {
      EXPECT_GT(classifier->analytics().column_count(k, FaultSignature::kReplayMismatch), 0u) << k;
    }
    const double healthy_vote = classifier->calibration().rung_accuracy[static_cast<std::size_t>(LadderLevel::kNormal)];
    EXPECT_LT(classifier->estimated_rung_accuracy()[static_cast<std::size_t>(LadderLevel::kNormal)], 0.2 * healthy_vote)
        << "the replayed vote is measured wrong: the spiking rungs' estimates follow it";
    EXPECT_EQ(classifier->level(), LadderLevel::kEmergency) << "the system's health falls: the fallback answers";
    EXPECT_EQ(classifier->last_row().source, AnswerSource::kFallback);
  }
}

TEST(ProtectedClassifier, CrashingAndHangingColumnsAreIsolatedWithoutStoppingTheRun) {
  for (auto kind : {ScriptedFaults::Kind::kCrash, ScriptedFaults::Kind::kHang}) {
    auto p = trained_processor();
    ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
    classifier.calibrate(digits().train, 100);
    ScriptedFaults faults({3}, kind, 10, 1000);
    classifier.set_hook(&faults);
    std::size_t correct = 0;
    for (std::size_t t = 0; t < 150; ++t) correct += classifier.classify(sample(t), label(t)).answer == label(t);
    const FaultSignature expected = kind == ScriptedFaults::Kind::kCrash ? FaultSignature::kCrash : FaultSignature::kLatency;
    EXPECT_GE(classifier.analytics().column_count(3, expected), 3u);
    EXPECT_EQ(classifier.isolated_columns(), std::vector<std::size_t>{3});
    EXPECT_NE(classifier.last_row().columns[3].state, breaker::BreakerState::kClosed);
    EXPECT_GT(static_cast<double>(correct) / 150.0, 0.75);
  }
}

TEST(CentroidClassifier, DigitsAccuracyIsAboutNinetyPercent) {
  CentroidClassifier c;
  c.fit(digits().train);
  const double accuracy = c.accuracy(digits().test);
  EXPECT_GT(accuracy, 0.86);
  EXPECT_LT(accuracy, 0.95);
  // The centroid of a class is the mean of its training samples.
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t s = 0; s < digits().train.size(); ++s) {
    if (digits().train.labels[s] != 3) continue;
    sum += digits().train.row(s)[20];
    ++n;
  }
  EXPECT_NEAR(c.centroid(3)[20], sum / static_cast<double>(n), 1e-6);
  EXPECT_THROW(static_cast<void>(c.classify(std::vector<float>(3))), std::invalid_argument);
}

TEST(WeightQuantizer, SnapsToSixteenLevelsAndRestoresExactly) {
  std::vector<float> w = {0.0f, 0.013f, 0.5f, 0.77777f, 1.0f, 0.2f, 1e30f, -3.0f, std::nanf("")};
  const std::vector<float> original = w;
  WeightQuantizer q(4);
  q.quantize(w, 0.0f, 1.0f);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_NEAR(w[i], original[i], 0.5 / 15 + 1e-7);
    EXPECT_NEAR(w[i] * 15.0f, std::round(w[i] * 15.0f), 1e-4) << "on a level";
  }
  EXPECT_EQ(w[6], 1.0f) << "clamped to the healthy range";
  EXPECT_EQ(w[7], 0.0f);
  EXPECT_EQ(w[8], 0.0f) << "NaN becomes the bottom level";
  q.restore(w);
  EXPECT_EQ(std::memcmp(w.data(), original.data(), w.size() * sizeof(float)), 0) << "bit for bit, NaN included";
  std::vector<float> other(3);
  EXPECT_THROW(q.restore(other), std::logic_error);
}

// ReducedPrecision quantizes every column's weights; stepping back up restores them exactly.
TEST(ProtectedClassifier, ReducedPrecisionIsRestorableExactly) {
  auto p = trained_processor();
  ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
  classifier.classify(sample(0), label(0));
  std::vector<std::vector<float>> before;
  for (std::size_t k = 0; k < p->column_count(); ++k) before.push_back(p->column(k).checkpoint().weights);
  classifier.pin_level(LadderLevel::kReducedPrecision);
  for (std::size_t k = 0; k < p->column_count(); ++k) {
    const auto w = p->column(k).checkpoint().weights;
    const std::set<float> levels(w.begin(), w.end());
    EXPECT_LE(levels.size(), 16u);
    EXPECT_GE(levels.size(), 8u);
    EXPECT_NE(w, before[k]);
  }
  std::size_t correct = 0;
  for (std::size_t t = 1; t <= 100; ++t) correct += classifier.classify(sample(t), label(t)).answer == label(t);
  EXPECT_GT(correct, 70u) << "4-bit weights still classify";
  classifier.pin_level(LadderLevel::kNormal);
  for (std::size_t k = 0; k < p->column_count(); ++k) {
    const auto w = p->column(k).checkpoint().weights;
    ASSERT_EQ(w.size(), before[k].size());
    EXPECT_EQ(std::memcmp(w.data(), before[k].data(), w.size() * sizeof(float)), 0) << "column " << k;
  }
}

// StaticWeights freezes learning and puts every column back to its last healthy checkpoint,
// taken periodically while the columns learned online and stayed healthy.
TEST(ProtectedClassifier, StaticWeightsFreezesLearningAndRestoresTheLastHealthyCheckpoint) {
  auto p = trained_processor();
  ProtectionConfig config;
  config.checkpoint_interval_trials = 20;
  ProtectedClassifier classifier(*p, config, kRule);
  classifier.calibrate(digits().train, 100);
  for (std::size_t t = 0; t < 40; ++t) classifier.classify(sample(t), label(t), 0.05);
  std::vector<std::vector<float>> at_checkpoint;
  for (std::size_t k = 0; k < p->column_count(); ++k) at_checkpoint.push_back(p->column(k).checkpoint().weights);
  for (std::size_t t = 40; t < 55; ++t) classifier.classify(sample(t), label(t), 0.05);
  EXPECT_NE(p->column(0).checkpoint().weights, at_checkpoint[0]) << "learning went on after the checkpoint";
  classifier.pin_level(LadderLevel::kStaticWeights);
  for (std::size_t k = 0; k < p->column_count(); ++k) {
    EXPECT_FALSE(p->column(k).learning_enabled());
    // Still quantized (ReducedPrecision lies above), but snapped from the checkpoint.
    const auto w = p->column(k).checkpoint().weights;
    ASSERT_EQ(w.size(), at_checkpoint[k].size());
    for (std::size_t i = 0; i < w.size(); i += 97) EXPECT_NEAR(w[i], at_checkpoint[k][i], 0.04) << k << "/" << i;
  }
  const auto frozen = p->column(0).checkpoint().weights;
  for (std::size_t t = 55; t < 70; ++t) classifier.classify(sample(t), label(t), 0.05);
  EXPECT_EQ(p->column(0).checkpoint().weights, frozen);
  classifier.pin_level(LadderLevel::kNormal);
  EXPECT_TRUE(p->column(0).learning_enabled());
  EXPECT_EQ(p->column(0).checkpoint().weights, at_checkpoint[0]) << "full precision of the checkpoint";
}

TEST(ProtectedClassifier, SingleColumnAndEmergencyChangeWhoAnswers) {
  auto p = trained_processor();
  ProtectionConfig config;
  config.emergency_probe_interval_trials = 2;
  ProtectedClassifier classifier(*p, config, kRule);
  classifier.fit_fallback(digits().train);
  classifier.calibrate(digits().train, 100);
  classifier.pin_level(LadderLevel::kSingleColumn);
  for (std::size_t t = 0; t < 20; ++t) {
    const HealthRow& row = classifier.classify(sample(t), label(t));
    EXPECT_EQ(row.source, AnswerSource::kSingleColumn);
    EXPECT_EQ(row.level, LadderLevel::kSingleColumn);
    EXPECT_EQ(row.system_state, SystemState::kDegraded);
    // The answer is one column's own answer.
    bool from_a_column = false;
    for (const auto& c : row.columns) from_a_column = from_a_column || c.answer == row.answer;
    EXPECT_TRUE(from_a_column);
  }
  classifier.pin_level(LadderLevel::kEmergency);
  const std::uint64_t first = classifier.trials();
  std::size_t network_trials = 0;
  for (std::size_t t = first; t < first + 40; ++t) {
    const HealthRow& row = classifier.classify(sample(t), label(t));
    EXPECT_EQ(row.source, AnswerSource::kFallback);
    EXPECT_EQ(row.answer, classifier.fallback().classify(sample(t)).predicted_class);
    EXPECT_EQ(row.system_state, SystemState::kOpen);
    network_trials += row.columns[0].ran;
  }
  EXPECT_EQ(network_trials, 20u) << "columns probed every 2nd trial only";
}

// Every column returns garbage for a while: the system health drops, the ladder steps down
// rung by rung to Emergency, and once the columns heal and are readmitted it climbs back one
// rung at a time to Normal.
TEST(ProtectedClassifier, LadderStepsDownAndBackUpWithAFaultThatComesAndGoes) {
  auto p = trained_processor();
  ProtectionConfig config;
  config.ladder.window_trials = 2;
  config.emergency_probe_interval_trials = 2;
  config.column_breaker.backoff_multiplier = 1.0;
  ProtectedClassifier classifier(*p, config, kRule);
  classifier.fit_fallback(digits().train);
  classifier.calibrate(digits().train, 100);
  classifier.reserve(700);
  ScriptedFaults faults({0, 1, 2, 3, 4}, ScriptedFaults::Kind::kGarbage, 50, 150);
  classifier.set_hook(&faults);
  for (std::size_t t = 0; t < 700; ++t) classifier.classify(sample(t), label(t));

  std::vector<std::string> path;
  for (const auto& e : classifier.events().events()) {
    if (e.kind == EventKind::kLadder) path.push_back(e.to);
  }
  EXPECT_EQ(path, (std::vector<std::string>{"ReducedPrecision", "SingleColumn", "StaticWeights", "Emergency",
                                            "StaticWeights", "SingleColumn", "ReducedPrecision", "Normal"}));
  EXPECT_EQ(classifier.ladder().deepest(), LadderLevel::kEmergency);
  EXPECT_EQ(classifier.level(), LadderLevel::kNormal);
  EXPECT_EQ(classifier.state(), SystemState::kClosed);
  const ProtectionSummary summary = summarize(classifier);
  EXPECT_EQ(summary.deepest_level, LadderLevel::kEmergency);
  EXPECT_EQ(summary.final_level, LadderLevel::kNormal);
  EXPECT_EQ(summary.ladder_transitions, 8u);
  EXPECT_EQ(summary.isolated_columns, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_GT(summary.answers_by_source[static_cast<std::size_t>(AnswerSource::kFallback)], 0u);
  EXPECT_GT(summary.accuracy, 0.75);
  // The failure report names the signature and the columns.
  EXPECT_GT(classifier.analytics().column_count(2, FaultSignature::kInvalidAnswer), 0u);
}

// Three of five columns return garbage: health is judged over the admitted columns, so the
// other two carry on at Normal (reduced capacity, not a degraded rung).
TEST(ProtectedClassifier, LostColumnsLeaveTheOthersAtNormal) {
  auto p = trained_processor();
  ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
  classifier.fit_fallback(digits().train);
  classifier.calibrate(digits().train, 100);
  ScriptedFaults faults({0, 2, 4}, ScriptedFaults::Kind::kGarbage, 20, 100000);
  classifier.set_hook(&faults);
  for (std::size_t t = 0; t < 200; ++t) classifier.classify(sample(t), label(t));
  EXPECT_EQ(classifier.ladder().deepest(), LadderLevel::kNormal);
  EXPECT_EQ(summarize(classifier).isolated_columns, (std::vector<std::size_t>{0, 2, 4}));
  EXPECT_EQ(classifier.analytics().column_count(1, FaultSignature::kInvalidAnswer), 0u);
}

TEST(ProtectedClassifier, SameRowsForOneOrTwoThreads) {
  auto run = [](std::size_t threads) {
    auto p = trained_processor(threads);
    ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
    classifier.calibrate(digits().train, 100);
    ScriptedFaults faults({1}, ScriptedFaults::Kind::kGarbage, 20, 60);
    classifier.set_hook(&faults);
    std::vector<std::pair<int, double>> rows;
    for (std::size_t t = 0; t < 120; ++t) {
      const HealthRow& r = classifier.classify(sample(t), label(t));
      rows.emplace_back(r.answer, r.system_health);
    }
    return rows;
  };
  EXPECT_EQ(run(1), run(2));
}

// Monitoring, breakers and ladder add no allocation to a trial: a protected trial allocates
// exactly what the columns' own present() and vote() allocate.
TEST(ProtectedClassifier, ProtectedTrialsAllocateNothingBeyondThePlainTrial) {
  auto plain = trained_processor();
  auto p = trained_processor();
  ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
  classifier.calibrate(digits().train, 60);
  classifier.reserve(200);
  columns::ConsensusRecord record(plain->column_count(), plain->class_count());
  for (std::size_t t = 0; t < 40; ++t) {
    classifier.classify(sample(t), label(t));
    columns::vote_into(record, plain->present(sample(t)), kRule);
  }
  const std::size_t a0 = snnft::test::allocation_count();
  for (std::size_t t = 40; t < 140; ++t) columns::vote_into(record, plain->present(sample(t)), kRule);
  const std::size_t plain_allocations = snnft::test::allocation_count() - a0;
  const std::size_t a1 = snnft::test::allocation_count();
  for (std::size_t t = 40; t < 140; ++t) classifier.classify(sample(t), label(t));
  const std::size_t protected_allocations = snnft::test::allocation_count() - a1;
  EXPECT_EQ(protected_allocations, plain_allocations);
  EXPECT_EQ(classifier.events().size(), 0u);
}

TEST(ProtectionOutput, HealthEventsAndAnalyticsAreWrittenForH5py) {
  auto p = trained_processor();
  ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
  classifier.calibrate(digits().train, 60);
  classifier.audit(Operation::kTrain);
  ScriptedFaults faults({2}, ScriptedFaults::Kind::kGarbage, 5, 40);
  classifier.set_hook(&faults);
  for (std::size_t t = 0; t < 50; ++t) classifier.classify(sample(t), label(t));
  const std::string path = ::testing::TempDir() + "/neuromorphic_output.h5";
  {
    H5Output out(path);
    write_protection(out, classifier);
    out.commit();
  }
  H5Input in(path);
  EXPECT_EQ(in.shape("/health/time_ms"), std::vector<std::size_t>{50});
  EXPECT_EQ(in.shape("/health/column_state"), (std::vector<std::size_t>{50, test::kColumns}));
  const auto time = in.read<double>("/health/time_ms");
  EXPECT_DOUBLE_EQ(time[1] - time[0], 25.0) << "one trial apart on the simulated time base";
  const auto states = in.read<std::uint8_t>("/health/column_state");
  EXPECT_EQ(states[7 * test::kColumns + 2], static_cast<std::uint8_t>(breaker::BreakerState::kOpen));
  EXPECT_EQ(in.string_attribute("/health", "ladder_levels"), "Normal,ReducedPrecision,SingleColumn,StaticWeights,Emergency");
  EXPECT_EQ(in.shape("/events/trial"), std::vector<std::size_t>{classifier.events().size()});
  const auto event_trials = in.read<std::uint64_t>("/events/trial");
  EXPECT_EQ(event_trials[0], 5u);
  EXPECT_EQ(in.shape("/failures/by_column"), (std::vector<std::size_t>{test::kColumns, kSignatureCount}));
  const auto by_column = in.read<std::uint64_t>("/failures/by_column");
  EXPECT_GE(by_column[2 * kSignatureCount + 5], 3u) << "invalid answers of column 2";
  EXPECT_NE(in.string_attribute("/failures", "report").find("failure analytics"), std::string::npos);
  const auto checked = in.read<std::uint64_t>("/failures/checked");
  EXPECT_EQ(checked[0], test::kColumns) << "the train audit checks every column once";
}

}  // namespace
}  // namespace snnft::neuromorphic

namespace snnft::neuromorphic {
namespace {

// A NaN written into one weight reaches the membrane potentials as soon as its input spikes:
// the column is flagged, isolated and given its last healthy checkpoint back, so its probes
// after the break pass and it is readmitted with clean weights.
TEST(ProtectedClassifier, NaNWeightIsDetectedAndRepairedFromTheCheckpoint) {
  auto p = test::trained_processor();
  ProtectedClassifier classifier(*p, ProtectionConfig{}, kRule);
  classifier.calibrate(test::digits().train, 100);
  for (std::size_t t = 0; t < 20; ++t) classifier.classify(sample(t), label(t));
  columns::CorticalColumn& col = p->column(2);
  const auto projection = *col.network().find_projection("input_to_exc");
  auto w = col.control().weights(projection);
  // Input 36 (a central pixel, on in most digits) to every neuron.
  for (std::size_t j = 0; j < col.params().neurons; ++j) w[36 * col.params().neurons + j] = std::nanf("");
  std::uint64_t flagged_at = 0;
  for (std::size_t t = 20; t < 120; ++t) {
    const HealthRow& row = classifier.classify(sample(t), label(t));
    if (flagged_at == 0 && (row.columns[2].signatures & bit(FaultSignature::kNonFinite))) flagged_at = t;
  }
  EXPECT_GE(flagged_at, 20u);
  EXPECT_LE(flagged_at, 24u);
  EXPECT_EQ(classifier.isolated_columns(), std::vector<std::size_t>{2});
  EXPECT_EQ(classifier.last_row().columns[2].state, breaker::BreakerState::kClosed) << "readmitted";
  const auto weights = col.checkpoint().weights;
  for (float x : weights) ASSERT_TRUE(std::isfinite(x));
  EXPECT_EQ(classifier.events().count(EventKind::kRecovery), 1u);
}

}  // namespace
}  // namespace snnft::neuromorphic
