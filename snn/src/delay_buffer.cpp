// SPDX-License-Identifier: MIT
#include "snnft/snn/delay_buffer.hpp"

#include <algorithm>

namespace snnft {

DelayBuffer::DelayBuffer(std::size_t neurons, std::size_t max_delay_steps)
    : neurons_(neurons),
      stride_(padded_size<float>(neurons)),
      // Arrival steps range over [now + 1, now + max_delay + 1]; one more slot keeps the slot
      // being delivered now distinct from the farthest one being written.
      slots_(max_delay_steps + 2),
      data_(stride_ * slots_),
      dirty_(slots_, 0) {}

void DelayBuffer::deliver(Step step, float* input) {
  const std::size_t slot = static_cast<std::size_t>(step) % slots_;
  if (!dirty_[slot]) return;
  float* row = data_.data() + slot * stride_;
  for (std::size_t i = 0; i < neurons_; ++i) {
    input[i] += row[i];
    row[i] = 0.0f;
  }
  dirty_[slot] = 0;
}

void DelayBuffer::clear() {
  data_.fill(0.0f);
  std::fill(dirty_.begin(), dirty_.end(), 0);
}

}  // namespace snnft
