// SPDX-License-Identifier: MIT
// Input encoders as used per trial in a hot loop (encode_into into a reused pattern), and the
// cost of generating the Yin-Yang set. items_per_second counts encoded values (TTFS,
// population), generated spikes (Poisson) or samples (Yin-Yang).
#include <benchmark/benchmark.h>

#include <vector>

#include "snnft/encoding/poisson_encoder.hpp"
#include "snnft/encoding/population_encoder.hpp"
#include "snnft/encoding/ttfs_encoder.hpp"
#include "snnft/encoding/yin_yang_dataset.hpp"

namespace {

using namespace snnft;

std::vector<float> ramp(std::size_t n) {
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>((i * 37) % 101) / 100.0f;
  return x;
}

/// One 8×8 digit image (64 values) per iteration; argument: 0 linear, 1 log.
void BM_TtfsEncode(benchmark::State& state) {
  const TtfsParams p{.t_min_ms = 0.0, .t_max_ms = 20.0,
                     .scale = state.range(0) == 0 ? TtfsScale::kLinear : TtfsScale::kLog, .tau_ms = 5.0,
                     .cutoff = 0.0625};
  const TtfsEncoder enc(p);
  const std::vector<float> x = ramp(64);
  SpikePattern pattern(x.size());
  pattern.reserve(x.size());
  for (auto _ : state) {
    enc.encode_into(pattern, x);
    benchmark::DoNotOptimize(pattern.events().data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(x.size()));
}
BENCHMARK(BM_TtfsEncode)->Arg(0)->Arg(1);

/// One Yin-Yang sample (4 values × 10 Gaussian receptive fields) per iteration.
void BM_PopulationEncode(benchmark::State& state) {
  const PopulationEncoder enc(PopulationCodeParams{});
  const std::vector<float> x = {0.3f, 0.7f, 0.7f, 0.3f};
  SpikePattern pattern(x.size() * enc.neurons_per_value());
  pattern.reserve(pattern.neuron_count());
  for (auto _ : state) {
    enc.encode_into(pattern, x);
    benchmark::DoNotOptimize(pattern.events().data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(x.size()));
}
BENCHMARK(BM_PopulationEncode);

/// 64 neurons at 0–100 Hz for 350 ms (a digit presented as rates), a new trial per iteration.
void BM_PoissonEncode(benchmark::State& state) {
  const CounterRng rng(1);
  const PoissonEncoder enc(rng, {.duration_ms = 350.0});
  std::vector<float> rates = ramp(64);
  for (float& r : rates) r *= 100.0f;
  SpikePattern pattern = enc.encode(rates, 0);
  std::uint64_t trial = 0, spikes = 0;
  for (auto _ : state) {
    enc.encode_into(pattern, rates, ++trial);
    spikes += pattern.size();
    benchmark::DoNotOptimize(pattern.events().data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(spikes));
}
BENCHMARK(BM_PoissonEncode);

/// The standard 5000-sample Yin-Yang training set.
void BM_YinYangGenerate(benchmark::State& state) {
  for (auto _ : state) {
    LabelledDataset d = make_yin_yang(5000, kYinYangTrainSeed);
    benchmark::DoNotOptimize(d.features.data());
  }
  state.SetItemsProcessed(state.iterations() * 5000);
}
BENCHMARK(BM_YinYangGenerate)->Unit(benchmark::kMillisecond);

}  // namespace
