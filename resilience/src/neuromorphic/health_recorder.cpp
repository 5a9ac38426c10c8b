// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/health_recorder.hpp"

#include <stdexcept>
#include <string>

namespace snnft::neuromorphic {

std::string_view to_string(AnswerSource source) {
  switch (source) {
    case AnswerSource::kNone: return "none";
    case AnswerSource::kVote: return "vote";
    case AnswerSource::kSingleColumn: return "single_column";
    case AnswerSource::kFallback: return "fallback";
  }
  return "unknown";
}

HealthRecorder::HealthRecorder(std::size_t columns, std::size_t reserve_trials) : columns_(columns) {
  reserve(reserve_trials);
}

void HealthRecorder::reserve(std::size_t trials) {
  trials_.reserve(trials);
  column_rows_.reserve(trials * columns_);
}

void HealthRecorder::clear() {
  trials_.clear();
  column_rows_.clear();
}

void HealthRecorder::record(const HealthRow& row) {
  if (row.columns.size() != columns_) {
    throw std::invalid_argument("health row has " + std::to_string(row.columns.size()) + " columns, expected " +
                                std::to_string(columns_));
  }
  trials_.push_back(row);
  column_rows_.insert(column_rows_.end(), row.columns.begin(), row.columns.end());
}

HealthRow HealthRecorder::row(std::size_t i) const {
  HealthRow r;
  static_cast<TrialHealth&>(r) = trials_[i];
  r.columns.assign(column_rows_.begin() + static_cast<std::ptrdiff_t>(i * columns_),
                   column_rows_.begin() + static_cast<std::ptrdiff_t>((i + 1) * columns_));
  return r;
}

}  // namespace snnft::neuromorphic
