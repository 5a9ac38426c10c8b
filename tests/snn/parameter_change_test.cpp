// SPDX-License-Identifier: MIT
// Parameters changed on a built population: from then on it must run exactly as a population
// built with the new values (same spikes, same bits), whatever it was built with.
#include <gtest/gtest.h>

#include <functional>

#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

/// Population 0 (`cells`), driven by Poisson input through both receptors.
NetworkSpec driven(PopulationSpec cells) {
  // Just below firing without input, so that the synaptic input decides the spike times.
  cells.lif.bias_mv = 19.0;
  cells.izhikevich.bias = 3.0;
  cells.adex.bias_pa = 620.0;
  const bool conductance = cells.kind == PopulationSpec::Kind::kLif ? cells.synapse_model == SynapseModel::kConductanceBased
                                                                    : cells.adex.synapses.model == SynapseModel::kConductanceBased;
  const double w = cells.kind == PopulationSpec::Kind::kAdex ? (conductance ? 2.0 : 80.0)
                   : cells.kind == PopulationSpec::Kind::kIzhikevich ? 4.0
                                                                      : (conductance ? 0.3 : 3.0);
  return test::poisson_driven(cells, {.cells = 40, .rate_hz = 80.0, .probability = 0.4, .w_exc = w, .w_inh = conductance ? w : -w});
}

/// Builds `spec`, applies `change` to population 0, and runs 200 ms.
test::PopulationRun run(const NetworkSpec& spec, const std::function<void(Population&)>& change) {
  Network net = Network::build(spec, 5);
  change(net.population(0));
  return test::run_population0(net, {best_simd_isa(), 1, 1024}, 2000, {"v"});
}

void expect_same(const test::PopulationRun& changed, const test::PopulationRun& fresh, const test::PopulationRun& unchanged) {
  ASSERT_GT(fresh.spikes.size(), 4u);
  EXPECT_TRUE(changed.spikes == fresh.spikes);
  EXPECT_TRUE(changed.bits == fresh.bits);
  EXPECT_FALSE(unchanged.spikes == fresh.spikes) << "the change must matter for the test to mean anything";
}

TEST(ParameterChange, LifSynapsesAsIfBuiltWithThem) {
  for (const SynapseModel model : {SynapseModel::kCurrentBased, SynapseModel::kConductanceBased}) {
    PopulationSpec old_cells, new_cells;
    old_cells.synapse_model = new_cells.synapse_model = model;
    new_cells.lif.tau_e_ms = 2.0;
    new_cells.lif.tau_i_ms = 4.0;
    new_cells.lif.e_exc_mv = -5.0;
    new_cells.lif.e_inh_mv = -75.0;
    const LifParams& p = new_cells.lif;
    const test::PopulationRun changed = run(driven(old_cells), [&](Population& pop) {
      dynamic_cast<LifPopulation&>(pop).set_synapses(p.tau_e_ms, p.tau_i_ms, p.e_exc_mv, p.e_inh_mv);
    });
    expect_same(changed, run(driven(new_cells), [](Population&) {}), run(driven(old_cells), [](Population&) {}));
  }
}

TEST(ParameterChange, LifAlphaSynapsesAsIfBuiltWithThem) {
  for (const SynapseModel model : {SynapseModel::kCurrentBased, SynapseModel::kConductanceBased}) {
    PopulationSpec old_cells, new_cells;
    old_cells.synapse_model = new_cells.synapse_model = model;
    old_cells.lif.synapse_shape = new_cells.lif.synapse_shape = SynapseShape::kAlpha;
    // An alpha synapse's charge grows with tau (w·e·tau): excitation must keep the longer one,
    // or inhibition silences the population and the comparison means little.
    new_cells.lif.tau_e_ms = 6.0;
    new_cells.lif.tau_i_ms = 1.5;
    const LifParams& p = new_cells.lif;
    const test::PopulationRun changed = run(driven(old_cells), [&](Population& pop) {
      dynamic_cast<LifPopulation&>(pop).set_synapses(p.tau_e_ms, p.tau_i_ms, p.e_exc_mv, p.e_inh_mv);
    });
    expect_same(changed, run(driven(new_cells), [](Population&) {}), run(driven(old_cells), [](Population&) {}));
  }
}

TEST(ParameterChange, LifDeltaSynapsesAfterBuild) {
  PopulationSpec old_cells, new_cells;
  new_cells.lif.tau_e_ms = 0.0;
  const test::PopulationRun changed = run(driven(old_cells), [](Population& pop) {
    dynamic_cast<LifPopulation&>(pop).set_synapses(0.0, 10.0, 0.0, -80.0);
  });
  expect_same(changed, run(driven(new_cells), [](Population&) {}), run(driven(old_cells), [](Population&) {}));
}

TEST(ParameterChange, IzhikevichParamsAsIfBuiltWithThem) {
  PopulationSpec old_cells, new_cells;
  old_cells.kind = new_cells.kind = PopulationSpec::Kind::kIzhikevich;
  new_cells.izhikevich.a = 0.1;
  new_cells.izhikevich.d = 2.0;
  new_cells.izhikevich.c_mv = -60.0;
  new_cells.izhikevich.synapses.tau_e_ms = 0.0;  // delta synapses from now on
  new_cells.izhikevich.synapses.tau_i_ms = 3.0;
  const IzhikevichParams p = new_cells.izhikevich;
  // Same initial u = b·v either way (b unchanged).
  const test::PopulationRun changed = run(driven(old_cells), [&](Population& pop) { dynamic_cast<IzhikevichPopulation&>(pop).set_params(p); });
  expect_same(changed, run(driven(new_cells), [](Population&) {}), run(driven(old_cells), [](Population&) {}));
}

TEST(ParameterChange, AdexParamsAsIfBuiltWithThem) {
  PopulationSpec old_cells, new_cells;
  old_cells.kind = new_cells.kind = PopulationSpec::Kind::kAdex;
  old_cells.adex.synapses.model = new_cells.adex.synapses.model = SynapseModel::kConductanceBased;
  new_cells.adex.a_ns = 1.0;
  new_cells.adex.b_pa = 20.0;
  new_cells.adex.tau_w_ms = 50.0;
  new_cells.adex.v_reset_mv = -58.0;
  new_cells.adex.synapses.tau_e_ms = 2.0;
  new_cells.adex.synapses.e_inh_mv = -70.0;
  new_cells.adex.t_ref_ms = 3.0;
  for (const SynapseShape shape : {SynapseShape::kExponential, SynapseShape::kAlpha}) {
    old_cells.adex.synapses.shape = new_cells.adex.synapses.shape = shape;
    const AdexParams p = new_cells.adex;
    const test::PopulationRun changed = run(driven(old_cells), [&](Population& pop) { dynamic_cast<AdexPopulation&>(pop).set_params(p); });
    expect_same(changed, run(driven(new_cells), [](Population&) {}), run(driven(old_cells), [](Population&) {}));
  }
}

TEST(ParameterChange, RefusedChangesNameTheProblem) {
  PopulationSpec adex;
  adex.kind = PopulationSpec::Kind::kAdex;
  Network net = Network::build(driven(adex), 1);
  auto& pop = dynamic_cast<AdexPopulation&>(net.population(0));
  AdexParams p = pop.params();
  p.synapses.tau_e_ms = 0.0;
  EXPECT_THROW(pop.set_params(p), std::invalid_argument);
  p = pop.params();
  p.synapses.model = SynapseModel::kConductanceBased;
  EXPECT_THROW(pop.set_params(p), std::invalid_argument);
}

}  // namespace
}  // namespace snnft
