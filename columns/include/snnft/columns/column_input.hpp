// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "snnft/encoding/population_encoder.hpp"
#include "snnft/encoding/spike_pattern.hpp"
#include "snnft/encoding/ttfs_encoder.hpp"

namespace snnft::columns {

/// What one column sees of a sample: a subset of its features (its receptive field) and the
/// code that turns them into input spikes.
struct InputView {
  enum class Encoding { kTtfs, kPopulation };
  std::vector<std::size_t> features;  ///< feature indices; empty = every feature
  Encoding encoding = Encoding::kTtfs;
  TtfsParams ttfs{.t_min_ms = 0.0, .t_max_ms = 20.0, .scale = TtfsScale::kLinear, .tau_ms = 5.0, .cutoff = 0.05};
  PopulationCodeParams population{};
};

/// Encodes samples for one column. Reuses its buffers: no allocation per trial.
class ColumnInput {
 public:
  ColumnInput(InputView view, std::size_t feature_count);

  /// Number of input neurons the view produces.
  [[nodiscard]] std::size_t neuron_count() const { return neurons_; }
  [[nodiscard]] const InputView& view() const { return view_; }

  /// Encodes a sample (all features, values in [0, 1]) into the internal pattern.
  const SpikePattern& encode(std::span<const float> sample);
  [[nodiscard]] const SpikePattern& pattern() const { return pattern_; }

 private:
  InputView view_;
  std::size_t neurons_;
  TtfsEncoder ttfs_;
  PopulationEncoder population_;
  std::vector<float> selected_;
  SpikePattern pattern_;
};

}  // namespace snnft::columns
