// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/quickprop.hpp"

#include <cassert>

namespace snnft::cascor {

void quickprop_update(Eigen::Ref<Eigen::MatrixXd> weights, Eigen::Ref<Eigen::MatrixXd> delta,
                      Eigen::Ref<Eigen::MatrixXd> prev_slope, const Eigen::Ref<const Eigen::MatrixXd>& slope,
                      const QuickpropParams& params) {
  assert(delta.rows() == weights.rows() && delta.cols() == weights.cols());
  assert(prev_slope.rows() == weights.rows() && prev_slope.cols() == weights.cols());
  assert(slope.rows() == weights.rows() && slope.cols() == weights.cols());
  const double shrink = params.mu / (1.0 + params.mu);
  for (Eigen::Index c = 0; c < weights.cols(); ++c) {
    for (Eigen::Index r = 0; r < weights.rows(); ++r) {
      const double w = weights(r, c);
      const double d = delta(r, c);
      const double s = slope(r, c) + params.decay * w;
      const double p = prev_slope(r, c);
      double step = 0.0;
      // p == s can only reach the secant branch when the previous slope was already on the
      // far side (p <= 0 for d < 0); take the capped step rather than divide by zero.
      if (d < 0.0) {
        if (s > 0.0) step -= params.epsilon * s;
        step += (s >= shrink * p || p == s) ? params.mu * d : d * s / (p - s);
      } else if (d > 0.0) {
        if (s < 0.0) step -= params.epsilon * s;
        step += (s <= shrink * p || p == s) ? params.mu * d : d * s / (p - s);
      } else {
        step = -params.epsilon * s;
      }
      delta(r, c) = step;
      weights(r, c) = w + step;
      prev_slope(r, c) = s;
    }
  }
}

}  // namespace snnft::cascor
