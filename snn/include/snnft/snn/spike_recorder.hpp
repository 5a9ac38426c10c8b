// SPDX-License-Identifier: MIT
#pragma once
#include <span>
#include <vector>

#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft {

/// Where recorded spikes go (memory, an HDF5 file, ...). Called with full buffers only, from
/// the Record phase and at the end of a run.
class SpikeSink {
 public:
  virtual ~SpikeSink() = default;
  virtual void write_spikes(PopulationIndex population, std::span<const Step> steps,
                            std::span<const NeuronIndex> neurons) = 0;
};

/// Copies the spikes of selected populations into fixed-size buffers and hands them to a
/// sink when a buffer fills, so recording never allocates during a run.
class SpikeRecorder final : public StepObserver {
 public:
  SpikeRecorder(const Network& network, std::vector<PopulationIndex> populations, SpikeSink& sink,
                std::size_t buffer_spikes = 1 << 16);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kRecord); }
  void on_phase_end(Phase phase, const StepView& view) override;
  void on_run_end(const StepView&) override { flush(); }

  /// Writes everything buffered to the sink.
  void flush();
  [[nodiscard]] std::uint64_t recorded(PopulationIndex population) const { return totals_[population]; }

 private:
  struct Buffer {
    std::vector<Step> steps;
    std::vector<NeuronIndex> neurons;
    std::size_t used = 0;
  };
  void flush(PopulationIndex p);

  std::vector<PopulationIndex> populations_;
  SpikeSink& sink_;
  std::vector<Buffer> buffers_;        // indexed by population
  std::vector<std::uint64_t> totals_;  // indexed by population
};

/// Per-neuron spike counts and inter-spike-interval moments, for rates and CV(ISI) without
/// storing spike trains.
class SpikeStatistics final : public StepObserver {
 public:
  explicit SpikeStatistics(const Network& network);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kObserve); }
  void on_phase_end(Phase phase, const StepView& view) override;

  [[nodiscard]] std::uint64_t spikes(PopulationIndex p) const;
  [[nodiscard]] std::uint64_t total_spikes() const;
  [[nodiscard]] std::uint64_t spike_count(PopulationIndex p, std::size_t neuron) const { return count_[p][neuron]; }
  /// Mean over neurons with at least 3 spikes of CV = sd(ISI)/mean(ISI); NaN if none qualify.
  [[nodiscard]] double mean_cv_isi(PopulationIndex p) const;
  /// Number of steps observed.
  [[nodiscard]] Step steps_observed() const { return steps_; }

 private:
  std::vector<std::vector<std::uint64_t>> count_;
  std::vector<std::vector<Step>> last_;
  std::vector<std::vector<double>> isi_sum_, isi_sq_;
  Step steps_ = 0;
};

}  // namespace snnft
