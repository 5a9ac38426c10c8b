// SPDX-License-Identifier: MIT
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "memory_spike_sink.hpp"
#include "snnft/apps/network_config.hpp"
#include "snnft/encoding/spike_pattern.hpp"
#include "snnft/resilience/faults/fault_schedule.hpp"
#include "snnft/snn/current_source.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/stdp_rule.hpp"
#include "state_recordings.hpp"

namespace snnft::python {

namespace py = pybind11;

/// A network built from a "kind": "network" config (the same parser, checks and messages as
/// `snnft run`), simulated step by step under Python's control. The Simulation is created on
/// the first run, so connectivity (weights, delays) may still be edited before it.
class PySimulator {
 public:
  /// `explicit_connections` maps a projection name to (pre, post, weight, delay_ms) arrays
  /// that replace its connectivity (the config's entry then says "rule": "explicit").
  PySimulator(const std::string& config_json, const py::dict& explicit_connections,
              const std::vector<std::string>& fault_flags, std::size_t threads, bool simd);
  ~PySimulator();

  [[nodiscard]] double dt_ms() const { return cfg_.network.dt_ms; }
  [[nodiscard]] Step step() const { return sim_ ? sim_->now() : 0; }
  [[nodiscard]] double t_ms() const { return static_cast<double>(step()) * dt_ms(); }
  [[nodiscard]] std::uint64_t seed() const { return cfg_.seed; }
  [[nodiscard]] double duration_ms() const { return cfg_.duration_ms; }
  [[nodiscard]] const apps::NetworkRunConfig& config() const { return cfg_; }
  Network& network() { return *network_; }

  /// Advances by `duration_ms` (rounded to whole steps), in chunks between which the GIL is
  /// taken back to look for Ctrl-C. Returns the time reached.
  double run(double duration_ms);
  double run_until(double t_ms);
  /// Time back to 0; state variables to their initial values (the same draws as at build),
  /// sources restarted; weights, delays and parameters kept; recordings cleared.
  void reset();

  [[nodiscard]] PopulationIndex population_index(const std::string& name) const;
  [[nodiscard]] std::size_t projection_index(const std::string& name) const;

  [[nodiscard]] py::tuple spikes(const std::string& population) const;
  void record_state(const std::string& population, const std::string& variable, py::object neurons,
                    double interval_ms);
  [[nodiscard]] py::tuple recorded_state(const std::string& population, const std::string& variable);
  void clear_recordings();

  [[nodiscard]] py::array_t<float> get_state(const std::string& population, const std::string& variable);
  void set_state(const std::string& population, const std::string& variable,
                 const py::array_t<float, py::array::c_style | py::array::forcecast>& values, py::object neurons);

  /// Gives every neuron of a LIF population its own tau_m, v_rest, v_reset, v_th, t_ref and
  /// bias (arrays of the population's size), deriving the kernel constants as a config would.
  void set_lif_params(const std::string& population, const py::dict& params);
  /// Changes a LIF population's synaptic time constants and reversal potentials.
  void set_lif_synapses(const std::string& population, double tau_e_ms, double tau_i_ms, double e_exc_mv,
                        double e_inh_mv);
  /// Changes an izhikevich or adex population's parameters: `params_json` holds that model's
  /// config keys (every key; a missing one takes its default), checked as in a config.
  void set_model_params(const std::string& population, const std::string& params_json);
  /// Moves a poisson population's windows to [start_ms, stop_ms) (infinity: no end), one value
  /// for all neurons or one per neuron; the trains go on from the current time.
  void set_poisson_window(const std::string& population,
                          const py::array_t<double, py::array::c_style | py::array::forcecast>& start_ms,
                          const py::array_t<double, py::array::c_style | py::array::forcecast>& stop_ms);
  /// Replaces current source k (in the order they were added) with `spec_json`, a config's
  /// current source with the same population and ids, from the next step on.
  void set_current_source(std::size_t k, const std::string& spec_json);

  [[nodiscard]] py::array_t<float> weights(const std::string& projection) const;
  void set_weights(const std::string& projection,
                   const py::array_t<float, py::array::c_style | py::array::forcecast>& values);
  [[nodiscard]] py::tuple connections(const std::string& projection) const;
  [[nodiscard]] py::array_t<double> delays_ms(const std::string& projection) const;
  void set_delays_ms(const std::string& projection,
                     const py::array_t<double, py::array::c_style | py::array::forcecast>& values);

  void set_spike_times(const std::string& population,
                       const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& neurons,
                       const py::array_t<double, py::array::c_style | py::array::forcecast>& times_ms);

  [[nodiscard]] std::size_t faults_injected() const { return schedule_ ? schedule_->faults_injected() : 0; }
  [[nodiscard]] py::list events() const;

 private:
  void ensure_simulation();
  void drop_simulation();
  std::span<float> variable_or_throw(PopulationIndex p, const std::string& variable);

  apps::NetworkRunConfig cfg_;
  std::vector<std::string> fault_flags_;
  SimulationOptions options_;
  std::unique_ptr<Network> network_;
  std::unique_ptr<Simulation> sim_;
  std::vector<std::unique_ptr<StdpRule>> rules_;
  std::unique_ptr<faults::FaultSchedule> schedule_;
  std::unique_ptr<CurrentInjector> currents_;
  MemorySpikeSink sink_;
  std::unique_ptr<SpikeRecorder> recorder_;
  StateRecordings state_recordings_;
  std::vector<SpikePattern> patterns_;  // per population; replayed by spike sources after reset
};

void bind_simulator(py::module_& m);

}  // namespace snnft::python
