// SPDX-License-Identifier: MIT
#include "snnft/encoding/yin_yang_dataset.hpp"

#include <array>
#include <cmath>
#include <string>

#include "snnft/core/counter_rng.hpp"

namespace snnft {

int yin_yang_class(double x, double y, const YinYangParams& params) {
  const double r_small = params.r_small, r_big = params.r_big;
  const double d_right = std::hypot(x - 1.5 * r_big, y - r_big);
  const double d_left = std::hypot(x - 0.5 * r_big, y - r_big);
  if (d_right < r_small || d_left < r_small) return kDotClass;
  const bool yin = d_right <= r_small || (d_left > r_small && d_left <= 0.5 * r_big) ||
                   (y > r_big && d_right > 0.5 * r_big);
  return yin ? kYinClass : kYangClass;
}

LabelledDataset make_yin_yang(std::size_t size, std::uint64_t seed, const YinYangParams& params) {
  if (!(params.r_small > 0.0 && params.r_small < 0.5 * params.r_big) || !std::isfinite(params.r_big)) {
    throw std::invalid_argument("Yin-Yang radii need 0 < r_small < r_big / 2, got r_small " +
                                std::to_string(params.r_small) + ", r_big " + std::to_string(params.r_big));
  }
  LabelledDataset data;
  data.name = "yin_yang";
  data.feature_count = 4;
  data.class_count = 3;
  data.features.reserve(size * data.feature_count);
  data.labels.reserve(size);

  const CounterRng rng(seed);
  const double r_big = params.r_big;
  for (std::size_t i = 0; i < size; ++i) {
    RngStream stream(rng, {RngPurpose::kDataset, static_cast<std::uint32_t>(DatasetStream::kYinYang),
                           static_cast<std::uint32_t>(i)});
    // Drawing the class first and rejecting other classes balances the classes even though
    // the dots cover only 8 % of the sign.
    const int goal = static_cast<int>(stream.below(3));
    double x = 0.0, y = 0.0;
    for (;;) {
      // Classify the coordinates as stored (float), so that no stored sample can sit on the
      // other side of a boundary from the point that was tested.
      x = static_cast<float>(2.0 * r_big * stream.uniform());
      y = static_cast<float>(2.0 * r_big * stream.uniform());
      if (std::hypot(x - r_big, y - r_big) > r_big) continue;
      if (yin_yang_class(x, y, params) == goal) break;
    }
    const std::array<float, 4> row = {static_cast<float>(x), static_cast<float>(y), static_cast<float>(1.0 - x),
                                      static_cast<float>(1.0 - y)};
    data.add(row, goal);
  }
  return data;
}

YinYangSplits make_yin_yang_splits(const YinYangParams& params) {
  return {make_yin_yang(5000, kYinYangTrainSeed, params), make_yin_yang(1000, kYinYangValidationSeed, params),
          make_yin_yang(1000, kYinYangTestSeed, params)};
}

}  // namespace snnft
