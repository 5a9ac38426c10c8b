// SPDX-License-Identifier: MIT
// `snnft campaign`: one fault kind at several levels and fault maps, each run with protection
// and without, on columns trained once.
#include "snnft/apps/campaign.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>

#include "config_helpers.hpp"
#include "snnft/apps/campaign_output.hpp"
#include "snnft/apps/cli_values.hpp"
#include "snnft/apps/columns_setup.hpp"
#include "snnft/apps/columns_test_phase.hpp"
#include "snnft/columns/column_state_io.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/hdf5_input.hpp"
#include "snnft/core/hdf5_output.hpp"
#include "snnft/core/interrupt.hpp"
#include "snnft/resilience/faults/fault_spec.hpp"
#include "snnft/resilience/neuromorphic/protection_output.hpp"

namespace snnft::apps {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string resolve_path(const std::string& path, const std::string& dir) {
  const std::filesystem::path p(path);
  return p.is_absolute() || dir.empty() ? path : (std::filesystem::path(dir) / p).string();
}

/// The campaign's fault at `fraction`, as the user would have written it with --fault.
std::string fault_text(const CampaignSpec& spec, double fraction) {
  // The shortest text that reads back as the same number: 0.1, not 0.10000000000000001.
  char number[32];
  const auto end = std::to_chars(number, number + sizeof number, fraction).ptr;
  return spec.fault_kind + ':' + spec.fault_params + (spec.fault_params.empty() ? "" : ",") + "fraction=" +
         std::string(number, end);
}

faults::FaultSpec fault_at(const CampaignSpec& spec, double fraction) {
  return faults::parse_fault_flag(fault_text(spec, fraction));
}

bool takes_fraction(faults::FaultKind kind) {
  for (const auto& p : faults::fault_kind_info(kind).parameters) {
    if (p.name == "fraction") return true;
  }
  return false;
}

/// A temporary file that is removed when its owner goes, by return or by exception, and by a
/// second Ctrl-C while it exists.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) { register_partial_file(path_); }
  ~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    unregister_partial_file(path_);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// Keeps trained columns in a temporary HDF5 file, so that every run starts from the same
/// trained state in a fresh processor (faults and recovery change a processor's state).
/// Trains (or loads) exactly as `snnft run` does: STDP and labels, then the grown readouts.
class TrainedColumns {
 public:
  TrainedColumns(const ColumnsRunConfig& cfg, const DatasetSplit& data)
      : file_((std::filesystem::temp_directory_path() /
               ("snnft-campaign-" + std::to_string(::getpid()) + "-trained.h5")).string()) {
    columns::MultiColumnProcessor processor(cfg.columns, data.train.feature_count, data.train.class_count, cfg.threads);
    processor.set_stop_check(interrupt_requested);
    if (cfg.load_columns) {
      load_saved_columns(*cfg.load_columns, processor);  // with their grown readouts
    } else {
      processor.train_and_label(data.train, cfg.epochs);
      if (!processor.stopped()) processor.train_readouts(data.train, vote_rule(cfg.vote));
    }
    if (processor.stopped()) return;  // Ctrl-C during training: nothing to test
    H5Output out(file_.path());
    columns::save_columns(out, "/columns", processor);
    out.commit();
    input_ = std::make_unique<H5Input>(file_.path());
  }
  /// False when training was stopped by a signal.
  [[nodiscard]] bool complete() const { return input_ != nullptr; }

  void load_into(columns::MultiColumnProcessor& processor) const { columns::load_columns(*input_, "/columns", processor); }

 private:
  TemporaryFile file_;  // declared first: removed after the input below is closed
  std::unique_ptr<H5Input> input_;
};

/// Binds every fault of the campaign to untrained columns, so that a name or index the
/// columns do not have fails before training rather than after it and the baselines.
void check_faults_bind(const CampaignSpec& spec, const ColumnsRunConfig& cfg, const DatasetSplit& data) {
  columns::MultiColumnProcessor probe(cfg.columns, data.train.feature_count, data.train.class_count, 1);
  for (const std::string& cell : spec.cells) {
    const faults::FaultSchedule schedule({faults::parse_fault_flag(cell)}, cfg.seed);
    try {
      schedule.check(probe);
    } catch (const ConfigError& e) {
      throw ConfigError("--cells", e.what());
    }
  }
  for (double fraction : spec.fractions) {
    if (fraction == 0.0) continue;
    const faults::FaultSchedule schedule({fault_at(spec, fraction)}, 1);
    try {
      schedule.check(probe);
    } catch (const ConfigError& e) {
      const std::string what = e.what();  // without the "--fault ..." the campaign made up
      throw ConfigError(spec.source.fault_params, what.substr(std::min(what.size(), e.path().size() + 2)));
    }
  }
}

/// One test phase on a fresh copy of the trained columns; none if a signal stopped it.
std::optional<CampaignRow> run_once(const ColumnsRunConfig& cfg, const DatasetSplit& data, const TrainedColumns& trained,
                                    std::vector<faults::FaultSpec> specs, std::uint64_t map, bool protection,
                                    RunMonitor* monitor) {
  columns::MultiColumnProcessor processor(cfg.columns, data.train.feature_count, data.train.class_count, cfg.threads);
  trained.load_into(processor);
  neuromorphic::ProtectionConfig config = cfg.protection;
  config.enabled = protection;
  neuromorphic::ProtectedClassifier classifier(processor, config, vote_rule(cfg.vote));
  prepare_for_test(classifier, data.train, cfg);
  // The map's seed decides which neurons, synapses or columns its faults hit.
  faults::FaultSchedule schedule(std::move(specs), map);
  schedule.check(processor);

  const auto t0 = std::chrono::steady_clock::now();
  const ColumnsTestResult result =
      run_test_phase(classifier, processor, data.test, schedule, cfg.test_learning_rate, monitor);
  if (result.interrupted) return std::nullopt;
  CampaignRow row;
  row.test_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const neuromorphic::ProtectionSummary p = neuromorphic::summarize(classifier);
  const auto marks = fault_marks(schedule);
  row.map = map;
  row.protection = protection;
  for (std::size_t q : classifier.quarantined_neurons()) row.quarantined_neurons += q;
  row.full_recovery_trials = full_recovery_trials(schedule, classifier);
  row.test_accuracy = result.accuracy();
  row.faults_injected = schedule.faults_injected();
  row.detections = p.detections;
  row.false_detections = count_detections(classifier.events(), marks).false_detections;
  row.mean_detection_trials = neuromorphic::mean_detection_trials(classifier.events(), marks);
  row.recovery_trials = recovery_trials(classifier.events());
  row.ladder_min_level = p.deepest_level;
  row.ladder_final_level = p.final_level;
  row.isolated_columns = p.isolated_columns.size();
  row.transitions = p.transitions;
  row.column_transitions = p.column_transitions;
  return row;
}

double mean_of(const std::vector<double>& v) {
  double sum = 0.0;
  std::size_t n = 0;
  for (double x : v) {
    if (std::isnan(x)) continue;
    sum += x;
    ++n;
  }
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

}  // namespace

CampaignSpec parse_campaign_file(const nlohmann::json& file, const std::string& file_dir) {
  ObjectReader r(file, "");
  r.choice("kind", {"campaign"});
  r.string("description", "");
  CampaignSpec spec;
  spec.config_path = resolve_path(r.file_name("config"), file_dir);
  spec.fault_kind = r.string("fault_kind");
  spec.fault_params = r.string("fault_params", "");
  spec.fractions = r.numbers("fractions");
  spec.source = {"/fault_kind", "/fault_params", "/fractions"};
  spec.maps = count_at_least(r, "maps", 1, 10);
  if (spec.maps > kMaxMaps) r.fail("maps", "at most " + std::to_string(kMaxMaps) + " fault maps per level, got " + std::to_string(spec.maps));
  if (r.has("seed")) spec.seed = static_cast<std::uint64_t>(r.integer_at_least("seed", 0));
  spec.threads = static_cast<std::int64_t>(read_thread_count(r));
  if (r.has("output")) spec.output = resolve_path(r.file_name("output"), file_dir);
  if (r.has("csv")) spec.csv = resolve_path(r.file_name("csv"), file_dir);
  r.finish();
  return spec;
}

std::vector<std::string> read_cells_file(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) throw ConfigError("--cells", path + ": is a directory, not a file");
  std::ifstream in(path);
  if (!in) throw ConfigError("--cells", "cannot read " + path);
  std::vector<std::string> cells;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    const std::string cell = line.substr(first, last - first + 1);
    try {
      (void)faults::parse_fault_flag(cell);
    } catch (const ConfigError& e) {
      throw ConfigError("--cells", path + ":" + std::to_string(n) + ": " + e.what());
    }
    cells.push_back(cell);
  }
  if (cells.empty()) throw ConfigError("--cells", path + ": no faults listed");
  return cells;
}

void validate_campaign(const CampaignSpec& spec) {
  if (!spec.cells.empty()) {
    if (!spec.fault_kind.empty() || !spec.fractions.empty()) {
      throw ConfigError("--cells", "a list of cells replaces --fault-kind and --fractions");
    }
    return;
  }
  const auto& source = spec.source;
  const auto kind = faults::parse_fault_kind(spec.fault_kind);
  if (!kind) throw ConfigError(source.fault_kind, "unknown fault kind \"" + spec.fault_kind + "\" (see snnft faults)");
  if (!takes_fraction(*kind)) {
    throw ConfigError(source.fault_kind, spec.fault_kind + " takes no fraction; a campaign varies the fraction of "
                                                           "targets hit (for whole-column faults use snnft run --fault)");
  }
  std::stringstream params(spec.fault_params);
  for (std::string item; std::getline(params, item, ',');) {
    const std::string key = item.substr(0, item.find('='));
    if (key == "fraction" || key == "count" || key == "ids") {
      throw ConfigError(source.fault_params, "\"" + key + "\": the campaign sets the fraction of targets itself");
    }
  }
  try {
    (void)fault_at(spec, 0.5);
  } catch (const ConfigError& e) {
    // The problem without the "--fault KIND:...,fraction=0.5" the campaign made up.
    const std::string what = e.what();
    throw ConfigError(source.fault_params, what.substr(std::min(what.size(), e.path().size() + 2)));
  }
  if (spec.fractions.empty()) throw ConfigError(source.fractions, "at least one fault level is required");
  for (double f : spec.fractions) {
    if (!(f >= 0.0 && f <= 1.0)) {
      std::ostringstream s;
      s << "fraction " << f << " is not in [0, 1]";
      throw ConfigError(source.fractions, s.str());
    }
  }
  if (spec.maps == 0) throw ConfigError("--maps", "at least one fault map is required");
}

int run_campaign(const CampaignSpec& spec, Summary& summary, bool print_table, RunMonitor* monitor) {
  validate_campaign(spec);
  const nlohmann::json config = read_json_file(spec.config_path);
  if (!config.is_object() || config.value("kind", std::string()) != "columns") {
    throw ConfigError(spec.config_path + ": /kind", "a campaign runs a \"kind\": \"columns\" config");
  }
  RunOptions options;
  options.config_path = spec.config_path;
  options.seed = spec.seed;
  options.threads = spec.threads;
  ColumnsRunConfig cfg = resolve_columns_config(config, options);
  if (!cfg.faults.empty()) {
    throw ConfigError(spec.config_path + ": /faults", "a campaign injects its own faults; remove the config's list");
  }
  // Outputs are opened first, so a bad path fails before any work.
  CampaignOutputs outputs(spec);
  const DatasetSplit data = load_dataset(cfg.dataset);
  check_protection_data(data.train, cfg.dataset);  // every campaign cell runs protected once
  resolve_random_views(cfg, data.train.feature_count);
  check_faults_bind(spec, cfg, data);
  install_interrupt_handler();

  std::uint64_t runs_total = 2 + 2 * spec.cells.size(), runs_done = 0;
  for (double fraction : spec.fractions) runs_total += fraction == 0.0 ? 0 : 2 * spec.maps;
  if (monitor != nullptr) monitor->begin(RunPhase::kTraining, "trial", runs_total * data.test.size());
  const auto t0 = std::chrono::steady_clock::now();
  const TrainedColumns trained(cfg, data);
  if (monitor != nullptr) {
    monitor->begin(RunPhase::kTesting, "trial", runs_total * data.test.size());
    monitor->set_runs(0, runs_total);
  }
  std::vector<CampaignRow> rows;
  double baseline[2] = {kNaN, kNaN};  // [protection]
  // A signal stops the campaign before the next test trial; the run it cut short is dropped.
  bool interrupted = !trained.complete();
  for (bool protection : {true, false}) {
    if (interrupted) break;
    const std::optional<CampaignRow> row = run_once(cfg, data, trained, {}, 0, protection, monitor);
    interrupted = !row;
    if (row) {
      baseline[protection] = row->test_accuracy;
      rows.push_back(*row);
      if (monitor != nullptr) monitor->set_runs(++runs_done, runs_total);
    }
  }
  // Cells: each fault once, its targets drawn from the columns' seed.
  for (const std::string& cell : spec.cells) {
    for (bool protection : {true, false}) {
      if (interrupted) break;
      std::optional<CampaignRow> row =
          run_once(cfg, data, trained, {faults::parse_fault_flag(cell)}, cfg.seed, protection, monitor);
      interrupted = !row;
      if (interrupted) break;
      row->fault = cell;
      row->fraction = kNaN;  // not a campaign level
      row->accuracy_drop = baseline[protection] - row->test_accuracy;
      rows.push_back(*row);
      if (monitor != nullptr) monitor->set_runs(++runs_done, runs_total);
    }
  }
  for (double fraction : spec.fractions) {
    if (fraction == 0.0) continue;  // the baseline
    for (std::size_t map = 1; map <= spec.maps && !interrupted; ++map) {
      for (bool protection : {true, false}) {
        std::optional<CampaignRow> row =
            run_once(cfg, data, trained, {fault_at(spec, fraction)}, map, protection, monitor);
        interrupted = !row;
        if (interrupted) break;
        row->fraction = fraction;
        row->fault = fault_text(spec, fraction);
        row->accuracy_drop = baseline[protection] - row->test_accuracy;
        rows.push_back(*row);
        if (monitor != nullptr) monitor->set_runs(++runs_done, runs_total);
      }
    }
    if (interrupted) break;
  }
  const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Per level: mean over maps, with and without protection.
  nlohmann::ordered_json levels = nlohmann::ordered_json::array();
  std::vector<double> fractions{0.0};
  for (double f : spec.fractions) {
    if (f != 0.0) fractions.push_back(f);
  }
  if (monitor != nullptr) monitor->finish(interrupted);
  if (print_table) {
    std::cout << "fault " << spec.fault_kind << (spec.fault_params.empty() ? "" : ":" + spec.fault_params) << ", "
              << spec.maps << " maps per level\n"
              << "| fraction | accuracy protected | accuracy unprotected | detections | mean detection trials | "
                 "deepest level |\n|---|---|---|---|---|---|\n";
  }
  for (double f : fractions) {
    std::vector<double> on, off, detect, detections;
    neuromorphic::LadderLevel deepest = neuromorphic::LadderLevel::kNormal;
    for (const CampaignRow& r : rows) {
      if (r.fraction != f) continue;
      (r.protection ? on : off).push_back(r.test_accuracy);
      if (!r.protection) continue;
      detect.push_back(r.mean_detection_trials);
      detections.push_back(static_cast<double>(r.detections));
      deepest = std::max(deepest, r.ladder_min_level);
    }
    if (on.empty() && off.empty()) continue;
    nlohmann::ordered_json level;
    level["fraction"] = f;
    level["protected_accuracy"] = mean_of(on);
    level["unprotected_accuracy"] = mean_of(off);
    level["mean_detections"] = mean_of(detections);
    level["mean_detection_trials"] = mean_of(detect);
    level["ladder_min_level"] = std::string(neuromorphic::to_string(deepest));
    levels.push_back(level);
    if (print_table) {
      std::cout << std::fixed << std::setprecision(3) << "| " << f << " | " << mean_of(on) << " | " << mean_of(off)
                << " | " << std::setprecision(1) << mean_of(detections) << " | " << mean_of(detect) << " | "
                << neuromorphic::to_string(deepest) << " |\n";
    }
  }

  summary.set("name", cfg.name);
  summary.set("fault_kind", spec.fault_kind);
  summary.set("fault_params", spec.fault_params);
  summary.set("maps", spec.maps);
  summary.set("runs", rows.size());
  summary.set("threads", cfg.threads);
  summary.set("baseline_accuracy_protected", baseline[1]);
  summary.set("baseline_accuracy_unprotected", baseline[0]);
  summary.set("levels", levels);
  summary.set("total_s", total_s);
  if (interrupted) summary.set("interrupted", true);
  outputs.write(spec, rows, summary, interrupted);
  if (spec.output) summary.set("output", *spec.output);
  if (spec.csv) summary.set("csv", *spec.csv);
  return interrupted ? interrupt_exit_code() : 0;
}

}  // namespace snnft::apps
