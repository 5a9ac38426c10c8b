// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "snnft/snn/cascor/cascor_network.hpp"

namespace snnft::columns {

/// How a grown readout has been growing, for monitors that judge its health.
struct GrowthStatus {
  std::size_t hidden_units = 0;        ///< installed now
  std::size_t trained_units = 0;       ///< installed by the training phase
  std::size_t online_units = 0;        ///< installed since, online
  std::uint64_t growth_steps = 0;      ///< online growth steps run
  std::uint64_t taught = 0;            ///< labelled test trials seen
  double taught_error_sum = 0.0;       ///< Σ over those trials of Σ_o (y_o − t_o)², before learning from them
  std::uint64_t taught_wrong = 0;      ///< those of them the readout misclassified, before learning from them
  std::uint64_t changes = 0;           ///< bumped whenever the weights change (growth, restore)
};

/// A saved readout: restoring it gives back the same weights bit for bit.
struct ReadoutCheckpoint {
  std::shared_ptr<const cascor::CascorNetwork> network;
  std::size_t online_units = 0;
  bool trained = false;  ///< false: the readout had not been grown yet (the column answers by labels)
  double label_weight = 0.0;  ///< how much the label readout counted in the column's answer
};

/// The narrow interface through which the fault-tolerance layer steers a column's grown
/// readout: stop and resume growth, save and restore the readout, and read how it grows.
/// The column keeps answering with whatever readout it holds.
class ReadoutControl {
 public:
  virtual ~ReadoutControl() = default;

  /// Frozen growth recruits no unit and changes no weight, whatever is taught.
  virtual void freeze_growth(bool frozen) = 0;
  [[nodiscard]] virtual bool growth_frozen() const = 0;

  [[nodiscard]] virtual ReadoutCheckpoint checkpoint() const = 0;
  virtual void restore(const ReadoutCheckpoint& checkpoint) = 0;

  [[nodiscard]] virtual const GrowthStatus& status() const = 0;
  /// The most hidden units the readout may hold (training plus online budget).
  [[nodiscard]] virtual std::size_t unit_budget() const = 0;
  [[nodiscard]] virtual const cascor::CascorNetwork& network() const = 0;
  /// The outputs of the last answer (one per class; empty before the first). Every weight
  /// feeds every output, so a NaN weight shows here in the very trial it is used.
  [[nodiscard]] virtual std::span<const double> last_outputs() const = 0;
  /// The weights in place, for fault injection (a corrupted readout memory).
  virtual cascor::CascorNetwork& network_for_fault_injection() = 0;

 protected:
  ReadoutControl() = default;
  ReadoutControl(const ReadoutControl&) = default;
  ReadoutControl& operator=(const ReadoutControl&) = default;
};

}  // namespace snnft::columns
