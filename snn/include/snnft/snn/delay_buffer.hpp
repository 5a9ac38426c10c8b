// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <vector>

#include "snnft/core/aligned_array.hpp"
#include "snnft/core/types.hpp"

namespace snnft {

/// Ring buffer of future synaptic input for one receptor of one population: slot
/// (step mod slots) holds what arrives at the start of that step. Only slots that received
/// something are touched when delivered.
class DelayBuffer {
 public:
  DelayBuffer(std::size_t neurons, std::size_t max_delay_steps);

  /// Adds `weight` to neuron `target`, arriving at the start of step `arrival`.
  void add(Step arrival, NeuronIndex target, float weight) {
    const std::size_t slot = static_cast<std::size_t>(arrival) % slots_;
    data_[slot * stride_ + target] += weight;
    dirty_[slot] = 1;
  }
  /// Adds what arrives at `step` into `input` and clears that slot.
  void deliver(Step step, float* input);

  /// Drops everything in flight.
  void clear();

  [[nodiscard]] std::size_t slots() const { return slots_; }

 private:
  std::size_t neurons_, stride_, slots_;
  AlignedArray<float> data_;
  std::vector<unsigned char> dirty_;
};

}  // namespace snnft
