// SPDX-License-Identifier: MIT
#include "snnft/columns/voting.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "allocation_counter.hpp"

namespace snnft::columns {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ColumnAnswer says(int cls, double confidence = 0.5, double first_spike_ms = 10.0) {
  return {cls, confidence, first_spike_ms, true};
}

ConsensusRecord vote(const std::vector<ColumnAnswer>& answers, VoteRule rule, const VoteOptions& options = {},
                     int class_count = 10) {
  ConsensusRecord r(answers.size(), class_count);
  vote_into(r, answers, rule, options);
  return r;
}

TEST(Voting, MajorityWinsWithAgreementShare) {
  const auto r = vote({says(2), says(2), says(1), says(3), says(2)}, VoteRule::kMajority);
  EXPECT_EQ(r.winning_class, 2);
  EXPECT_EQ(r.voters, 5);
  EXPECT_EQ(r.agreeing, 3);
  EXPECT_DOUBLE_EQ(r.agreement, 0.6);
  EXPECT_DOUBLE_EQ(r.winning_score, 3.0);
  EXPECT_EQ(r.winning_column, -1);
  EXPECT_EQ(r.votes, (std::vector<int>{2, 2, 1, 3, 2}));
  EXPECT_EQ(r.rule, VoteRule::kMajority);
}

TEST(Voting, MajorityTiesGoToHigherSummedConfidenceThenLowerClass) {
  // Two votes each; confidence sums 1.125 (class 1) and 1.25 (class 4).
  auto r = vote({says(1, 0.875), says(1, 0.25), says(4, 0.75), says(4, 0.5)}, VoteRule::kMajority);
  EXPECT_EQ(r.winning_class, 4);
  EXPECT_DOUBLE_EQ(r.agreement, 0.5);
  r = vote({says(5, 0.5), says(3, 0.5)}, VoteRule::kMajority);
  EXPECT_EQ(r.winning_class, 3);
}

TEST(Voting, ConfidenceWeightedSumsConfidencesPerClass) {
  // Majority says 0 (three votes, 0.75 in total); confidence says 1 (0.875).
  const std::vector<ColumnAnswer> a = {says(0, 0.25), says(0, 0.25), says(0, 0.25), says(1, 0.875)};
  EXPECT_EQ(vote(a, VoteRule::kMajority).winning_class, 0);
  const auto r = vote(a, VoteRule::kConfidenceWeighted);
  EXPECT_EQ(r.winning_class, 1);
  EXPECT_DOUBLE_EQ(r.winning_score, 0.875);
  EXPECT_DOUBLE_EQ(r.agreement, 0.25);
}

TEST(Voting, ConfidenceTiesGoToMoreVotesThenLowerClass) {
  EXPECT_EQ(vote({says(6, 0.5), says(2, 0.25), says(2, 0.25)}, VoteRule::kConfidenceWeighted).winning_class, 2);
  EXPECT_EQ(vote({says(6, 0.5), says(2, 0.5)}, VoteRule::kConfidenceWeighted).winning_class, 2);
}

TEST(Voting, FirstSpikeRaceTakesTheEarliestThenHigherConfidenceThenLowerColumn) {
  const std::vector<ColumnAnswer> a = {says(1, 0.9, 5.0), says(2, 0.5, 3.0), says(7, 0.9, kInf), says(4, 0.75, 3.0)};
  auto r = vote(a, VoteRule::kFirstSpike);
  EXPECT_EQ(r.winning_class, 4);
  EXPECT_EQ(r.winning_column, 3);
  EXPECT_DOUBLE_EQ(r.winning_score, 3.0);
  EXPECT_EQ(r.voters, 4);  // a column without a spike still counts as a voter
  EXPECT_DOUBLE_EQ(r.agreement, 0.25);

  r = vote({says(8, 0.5, 2.0), says(3, 0.5, 2.0)}, VoteRule::kFirstSpike);
  EXPECT_EQ(r.winning_column, 0);
  EXPECT_EQ(r.winning_class, 8);
}

TEST(Voting, FirstSpikeRaceWithoutAnySpikeHasNoWinner) {
  const auto r = vote({says(1, 0.5, kInf), says(1, 0.5, kInf)}, VoteRule::kFirstSpike);
  EXPECT_EQ(r.winning_class, -1);
  EXPECT_EQ(r.voters, 2);
  EXPECT_EQ(r.agreement, 0.0);
}

TEST(Voting, MalformedAnswersNeverCountAndAreReported) {
  std::vector<ColumnAnswer> a = {
      says(3, kNaN),         // NaN confidence
      says(10),              // class out of range for 10 classes
      {3, 0.5, 1.0, false},  // column reports itself invalid
      says(3, 1.5),          // confidence above 1
      says(3, 0.5, kNaN),    // NaN latency
      says(-2),              // class below -1
      says(-1),              // abstains: well-formed, not invalid
      says(5, 0.25, 20.0),   // the only voter
  };
  for (VoteRule rule : {VoteRule::kMajority, VoteRule::kConfidenceWeighted, VoteRule::kFirstSpike}) {
    const auto r = vote(a, rule);
    EXPECT_EQ(r.winning_class, 5);
    EXPECT_EQ(r.voters, 1);
    EXPECT_EQ(r.invalid, 6);
    EXPECT_EQ(r.abstained, 1);
    EXPECT_DOUBLE_EQ(r.agreement, 1.0);
    for (std::size_t c = 0; c < 6; ++c) EXPECT_EQ(r.status[c], ColumnStatus::kInvalid) << "column " << c;
    EXPECT_EQ(r.status[6], ColumnStatus::kAbstained);
    EXPECT_EQ(r.status[7], ColumnStatus::kVoted);
    EXPECT_TRUE(std::isnan(r.confidences[0]));  // raw answers are kept for the monitor
  }
  // Without a class count, any class >= 0 is accepted.
  EXPECT_EQ(vote({says(10), says(10), says(1)}, VoteRule::kMajority, {}, 0).winning_class, 10);
}

TEST(Voting, AllInvalidOrAbstainingGivesNoWinnerAndZeroAgreement) {
  for (VoteRule rule : {VoteRule::kMajority, VoteRule::kConfidenceWeighted, VoteRule::kFirstSpike}) {
    const auto r = vote({says(3, kNaN), {1, 0.5, 1.0, false}, says(-1)}, rule);
    EXPECT_EQ(r.winning_class, -1);
    EXPECT_EQ(r.voters, 0);
    EXPECT_EQ(r.agreement, 0.0);
    EXPECT_EQ(r.winning_score, 0.0);
    EXPECT_EQ(r.invalid, 2);
  }
  ConsensusRecord empty(0);
  vote_into(empty, {}, VoteRule::kMajority);
  EXPECT_EQ(empty.winning_class, -1);
}

TEST(Voting, MaskedColumnsAreIgnoredButInvalidOnesStayReportedAsInvalid) {
  const std::vector<ColumnAnswer> a = {says(1), says(1), says(1), says(2), says(2), says(4, kNaN)};
  const std::vector<std::uint8_t> isolate = {1, 1, 0, 0, 0, 1};
  const auto r = vote(a, VoteRule::kMajority, {.ignored = isolate});
  EXPECT_EQ(r.winning_class, 2);
  EXPECT_EQ(r.voters, 3);
  EXPECT_EQ(r.masked, 2);
  EXPECT_EQ(r.invalid, 1);
  EXPECT_DOUBLE_EQ(r.agreement, 2.0 / 3.0);
  EXPECT_EQ(r.status[0], ColumnStatus::kMasked);
  EXPECT_EQ(r.status[5], ColumnStatus::kInvalid);
  EXPECT_EQ(r.votes[0], 1);  // still recorded
}

TEST(Voting, WeightsScaleVotesAndConfidencesAndZeroWeightMasks) {
  const std::vector<ColumnAnswer> a = {says(0, 0.5), says(1, 0.5), says(1, 0.5)};
  EXPECT_EQ(vote(a, VoteRule::kMajority).winning_class, 1);
  const std::vector<double> trust = {2.5, 1.0, 1.0};
  auto r = vote(a, VoteRule::kMajority, {.weights = trust});
  EXPECT_EQ(r.winning_class, 0);
  EXPECT_DOUBLE_EQ(r.winning_score, 2.5);
  EXPECT_DOUBLE_EQ(r.agreement, 1.0 / 3.0);  // agreement counts columns, not weight
  r = vote(a, VoteRule::kConfidenceWeighted, {.weights = trust});
  EXPECT_EQ(r.winning_class, 0);
  EXPECT_DOUBLE_EQ(r.winning_score, 1.25);

  const std::vector<double> silence_first = {0.0, 1.0, 1.0};
  r = vote(a, VoteRule::kMajority, {.weights = silence_first});
  EXPECT_EQ(r.status[0], ColumnStatus::kMasked);
  EXPECT_EQ(r.voters, 2);
  EXPECT_DOUBLE_EQ(r.agreement, 1.0);

  const std::vector<double> negative = {-1.0, 1.0, 1.0};
  EXPECT_THROW(vote(a, VoteRule::kMajority, {.weights = negative}), std::invalid_argument);
  const std::vector<double> nan_weight = {kNaN, 1.0, 1.0};
  EXPECT_THROW(vote(a, VoteRule::kMajority, {.weights = nan_weight}), std::invalid_argument);
}

TEST(Voting, MajorityAndConfidenceWinnersDoNotDependOnColumnOrder) {
  // Confidences are multiples of 1/8, so every sum is exact in any order.
  std::vector<ColumnAnswer> a = {says(3, 0.5),   says(1, 0.875), says(3, 0.25), says(1, 0.125), says(2, 1.0),
                                 says(3, 0.125), says(2, 0.75),  says(1, 0.25), says(2, 0.125)};
  const int majority = vote(a, VoteRule::kMajority).winning_class;
  const int confidence = vote(a, VoteRule::kConfidenceWeighted).winning_class;
  EXPECT_EQ(majority, 2);     // 3-3-3 tie; sums 0.875 (3), 1.25 (1), 1.875 (2)
  EXPECT_EQ(confidence, 2);
  std::sort(a.begin(), a.end(), [](const ColumnAnswer& x, const ColumnAnswer& y) { return x.confidence < y.confidence; });
  do {
    ASSERT_EQ(vote(a, VoteRule::kMajority).winning_class, majority);
    ASSERT_EQ(vote(a, VoteRule::kConfidenceWeighted).winning_class, confidence);
  } while (std::next_permutation(a.begin(), a.end(), [](const ColumnAnswer& x, const ColumnAnswer& y) {
             return x.confidence < y.confidence;
           }));
}

TEST(Voting, RejectsMismatchedSizes) {
  ConsensusRecord r(3);
  const std::vector<ColumnAnswer> two = {says(1), says(1)};
  EXPECT_THROW(vote_into(r, two, VoteRule::kMajority), std::invalid_argument);
  const std::vector<ColumnAnswer> three = {says(1), says(1), says(2)};
  const std::vector<std::uint8_t> mask = {0, 1};
  EXPECT_THROW(vote_into(r, three, VoteRule::kMajority, {.ignored = mask}), std::invalid_argument);
  EXPECT_THROW(ConsensusRecord(3, -1), std::invalid_argument);
}

TEST(Voting, VoteIntoDoesNotAllocate) {
  const std::size_t k = 16;
  ConsensusRecord r(k, 10);
  std::vector<ColumnAnswer> a(k);
  std::vector<std::uint8_t> mask(k, 0);
  std::vector<double> weights(k, 1.0);
  const std::size_t before = snnft::test::allocation_count();
  int checksum = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    for (std::size_t c = 0; c < k; ++c) {
      const int cls = static_cast<int>((static_cast<std::size_t>(trial) * 7 + c * c) % 11) - 1;
      a[c] = says(cls, static_cast<double>(c % 8) / 8.0, static_cast<double>((trial + static_cast<int>(c)) % 13));
    }
    mask[static_cast<std::size_t>(trial) % k] = static_cast<std::uint8_t>(trial % 2);
    const auto rule = static_cast<VoteRule>(trial % 3);
    vote_into(r, a, rule, {.ignored = mask, .weights = weights});
    checksum += r.winning_class;
  }
  EXPECT_EQ(snnft::test::allocation_count(), before);
  EXPECT_NE(checksum, 0);
}

}  // namespace
}  // namespace snnft::columns
