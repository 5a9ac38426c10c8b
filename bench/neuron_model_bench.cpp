// SPDX-License-Identifier: MIT
// The Izhikevich and AdEx kernels per instruction set: one whole step (integration in double
// precision, threshold detection and reset) of n neurons through the population, as the
// Simulation calls it, in neuron-updates per second.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "snnft/core/simd_isa.hpp"
#include "snnft/snn/adex_population.hpp"
#include "snnft/snn/izhikevich_population.hpp"

namespace snnft {
namespace {

constexpr double kDtMs = 0.1;

/// Drives spread over the firing range (Izhikevich I from 0 to 20, AdEx 0 to 1.5 nA), so
/// neurons sit at every phase of their cycle and about one in a hundred spikes per step.
/// Synaptic input stays at zero: its decay would otherwise reach subnormal numbers, which a
/// network, whose inputs keep arriving, never times.
std::unique_ptr<AdaptivePopulation> make_population(bool izhikevich, bool conductance, std::size_t n) {
  AdaptiveSynapses syn;
  syn.model = conductance ? SynapseModel::kConductanceBased : SynapseModel::kCurrentBased;
  std::unique_ptr<AdaptivePopulation> pop;
  if (izhikevich) {
    IzhikevichParams p;
    p.synapses = syn;
    pop = std::make_unique<IzhikevichPopulation>("n", n, p, kDtMs);
  } else {
    AdexParams p;
    p.synapses = syn;
    pop = std::make_unique<AdexPopulation>("n", n, p, kDtMs);
  }
  const std::span<float> drive = pop->variable("drive");
  const float top = izhikevich ? 20.0f : 1500.0f;
  for (std::size_t i = 0; i < n; ++i) drive[i] = top * static_cast<float>((i * 2654435761u) % 1000u) / 1000.0f;
  return pop;
}

void model_step(benchmark::State& state, SimdIsa isa, bool izhikevich, bool conductance) {
  const auto n = static_cast<std::size_t>(state.range(0));
  auto pop = make_population(izhikevich, conductance, n);
  std::vector<NeuronIndex> out(n);
  // Past the onset transient, so the timed steps see steady firing.
  for (Step s = 0; s < 5000; ++s) pop->update(s, 0, n, isa, out.data());
  Step step = 5000;
  std::size_t spikes = 0;
  for (auto _ : state) {
    spikes += pop->update(step++, 0, n, isa, out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
  state.counters["spikes_per_step"] = benchmark::Counter(static_cast<double>(spikes), benchmark::Counter::kAvgIterations);
}

[[maybe_unused]] const bool registered = [] {
  for (SimdIsa isa : available_simd_isas()) {
    const std::string name(to_string(isa));
    for (const bool izh : {true, false}) {
      for (const bool cond : {false, true}) {
        const std::string bm = std::string(izh ? "BM_IzhikevichStep/" : "BM_AdexStep/") + name + (cond ? "/conductance" : "/current");
        benchmark::RegisterBenchmark(bm.c_str(), model_step, isa, izh, cond)->ArgName("n")->Arg(4096);
      }
    }
  }
  return true;
}();

}  // namespace
}  // namespace snnft
