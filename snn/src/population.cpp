// SPDX-License-Identifier: MIT
#include "snnft/snn/population.hpp"

#include <algorithm>

namespace snnft {

void SpikeList::erase_at(std::size_t i) {
  if (i >= count_) return;
  std::copy(ids_.begin() + static_cast<std::ptrdiff_t>(i) + 1, ids_.begin() + static_cast<std::ptrdiff_t>(count_),
            ids_.begin() + static_cast<std::ptrdiff_t>(i));
  --count_;
}

void SpikeList::insert(NeuronIndex id) {
  auto end = ids_.begin() + static_cast<std::ptrdiff_t>(count_);
  auto pos = std::lower_bound(ids_.begin(), end, id);
  if (pos != end && *pos == id) return;
  if (count_ >= ids_.size()) return;
  std::copy_backward(pos, end, end + 1);
  *pos = id;
  ++count_;
}

}  // namespace snnft
