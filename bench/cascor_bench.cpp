// SPDX-License-Identifier: MIT
// Cascade-correlation: one whole two-spirals run (Fahlman's settings) per iteration, and the
// cost of a single candidate-training epoch on a grown network.
#include <benchmark/benchmark.h>

#include "snnft/snn/cascor/cascor_learner.hpp"

namespace {

using namespace snnft::cascor;

CascorParams two_spirals_params() {
  CascorParams p;
  p.output.quickprop.epsilon = 1.0;
  p.candidate.quickprop.epsilon = 100.0;
  p.output.patience = 12;
  p.candidate.patience = 12;
  p.score_threshold = 0.4;
  return p;
}

/// Whole run, seed = argument. Counters: epochs and hidden units of the run, epochs per second.
void BM_CascorTwoSpirals(benchmark::State& state) {
  const Dataset train = make_two_spirals();
  const CascorParams params = two_spirals_params();
  CascorResult result;
  for (auto _ : state) {
    CascorLearner learner(train, params, static_cast<std::uint64_t>(state.range(0)));
    result = learner.run();
    benchmark::DoNotOptimize(result);
  }
  if (!result.solved) state.SkipWithError("two-spirals not solved");
  state.counters["epochs"] = static_cast<double>(result.epochs);
  state.counters["hidden_units"] = static_cast<double>(result.hidden_units);
  state.counters["epochs_per_s"] = benchmark::Counter(static_cast<double>(result.epochs) *
                                                          static_cast<double>(state.iterations()),
                                                      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CascorTwoSpirals)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

/// One candidate epoch (pool of 8, 194 patterns) with the given number of hidden units installed.
void BM_CascorCandidateEpoch(benchmark::State& state) {
  CascorParams params = two_spirals_params();
  params.candidate.max_epochs = 1;
  params.candidate.patience = 0;
  CascorLearner learner(make_two_spirals(), params, 1);
  for (std::int64_t k = 0; k < state.range(0); ++k) {
    learner.train_outputs();
    learner.train_candidates();
    learner.install_best_candidate();
  }
  learner.train_outputs();
  for (auto _ : state) {
    // max_epochs 1: one training epoch plus the scoring pass that picks the winner.
    benchmark::DoNotOptimize(learner.train_candidates());
  }
  state.SetItemsProcessed(state.iterations() * 2 * 194 * static_cast<std::int64_t>(params.pool_size));
}
BENCHMARK(BM_CascorCandidateEpoch)->Arg(0)->Arg(15);

}  // namespace
