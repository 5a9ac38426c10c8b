// SPDX-License-Identifier: MIT
// Builds a network in C++ (100 LIF neurons driven by a constant bias), runs it for one second
// with the default simulation options and checks the firing rate against the closed form
//   T = t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th)),
// counting spikes with an observer that only reads the network. Exit 0 when the rate and the
// kernel choice are right.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "snnft/core/simd_isa.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"

namespace {

/// Counts the spikes of one population; reads the network through the const view only.
class SpikeCounter final : public snnft::StepObserver {
 public:
  [[nodiscard]] snnft::PhaseMask phases() const override { return snnft::phase_bit(snnft::Phase::kDetect); }
  void on_phase_end(snnft::Phase, const snnft::StepView& view) override {
    const snnft::Population& pop = view.network.population(0);
    spikes += pop.spikes().size();
    v_max = std::max(v_max, pop.variable("v")[0]);
  }
  std::size_t spikes = 0;
  float v_max = -1e9f;
};

}  // namespace

int main() {
  snnft::NetworkSpec spec;
  spec.dt_ms = 0.1;
  snnft::PopulationSpec p;
  p.name = "n";
  p.size = 100;
  p.lif.tau_m_ms = 20;
  p.lif.v_rest_mv = -70;
  p.lif.v_reset_mv = -70;
  p.lif.v_th_mv = -50;
  p.lif.t_ref_ms = 2;
  p.lif.bias_mv = 25;  // V_inf = -45 mV
  p.initial.v_mv = {snnft::InitialValue::Kind::kConstant, -70, 0};
  spec.populations.push_back(p);

  snnft::Network net = snnft::Network::build(spec, 1);
  snnft::Simulation sim(net, snnft::SimulationOptions{});
  SpikeCounter counter;
  sim.add_observer(counter);
  sim.run(10000);  // 1 s

  const double period_ms = 2.0 + 20.0 * std::log((-45.0 + 70.0) / (-45.0 + 50.0));
  const double expected_hz = std::floor(1000.0 / period_ms);  // whole periods in 1 s, from rest
  const double rate_hz = static_cast<double>(counter.spikes) / 100.0;
  std::printf("rate %.3f Hz (expected %.0f Hz, closed form %.3f Hz), kernels %s, v_max %.2f mV\n", rate_hz,
              expected_hz, 1000.0 / period_ms, std::string(snnft::to_string(sim.simd())).c_str(), counter.v_max);
  if (std::abs(rate_hz - expected_hz) > 1e-9) return 1;
  // The default options pick the widest kernels the CPU has.
  if (sim.simd() != snnft::best_simd_isa()) return 1;
  return counter.v_max < -50.0f ? 0 : 1;  // v is read after reset: never at or above threshold
}
