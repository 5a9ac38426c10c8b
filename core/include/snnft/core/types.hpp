// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>

namespace snnft {

/// Simulation time is an integer count of steps; milliseconds are derived as step * dt.
using Step = std::int64_t;

/// Index of a neuron inside its population.
using NeuronIndex = std::uint32_t;

/// Index of a population inside a network, in the order the network was built.
using PopulationIndex = std::uint32_t;

}  // namespace snnft
