// SPDX-License-Identifier: MIT
// The degradation-overhead table with grown readouts: one protected test trial of the digits
// columns answering through their cascade-correlation readouts ("readout": {"kind":
// "cascor"}), with the ladder pinned on each rung, and the rung's test accuracy. Compare with
// BM_ProtectedTrialOnRung (label readouts) in neuromorphic_bench.cpp.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "snnft/apps/columns_config.hpp"
#include "snnft/apps/columns_setup.hpp"
#include "snnft/columns/multi_column.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"
#include "snnft/resilience/neuromorphic/readout_guard.hpp"

#include "protected_trials.hpp"

namespace snnft::neuromorphic {
namespace {

/// The digits config with grown readouts, its split, and its trained columns and readouts.
struct GrownDigits {
  apps::ColumnsRunConfig config;
  DatasetSplit split;
  std::vector<columns::ColumnState> states;
  std::vector<columns::ReadoutCheckpoint> readouts;
};

const GrownDigits* grown(benchmark::State& state) {
  static const std::optional<GrownDigits> digits = []() -> std::optional<GrownDigits> {
    try {
      GrownDigits d;
      const char* env = std::getenv("SNNFT_DATA_DIR");
      const std::string dir = std::string(env ? env : SNNFT_DATA_DIR) + "/configs";
      nlohmann::json json = read_json_file(dir + "/digits_columns.json");
      json["readout"] = {{"kind", "cascor"}};
      d.config = apps::parse_columns_config(json, dir);
      d.split = apps::load_dataset(d.config.dataset);
      apps::resolve_random_views(d.config, d.split.train.feature_count);
      columns::MultiColumnProcessor p(d.config.columns, d.split.train.feature_count, d.split.train.class_count, 1);
      p.train_and_label(d.split.train, d.config.epochs);
      p.train_readouts(d.split.train, apps::vote_rule(d.config.vote));
      for (std::size_t k = 0; k < p.column_count(); ++k) {
        d.states.push_back(p.column(k).checkpoint());
        d.readouts.push_back(p.column(k).grown_readout()->checkpoint());
      }
      return d;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }();
  if (!digits) state.SkipWithError("cannot load data/configs/digits_columns.json or its data set");
  return digits ? &*digits : nullptr;
}

// One protected test trial with the ladder pinned on rung `range(0)` (0 Normal … 4 Emergency).
// Counter `accuracy`: the rung's accuracy over the whole test set, measured once before timing.
void BM_GrownReadoutTrialOnRung(benchmark::State& state) {
  const GrownDigits* d = grown(state);
  if (d == nullptr) return;
  columns::MultiColumnProcessor p(d->config.columns, d->split.train.feature_count, d->split.train.class_count, 1);
  for (std::size_t k = 0; k < p.column_count(); ++k) {
    p.column(k).restore(d->states[k]);
    p.column(k).grown_readout()->restore(d->readouts[k]);
  }
  time_trials_on_rung(state, p, d->split, apps::vote_rule(d->config.vote), static_cast<LadderLevel>(state.range(0)));
}
BENCHMARK(BM_GrownReadoutTrialOnRung)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

// What the `cascor` signature costs a healthy column per trial: one ReadoutGuard::inspect of a
// trained digits readout (every weight scanned for NaN/Inf, the budget checked). Protection
// runs it once per column per trial.
void BM_ReadoutGuardInspect(benchmark::State& state) {
  const GrownDigits* d = grown(state);
  if (d == nullptr) return;
  columns::MultiColumnProcessor p(d->config.columns, d->split.train.feature_count, d->split.train.class_count, 1);
  p.column(0).grown_readout()->restore(d->readouts[0]);
  ReadoutGuard guard(*p.column(0).readout_control(), GrowthLimits{});
  guard.start();
  std::uint64_t trial = 0;
  for (auto _ : state) benchmark::DoNotOptimize(guard.inspect(trial++));
  state.counters["weights"] = static_cast<double>(d->readouts[0].network->output_weights().size());
}
BENCHMARK(BM_ReadoutGuardInspect)->Unit(benchmark::kNanosecond);

}  // namespace
}  // namespace snnft::neuromorphic
