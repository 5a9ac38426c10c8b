// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <cstddef>
#include <memory>

#include "snnft/core/aligned_array.hpp"
#include "snnft/core/types.hpp"

namespace snnft {

/// Ring buffer of future synaptic input for one receptor of one population: slot
/// (step mod slots) holds what arrives at the start of that step. Only slots that received
/// something are touched when delivered.
///
/// Threads that own disjoint ranges of neurons may add to the same buffer at once: they
/// write different elements, and the per-slot "received something" flag is atomic.
class DelayBuffer {
 public:
  DelayBuffer(std::size_t neurons, std::size_t max_delay_steps);

  /// Adds `weight` to neuron `target`, arriving at the start of step `arrival`.
  void add(Step arrival, NeuronIndex target, float weight) { slot_for(arrival)[target] += weight; }
  /// The row of neuron inputs arriving at `arrival`, marked as holding input; for adding a
  /// whole row of synapses with the same delay.
  float* slot_for(Step arrival) {
    const std::size_t slot = static_cast<std::size_t>(arrival) % slots_;
    dirty_[slot].store(1, std::memory_order_relaxed);
    return data_.data() + slot * stride_;
  }

  /// Adds what arrives at `step` into `input` and clears that slot.
  void deliver(Step step, float* input) {
    deliver_range(step, input, 0, neurons_);
    finish_delivery(step);
  }
  /// deliver() for neurons [begin, end) only, so that threads can share the work; once every
  /// range is delivered, finish_delivery() marks the slot empty.
  void deliver_range(Step step, float* input, std::size_t begin, std::size_t end);
  void finish_delivery(Step step) { dirty_[slot_of(step)].store(0, std::memory_order_relaxed); }

  /// Drops everything in flight.
  void clear();

  [[nodiscard]] std::size_t slots() const { return slots_; }
  [[nodiscard]] std::size_t neurons() const { return neurons_; }
  [[nodiscard]] std::size_t memory_bytes() const { return data_.size() * sizeof(float) + slots_; }

 private:
  [[nodiscard]] std::size_t slot_of(Step step) const { return static_cast<std::size_t>(step) % slots_; }

  std::size_t neurons_, stride_, slots_;
  AlignedArray<float> data_;
  std::unique_ptr<std::atomic<unsigned char>[]> dirty_;
};

}  // namespace snnft
