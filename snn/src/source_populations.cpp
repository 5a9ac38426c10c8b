// SPDX-License-Identifier: MIT
#include "snnft/snn/source_populations.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace snnft {

Step step_starting_at(double ms, double dt_ms) {
  if (!(ms < static_cast<double>(std::numeric_limits<Step>::max()) * dt_ms)) return std::numeric_limits<Step>::max();
  return static_cast<Step>(std::llround(ms / dt_ms));
}

PoissonPopulation::PoissonPopulation(std::string name, std::vector<double> rates_hz, double dt_ms,
                                     const CounterRng& rng, PopulationIndex index, Step start_step, Step stop_step)
    : Population(std::move(name), rates_hz.size()),
      dt_ms_(dt_ms),
      rng_(&rng),
      index_(index),
      start_steps_(rates_hz.size(), std::max<Step>(start_step, 0)),
      stop_steps_(rates_hz.size(), stop_step),
      rate_hz_(rates_hz.size()),
      next_step_(rates_hz.size()),
      drawn_(rates_hz.size(), 0) {
  for (std::size_t i = 0; i < rates_hz.size(); ++i) rate_hz_[i] = static_cast<float>(rates_hz[i]);
  restart(0);
}

Step PoissonPopulation::draw_gap(std::size_t neuron) {
  const double p = static_cast<double>(rate_hz_[neuron]) * dt_ms_ * 1e-3;
  if (!(p > 0)) return std::numeric_limits<Step>::max() / 2;
  if (p >= 1) return 1;
  const auto bits = rng_->bits({RngPurpose::kPoissonInput, index_, static_cast<std::uint32_t>(neuron)},
                               drawn_[neuron]++);
  const double u = to_unit_open(bits[0], bits[1]);
  // Number of steps up to and including the next success of a Bernoulli(p) process.
  return 1 + static_cast<Step>(std::floor(std::log(u) / std::log1p(-p)));
}

void PoissonPopulation::restart(Step step) {
  for (std::size_t i = 0; i < size(); ++i) schedule(i, std::max(step, start_steps_[i]) - 1 + draw_gap(i));
}

void PoissonPopulation::schedule(std::size_t i, Step next) {
  // A spike at or past the end of the window never comes: no more draws for this neuron.
  next_step_[i] = next < stop_steps_[i] ? next : kNever;
}

void PoissonPopulation::set_window(Step start_step, Step stop_step, Step now) {
  std::fill(start_steps_.begin(), start_steps_.end(), std::max<Step>(start_step, 0));
  std::fill(stop_steps_.begin(), stop_steps_.end(), stop_step);
  restart(now);
}

void PoissonPopulation::set_windows(std::span<const Step> start_steps, std::span<const Step> stop_steps, Step now) {
  if (start_steps.size() != size() || stop_steps.size() != size()) {
    throw std::invalid_argument("set_windows: one start and one stop per neuron are needed");
  }
  for (std::size_t i = 0; i < size(); ++i) {
    start_steps_[i] = std::max<Step>(start_steps[i], 0);
    stop_steps_[i] = stop_steps[i];
  }
  restart(now);
}

std::size_t PoissonPopulation::detect(Step step, std::size_t begin, std::size_t end, SimdIsa, NeuronIndex* out) {
  std::size_t n = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (next_step_[i] <= step) {
      out[n++] = static_cast<NeuronIndex>(i);
      schedule(i, step + draw_gap(i));
    }
  }
  return n;
}

std::span<float> PoissonPopulation::variable(std::string_view name) {
  return name == "rate_hz" ? rate_hz_.span() : std::span<float>{};
}

namespace {
constexpr std::array<StateVariableInfo, 1> kPoissonState = {{{"rate_hz", "Hz"}}};
}  // namespace

std::span<const StateVariableInfo> PoissonPopulation::state_variables() const { return kPoissonState; }

std::span<const float> PoissonPopulation::state(std::string_view name) const {
  return name == "rate_hz" ? std::span<const float>(rate_hz_.data(), size()) : std::span<const float>{};
}

std::span<const float> PoissonPopulation::variable(std::string_view name) const {
  return name == "rate_hz" ? rate_hz_.span() : std::span<const float>{};
}

SpikeSourcePopulation::SpikeSourcePopulation(std::string name, std::size_t size, double dt_ms)
    : Population(std::move(name), size), dt_ms_(dt_ms) {}

void SpikeSourcePopulation::set_pattern(const SpikePattern& pattern, Step start_step) {
  schedule_.clear();
  for (const SpikeEvent& e : pattern.events()) {
    if (e.neuron >= size()) continue;
    schedule_.push_back({start_step + static_cast<Step>(std::llround(e.time_ms / dt_ms_)), e.neuron});
  }
  std::sort(schedule_.begin(), schedule_.end(), [](const Scheduled& a, const Scheduled& b) {
    return a.step != b.step ? a.step < b.step : a.neuron < b.neuron;
  });
}

std::size_t SpikeSourcePopulation::detect(Step step, std::size_t begin, std::size_t end, SimdIsa, NeuronIndex* out) {
  // Binary search keeps this independent of how the population is split into chunks.
  auto lo = std::lower_bound(schedule_.begin(), schedule_.end(), Scheduled{step, static_cast<NeuronIndex>(begin)},
                             [](const Scheduled& a, const Scheduled& b) {
                               return a.step != b.step ? a.step < b.step : a.neuron < b.neuron;
                             });
  std::size_t n = 0;
  for (auto it = lo; it != schedule_.end() && it->step == step && it->neuron < end; ++it) {
    if (n > 0 && out[n - 1] == it->neuron) continue;  // two spikes rounded into one step
    out[n++] = it->neuron;
  }
  return n;
}

}  // namespace snnft
