// SPDX-License-Identifier: MIT
#include "snnft/encoding/spike_pattern.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <vector>

namespace snnft {
namespace {

TEST(SpikePattern, FinalizeSortsByTimeThenNeuronAndAddValidates) {
  SpikePattern p(3);
  p.add(5.0, 2);
  p.add(1.0, 1);
  p.add(5.0, 0);
  p.finalize();
  const std::vector<SpikeEvent> expected = {{1.0, 1}, {5.0, 0}, {5.0, 2}};
  EXPECT_TRUE(std::equal(p.events().begin(), p.events().end(), expected.begin(), expected.end()));
  EXPECT_THROW(p.add(1.0, 3), std::invalid_argument);
  EXPECT_THROW(p.add(-0.5, 0), std::invalid_argument);
  EXPECT_THROW(p.add(std::numeric_limits<double>::infinity(), 0), std::invalid_argument);
}

TEST(SpikePattern, FirstSpikeTimesAndCountsWorkOnUnsortedPatterns) {
  SpikePattern p(4);
  p.add(30.0, 1);
  p.add(12.0, 1);
  p.add(18.0, 0);
  p.add(40.0, 3);
  p.add(10.0, 3);
  std::vector<double> first(4);
  first_spike_times(p, first, 10.0);
  EXPECT_EQ(first, (std::vector<double>{8.0, 2.0, std::numeric_limits<double>::infinity(), 0.0}));
  std::vector<std::size_t> counts(4);
  spike_counts(p, counts, 12.0, 40.0);  // [12, 40): the spike at 40 is outside
  EXPECT_EQ(counts, (std::vector<std::size_t>{1, 2, 0, 0}));
  std::vector<double> too_short(3);
  EXPECT_THROW(first_spike_times(p, too_short), std::invalid_argument);
}

}  // namespace
}  // namespace snnft
