// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/unit_values.hpp"

#include <cassert>

namespace snnft::cascor {

UnitValues::UnitValues(const Eigen::MatrixXd& inputs, std::size_t max_hidden, std::size_t max_rows)
    : inputs_(inputs.cols()) {
  const Eigen::Index n = inputs.rows();
  dense_unit_.push_back(0);  // the bias
  for (Eigen::Index i = 0; i < inputs_; ++i) {
    const Eigen::Index zeros = (inputs.col(i).array() == 0.0).count();
    (4 * zeros >= 3 * n ? sparse_unit_ : dense_unit_).push_back(1 + i);
  }
  const auto dense_inputs = static_cast<Eigen::Index>(dense_unit_.size());
  const auto sparse_inputs = static_cast<Eigen::Index>(sparse_unit_.size());
  dense_.setZero(n, dense_inputs + static_cast<Eigen::Index>(max_hidden));
  dense_.col(0).setOnes();
  for (Eigen::Index j = 1; j < dense_inputs; ++j) dense_.col(j) = inputs.col(dense_unit_[static_cast<std::size_t>(j)] - 1);
  sparse_.resize(n, sparse_inputs);
  std::vector<Eigen::Triplet<double>> entries;
  for (Eigen::Index j = 0; j < sparse_inputs; ++j) {
    const Eigen::Index i = sparse_unit_[static_cast<std::size_t>(j)] - 1;
    for (Eigen::Index p = 0; p < n; ++p) {
      if (inputs(p, i) != 0.0) entries.emplace_back(p, j, inputs(p, i));
    }
  }
  sparse_.setFromTriplets(entries.begin(), entries.end());
  sparse_.makeCompressed();
  const auto rows = static_cast<Eigen::Index>(max_rows);
  w_dense_.setZero(rows, dense_.cols());
  w_sparse_.setZero(rows, sparse_inputs);
  s_dense_.setZero(rows, dense_.cols());
  s_sparse_.setZero(sparse_inputs, rows);
}

Eigen::Index UnitValues::dense_cols(Eigen::Index f) const {
  return static_cast<Eigen::Index>(dense_unit_.size()) + (f - 1 - inputs_);
}

void UnitValues::set_hidden(std::size_t h, const Eigen::Ref<const Eigen::VectorXd>& values) {
  dense_.col(static_cast<Eigen::Index>(dense_unit_.size() + h)) = values;
}

void UnitValues::times_transpose(const Eigen::Ref<const Eigen::MatrixXd>& w, Eigen::Ref<Eigen::MatrixXd> out) {
  const Eigen::Index r = w.rows(), f = w.cols(), d = dense_cols(f), inputs_dense = static_cast<Eigen::Index>(dense_unit_.size());
  assert(r <= w_dense_.rows() && out.rows() == patterns() && out.cols() == r);
  for (Eigen::Index j = 0; j < inputs_dense; ++j) w_dense_.col(j).head(r) = w.col(dense_unit_[static_cast<std::size_t>(j)]);
  w_dense_.block(0, inputs_dense, r, d - inputs_dense) = w.rightCols(d - inputs_dense);
  out.noalias() = dense_.leftCols(d) * w_dense_.topLeftCorner(r, d).transpose();
  if (sparse_.cols() == 0) return;
  for (std::size_t j = 0; j < sparse_unit_.size(); ++j) w_sparse_.col(static_cast<Eigen::Index>(j)).head(r) = w.col(sparse_unit_[j]);
  out.noalias() += sparse_ * w_sparse_.topRows(r).transpose();
}

void UnitValues::transpose_times(const Eigen::Ref<const Eigen::MatrixXd>& r, Eigen::Ref<Eigen::MatrixXd> out) {
  const Eigen::Index rows = r.cols(), f = out.cols(), d = dense_cols(f), inputs_dense = static_cast<Eigen::Index>(dense_unit_.size());
  assert(rows <= s_dense_.rows() && r.rows() == patterns() && out.rows() == rows);
  auto dense_slope = s_dense_.topLeftCorner(rows, d);
  dense_slope.noalias() = r.transpose() * dense_.leftCols(d);
  for (Eigen::Index j = 0; j < inputs_dense; ++j) out.col(dense_unit_[static_cast<std::size_t>(j)]) = dense_slope.col(j);
  out.rightCols(d - inputs_dense) = dense_slope.rightCols(d - inputs_dense);
  if (sparse_.cols() == 0) return;
  auto sparse_slope = s_sparse_.leftCols(rows);
  sparse_slope.noalias() = sparse_.transpose() * r;
  for (std::size_t j = 0; j < sparse_unit_.size(); ++j) out.col(sparse_unit_[j]) = sparse_slope.row(static_cast<Eigen::Index>(j)).transpose();
}

}  // namespace snnft::cascor
