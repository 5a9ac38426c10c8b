// SPDX-License-Identifier: MIT
#include "state_sampler.hpp"

#include "snnft/snn/network.hpp"

namespace snnft::python {

void StateSampler::on_phase_end(Phase, const StepView& view) {
  // The engine API hands out writable spans only; the sampler reads through a const_cast-free
  // path by asking the population it was given at registration time.
  auto& network = const_cast<Network&>(view.network);
  for (Channel& c : channels_) {
    if (view.step < c.origin || (view.step - c.origin) % c.interval_steps != 0) continue;
    const std::span<const float> values = network.population(c.population).variable(c.variable);
    c.steps.push_back(view.step);
    for (const NeuronIndex i : c.neurons) c.values.push_back(values[i]);
  }
}

StateSampler::Channel& StateSampler::add(PopulationIndex population, std::string variable,
                                         std::vector<NeuronIndex> neurons, Step interval_steps, Step origin) {
  for (Channel& c : channels_) {
    if (c.population == population && c.variable == variable) {
      c = Channel{population, std::move(variable), std::move(neurons), interval_steps, origin, {}, {}};
      return c;
    }
  }
  channels_.push_back(Channel{population, std::move(variable), std::move(neurons), interval_steps, origin, {}, {}});
  return channels_.back();
}

void StateSampler::reserve(Step from, Step steps) {
  for (Channel& c : channels_) {
    const Step first = std::max(from, c.origin);
    const Step samples = (from + steps - first + c.interval_steps - 1) / c.interval_steps + 1;
    c.steps.reserve(c.steps.size() + static_cast<std::size_t>(samples));
    c.values.reserve(c.values.size() + static_cast<std::size_t>(samples) * c.neurons.size());
  }
}

void StateSampler::clear_samples(Step origin) {
  for (Channel& c : channels_) {
    c.steps.clear();
    c.values.clear();
    c.origin = origin;
  }
}

const StateSampler::Channel* StateSampler::find(PopulationIndex population, const std::string& variable) const {
  for (const Channel& c : channels_) {
    if (c.population == population && c.variable == variable) return &c;
  }
  return nullptr;
}

}  // namespace snnft::python
