// SPDX-License-Identifier: MIT
#pragma once
#include <Eigen/Core>

namespace snnft::cascor {

/// Quickprop step parameters (Fahlman 1988). `epsilon` is the gradient-descent rate actually
/// applied to the slope (callers fold in any scaling by pattern count or fan-in), `mu` the
/// maximum growth factor of a step, `decay` the weight decay added to the slope.
struct QuickpropParams {
  double epsilon = 0.35;
  double mu = 2.0;
  double decay = 0.0;
};

/// Per-weight memory of Quickprop: the last step and the slope that produced it.
/// Shapes match the weights they belong to; zero means "no previous step".
struct QuickpropState {
  Eigen::MatrixXd delta;
  Eigen::MatrixXd prev_slope;
};

/// One Quickprop update of every weight, minimising the function whose gradient is `slope`.
///
/// With S = slope + decay·w and the previous step Δ and slope P:
///  - Δ = 0: a plain gradient step −ε·S;
///  - otherwise the secant (parabola) step Δ·S/(P − S), replaced by μ·Δ when S has not shrunk
///    below μ/(1 + μ)·P (the parabola would be too steep, or open the wrong way),
///    plus −ε·S while the slope still points the same way as the last step.
/// Updates `weights`, `delta` and `prev_slope` in place; all four must have the same shape.
void quickprop_update(Eigen::Ref<Eigen::MatrixXd> weights, Eigen::Ref<Eigen::MatrixXd> delta,
                      Eigen::Ref<Eigen::MatrixXd> prev_slope, const Eigen::Ref<const Eigen::MatrixXd>& slope,
                      const QuickpropParams& params);

}  // namespace snnft::cascor
