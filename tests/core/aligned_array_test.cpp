// SPDX-License-Identifier: MIT
#include "snnft/core/aligned_array.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace snnft {

TEST(AlignedArray, IsAlignedAndPaddedToWholeRegisters) {
  AlignedArray<float> a(37, 1.5f);
  EXPECT_EQ(a.size(), 37u);
  EXPECT_EQ(a.padded(), 48u);  // 64-byte registers hold 16 floats
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a.data()) % kSimdAlignment, 0u);
  for (std::size_t i = 0; i < a.padded(); ++i) EXPECT_EQ(a[i], 1.5f);
}

TEST(AlignedArray, CopyIsDeepAndMoveEmptiesSource) {
  AlignedArray<double> a(5, 2.0);
  AlignedArray<double> b = a;
  b[0] = 7.0;
  EXPECT_EQ(a[0], 2.0);
  AlignedArray<double> c = std::move(b);
  EXPECT_EQ(c[0], 7.0);
  EXPECT_EQ(b.size(), 0u);
  EXPECT_EQ(b.data(), nullptr);
}

TEST(AlignedArray, EmptyArrayHasNoStorage) {
  AlignedArray<float> a(0);
  EXPECT_EQ(a.padded(), 0u);
  EXPECT_EQ(a.data(), nullptr);
}

}  // namespace snnft
