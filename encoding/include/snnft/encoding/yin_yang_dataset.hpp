// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>

#include "snnft/encoding/labelled_dataset.hpp"

namespace snnft {

/// Geometry of the Yin-Yang data set (Kriener, Göltz & Petrovici 2021).
struct YinYangParams {
  double r_small = 0.1;  ///< radius of the two dots
  double r_big = 0.5;    ///< radius of the whole sign, centred at (r_big, r_big)
};

/// Yin-Yang labels, numbered as the published class function returns them.
inline constexpr int kYangClass = 0;
inline constexpr int kYinClass = 1;
inline constexpr int kDotClass = 2;

/// The published class function. With d_r, d_l the distances of (x, y) from the right dot
/// centre (1.5·r_big, r_big) and the left one (0.5·r_big, r_big):
///   dot (2)  if d_r < r_small or d_l < r_small, else
///   yin (1)  if d_r <= r_small or r_small < d_l <= r_big/2 or (y > r_big and d_r > r_big/2),
///   yang (0) otherwise.
/// Points outside the big circle are not rejected here; the generator does that.
int yin_yang_class(double x, double y, const YinYangParams& params = {});

/// `size` samples with features (x, y, 1 − x, 1 − y) and three classes. Sample i draws from
/// the stream (kDataset, kYinYang, i) of CounterRng(seed): its class uniformly from {0, 1, 2},
/// then (x, y) = 2·r_big·(U, U) until the point lies inside the big circle and has that class
/// (rejection sampling, as published). Each sample depends only on (seed, i), so a set is a
/// prefix of any larger set with the same seed. Class shares are 1/3 each in expectation.
/// Throws std::invalid_argument unless 0 < r_small < r_big/2 (otherwise a class is empty).
LabelledDataset make_yin_yang(std::size_t size, std::uint64_t seed, const YinYangParams& params = {});

/// Seeds of the standard splits (the values used by the published generator; the numbers
/// drawn differ from it because the generator here is Philox, not NumPy's Mersenne Twister).
inline constexpr std::uint64_t kYinYangTrainSeed = 42;
inline constexpr std::uint64_t kYinYangValidationSeed = 41;
inline constexpr std::uint64_t kYinYangTestSeed = 40;

/// The standard Yin-Yang splits, generated from different seeds.
struct YinYangSplits {
  LabelledDataset train;       ///< 5000 samples
  LabelledDataset validation;  ///< 1000 samples
  LabelledDataset test;        ///< 1000 samples
};
YinYangSplits make_yin_yang_splits(const YinYangParams& params = {});

}  // namespace snnft
