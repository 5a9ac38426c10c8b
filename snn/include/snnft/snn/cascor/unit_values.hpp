// SPDX-License-Identifier: MIT
#pragma once
#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <cstddef>
#include <vector>

namespace snnft::cascor {

/// The values every unit of a cascade-correlation network takes on each training pattern:
/// bias, inputs and installed hidden units, X = N × (1 + I + H_max). Training needs only two
/// products with it, X·Wᵀ (values of outputs or candidates) and Rᵀ·X (their slopes), and both
/// skip zeros: inputs that are zero on at least three quarters of the patterns (a spike code,
/// where most neurons stay silent) are kept as a sparse matrix, the rest (bias, dense inputs,
/// hidden units) as a dense one. The products sum in a fixed order, so results do not depend on
/// the thread count; with no sparse input they are the products of one dense matrix.
/// Buffers are sized once; the products allocate nothing.
class UnitValues {
 public:
  /// `inputs` N × I; room for `max_hidden` hidden units and for weight or residual matrices of
  /// up to `max_rows` rows (outputs or candidates).
  UnitValues(const Eigen::MatrixXd& inputs, std::size_t max_hidden, std::size_t max_rows);

  [[nodiscard]] Eigen::Index patterns() const { return dense_.rows(); }
  /// Inputs stored sparse.
  [[nodiscard]] std::size_t sparse_inputs() const { return sparse_unit_.size(); }

  /// Hidden unit h's value on each pattern.
  void set_hidden(std::size_t h, const Eigen::Ref<const Eigen::VectorXd>& values);

  /// out (N × r) = X_f·Wᵀ over the first f = W.cols() units, W r × f.
  void times_transpose(const Eigen::Ref<const Eigen::MatrixXd>& w, Eigen::Ref<Eigen::MatrixXd> out);
  /// out (r × f) = Rᵀ·X_f over the first f = out.cols() units, R N × r.
  void transpose_times(const Eigen::Ref<const Eigen::MatrixXd>& r, Eigen::Ref<Eigen::MatrixXd> out);

 private:
  /// Dense columns in use with f units: bias, the dense inputs, the f − 1 − I hidden units.
  [[nodiscard]] Eigen::Index dense_cols(Eigen::Index f) const;

  Eigen::Index inputs_;
  Eigen::MatrixXd dense_;                     // N × (1 + dense inputs + H_max)
  Eigen::SparseMatrix<double> sparse_;        // N × sparse inputs
  std::vector<Eigen::Index> dense_unit_;      // unit index of each dense column (inputs part)
  std::vector<Eigen::Index> sparse_unit_;     // unit index of each sparse column
  Eigen::MatrixXd w_dense_, w_sparse_;        // gathered weights: max_rows × columns
  Eigen::MatrixXd s_dense_, s_sparse_;        // slopes before scattering: rows × columns, columns × rows
};

}  // namespace snnft::cascor
