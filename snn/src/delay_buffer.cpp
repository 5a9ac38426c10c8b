// SPDX-License-Identifier: MIT
#include "snnft/snn/delay_buffer.hpp"

namespace snnft {

DelayBuffer::DelayBuffer(std::size_t neurons, std::size_t max_delay_steps)
    : neurons_(neurons),
      stride_(padded_size<float>(neurons)),
      // Arrival steps range over [now + 1, now + max_delay + 1]; one more slot keeps the slot
      // being delivered now distinct from the farthest one being written.
      slots_(max_delay_steps + 2),
      data_(stride_ * slots_),
      dirty_(std::make_unique<std::atomic<unsigned char>[]>(slots_)) {
  for (std::size_t s = 0; s < slots_; ++s) dirty_[s].store(0, std::memory_order_relaxed);
}

void DelayBuffer::deliver_range(Step step, float* input, std::size_t begin, std::size_t end) {
  const std::size_t slot = slot_of(step);
  if (!dirty_[slot].load(std::memory_order_relaxed)) return;
  float* row = data_.data() + slot * stride_;
  for (std::size_t i = begin; i < end; ++i) {
    input[i] += row[i];
    row[i] = 0.0f;
  }
}

void DelayBuffer::clear() {
  data_.fill(0.0f);
  for (std::size_t s = 0; s < slots_; ++s) dirty_[s].store(0, std::memory_order_relaxed);
}

}  // namespace snnft
