// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <vector>

#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft {

/// Population rates in time bins (Brian2's PopulationRateMonitor, binned): the number of
/// spikes of each population in every bin of `bin_steps` steps, counted from the first step
/// the recorder sees. Four bytes per bin and population are kept in memory (a one-hour run
/// in 1 ms bins: 14 MB per population).
class RateRecorder final : public StepObserver {
 public:
  RateRecorder(const Network& network, std::vector<PopulationIndex> populations, Step bin_steps);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kRecord); }
  void on_phase_end(Phase phase, const StepView& view) override;

  /// Reserves room for the bins of `steps` more steps, so the run itself does not allocate.
  void reserve_steps(Step steps);

  [[nodiscard]] const std::vector<PopulationIndex>& populations() const { return populations_; }
  [[nodiscard]] Step bin_steps() const { return bin_steps_; }
  /// Step at which the first bin starts (-1 before the first step).
  [[nodiscard]] Step first_step() const { return first_step_; }
  /// Bins begun so far (the last may be partial: see complete_bins()).
  [[nodiscard]] std::size_t bins() const;
  [[nodiscard]] std::size_t complete_bins() const { return static_cast<std::size_t>(steps_seen_ / bin_steps_); }
  /// Spike counts of the k-th population listed, one per bin.
  [[nodiscard]] const std::vector<std::uint32_t>& counts(std::size_t k) const { return counts_[k]; }
  /// Rates in Hz of the k-th population listed: count / (size × bin length).
  [[nodiscard]] std::vector<double> rates_hz(std::size_t k, double dt_ms, std::size_t population_size) const;

 private:
  std::vector<PopulationIndex> populations_;
  Step bin_steps_;
  Step first_step_ = -1;
  Step steps_seen_ = 0;
  std::vector<std::vector<std::uint32_t>> counts_;
};

}  // namespace snnft
