// SPDX-License-Identifier: MIT
#include "snnft/columns/column_input.hpp"

#include <numeric>
#include <stdexcept>
#include <string>

namespace snnft::columns {

ColumnInput::ColumnInput(InputView view, std::size_t feature_count)
    : view_(std::move(view)), neurons_(0), ttfs_(view_.ttfs), population_(view_.population) {
  if (view_.features.empty()) {
    view_.features.resize(feature_count);
    std::iota(view_.features.begin(), view_.features.end(), std::size_t{0});
  }
  for (std::size_t f : view_.features) {
    if (f >= feature_count) {
      throw std::invalid_argument("feature " + std::to_string(f) + " of a sample with " +
                                  std::to_string(feature_count) + " features");
    }
  }
  const std::size_t per_feature =
      view_.encoding == InputView::Encoding::kTtfs ? 1 : view_.population.neurons_per_value;
  neurons_ = view_.features.size() * per_feature;
  selected_.resize(view_.features.size());
  pattern_ = SpikePattern(neurons_);
  pattern_.reserve(neurons_);
}

const SpikePattern& ColumnInput::encode(std::span<const float> sample) {
  for (std::size_t k = 0; k < view_.features.size(); ++k) selected_[k] = sample[view_.features[k]];
  if (view_.encoding == InputView::Encoding::kTtfs) {
    ttfs_.encode_into(pattern_, selected_);
  } else {
    population_.encode_into(pattern_, selected_);
  }
  return pattern_;
}

}  // namespace snnft::columns
