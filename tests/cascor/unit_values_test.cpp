// SPDX-License-Identifier: MIT
// UnitValues: the two training products with mostly-zero inputs stored sparse equal the products
// of the whole dense matrix; without such inputs they are those products bit for bit.
#include <gtest/gtest.h>

#include "snnft/core/counter_rng.hpp"
#include "snnft/snn/cascor/unit_values.hpp"

namespace snnft::cascor {
namespace {

/// N × I inputs: every third column is dense, the others zero on about 9 in 10 patterns.
Eigen::MatrixXd spike_like_inputs(Eigen::Index n, Eigen::Index inputs) {
  const CounterRng rng(7);
  RngStream stream(rng, StreamId{RngPurpose::kLearning, 0, 0});
  Eigen::MatrixXd x(n, inputs);
  for (Eigen::Index p = 0; p < n; ++p) {
    for (Eigen::Index i = 0; i < inputs; ++i) {
      const double v = stream.uniform(0.0, 1.0);
      x(p, i) = i % 3 == 0 || stream.uniform(0.0, 1.0) < 0.1 ? v : 0.0;
    }
  }
  return x;
}

Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, std::uint32_t id) {
  const CounterRng rng(11);
  RngStream stream(rng, StreamId{RngPurpose::kLearning, id, 0});
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index c = 0; c < cols; ++c)
    for (Eigen::Index r = 0; r < rows; ++r) m(r, c) = stream.uniform(-1.0, 1.0);
  return m;
}

TEST(UnitValues, ProductsWithSparseInputsEqualTheDenseProducts) {
  const Eigen::Index n = 200, inputs = 30, hidden = 2, rows = 4;
  const Eigen::MatrixXd x = spike_like_inputs(n, inputs);
  UnitValues values(x, 3, rows);
  EXPECT_EQ(values.sparse_inputs(), 20u) << "the columns that are mostly zero";
  Eigen::MatrixXd all(n, 1 + inputs + hidden);  // bias, inputs, hidden units as one dense matrix
  all.col(0).setOnes();
  all.middleCols(1, inputs) = x;
  all.rightCols(hidden) = random_matrix(n, hidden, 1);
  for (Eigen::Index h = 0; h < hidden; ++h) values.set_hidden(static_cast<std::size_t>(h), all.col(1 + inputs + h));

  const Eigen::MatrixXd w = random_matrix(rows, all.cols(), 2);
  Eigen::MatrixXd out(n, rows);
  values.times_transpose(w, out);
  EXPECT_LT((out - all * w.transpose()).cwiseAbs().maxCoeff(), 1e-12);

  const Eigen::MatrixXd r = random_matrix(n, rows, 3);
  Eigen::MatrixXd slope(rows, all.cols());
  values.transpose_times(r, slope);
  EXPECT_LT((slope - r.transpose() * all).cwiseAbs().maxCoeff(), 1e-12);

  // Fewer units (one hidden unit installed): the products stop at the units in use.
  Eigen::MatrixXd slope_few(rows, all.cols() - 1);
  values.transpose_times(r, slope_few);
  EXPECT_LT((slope_few - r.transpose() * all.leftCols(all.cols() - 1)).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(UnitValues, WithoutSparseInputsTheProductsAreTheDenseOnesBitForBit) {
  const Eigen::Index n = 50, inputs = 6, rows = 3;
  const Eigen::MatrixXd x = random_matrix(n, inputs, 4);
  UnitValues values(x, 0, rows);
  EXPECT_EQ(values.sparse_inputs(), 0u);
  Eigen::MatrixXd all(n, 1 + inputs);
  all.col(0).setOnes();
  all.rightCols(inputs) = x;
  const Eigen::MatrixXd w = random_matrix(rows, 1 + inputs, 5), r = random_matrix(n, rows, 6);
  Eigen::MatrixXd out(n, rows), slope(rows, 1 + inputs);
  values.times_transpose(w, out);
  values.transpose_times(r, slope);
  const Eigen::MatrixXd dense_out = all * w.transpose(), dense_slope = r.transpose() * all;
  EXPECT_TRUE(out == dense_out);
  EXPECT_TRUE(slope == dense_slope);
}

}  // namespace
}  // namespace snnft::cascor
