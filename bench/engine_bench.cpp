// SPDX-License-Identifier: MIT
// Engine micro-benchmarks: the LIF kernels per instruction set (neuron-updates per second)
// and spike propagation through a CUBA-sized projection (synaptic events per second).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "snnft/core/aligned_array.hpp"
#include "snnft/core/simd_isa.hpp"
#include "snnft/snn/lif_kernels.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"

namespace snnft {
namespace {

constexpr double kDtMs = 0.1;

/// State and per-neuron constants of n CUBA or COBA neurons, as LifPopulation lays them out.
struct KernelArrays {
  explicit KernelArrays(std::size_t n)
      : v(n), ge(n), gi(n), ref_left(n), decay_m(n), drive(n), p_e(n), p_i(n), v_th(n), v_reset(n), ref_steps(n),
        out(n) {}
  AlignedArray<float> v, ge, gi, ref_left, decay_m, drive, p_e, p_i, v_th, v_reset, ref_steps;
  std::vector<std::uint32_t> out;
};

/// A deterministic spread of values in [lo, hi): neurons at different points of their
/// trajectory, without pulling an RNG into the benchmark.
float spread(std::size_t i, float lo, float hi) {
  const auto frac = static_cast<float>((i * 2654435761u) % 1000u) / 1000.0f;
  return lo + (hi - lo) * frac;
}

// The synaptic decays are set to 1 so that the state stays stationary over millions of
// iterations. With the physical decays every ge and gi would sink into subnormal numbers
// and then to zero, and the benchmark would time subnormal arithmetic that the network,
// whose inputs keep arriving, never sees. A multiply by 1 costs the same as any other.
LifKernelArgs integrate_args(KernelArrays& a, bool cuba) {
  const std::size_t n = a.v.padded();
  const double tau_m = 20.0, tau_e = 5.0, tau_i = 10.0;
  const double dm = std::exp(-kDtMs / tau_m);
  auto propagator = [&](double tau_s) { return tau_s / (tau_s - tau_m) * (std::exp(-kDtMs / tau_s) - dm); };
  for (std::size_t i = 0; i < n; ++i) {
    a.v[i] = spread(i, -60.0f, -50.0f);
    a.ge[i] = spread(i + 7, 0.0f, cuba ? 3.0f : 6.0f);
    a.gi[i] = spread(i + 13, cuba ? -10.0f : 0.0f, cuba ? 0.0f : 30.0f);
    a.ref_left[i] = (i % 50 == 0) ? 30.0f : 0.0f;
    a.decay_m[i] = static_cast<float>(dm);
    a.drive[i] = cuba ? -49.0f : -60.0f;
    a.p_e[i] = static_cast<float>(cuba ? propagator(tau_e) : kDtMs / tau_m);
    a.p_i[i] = static_cast<float>(cuba ? propagator(tau_i) : 0.0);
  }
  return {a.v.data(), a.ge.data(),  a.gi.data(), a.ref_left.data(), a.decay_m.data(), a.drive.data(),
          a.p_e.data(), a.p_i.data(), 1.0f,      1.0f,              0.0f,              -80.0f,
          n,          false};
}

void lif_integrate(benchmark::State& state, SimdIsa isa, bool cuba) {
  const auto n = static_cast<std::size_t>(state.range(0));
  KernelArrays arrays(n);
  const LifKernelArgs args = integrate_args(arrays, cuba);
  for (auto _ : state) {
    if (cuba) {
      lif_integrate_cuba(isa, args);
    } else {
      lif_integrate_coba(isa, args);
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
  state.counters["neurons"] = static_cast<double>(n);
}

// Detection at a fixed spike fraction. Spiking neurons get v_reset above threshold and no
// refractory period, so they spike again on every call and the work per call is constant;
// the rest sit below threshold. The returned count is checked, so a kernel that stops
// finding spikes fails the benchmark instead of getting faster.
void lif_detect(benchmark::State& state, SimdIsa isa) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto per_mille = static_cast<std::size_t>(state.range(1));
  KernelArrays a(n);
  const std::size_t stride = per_mille == 0 ? 0 : 1000 / per_mille;
  std::size_t expected = 0;
  for (std::size_t i = 0; i < a.v.padded(); ++i) {
    const bool spiking = i < n && stride != 0 && i % stride == 0;
    expected += spiking ? 1 : 0;
    a.v[i] = spiking ? -45.0f : spread(i, -60.0f, -50.5f);
    a.drive[i] = -40.0f;
    a.v_th[i] = i < n ? -50.0f : INFINITY;  // padding never spikes, as in LifPopulation
    a.v_reset[i] = spiking ? -45.0f : -60.0f;
    a.ref_steps[i] = spiking ? 0.0f : 49.0f;
    a.ref_left[i] = 0.0f;
  }
  const LifDetectArgs args{a.v.data(),     a.ref_left.data(), a.v_th.data(), a.v_reset.data(),
                           a.ref_steps.data(), a.v.padded(),  0,             a.out.data()};
  for (auto _ : state) {
    const std::size_t spikes = snnft::lif_detect(isa, args);
    if (spikes != expected) {
      state.SkipWithError("detect returned the wrong number of spikes");
      break;
    }
    benchmark::DoNotOptimize(spikes);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
  state.counters["spikes_per_call"] = static_cast<double>(expected);
}

// One whole LIF step of n CUBA neurons, integration then threshold detection and reset:
// two passes over per-neuron constant arrays (what a step did before the fused kernel, and
// still does for a heterogeneous population watched between Integrate and Detect), or one
// fused pass with the constants and the threshold broadcast (a homogeneous population nobody
// watches between the two). The decays are 1, as in BM_LifIntegrate, and the resting target
// is raised to -40 mV, so almost every neuron keeps cycling through integration, spike, reset
// and refractoriness (about 0.4 % of them spike in each step).
void lif_step(benchmark::State& state, SimdIsa isa, bool fused) {
  const auto n = static_cast<std::size_t>(state.range(0));
  KernelArrays a(n);
  LifKernelArgs args = integrate_args(a, true);
  args.shared_constants = fused;
  for (std::size_t i = 0; i < a.v.padded(); ++i) {
    a.drive[i] = -40.0f;
    a.v_th[i] = i < n ? -50.0f : INFINITY;  // padding never spikes, as in LifPopulation
    a.v_reset[i] = -60.0f;
    a.ref_steps[i] = 49.0f;
  }
  const LifDetectArgs detect{a.v.data(),    a.ref_left.data(), a.v_th.data(), a.v_reset.data(), a.ref_steps.data(),
                             a.v.padded(), 0,                 a.out.data(),  fused};
  auto step = [&] {
    if (fused) return lif_update_cuba(isa, args, detect);
    lif_integrate_cuba(isa, args);
    return snnft::lif_detect(isa, detect);
  };
  // 100 ms of settling first, so every run (including Google Benchmark's first, short one)
  // times neurons that already cycle through spikes and refractory periods.
  for (int k = 0; k < 1000; ++k) step();
  std::size_t spikes = 0;
  for (auto _ : state) {
    spikes += step();
    benchmark::ClobberMemory();
  }
  if (spikes == 0) state.SkipWithError("the neurons did not spike");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
  state.counters["spikes_per_call"] =
      benchmark::Counter(static_cast<double>(spikes), benchmark::Counter::kAvgIterations);
}

/// Fires `count` evenly spaced neurons every step, shifted by a different offset each step,
/// so that over a run every presynaptic row is read. Costs O(spikes) per step: it adds
/// nothing measurable to the propagation it drives.
class RegularFiringPopulation final : public Population {
 public:
  RegularFiringPopulation(std::size_t size, std::size_t count)
      : Population("source", size), gap_(count == 0 ? size + 1 : size / count), count_(count) {}

  [[nodiscard]] std::string_view model_name() const override { return "spike_source"; }
  void integrate(Step, std::size_t, std::size_t, SimdIsa) override {}
  std::size_t detect(Step step, std::size_t begin, std::size_t end, SimdIsa, NeuronIndex* out) override {
    const std::size_t offset = this->offset(step);
    const std::size_t last = std::min(end, count_ * gap_);
    std::size_t id = begin <= offset ? offset : offset + (begin - offset + gap_ - 1) / gap_ * gap_;
    std::size_t n = 0;
    for (; id < last; id += gap_) out[n++] = static_cast<NeuronIndex>(id);
    return n;
  }
  [[nodiscard]] std::size_t offset(Step step) const { return static_cast<std::size_t>(step * 7919) % gap_; }
  [[nodiscard]] std::size_t gap() const { return gap_; }
  [[nodiscard]] std::size_t count() const { return count_; }

 private:
  std::size_t gap_;
  std::size_t count_;
};

// Propagation through the CUBA connectivity (N neurons, p = 80/N, about 80 synapses per
// row) from a source firing a fixed fraction of its neurons each step into N current-based
// LIF targets whose threshold is out of reach, so nothing feeds back. One iteration is one
// whole simulation step; the integration of the N targets is part of it (about 5 % of the
// time at 10 % firing), the rest is the synaptic scatter.
void propagate(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto per_mille = static_cast<std::size_t>(state.range(1));
  NetworkSpec spec;
  spec.dt_ms = kDtMs;
  PopulationSpec post;
  post.name = "target";
  post.size = n;
  post.lif = {20, -49, -60, 1e9, 5, 5, 10, 0, -80, 0};
  spec.populations = {post};
  Network net = Network::build(spec, 1234);
  auto source = std::make_unique<RegularFiringPopulation>(n, n * per_mille / 1000);
  const RegularFiringPopulation& src = *source;
  const PopulationIndex pre = net.add_population(std::move(source));
  ProjectionSpec proj;
  proj.name = "source_to_target";
  proj.rule.probability = 80.0 / static_cast<double>(n);
  proj.weight = {InitialValue::Kind::kConstant, 1.62, 0};
  net.add_projection(build_projection(proj, pre, n, 0, n, 0, net.rng(), kDtMs));

  // Synapses touched in a step depend only on the step's offset: count them once per offset.
  const Projection& p = net.projection(0);
  std::vector<std::int64_t> events_at_offset(src.gap(), 0);
  for (std::size_t o = 0; o < src.gap(); ++o) {
    for (std::size_t id = o; id < src.count() * src.gap(); id += src.gap()) {
      events_at_offset[o] += p.row_start[id + 1] - p.row_start[id];
    }
  }

  Simulation sim(net, {best_simd_isa(), 1, 1024});
  std::int64_t events = 0;
  for (auto _ : state) {
    events += events_at_offset[src.offset(sim.now())];
    sim.step();
  }
  state.SetItemsProcessed(events);
  state.counters["events_per_step"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["synapses"] = static_cast<double>(p.synapse_count());
}

[[maybe_unused]] const bool registered = [] {
  for (SimdIsa isa : available_simd_isas()) {
    const std::string name(to_string(isa));
    benchmark::RegisterBenchmark(("BM_LifIntegrate/" + name + "/cuba").c_str(), lif_integrate, isa, true)
        ->ArgName("n")->Arg(4096)->Arg(65536);
    benchmark::RegisterBenchmark(("BM_LifIntegrate/" + name + "/coba").c_str(), lif_integrate, isa, false)
        ->ArgName("n")->Arg(4096)->Arg(65536);
    benchmark::RegisterBenchmark(("BM_LifStep/" + name + "/cuba/two_pass").c_str(), lif_step, isa, false)
        ->ArgName("n")->Arg(4096);
    benchmark::RegisterBenchmark(("BM_LifStep/" + name + "/cuba/fused_shared").c_str(), lif_step, isa, true)
        ->ArgName("n")->Arg(4096);
    benchmark::RegisterBenchmark(("BM_LifDetect/" + name).c_str(), lif_detect, isa)
        ->ArgNames({"n", "spike_permille"})->Args({4096, 0})->Args({4096, 10})->Args({65536, 0})->Args({65536, 10});
  }
  benchmark::RegisterBenchmark("BM_Propagate", propagate)
      ->ArgNames({"n", "spike_permille"})->Args({4000, 10})->Args({4000, 100})->Args({16000, 10})->Args({16000, 100});
  return true;
}();

}  // namespace
}  // namespace snnft
