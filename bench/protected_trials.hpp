// SPDX-License-Identifier: MIT
// The timed loop the degradation-overhead benchmarks share: one classified test trial per
// iteration, cycling through the test set, with the accuracy over the whole test set measured
// once before timing.
#pragma once
#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>

#include "snnft/columns/multi_column.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"

namespace snnft::neuromorphic {

/// Times classifier.classify() on the test set's trials in turn; counter `accuracy`: the test
/// set's accuracy, from one pass before timing.
inline void time_test_trials(benchmark::State& state, ProtectedClassifier& classifier, const LabelledDataset& test) {
  std::size_t correct = 0;
  for (std::size_t s = 0; s < test.size(); ++s) correct += classifier.classify(test.row(s), test.labels[s]).answer == test.labels[s];
  std::size_t s = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(classifier.classify(test.row(s), test.labels[s]).answer);
    s = (s + 1) % test.size();
  }
  state.counters["accuracy"] = static_cast<double>(correct) / static_cast<double>(test.size());
}

/// One protected test trial of `columns` (trained and labelled) with the ladder pinned on rung
/// `level`: protection as shipped, its Emergency fallback fitted and its rungs calibrated on
/// the training set.
inline void time_trials_on_rung(benchmark::State& state, columns::MultiColumnProcessor& columns, const DatasetSplit& split,
                                columns::VoteRule rule, LadderLevel level) {
  ProtectedClassifier classifier(columns, ProtectionConfig{}, rule);
  classifier.fit_fallback(split.train);
  classifier.calibrate(split.train, 200);
  classifier.reserve(1 << 15);
  classifier.pin_level(level);
  state.SetLabel(std::string(to_string(level)));
  time_test_trials(state, classifier, split.test);
}

}  // namespace snnft::neuromorphic
