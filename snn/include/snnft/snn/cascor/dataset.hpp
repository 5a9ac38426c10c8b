// SPDX-License-Identifier: MIT
#pragma once
#include <Eigen/Core>

#include <cstddef>

namespace snnft::cascor {

/// A supervised data set: one pattern per row. Targets are ±0.5, the range of the symmetric
/// sigmoid output units (+0.5 = "true" / class A).
struct Dataset {
  Eigen::MatrixXd inputs;   ///< N × I
  Eigen::MatrixXd targets;  ///< N × O
  [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(inputs.rows()); }
};

/// Binary inputs are coded as −0.5 / +0.5 so that they are centred like the unit outputs.
inline constexpr double kBitLow = 0.0;
inline constexpr double kBitHigh = 1.0;

/// N-bit parity: all 2^N patterns, target +0.5 when an odd number of bits is set.
/// XOR is parity with two bits.
Dataset make_parity(std::size_t bits);

/// The two-spirals benchmark (Lang & Witbrock 1988; the generator used by Fahlman & Lebiere):
/// for i = 0..96, angle a = (i + offset)·π/16, radius r = 6.5·(104 − (i + offset))/104,
/// point (r·sin a, r·cos a) with target +0.5 and its mirror (−x, −y) with target −0.5.
/// offset 0 gives the 194 training points, offset 0.1 the standard test set.
Dataset make_two_spirals(double offset = 0.0);

/// Number of output values whose distance from the target exceeds `threshold` (Fahlman's
/// "error bits"); the training set is solved when this is zero.
std::size_t error_bits(const Eigen::MatrixXd& outputs, const Eigen::MatrixXd& targets, double threshold);

/// Share of patterns for which every output lies on the target's side of zero, the midpoint
/// between the two target levels.
double classification_accuracy(const Eigen::MatrixXd& outputs, const Eigen::MatrixXd& targets);

}  // namespace snnft::cascor
