// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "snnft/core/hdf5_output.hpp"
#include "snnft/snn/spike_recorder.hpp"

namespace snnft::apps {

/// Streams recorded spikes into an HDF5 file in the SONATA spike-report layout:
/// /spikes/<population>/timestamps (float64, ms) and /spikes/<population>/node_ids (uint64),
/// attribute `sorting` = "by_time" on the population group and `units` = "ms" on timestamps.
/// Readable by NEST, BMTK, libsonata and h5py.
class SonataSpikeWriter final : public SpikeSink {
 public:
  SonataSpikeWriter(H5Output& out, const Network& network, const std::vector<PopulationIndex>& populations);

  void write_spikes(PopulationIndex population, std::span<const Step> steps,
                    std::span<const NeuronIndex> neurons) override;

 private:
  H5Output& out_;
  double dt_ms_;
  std::vector<std::string> group_;  // by population; empty when not recorded
  std::vector<double> times_;       // conversion buffers, sized once
  std::vector<std::uint64_t> ids_;
};

}  // namespace snnft::apps
