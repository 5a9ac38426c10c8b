// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/rung_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace snnft::neuromorphic {

std::vector<int> RungCalibration::vote_winners(std::span<const std::uint8_t> ignored, columns::VoteRule rule,
                                               int classes, bool reduced) const {
  const auto& a = reduced ? reduced_answers : answers;
  std::vector<int> winners(samples, -1);
  if (a.size() != samples * columns) return winners;
  columns::ConsensusRecord record(columns, classes);
  for (std::size_t i = 0; i < samples; ++i) {
    const std::span<const columns::ColumnAnswer> row(a.data() + i * columns, columns);
    columns::vote_into(record, row, rule, columns::VoteOptions{ignored, {}});
    winners[i] = record.winning_class;
  }
  return winners;
}

double RungCalibration::vote_accuracy(std::span<const std::uint8_t> ignored, columns::VoteRule rule, int classes,
                                      bool reduced) const {
  if (samples == 0) return std::numeric_limits<double>::quiet_NaN();
  const std::vector<int> winners = vote_winners(ignored, rule, classes, reduced);
  if ((reduced ? reduced_answers : answers).size() != samples * columns) return std::numeric_limits<double>::quiet_NaN();
  std::size_t correct = 0;
  for (std::size_t i = 0; i < samples; ++i) correct += winners[i] >= 0 && winners[i] == labels[i];
  return static_cast<double>(correct) / static_cast<double>(samples);
}

double RungCalibration::worst_column_accuracy(std::span<const std::uint8_t> ignored) const {
  double worst = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t k = 0; k < column_accuracy.size(); ++k) {
    if (k < ignored.size() && ignored[k] != 0) continue;
    worst = std::isnan(worst) ? column_accuracy[k] : std::min(worst, column_accuracy[k]);
  }
  return worst;
}

}  // namespace snnft::neuromorphic
