// SPDX-License-Identifier: MIT
#include "frozen_copies.hpp"

namespace snnft::columns {

void FrozenCopies::refresh(const CorticalColumn& column, std::size_t slots) {
  column_ = &column;
  state_ = column.checkpoint();
  readout_ = column.grown_readout() ? column.grown_readout()->checkpoint() : ReadoutCheckpoint{};
  ++generation_;
  if (copies_.size() < slots) {
    copies_.resize(slots);
    synced_.resize(slots, 0);
  }
}

CorticalColumn& FrozenCopies::copy(std::size_t slot) {
  auto& c = copies_[slot];
  if (!c) c = std::make_unique<CorticalColumn>(column_->params(), column_->view(), column_->feature_count(), column_->class_count());
  if (synced_[slot] != generation_) {
    c->restore(state_);
    if (c->grown_readout() != nullptr) c->grown_readout()->restore(readout_);
    synced_[slot] = generation_;
  }
  return *c;
}

}  // namespace snnft::columns
