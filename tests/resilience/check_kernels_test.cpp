// SPDX-License-Identifier: MIT
// The health checks' vector kernels against plain loops, for every width this CPU runs.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "check_kernels.hpp"

namespace snnft::neuromorphic::kernels {
namespace {

bool cpu_runs(Width w) { return static_cast<int>(widest()) >= static_cast<int>(w); }

TEST(CheckKernels, AllFiniteFindsEveryNaNAndInfAtEveryLength) {
  for (Width w : {Width::kAvx2, Width::kAvx512}) {
    if (!cpu_runs(w)) continue;
    auto kernel = w == Width::kAvx2 ? all_finite_avx2 : all_finite_avx512;
    for (std::size_t n : {0u, 1u, 7u, 8u, 15u, 16u, 17u, 33u, 100u}) {
      std::vector<float> v(n, -2.5f);
      if (n > 0) v[n / 2] = std::numeric_limits<float>::max();  // large but finite
      if (n > 1) v[n - 1] = std::numeric_limits<float>::denorm_min();
      EXPECT_TRUE(kernel(v.data(), n)) << "n " << n;
      for (std::size_t i = 0; i < n; ++i) {
        for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity()}) {
          std::vector<float> b = v;
          b[i] = bad;
          EXPECT_FALSE(kernel(b.data(), n)) << "n " << n << " position " << i;
        }
      }
    }
  }
}

TEST(CheckKernels, ClassScoresMatchDoublePrecisionSums) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (std::size_t features : {1u, 2u, 3u, 13u, 64u, 67u}) {
    for (std::size_t lanes : {8u, 16u}) {
      std::vector<float> w((features + 1) * lanes), x(features);
      for (float& v : w) v = normal(rng);
      for (float& v : x) v = 4.0f * normal(rng);
      x[features / 2] = -40.0f;  // the largest magnitude, negative
      for (Width width : {Width::kAvx2, Width::kAvx512}) {
        if (!cpu_runs(width) || (width == Width::kAvx512 && lanes != 16)) continue;
        float out[16];
        const float largest = width == Width::kAvx2 ? class_scores_avx2(w.data(), x.data(), features, lanes, out)
                                                    : class_scores_avx512(w.data(), x.data(), features, out);
        EXPECT_EQ(largest, 40.0f);
        for (std::size_t c = 0; c < lanes; ++c) {
          double exact = w[features * lanes + c], magnitude = std::abs(exact);
          for (std::size_t j = 0; j < features; ++j) {
            exact += static_cast<double>(w[j * lanes + c]) * x[j];
            magnitude += std::abs(static_cast<double>(w[j * lanes + c]) * x[j]);
          }
          // Single-precision rounding of a sum of features + 1 terms.
          EXPECT_NEAR(out[c], exact, static_cast<double>(features + 2) * 0x1p-24 * magnitude)
              << "features " << features << " lanes " << lanes << " class " << c;
        }
      }
    }
  }
  // Every magnitude below 1 reports 1.
  std::vector<float> w(2 * 16, 0.5f), x{0.25f};
  float out[16];
  if (cpu_runs(Width::kAvx2)) {
    EXPECT_EQ(class_scores_avx2(w.data(), x.data(), 1, 16, out), 1.0f);
  }
  if (cpu_runs(Width::kAvx512)) {
    EXPECT_EQ(class_scores_avx512(w.data(), x.data(), 1, out), 1.0f);
  }
}

}  // namespace
}  // namespace snnft::neuromorphic::kernels
