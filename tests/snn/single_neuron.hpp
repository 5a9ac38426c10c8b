// SPDX-License-Identifier: MIT
// One neuron at rest, alone or fed by one spike source: the setting of the closed-form
// tests (PSPs, PSCs, interspike intervals) of the LIF and synapse models.
#pragma once
#include <gtest/gtest.h>

#include <initializer_list>

#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/source_populations.hpp"
#include "test_networks.hpp"

namespace snnft::test {

inline constexpr double kSingleNeuronDt = 0.1;

/// A LIF neuron at rest: τm = 20 ms, E_L = v_reset = v(0) = −70 mV, threshold −50 mV,
/// t_ref = 2 ms, bias (R·I) `bias_mv`.
inline PopulationSpec resting_lif(SynapseModel model = SynapseModel::kCurrentBased, double bias_mv = 0.0) {
  PopulationSpec p;
  p.synapse_model = model;
  p.lif.tau_m_ms = 20;
  p.lif.v_rest_mv = -70;
  p.lif.v_reset_mv = -70;
  p.lif.v_th_mv = -50;
  p.lif.t_ref_ms = 2;
  p.lif.bias_mv = bias_mv;
  p.initial.v_mv = {InitialValue::Kind::kConstant, -70, 0};
  return p;
}

/// `neuron` alone, as population 0 "n" of one neuron.
inline NetworkSpec single_neuron(PopulationSpec neuron) {
  NetworkSpec spec;
  spec.dt_ms = kSingleNeuronDt;
  neuron.name = "n";
  neuron.size = 1;
  spec.populations.push_back(neuron);
  return spec;
}

/// `neuron` (population 0, "n") fed by spike source "src" (population 1) through one synapse
/// of weight w onto `receptor`, with a delay of 1 ms (10 steps).
inline NetworkSpec single_neuron_with_input(PopulationSpec neuron, double w, Receptor receptor = Receptor::kExcitatory) {
  NetworkSpec spec = single_neuron(std::move(neuron));
  spec.populations.push_back(test::population("src", 1, PopulationSpec::Kind::kSpikeSource));
  ProjectionSpec j = test::projection("in", "src", "n", ConnectivityRule::Kind::kOneToOne, test::constant(w));
  j.receptor = receptor;
  j.delay_ms = test::constant(1.0);
  spec.projections.push_back(j);
  return spec;
}

/// The first input spike is sent at 0.5 ms (step 5); with the 10-step delay it is delivered
/// at the start of step 16 and integrated from then on.
inline constexpr int kInputArrivalStep = 16;

/// Has the source of single_neuron_with_input send spikes at `times_ms` (default: one at 0.5 ms).
inline void send_input_spikes(Network& net, std::initializer_list<double> times_ms = {0.5}) {
  SpikePattern pattern(1);
  for (double t : times_ms) pattern.add(t, 0);
  pattern.finalize();
  static_cast<SpikeSourcePopulation&>(net.population(1)).set_pattern(pattern, 0);
}

/// Steps up to kInputArrivalStep, checking that the neuron stays at rest (−70 mV) meanwhile.
inline ::testing::AssertionResult run_until_input_arrives(Simulation& sim, const Network& net) {
  for (int step = 0; step < kInputArrivalStep; ++step) {
    sim.step();
    const float v = net.population(0).variable("v")[0];
    if (v != -70.0f) return ::testing::AssertionFailure() << "input arrived early: v = " << v << " after step " << step;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace snnft::test
