// SPDX-License-Identifier: MIT
#include "snnft/snn/state_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snnft {

std::vector<NeuronIndex> spread_ids(std::size_t population_size, double fraction) {
  if (!(fraction > 0 && fraction <= 1)) throw std::invalid_argument("fraction must be in (0, 1]");
  const auto n = std::clamp<std::size_t>(static_cast<std::size_t>(std::llround(fraction * static_cast<double>(population_size))),
                                         1, population_size);
  std::vector<NeuronIndex> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = static_cast<NeuronIndex>(i * population_size / n);
  return ids;
}

namespace {
// About 256 KB of floats per variable buffer: large enough that the sink writes big chunks
// (the buffer is also the HDF5 chunk), small enough that the buffers of a few recorders stay
// in the L2 cache beside the state they sample. Sampling all 4000 neurons of the CUBA network
// in every step costs 1.25-1.29 × a step with 256 KB buffers, 1.38-1.45 × with 1 MiB
// (bench/recording_overhead.sh).
constexpr std::size_t kBufferFloats = std::size_t{1} << 16;
}  // namespace

StateRecorder::StateRecorder(const Network& network, StateRecordSpec spec, FrameSink& sink, std::size_t buffer_frames)
    : spec_(std::move(spec)), sink_(sink) {
  if (spec_.population >= network.population_count()) throw std::invalid_argument("state recorder: no such population");
  const Population& pop = network.population(spec_.population);
  if (spec_.variables.empty()) throw std::invalid_argument("state recorder: no variables for population \"" + pop.name() + "\"");
  for (const std::string& v : spec_.variables) {
    if (pop.state(v).empty()) {
      std::string known;
      for (const auto& info : pop.state_variables()) known += (known.empty() ? "" : ", ") + std::string(info.name);
      throw std::invalid_argument("population \"" + pop.name() + "\" has no state variable \"" + v + "\" (it has: " +
                                  (known.empty() ? "none" : known) + ")");
    }
  }
  if (spec_.interval_steps < 1) throw std::invalid_argument("state recorder: interval below one step");
  ids_ = spec_.ids;
  if (ids_.empty()) {
    ids_.resize(pop.size());
    for (std::size_t i = 0; i < pop.size(); ++i) ids_[i] = static_cast<NeuronIndex>(i);
  }
  for (std::size_t k = 0; k < ids_.size(); ++k) {
    if (ids_[k] >= pop.size()) throw std::invalid_argument("state recorder: neuron " + std::to_string(ids_[k]) + " is not in \"" + pop.name() + "\"");
    if (k > 0 && ids_[k] <= ids_[k - 1]) throw std::invalid_argument("state recorder: ids must be ascending and unique");
  }
  contiguous_ = !ids_.empty() && ids_.back() == ids_.size() - 1;
  buffer_frames_ = buffer_frames != 0 ? buffer_frames : std::max<std::size_t>(1, kBufferFloats / std::max<std::size_t>(1, ids_.size()));
  const std::size_t sets = sink_.reads_after_return() ? 2 : 1;
  buffers_.assign(sets * spec_.variables.size(), std::vector<float>(buffer_frames_ * ids_.size()));
}

void StateRecorder::on_phase_end(Phase, const StepView& view) {
  if ((view.step + 1) % spec_.interval_steps != 0) return;
  if (first_step_ < 0) first_step_ = view.step;
  const Population& pop = view.network.population(spec_.population);
  const std::size_t n = ids_.size();
  for (std::size_t v = 0; v < spec_.variables.size(); ++v) {
    const std::span<const float> values = pop.state(spec_.variables[v]);
    float* row = buffers_[set_ * spec_.variables.size() + v].data() + used_ * n;
    if (contiguous_) {
      std::copy_n(values.data(), n, row);
    } else {
      for (std::size_t k = 0; k < n; ++k) row[k] = values[ids_[k]];
    }
  }
  ++frames_;
  if (++used_ == buffer_frames_) flush();
}

void StateRecorder::flush() {
  if (used_ == 0) return;
  const std::size_t variables = spec_.variables.size();
  for (std::size_t v = 0; v < variables; ++v) {
    const std::vector<float>& buffer = buffers_[set_ * variables + v];
    sink_.write_frames(v, std::span<const float>(buffer.data(), used_ * ids_.size()), used_);
  }
  set_ = (set_ + 1) % (buffers_.size() / variables);
  used_ = 0;
}

}  // namespace snnft
