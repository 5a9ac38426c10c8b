// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "snnft/columns/cortical_column.hpp"

namespace snnft::columns {

/// Copies of one column's learned state (weights, thresholds, labels, grown readout), one per worker thread,
/// for presenting samples without learning in parallel.
///
/// Such trials are independent: every trial starts from the same reset state (membrane,
/// synaptic input and refractory counters at rest, thresholds from the learned theta, no
/// delayed input in flight, input spikes scheduled relative to the trial's start), so a trial
/// gives the same response whichever copy runs it and whatever ran before. The tests check
/// this against the column itself.
///
/// A copy is built from the column's parameters, view and learned state only: observers and
/// actors attached to the column's simulation, and engine variables changed through its
/// control(), are not copied.
class FrozenCopies {
 public:
  /// Takes a snapshot of `column`'s learned state for the next pass and makes room for
  /// `slots` copies. Copies from earlier passes are kept and re-synchronised when used.
  void refresh(const CorticalColumn& column, std::size_t slots);

  /// The copy for worker `slot`, built on first use and holding the snapshot. Only the
  /// thread owning `slot` may call this during a pass.
  CorticalColumn& copy(std::size_t slot);

 private:
  const CorticalColumn* column_ = nullptr;
  ColumnState state_;
  ReadoutCheckpoint readout_;     // the grown readout's, if the column has one
  std::uint64_t generation_ = 0;  // bumped by refresh()
  std::vector<std::unique_ptr<CorticalColumn>> copies_;
  std::vector<std::uint64_t> synced_;  // generation each copy last restored
};

}  // namespace snnft::columns
