// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft::faults {

/// How a parameter fault scales a neuron: the threshold's distance above reset, the leak rate
/// 1/tau_m and the refractory period (0 removes it).
struct ParameterScale {
  double threshold = 1.0;
  double leak = 1.0;
  double refractory = 1.0;
};

/// The per-neuron parameters of one network as the active parameter faults leave them.
/// Every drift-like fault registers here, so faults that overlap on a neuron compose (their
/// scales multiply) instead of fighting over the same variables, and a neuron gets its
/// original parameters back, bit for bit, only when the last fault on it clears.
///
/// The owner of a parameter may rewrite it while a fault is active (a column sets its
/// thresholds at every trial): enforce(), called by the injector at the first step of every
/// trial, takes the owner's value as the new original and scales it again. Variables are
/// fetched by name once, when a population is first used (a population's arrays never move);
/// enforce() allocates nothing.
class ParameterScales {
 public:
  ParameterScales(const Network& network, NetworkControl& control);
  ~ParameterScales();
  ParameterScales(const ParameterScales&) = delete;
  ParameterScales& operator=(const ParameterScales&) = delete;

  /// Registers one fault's scale on neurons `ids` of LIF population `population`; returns
  /// its handle. The fault starts inactive.
  std::size_t add(PopulationIndex population, std::vector<NeuronIndex> ids, ParameterScale scale);
  /// Switches a registered fault on or off and re-derives its neurons' parameters.
  void set_active(std::size_t handle, bool active);
  /// Re-applies the scales to any parameter its owner has rewritten since the last call.
  void enforce();
  [[nodiscard]] bool any_active() const { return active_count_ > 0; }

 private:
  struct Population;
  struct Entry {
    std::size_t population;  // index into populations_
    std::vector<NeuronIndex> ids;
    std::vector<std::uint8_t> mask;
    ParameterScale scale;
    bool active = false;
  };
  Population& population(PopulationIndex p);
  void derive(Population& pop, NeuronIndex id, bool adopt);

  const Network& network_;
  NetworkControl& control_;
  std::vector<std::unique_ptr<Population>> populations_;
  std::vector<Entry> entries_;
  std::size_t active_count_ = 0;
};

}  // namespace snnft::faults
