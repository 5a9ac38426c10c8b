// SPDX-License-Identifier: MIT
#include "snnft/snn/current_source.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace snnft {
namespace {

Step to_step(double ms, double dt_ms) {
  if (std::isinf(ms)) return std::numeric_limits<Step>::max();
  return static_cast<Step>(std::llround(ms / dt_ms));
}

// Current sources draw from their own key space, apart from any per-population noise.
constexpr std::uint32_t kSourceGroupBase = 0x40000000u;

}  // namespace

CurrentInjector::CurrentInjector(Network& network, std::vector<CurrentSourceSpec> specs)
    : network_(&network), rng_(&network.rng()) {
  for (std::size_t k = 0; k < specs.size(); ++k) {
    Source s = checked_source(k, std::move(specs[k]));
    Population& pop = network.population(s.population);
    auto slot = std::find_if(targets_.begin(), targets_.end(), [&](const Target& t) { return t.population == s.population; });
    if (slot == targets_.end()) {
      const std::span<float> drive = pop.variable("drive");
      targets_.push_back({s.population, std::vector<float>(drive.begin(), drive.end()), std::vector<float>(pop.size(), 0.0f), {}});
      slot = targets_.end() - 1;
    }
    s.slot = static_cast<std::size_t>(slot - targets_.begin());
    std::vector<NeuronIndex> merged;
    std::set_union(slot->union_ids.begin(), slot->union_ids.end(), s.ids.begin(), s.ids.end(), std::back_inserter(merged));
    slot->union_ids = std::move(merged);
    sources_.push_back(std::move(s));
  }
}

CurrentInjector::Source CurrentInjector::checked_source(std::size_t k, CurrentSourceSpec spec) const {
  const double dt = network_->dt_ms();
  const std::string who = "current source " + std::to_string(k);
  const auto p = network_->find_population(spec.population);
  if (!p) throw std::invalid_argument(who + ": no population named \"" + spec.population + "\"");
  const Population& pop = network_->population(*p);
  if (pop.variable("drive").empty()) {
    throw std::invalid_argument(who + ": population \"" + spec.population + "\" takes no current (not lif, izhikevich or adex)");
  }
  Source s{spec, *p, 0, spec.ids, to_step(spec.start_ms, dt), to_step(spec.stop_ms, dt), {}, 1};
  if (s.ids.empty()) {
    s.ids.resize(pop.size());
    for (std::size_t i = 0; i < pop.size(); ++i) s.ids[i] = static_cast<NeuronIndex>(i);
  }
  for (std::size_t j = 0; j < s.ids.size(); ++j) {
    if (s.ids[j] >= pop.size()) throw std::invalid_argument(who + ": neuron " + std::to_string(s.ids[j]) + " is not in \"" + pop.name() + "\"");
    if (j > 0 && s.ids[j] <= s.ids[j - 1]) throw std::invalid_argument(who + ": ids must be ascending and unique");
  }
  if (spec.kind == CurrentSourceSpec::Kind::kStep) {
    if (spec.times_ms.size() != spec.amplitudes_mv.size()) throw std::invalid_argument(who + ": one amplitude per time is needed");
    for (std::size_t j = 0; j < spec.times_ms.size(); ++j) {
      s.change_steps.push_back(to_step(spec.times_ms[j], dt));
      if (j > 0 && !(spec.times_ms[j] > spec.times_ms[j - 1])) throw std::invalid_argument(who + ": times must increase");
    }
  }
  if (spec.kind == CurrentSourceSpec::Kind::kNoisy) {
    const double steps = spec.dt_ms > 0 ? spec.dt_ms / dt : 1.0;
    s.noise_steps = std::max<Step>(1, std::llround(steps));
    if (std::abs(steps - static_cast<double>(s.noise_steps)) > 1e-9 * steps) {
      throw std::invalid_argument(who + ": dt_ms must be a multiple of the simulation step");
    }
  }
  return s;
}

void CurrentInjector::set_source(std::size_t k, const CurrentSourceSpec& spec) {
  if (k >= sources_.size()) throw std::invalid_argument("no current source " + std::to_string(k));
  Source s = checked_source(k, spec);
  Source& old = sources_[k];
  if (s.population != old.population || s.ids != old.ids) {
    throw std::invalid_argument("current source " + std::to_string(k) + ": its population and neurons cannot change");
  }
  s.slot = old.slot;
  old = std::move(s);
}

float CurrentInjector::amplitude(std::size_t k, std::size_t j, Step step) const {
  const Source& s = sources_[k];
  switch (s.spec.kind) {
    case CurrentSourceSpec::Kind::kDc:
      return step >= s.start && step < s.stop ? static_cast<float>(s.spec.amplitude_mv) : 0.0f;
    case CurrentSourceSpec::Kind::kStep: {
      // The last change at or before this step; none yet means no current.
      const auto it = std::upper_bound(s.change_steps.begin(), s.change_steps.end(), step);
      if (it == s.change_steps.begin()) return 0.0f;
      return static_cast<float>(s.spec.amplitudes_mv[static_cast<std::size_t>(it - s.change_steps.begin() - 1)]);
    }
    case CurrentSourceSpec::Kind::kAc: {
      if (step < s.start || step >= s.stop) return 0.0f;
      // The value at the step's start, t − start = (step − start)·dt (PyNN's ACSource).
      const double t_s = static_cast<double>(step - s.start) * network_->dt_ms() * 1e-3;
      const double angle = 2.0 * std::numbers::pi * s.spec.frequency_hz * t_s + 2.0 * std::numbers::pi * s.spec.phase_deg / 360.0;
      return static_cast<float>(s.spec.offset_mv + s.spec.amplitude_mv * std::sin(angle));
    }
    case CurrentSourceSpec::Kind::kNoisy: {
      if (step < s.start || step >= s.stop) return 0.0f;
      const auto interval = static_cast<std::uint64_t>((step - s.start) / s.noise_steps);
      const auto bits = rng_->bits({RngPurpose::kNoise, kSourceGroupBase + static_cast<std::uint32_t>(k), s.ids[j]}, interval);
      // Box-Muller on one counter's four words: a pure function of (source, neuron, interval).
      const double u1 = to_unit_open(bits[0], bits[1]), u2 = to_unit_open(bits[2], bits[3]);
      const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
      return static_cast<float>(s.spec.mean_mv + s.spec.stdev_mv * z);
    }
  }
  return 0.0f;
}

void CurrentInjector::set_base_drive(PopulationIndex p, NeuronIndex i, float drive) {
  for (Target& t : targets_) {
    if (t.population == p && i < t.base_drive.size()) t.base_drive[i] = drive;
  }
}

void CurrentInjector::act(Phase, const StepView& view, NetworkControl& control) {
  for (Target& t : targets_) {
    for (NeuronIndex i : t.union_ids) t.sum[i] = 0.0f;
  }
  for (std::size_t k = 0; k < sources_.size(); ++k) {
    const Source& s = sources_[k];
    std::vector<float>& sum = targets_[s.slot].sum;
    if (s.spec.kind == CurrentSourceSpec::Kind::kNoisy) {
      for (std::size_t j = 0; j < s.ids.size(); ++j) sum[s.ids[j]] += amplitude(k, j, view.step);
    } else {
      const float a = amplitude(k, 0, view.step);
      for (NeuronIndex i : s.ids) sum[i] += a;
    }
  }
  for (Target& t : targets_) {
    const std::span<float> drive = control.neuron_variable(t.population, "drive");
    for (NeuronIndex i : t.union_ids) drive[i] = t.base_drive[i] + t.sum[i];
  }
}

}  // namespace snnft
