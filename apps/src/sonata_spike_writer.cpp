// SPDX-License-Identifier: MIT
#include "snnft/apps/sonata_spike_writer.hpp"

namespace snnft::apps {

SonataSpikeWriter::SonataSpikeWriter(H5Output& out, const Network& network,
                                     const std::vector<PopulationIndex>& populations)
    : out_(out), dt_ms_(network.dt_ms()), group_(network.population_count()) {
  out_.create_group("/spikes");
  for (PopulationIndex p : populations) {
    group_[p] = "/spikes/" + network.population(p).name();
    out_.create_appendable<double>(group_[p] + "/timestamps");
    out_.create_appendable<std::uint64_t>(group_[p] + "/node_ids");
    out_.set_attribute(group_[p], "sorting", std::string("by_time"));
    out_.set_attribute(group_[p] + "/timestamps", "units", std::string("ms"));
    // Beside the spikes, so a reader knows the population (silent neurons included) without
    // parsing the config attribute.
    out_.set_attribute(group_[p], "size", static_cast<std::int64_t>(network.population(p).size()));
    out_.set_attribute(group_[p], "model", std::string(network.population(p).model_name()));
  }
}

void SonataSpikeWriter::write_spikes(PopulationIndex population, std::span<const Step> steps,
                                     std::span<const NeuronIndex> neurons) {
  if (times_.size() < steps.size()) {  // only on the first (largest) buffer
    times_.resize(steps.size());
    ids_.resize(steps.size());
  }
  for (std::size_t k = 0; k < steps.size(); ++k) {
    times_[k] = static_cast<double>(steps[k]) * dt_ms_;
    ids_[k] = neurons[k];
  }
  out_.append<double>(group_[population] + "/timestamps", std::span<const double>(times_.data(), steps.size()));
  out_.append<std::uint64_t>(group_[population] + "/node_ids", std::span<const std::uint64_t>(ids_.data(), steps.size()));
}

}  // namespace snnft::apps
