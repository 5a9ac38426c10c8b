// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/cascor_network.hpp"

#include <stdexcept>
#include <string>

namespace snnft::cascor {

CascorNetwork::CascorNetwork(std::size_t inputs, std::size_t outputs)
    : inputs_(inputs), outputs_(outputs), output_weights_(Eigen::MatrixXd::Zero(
                                              static_cast<Eigen::Index>(outputs), static_cast<Eigen::Index>(1 + inputs))) {
  if (outputs == 0) throw std::invalid_argument("cascade-correlation network needs at least one output");
}

void CascorNetwork::set_output_weights(const Eigen::MatrixXd& weights) {
  if (weights.rows() != output_weights_.rows() || weights.cols() != output_weights_.cols()) {
    throw std::invalid_argument("output weights must be " + std::to_string(output_weights_.rows()) + " x " +
                                std::to_string(output_weights_.cols()));
  }
  output_weights_ = weights;
}

void CascorNetwork::add_hidden_unit(const Eigen::VectorXd& weights, const Eigen::VectorXd& output_column) {
  const auto fan_in = static_cast<Eigen::Index>(unit_count());
  if (weights.size() != fan_in) {
    throw std::invalid_argument("hidden unit " + std::to_string(hidden_.size()) + " needs " + std::to_string(fan_in) +
                                " weights, got " + std::to_string(weights.size()));
  }
  if (output_column.size() != static_cast<Eigen::Index>(outputs_)) {
    throw std::invalid_argument("new unit needs one outgoing weight per output");
  }
  hidden_.push_back(weights);
  output_weights_.conservativeResize(Eigen::NoChange, fan_in + 1);
  output_weights_.col(fan_in) = output_column;
}

Eigen::MatrixXd CascorNetwork::unit_values(const Eigen::MatrixXd& inputs) const {
  if (inputs.cols() != static_cast<Eigen::Index>(inputs_)) {
    throw std::invalid_argument("expected " + std::to_string(inputs_) + " input columns, got " +
                                std::to_string(inputs.cols()));
  }
  const auto first_hidden = static_cast<Eigen::Index>(1 + inputs_);
  Eigen::MatrixXd values(inputs.rows(), static_cast<Eigen::Index>(unit_count()));
  values.col(0).setOnes();
  values.middleCols(1, inputs.cols()) = inputs;
  // Each hidden unit reads every column to its left, so the cascade is one column at a time.
  for (std::size_t k = 0; k < hidden_.size(); ++k) {
    const Eigen::Index col = first_hidden + static_cast<Eigen::Index>(k);
    values.col(col) = sigmoid((values.leftCols(col) * hidden_[k]).array()).matrix();
  }
  return values;
}

Eigen::MatrixXd CascorNetwork::predict(const Eigen::MatrixXd& inputs) const {
  const Eigen::MatrixXd values = unit_values(inputs);
  return sigmoid((values * output_weights_.transpose()).array()).matrix();
}

bool operator==(const CascorNetwork& a, const CascorNetwork& b) {
  if (a.inputs_ != b.inputs_ || a.outputs_ != b.outputs_ || a.hidden_.size() != b.hidden_.size()) return false;
  for (std::size_t k = 0; k < a.hidden_.size(); ++k) {
    if (a.hidden_[k] != b.hidden_[k]) return false;
  }
  return a.output_weights_ == b.output_weights_;
}

}  // namespace snnft::cascor
