// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/dataset.hpp"

#include <bit>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace snnft::cascor {

Dataset make_parity(std::size_t bits) {
  if (bits < 1 || bits > 20) throw std::invalid_argument("parity needs between 1 and 20 bits");
  const std::size_t n = std::size_t{1} << bits;
  Dataset d{Eigen::MatrixXd(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(bits)),
            Eigen::MatrixXd(static_cast<Eigen::Index>(n), 1)};
  for (std::size_t p = 0; p < n; ++p) {
    const auto row = static_cast<Eigen::Index>(p);
    for (std::size_t b = 0; b < bits; ++b) {
      d.inputs(row, static_cast<Eigen::Index>(b)) = ((p >> b) & 1U) != 0 ? kBitHigh : kBitLow;
    }
    d.targets(row, 0) = (std::popcount(p) % 2 == 1) ? 0.5 : -0.5;
  }
  return d;
}

Dataset make_two_spirals(double offset) {
  constexpr int kPointsPerSpiral = 97;
  Dataset d{Eigen::MatrixXd(2 * kPointsPerSpiral, 2), Eigen::MatrixXd(2 * kPointsPerSpiral, 1)};
  for (int i = 0; i < kPointsPerSpiral; ++i) {
    const double t = i + offset;
    const double angle = t * std::numbers::pi / 16.0;
    const double radius = 6.5 * (104.0 - t) / 104.0;
    const double x = radius * std::sin(angle);
    const double y = radius * std::cos(angle);
    d.inputs.row(2 * i) << x, y;
    d.targets(2 * i, 0) = 0.5;
    d.inputs.row(2 * i + 1) << -x, -y;
    d.targets(2 * i + 1, 0) = -0.5;
  }
  return d;
}

std::size_t error_bits(const Eigen::MatrixXd& outputs, const Eigen::MatrixXd& targets, double threshold) {
  return static_cast<std::size_t>(((outputs - targets).array().abs() > threshold).count());
}

double classification_accuracy(const Eigen::MatrixXd& outputs, const Eigen::MatrixXd& targets) {
  if (outputs.rows() == 0) return 0.0;
  const auto agree = (outputs.array() * targets.array() > 0.0).cast<int>();
  const auto correct = (agree.rowwise().minCoeff() == 1).count();
  return static_cast<double>(correct) / static_cast<double>(outputs.rows());
}

}  // namespace snnft::cascor
