// SPDX-License-Identifier: MIT
#include "snnft/resilience/faults/parameter_scales.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

#include "snnft/snn/lif_population.hpp"

namespace snnft::faults {
namespace {

bool same_bits(float a, float b) { return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b); }

enum Var : std::size_t { kVth, kRefSteps, kDecayM, kPe, kPi, kVars };
constexpr const char* kNames[kVars] = {"v_th", "ref_steps", "decay_m", "p_e", "p_i"};

}  // namespace

struct ParameterScales::Population {
  PopulationIndex index = 0;
  std::array<std::span<float>, kVars> vars;
  std::span<float> v_reset;
  bool conductance = false;
  double tau_e = 5.0, tau_i = 10.0;
  std::vector<std::array<float, kVars>> original, written;
  std::vector<std::uint16_t> faults;  // active faults on each neuron
  std::vector<NeuronIndex> touched;   // neurons with faults > 0
  std::vector<std::size_t> entries;   // entries on this population
};

ParameterScales::ParameterScales(const Network& network, NetworkControl& control)
    : network_(network), control_(control) {}

ParameterScales::~ParameterScales() = default;

ParameterScales::Population& ParameterScales::population(PopulationIndex p) {
  for (auto& pop : populations_) {
    if (pop->index == p) return *pop;
  }
  const auto* lif = dynamic_cast<const LifPopulation*>(&network_.population(p));
  if (lif == nullptr) throw std::invalid_argument("parameter faults need a LIF population");
  auto pop = std::make_unique<Population>();
  pop->index = p;
  for (std::size_t k = 0; k < kVars; ++k) pop->vars[k] = control_.neuron_variable(p, kNames[k]);
  pop->v_reset = control_.neuron_variable(p, "v_reset");
  pop->conductance = lif->synapse_model() == SynapseModel::kConductanceBased;
  pop->tau_e = lif->params().tau_e_ms;
  pop->tau_i = lif->params().tau_i_ms;
  const std::size_t n = lif->size();
  pop->original.resize(n);
  pop->written.resize(n);
  pop->faults.assign(n, 0);
  pop->touched.reserve(n);
  populations_.push_back(std::move(pop));
  return *populations_.back();
}

std::size_t ParameterScales::add(PopulationIndex p, std::vector<NeuronIndex> ids, ParameterScale scale) {
  Population& pop = population(p);
  std::size_t slot = 0;
  while (populations_[slot].get() != &pop) ++slot;
  Entry e;
  e.population = slot;
  e.mask.assign(pop.faults.size(), 0);
  for (NeuronIndex id : ids) e.mask[id] = 1;
  e.ids = std::move(ids);
  e.scale = scale;
  pop.entries.push_back(entries_.size());
  entries_.push_back(std::move(e));
  return entries_.size() - 1;
}

void ParameterScales::derive(Population& pop, NeuronIndex id, bool adopt) {
  auto& orig = pop.original[id];
  auto& out = pop.written[id];
  if (adopt) {
    // Whatever the owner wrote since our last write becomes the value we scale.
    for (std::size_t k = 0; k < kVars; ++k) {
      if (!same_bits(pop.vars[k][id], out[k])) orig[k] = pop.vars[k][id];
    }
  }
  ParameterScale s;
  for (std::size_t h : pop.entries) {
    const Entry& e = entries_[h];
    if (!e.active || !e.mask[id]) continue;
    s.threshold *= e.scale.threshold;
    s.leak *= e.scale.leak;
    s.refractory *= e.scale.refractory;
  }
  out = orig;
  // A scale of exactly 1 leaves the original bits alone.
  if (s.threshold != 1.0) {
    const double reset = pop.v_reset[id];
    out[kVth] = static_cast<float>(reset + s.threshold * (static_cast<double>(orig[kVth]) - reset));
  }
  if (s.refractory != 1.0) {
    // ref_steps = t_ref/dt − 1: the spike step is the first step of the refractory period.
    out[kRefSteps] = static_cast<float>(std::max<long long>(std::llround((orig[kRefSteps] + 1.0) * s.refractory) - 1, 0));
  }
  if (s.leak != 1.0) {
    const double dt = network_.dt_ms();
    if (pop.conductance) {
      // Forward Euler: p_e = dt/tau_m, decay_m = exp(-dt/tau_m); p_i is unused.
      out[kPe] = static_cast<float>(static_cast<double>(orig[kPe]) * s.leak);
      out[kDecayM] = static_cast<float>(std::pow(static_cast<double>(orig[kDecayM]), s.leak));
    } else {
      // tau_m → tau_m / leak, with the exact propagators re-derived as LifPopulation does.
      const double tau = -dt / std::log(static_cast<double>(orig[kDecayM])) / s.leak;
      const double d = std::exp(-dt / tau);
      auto propagator = [&](double tau_s) {
        if (std::abs(tau_s - tau) < 1e-9 * tau) return dt / tau * d;
        return tau_s / (tau_s - tau) * (std::exp(-dt / tau_s) - d);
      };
      out[kDecayM] = static_cast<float>(d);
      out[kPe] = static_cast<float>(propagator(pop.tau_e));
      out[kPi] = static_cast<float>(propagator(pop.tau_i));
    }
  }
  for (std::size_t k = 0; k < kVars; ++k) pop.vars[k][id] = out[k];
}

void ParameterScales::set_active(std::size_t handle, bool active) {
  Entry& e = entries_[handle];
  if (e.active == active) return;
  e.active = active;
  active_count_ = active ? active_count_ + 1 : active_count_ - 1;
  Population& pop = *populations_[e.population];
  for (NeuronIndex id : e.ids) {
    if (active) {
      if (pop.faults[id]++ == 0) {
        for (std::size_t k = 0; k < kVars; ++k) pop.original[id][k] = pop.vars[k][id];
      }
      derive(pop, id, false);
    } else if (--pop.faults[id] > 0) {
      derive(pop, id, true);
    } else {
      // The last fault on this neuron cleared: give back the original, unless the owner has
      // written a newer value since.
      for (std::size_t k = 0; k < kVars; ++k) {
        if (same_bits(pop.vars[k][id], pop.written[id][k])) pop.vars[k][id] = pop.original[id][k];
      }
    }
  }
  pop.touched.clear();
  for (NeuronIndex id = 0; id < pop.faults.size(); ++id) {
    if (pop.faults[id] > 0) pop.touched.push_back(id);
  }
}

void ParameterScales::enforce() {
  for (auto& pop : populations_) {
    for (NeuronIndex id : pop->touched) {
      bool changed = false;
      for (std::size_t k = 0; k < kVars; ++k) changed = changed || !same_bits(pop->vars[k][id], pop->written[id][k]);
      if (changed) derive(*pop, id, true);
    }
  }
}

}  // namespace snnft::faults
