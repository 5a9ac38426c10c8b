// SPDX-License-Identifier: MIT
// Cost of protection on the shipped digits multi-column config (5 columns × 100 neurons,
// 5 epochs): a test trial with monitoring, column breakers and the ladder in the closed,
// healthy state against the same trial without them, the per-step refractory monitor that
// network runs use, the Emergency fallback alone, and one
// trial on each ladder rung with its test accuracy (the "degradation overhead" table).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <ctime>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "snnft/apps/columns_config.hpp"
#include "snnft/apps/columns_setup.hpp"
#include "snnft/apps/run_monitor.hpp"
#include "snnft/columns/multi_column.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/encoding/digits_dataset.hpp"
#include "snnft/resilience/neuromorphic/centroid_classifier.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"
#include "snnft/resilience/neuromorphic/refractory_monitor.hpp"

#include "protected_trials.hpp"

namespace snnft::neuromorphic {
namespace {

std::string data_dir() {
  const char* env = std::getenv("SNNFT_DATA_DIR");
  return env ? env : SNNFT_DATA_DIR;
}

/// The digits config, its data split and its trained columns, built once per process.
struct TrainedDigits {
  apps::ColumnsRunConfig config;
  DatasetSplit split;
  std::vector<columns::ColumnState> states;
};

const TrainedDigits* trained(benchmark::State& state) {
  static const std::optional<TrainedDigits> digits = []() -> std::optional<TrainedDigits> {
    try {
      TrainedDigits d;
      const std::string dir = data_dir() + "/configs";
      d.config = apps::parse_columns_config(read_json_file(dir + "/digits_columns.json"), dir);
      LabelledDataset all = load_digits_csv(d.config.dataset.path);
      scale_features(all, 0.0f, 16.0f);
      d.split = stratified_split(all, d.config.dataset.train_fraction, d.config.dataset.split_seed);
      apps::resolve_random_views(d.config, d.split.train.feature_count);
      columns::MultiColumnProcessor p(d.config.columns, d.split.train.feature_count, d.split.train.class_count, 1);
      p.train(d.split.train, d.config.epochs);
      p.label(d.split.train);
      for (std::size_t k = 0; k < p.column_count(); ++k) d.states.push_back(p.column(k).checkpoint());
      return d;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }();
  if (!digits) state.SkipWithError("cannot load data/configs/digits_columns.json or its data set");
  return digits ? &*digits : nullptr;
}

std::unique_ptr<columns::MultiColumnProcessor> processor(const TrainedDigits& d) {
  auto p = std::make_unique<columns::MultiColumnProcessor>(d.config.columns, d.split.train.feature_count,
                                                           d.split.train.class_count, 1);
  for (std::size_t k = 0; k < p->column_count(); ++k) p->column(k).restore(d.states[k]);
  return p;
}

/// This thread's CPU time in µs: unlike wall time, it does not count the time other processes
/// on a shared machine take the core away, which would swamp a difference of 1 %.
double cpu_micros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) * 1e-3;
}

double micros_since(double t0) { return cpu_micros() - t0; }

/// The median of `values` (reordered); NaN if empty.
double median(std::vector<double>& values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (values.size() % 2 == 1) return *mid;
  return 0.5 * (*mid + *std::max_element(values.begin(), mid));
}

// The whole cost of protection in the closed, healthy state. Blocks of plain trials (present
// and vote) and blocks of the second variant take turns on one processor, so both find the
// same columns at the same addresses; each block runs the same kBlockTrials samples and is
// timed as a whole. range(0) = 0: the second is plain too (the method's own bias, which should
// be 0); 1: the second is protected (health checks, NaN/Inf scans, column breakers, ladder,
// health row); 2: the first is protected, the second protected and reported to a RunMonitor
// after every trial as under --serve (what publishing the endpoints' snapshot adds).
// Blocks rather than single trials: each variant then runs as it would in a real run, after
// itself. Trial by trial, each one's extra memory would evict the other's, by an amount that
// depends on where this repetition's allocations fell (a few per cent either way, now and then).
// The first block of a pair runs colder, so the two take turns at going first and the paired
// differences b − a fall into two groups, one per order. Counters per trial: a_us, b_us,
// overhead_pct = (Σb − Σa) / Σa, and overhead_median_pct = the mean of the two groups'
// median differences over the median a: a block hit by an interrupt or by a neighbour on a
// shared core moves the sums by more than the 1 % measured, but not the medians.
constexpr std::size_t kBlockTrials = 32;

void BM_ProtectionOverhead(benchmark::State& state) {
  const TrainedDigits* d = trained(state);
  if (d == nullptr) return;
  auto p = processor(*d);
  const columns::VoteRule rule = apps::vote_rule(d->config.vote);
  std::unique_ptr<ProtectedClassifier> classifier;
  std::unique_ptr<apps::RunMonitor> monitor;
  const faults::FaultSchedule no_faults({}, 1);
  if (state.range(0) >= 1) {
    classifier = std::make_unique<ProtectedClassifier>(*p, ProtectionConfig{}, rule);
    // Calibrated as the columns app does (held-back samples, fallback choice, answer audit),
    // so every per-trial check a real run makes is in the measurement.
    apps::prepare_for_test(*classifier, d->split.train, d->config);
    classifier->reserve(1 << 17);
  }
  if (state.range(0) == 2) {
    monitor = std::make_unique<apps::RunMonitor>("columns", "digits_columns.json");
    monitor->begin_test(*classifier);
  }
  columns::ConsensusRecord record(p->column_count(), p->class_count());
  const LabelledDataset& test = d->split.test;
  double a_us = 0.0, b_us = 0.0;
  std::vector<double> block_a;        // per block pair, for the median
  std::vector<double> block_diff[2];  // b − a, by which one went first
  const auto expected = static_cast<std::size_t>(std::min<benchmark::IterationCount>(state.max_iterations, 1 << 16));
  block_a.reserve(expected);
  for (auto& v : block_diff) v.reserve(expected / 2 + 1);
  bool a_first = true;
  std::size_t first_sample = 0;
  auto protected_block = [&](apps::RunMonitor* watcher) {
    const double t0 = cpu_micros();
    for (std::size_t i = 0; i < kBlockTrials; ++i) {
      const std::size_t s = (first_sample + i) % test.size();
      const HealthRow& row = classifier->classify(test.row(s), test.labels[s]);
      if (watcher != nullptr) watcher->on_trial(*classifier, no_faults, row);
      benchmark::DoNotOptimize(row.answer);
    }
    return micros_since(t0);
  };
  auto plain_block = [&] {
    if (monitor) return protected_block(nullptr);
    const double t0 = cpu_micros();
    for (std::size_t i = 0; i < kBlockTrials; ++i) {
      columns::vote_into(record, p->present(test.row((first_sample + i) % test.size())), rule);
      benchmark::DoNotOptimize(record.winning_class);
    }
    return micros_since(t0);
  };
  auto second_block = [&] { return classifier ? protected_block(monitor.get()) : plain_block(); };
  for (auto _ : state) {
    double this_a = 0.0, this_b = 0.0;
    if (a_first) {
      this_a = plain_block();
      this_b = second_block();
    } else {
      this_b = second_block();
      this_a = plain_block();
    }
    a_us += this_a;
    b_us += this_b;
    block_a.push_back(this_a);
    block_diff[a_first ? 0 : 1].push_back(this_b - this_a);
    a_first = !a_first;
    first_sample = (first_sample + kBlockTrials) % test.size();
  }
  const double trials = static_cast<double>(state.iterations()) * kBlockTrials;
  state.counters["a_us"] = a_us / trials;
  state.counters["b_us"] = b_us / trials;
  state.counters["overhead_pct"] = 100.0 * (b_us - a_us) / a_us;
  const double median_diff = 0.5 * (median(block_diff[0]) + median(block_diff[1]));
  state.counters["median_diff_us"] = median_diff / kBlockTrials;
  state.counters["overhead_median_pct"] = 100.0 * median_diff / median(block_a);
  state.SetLabel(monitor ? "protected vs protected and monitored" : classifier ? "plain vs protected" : "plain vs plain");
  if (classifier && (classifier->level() != LadderLevel::kNormal || !classifier->isolated_columns().empty())) {
    state.SkipWithError("a healthy run left the closed state");
  }
}
BENCHMARK(BM_ProtectionOverhead)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond)->MinTime(3.0);

// The refractory monitor's call and work in one simulation step of one digits column (with
// the layer's current spikes), without the engine's dispatch loop. Counters: column_step_ns,
// the column's own step time, and pct_of_step.
void BM_RefractoryMonitorStep(benchmark::State& state) {
  const TrainedDigits* d = trained(state);
  if (d == nullptr) return;
  auto p = processor(*d);
  columns::CorticalColumn& col = p->column(0);
  const double t0 = cpu_micros();
  for (std::size_t s = 0; s < 200; ++s) col.present(d->split.test.row(s), 0.0);
  const double step_ns = micros_since(t0) * 1e3 / (200.0 * 50.0);
  RefractoryMonitor monitor(col);
  // Called through the interface, as the engine does, so the call is not inlined away.
  StepObserver* observer = &monitor;
  benchmark::DoNotOptimize(observer);
  Step step = col.simulation().now();
  const double t1 = cpu_micros();
  for (auto _ : state) {
    observer->on_phase_end(Phase::kDetect, StepView{step++, col.params().dt_ms, col.network()});
    benchmark::ClobberMemory();
  }
  const double call_ns = micros_since(t1) * 1e3 / static_cast<double>(state.iterations());
  state.counters["column_step_ns"] = step_ns;
  state.counters["pct_of_step"] = 100.0 * call_ns / step_ns;
}
BENCHMARK(BM_RefractoryMonitorStep);

// The Emergency rung's answer alone: nearest centroid over 64 features and 10 classes.
void BM_CentroidFallback(benchmark::State& state) {
  const TrainedDigits* d = trained(state);
  if (d == nullptr) return;
  CentroidClassifier c;
  c.fit(d->split.train);
  std::size_t s = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.classify(d->split.test.row(s)).predicted_class);
    s = (s + 1) % d->split.test.size();
  }
  state.counters["accuracy"] = c.accuracy(d->split.test);
}
BENCHMARK(BM_CentroidFallback);

// One protected test trial with the ladder pinned on rung `range(0)` (0 Normal … 4 Emergency).
// Counter `accuracy`: the rung's accuracy over the whole test set, measured once before timing.
void BM_ProtectedTrialOnRung(benchmark::State& state) {
  const TrainedDigits* d = trained(state);
  if (d == nullptr) return;
  auto p = processor(*d);
  time_trials_on_rung(state, *p, d->split, apps::vote_rule(d->config.vote), static_cast<LadderLevel>(state.range(0)));
}
BENCHMARK(BM_ProtectedTrialOnRung)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

// The same trial with protection disabled: the plain vote through the classifier.
void BM_UnprotectedTrial(benchmark::State& state) {
  const TrainedDigits* d = trained(state);
  if (d == nullptr) return;
  auto p = processor(*d);
  ProtectionConfig off;
  off.enabled = false;
  ProtectedClassifier classifier(*p, off, apps::vote_rule(d->config.vote));
  classifier.reserve(1 << 15);
  time_test_trials(state, classifier, d->split.test);
}
BENCHMARK(BM_UnprotectedTrial)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace snnft::neuromorphic
