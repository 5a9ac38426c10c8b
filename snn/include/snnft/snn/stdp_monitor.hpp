// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft {

/// Shares of a weight vector near either bound: below w_min + 0.1·(w_max − w_min) and above
/// w_min + 0.9·(w_max − w_min) (with w_min = 0: below 0.1·w_max and above 0.9·w_max).
struct WeightFractions {
  double low = 0.0;
  double high = 0.0;
};
WeightFractions weight_fractions(std::span<const float> weights, double w_min, double w_max);

struct StdpMonitorOptions {
  double histogram_interval_ms = 1000.0;  ///< a weight histogram every this many ms
  std::size_t bins = 20;                  ///< equal bins over [w_min, w_max]
  double rate_window_ms = 10000.0;        ///< trailing window of the late output rate
  Step expected_steps = 0;                ///< sizes the histogram storage up front
  Step start_step = 0;                    ///< step at which the run starts
};

/// Watches what STDP does to one projection: a weight histogram at the start and every
/// histogram_interval_ms, and the spike count of the postsynaptic population in total and over
/// a trailing window (the output rate falls as the weights become competitive, Song et al.
/// 2000). All storage is sized in the constructor, so observing never allocates; snapshots
/// beyond expected_steps are counted in dropped_snapshots() instead of stored.
class StdpMonitor final : public StepObserver {
 public:
  StdpMonitor(const Network& network, std::size_t projection, double w_min, double w_max,
              const StdpMonitorOptions& options);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kRecord); }
  void on_run_begin(const Network& network) override;
  void on_phase_end(Phase phase, const StepView& view) override;

  [[nodiscard]] std::size_t projection() const { return projection_; }
  [[nodiscard]] std::size_t bins() const { return bins_; }
  /// bins + 1 edges from w_min to w_max.
  [[nodiscard]] std::vector<double> bin_edges() const;
  [[nodiscard]] std::size_t snapshots() const { return rows_; }
  /// Row-major snapshots × bins synapse counts.
  [[nodiscard]] std::span<const std::uint32_t> histogram() const { return {counts_.data(), rows_ * bins_}; }
  [[nodiscard]] std::span<const double> snapshot_times_ms() const { return {times_ms_.data(), rows_}; }
  [[nodiscard]] std::size_t dropped_snapshots() const { return dropped_; }

  [[nodiscard]] std::uint64_t post_spikes() const { return post_spikes_; }
  [[nodiscard]] Step steps_observed() const { return observed_; }
  /// Mean rate of the postsynaptic population over every observed step.
  [[nodiscard]] double output_rate_hz() const;
  /// Mean rate over the last min(rate_window_ms, observed time).
  [[nodiscard]] double output_rate_window_hz() const;

 private:
  void snapshot(const Network& network, double t_ms);

  std::size_t projection_;
  PopulationIndex post_;
  std::size_t post_size_;
  double w_min_, w_max_, dt_ms_;
  std::size_t bins_;
  Step interval_steps_;
  Step next_step_;
  std::size_t rows_ = 0, capacity_rows_, dropped_ = 0;
  std::vector<std::uint32_t> counts_;
  std::vector<double> times_ms_;
  std::uint64_t post_spikes_ = 0;
  Step observed_ = 0;
  std::vector<std::uint32_t> window_;  // post spikes per step, ring buffer
  std::size_t window_pos_ = 0;
};

}  // namespace snnft
