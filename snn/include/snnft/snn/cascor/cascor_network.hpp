// SPDX-License-Identifier: MIT
#pragma once
#include <Eigen/Core>

#include <cstddef>
#include <vector>

namespace snnft::cascor {

class CascorLearner;

/// Symmetric logistic f(x) = 1/(1 + e^−x) − 0.5, range [−0.5, 0.5], used by hidden, candidate
/// and output units; f′ = 0.25 − f². Eigen vectorises exp for doubles but not tanh, which
/// makes this form about 1.4× faster than 0.5·tanh(x/2). For x ≪ 0, e^−x overflows to +inf
/// and the result is exactly −0.5, never NaN.
template <class Derived>
auto sigmoid(const Eigen::ArrayBase<Derived>& x) {
  return (1.0 + (-x).exp()).inverse() - 0.5;
}

/// A grown cascade-correlation network (Fahlman & Lebiere 1990).
///
/// Units are numbered bias (0, value 1), inputs (1..I), then hidden units in the order they
/// were installed. Hidden unit k sees the bias, every input and hidden units 0..k−1, so it has
/// 1 + I + k frozen weights; every output sees all 1 + I + H units. All units use `sigmoid`.
class CascorNetwork {
 public:
  CascorNetwork(std::size_t inputs, std::size_t outputs);

  [[nodiscard]] std::size_t input_count() const { return inputs_; }
  [[nodiscard]] std::size_t output_count() const { return outputs_; }
  [[nodiscard]] std::size_t hidden_count() const { return hidden_.size(); }
  /// Bias + inputs + hidden units: the fan-in of each output unit.
  [[nodiscard]] std::size_t unit_count() const { return 1 + inputs_ + hidden_.size(); }

  /// Incoming weights of hidden unit k (1 + I + k values: bias, inputs, earlier hidden units).
  [[nodiscard]] const Eigen::VectorXd& hidden_weights(std::size_t k) const { return hidden_.at(k); }
  /// Output weights, one row per output unit, one column per unit (O × unit_count()).
  [[nodiscard]] const Eigen::MatrixXd& output_weights() const { return output_weights_; }

  /// The output weights in place, for fault injection and its tests (the shape must not change).
  [[nodiscard]] Eigen::MatrixXd& mutable_output_weights() { return output_weights_; }
  /// Replaces all output weights; the shape must stay O × unit_count().
  void set_output_weights(const Eigen::MatrixXd& weights);
  /// Appends a frozen hidden unit with `weights` (1 + I + H values) whose outgoing weights are
  /// `output_column` (O values).
  void add_hidden_unit(const Eigen::VectorXd& weights, const Eigen::VectorXd& output_column);

  /// Values of every unit (bias, inputs, hidden) for each row of `inputs`: N × unit_count().
  [[nodiscard]] Eigen::MatrixXd unit_values(const Eigen::MatrixXd& inputs) const;
  /// Output activations for each row of `inputs`: N × O.
  [[nodiscard]] Eigen::MatrixXd predict(const Eigen::MatrixXd& inputs) const;

  /// Same shape and bit-identical weights.
  friend bool operator==(const CascorNetwork& a, const CascorNetwork& b);

 private:
  friend class CascorLearner;  // trains the output weights in place, without copies per epoch

  std::size_t inputs_;
  std::size_t outputs_;
  std::vector<Eigen::VectorXd> hidden_;
  Eigen::MatrixXd output_weights_;
};

}  // namespace snnft::cascor
