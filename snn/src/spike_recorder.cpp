// SPDX-License-Identifier: MIT
#include "snnft/snn/spike_recorder.hpp"

#include <cmath>
#include <limits>

namespace snnft {

SpikeRecorder::SpikeRecorder(const Network& network, std::vector<PopulationIndex> populations, SpikeSink& sink,
                             std::size_t buffer_spikes)
    : populations_(std::move(populations)),
      sink_(sink),
      buffers_(network.population_count()),
      totals_(network.population_count(), 0) {
  for (PopulationIndex p : populations_) {
    // A buffer must hold at least one full step of the population.
    const std::size_t capacity = std::max(buffer_spikes, network.population(p).size());
    buffers_[p].steps.resize(capacity);
    buffers_[p].neurons.resize(capacity);
  }
}

void SpikeRecorder::on_phase_end(Phase, const StepView& view) {
  for (PopulationIndex p : populations_) {
    const auto ids = view.network.population(p).spikes().ids();
    Buffer& b = buffers_[p];
    if (b.used + ids.size() > b.steps.size()) flush(p);
    for (NeuronIndex id : ids) {
      b.steps[b.used] = view.step;
      b.neurons[b.used] = id;
      ++b.used;
    }
    totals_[p] += ids.size();
  }
}

void SpikeRecorder::flush(PopulationIndex p) {
  Buffer& b = buffers_[p];
  if (b.used == 0) return;
  sink_.write_spikes(p, std::span<const Step>(b.steps.data(), b.used),
                     std::span<const NeuronIndex>(b.neurons.data(), b.used));
  b.used = 0;
}

void SpikeRecorder::flush() {
  for (PopulationIndex p : populations_) flush(p);
}

SpikeStatistics::SpikeStatistics(const Network& network) {
  for (PopulationIndex p = 0; p < network.population_count(); ++p) {
    const std::size_t n = network.population(p).size();
    count_.emplace_back(n, 0);
    last_.emplace_back(n, std::numeric_limits<Step>::min());
    isi_sum_.emplace_back(n, 0.0);
    isi_sq_.emplace_back(n, 0.0);
  }
}

void SpikeStatistics::on_phase_end(Phase, const StepView& view) {
  for (PopulationIndex p = 0; p < count_.size(); ++p) {
    for (NeuronIndex i : view.network.population(p).spikes().ids()) {
      if (count_[p][i] > 0) {
        const double isi = static_cast<double>(view.step - last_[p][i]);
        isi_sum_[p][i] += isi;
        isi_sq_[p][i] += isi * isi;
      }
      ++count_[p][i];
      last_[p][i] = view.step;
    }
  }
  ++steps_;
}

std::uint64_t SpikeStatistics::spikes(PopulationIndex p) const {
  std::uint64_t n = 0;
  for (auto c : count_[p]) n += c;
  return n;
}

std::uint64_t SpikeStatistics::total_spikes() const {
  std::uint64_t n = 0;
  for (PopulationIndex p = 0; p < count_.size(); ++p) n += spikes(p);
  return n;
}

double SpikeStatistics::mean_cv_isi(PopulationIndex p) const {
  double sum = 0;
  std::size_t used = 0;
  for (std::size_t i = 0; i < count_[p].size(); ++i) {
    if (count_[p][i] < 3) continue;
    const double k = static_cast<double>(count_[p][i] - 1);
    const double mean = isi_sum_[p][i] / k;
    const double var = std::max(0.0, isi_sq_[p][i] / k - mean * mean);
    sum += std::sqrt(var) / mean;
    ++used;
  }
  return used ? sum / static_cast<double>(used) : std::nan("");
}

}  // namespace snnft
