// SPDX-License-Identifier: MIT
// Alpha-shaped synapses against their closed forms: one input spike of weight w gives
// g(t) = w·(t/τ)·e^{1−t/τ}, peaking at exactly w at t = τ (PyNN's convention), and, into a
// current-based LIF neuron at rest, the PSP
//   v − E_L = w·e/(τ·τm) · e^{−t/τm} · t²·f((1/τ − 1/τm)·t),  f(x) = (1 − e^{−x}(1 + x))/x²,
// with t measured from the start of the step the input arrives in.
#include <gtest/gtest.h>

#include <cmath>

#include "single_neuron.hpp"

namespace snnft {
namespace {

using test::kInputArrivalStep;
using test::resting_lif;
using test::run_until_input_arrives;
using test::send_input_spikes;
using test::single_neuron_with_input;

constexpr double kDt = test::kSingleNeuronDt;

double alpha(double w, double tau, double t) { return w * t / tau * std::exp(1 - t / tau); }

double alpha_psp(double w, double tau, double tau_m, double t) {
  const double x = (1 / tau - 1 / tau_m) * t;
  const double f = std::abs(x) < 1e-6 ? 0.5 : (1 - std::exp(-x) * (1 + x)) / (x * x);
  return w * std::exp(1.0) / (tau * tau_m) * std::exp(-t / tau_m) * t * t * f;
}

PopulationSpec alpha_lif(SynapseModel model, double tau_e, double tau_i) {
  PopulationSpec p = resting_lif(model);
  p.lif.v_th_mv = 100;  // never spikes
  p.lif.tau_e_ms = tau_e;
  p.lif.tau_i_ms = tau_i;
  p.lif.synapse_shape = SynapseShape::kAlpha;
  return p;
}

struct PspCase {
  Receptor receptor;
  double w;
  double tau;  ///< of the receptor used; τm = 20 ms
};

class AlphaCurrent : public ::testing::TestWithParam<PspCase> {};

TEST_P(AlphaCurrent, PscAndPspOfOneSpikeMatchTheClosedFormOnEveryIsa) {
  const auto [receptor, w, tau] = GetParam();
  const bool exc = receptor == Receptor::kExcitatory;
  const char* g_name = exc ? "ge" : "gi";
  for (SimdIsa isa : available_simd_isas()) {
    Network net = Network::build(
        single_neuron_with_input(alpha_lif(SynapseModel::kCurrentBased, exc ? tau : 5, exc ? 10 : tau), w, receptor), 1);
    send_input_spikes(net);
    Simulation sim(net, {isa, 1, 1024});
    ASSERT_TRUE(run_until_input_arrives(sim, net)) << to_string(isa);
    double peak = 0, peak_t = 0;
    for (int k = 1; k <= 1000; ++k) {
      sim.step();
      const double t = k * kDt;
      const double g = net.population(0).variable(g_name)[0];
      const double v = net.population(0).variable("v")[0];
      ASSERT_NEAR(g, alpha(w, tau, t), 1e-5 * std::abs(w)) << "t = " << t << " " << to_string(isa);
      ASSERT_NEAR(v + 70, alpha_psp(w, tau, 20, t), 3e-4) << "t = " << t << " " << to_string(isa);
      if (std::abs(g) > std::abs(peak)) peak = g, peak_t = t;
    }
    EXPECT_NEAR(peak, w, 1e-5 * std::abs(w)) << "the PSC peaks at the weight";
    EXPECT_NEAR(peak_t, tau, 1e-9) << "at t = τ";
  }
}

// τ = τm exercises the limit of the propagator (1/τ − 1/τm = 0).
INSTANTIATE_TEST_SUITE_P(Receptors, AlphaCurrent,
                         ::testing::Values(PspCase{Receptor::kExcitatory, 4.0, 5.0},
                                           PspCase{Receptor::kInhibitory, -6.0, 10.0},
                                           PspCase{Receptor::kExcitatory, 2.0, 20.0}));

// Conductance-based: the conductance is the same alpha function, and v follows forward
// Euler on tau_m dv/dt = (E_L − v) + ge·(E_exc − v) with the conductance at the step's start.
TEST(AlphaConductance, ConductanceOfOneSpikeMatchesTheClosedFormAndDrivesV) {
  const double w = 0.5, tau = 5;
  for (SimdIsa isa : available_simd_isas()) {
    Network net = Network::build(single_neuron_with_input(alpha_lif(SynapseModel::kConductanceBased, tau, 10), w), 1);
    send_input_spikes(net);
    Simulation sim(net, {isa, 1, 1024});
    ASSERT_TRUE(run_until_input_arrives(sim, net)) << to_string(isa);
    double v_expected = -70, v_max = -70;
    for (int k = 1; k <= 600; ++k) {
      const double g_start = alpha(w, tau, (k - 1) * kDt);
      v_expected += kDt / 20 * ((-70 - v_expected) + g_start * (0 - v_expected));
      sim.step();
      const double t = k * kDt;
      ASSERT_NEAR(net.population(0).variable("ge")[0], alpha(w, tau, t), 1e-6) << "t = " << t << " " << to_string(isa);
      ASSERT_NEAR(net.population(0).variable("v")[0], v_expected, 1e-4) << "t = " << t << " " << to_string(isa);
      v_max = std::max(v_max, v_expected);
    }
    EXPECT_GT(v_max, -70 + 5) << "the input must move v for the comparison to mean anything";
  }
}

// AdEx with alpha conductances (PyNN's EIF_cond_alpha_isfa_ista): the same conductance.
TEST(AlphaConductance, AdexConductanceOfOneSpikeMatchesTheClosedForm) {
  const double w = 3.0, tau = 5;
  PopulationSpec adex;
  adex.kind = PopulationSpec::Kind::kAdex;
  adex.adex.synapses = {SynapseModel::kConductanceBased, SynapseShape::kAlpha, tau, 10.0, 0.0, -80.0};
  adex.initial.v_mv = {InitialValue::Kind::kConstant, -70.6, 0};
  for (SimdIsa isa : available_simd_isas()) {
    Network net = Network::build(single_neuron_with_input(adex, w), 1);
    send_input_spikes(net);
    Simulation sim(net, {isa, 1, 1024});
    sim.run(kInputArrivalStep);  // AdEx rests at −70.6 mV, not −70
    double peak = 0, v_max = -100;
    for (int k = 1; k <= 600; ++k) {
      sim.step();
      const double t = k * kDt;
      const double g = net.population(0).variable("ge")[0];
      ASSERT_NEAR(g, alpha(w, tau, t), 1e-5) << "t = " << t << " " << to_string(isa);
      peak = std::max(peak, g);
      v_max = std::max<double>(v_max, net.population(0).variable("v")[0]);
    }
    EXPECT_NEAR(peak, w, 1e-5);
    EXPECT_GT(v_max, -70.6 + 1) << "the conductance depolarises";
  }
}

}  // namespace
}  // namespace snnft
