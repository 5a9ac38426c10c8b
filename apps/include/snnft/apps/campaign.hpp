// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "snnft/apps/run_monitor.hpp"
#include "snnft/apps/summary.hpp"
#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"

namespace snnft::apps {

/// A fault campaign: one fault kind at several levels (fractions of the targets hit), each
/// level with several fault maps (which targets are hit, drawn from the map's seed), run on
/// one trained multi-column classifier with protection and without.
struct CampaignSpec {
  std::string config_path;          ///< a "kind": "columns" config
  /// Instead of a kind and fractions: a list of faults (as written for --fault), each one
  /// cell run with and without protection, its targets drawn from the columns' seed.
  std::vector<std::string> cells;
  std::string fault_kind;           ///< CLI name, e.g. "dead"
  std::string fault_params;         ///< more keys for every fault, e.g. "column=2,at=100"
  std::vector<double> fractions;    ///< fault levels; 0 is the fault-free baseline
  std::size_t maps = 10;            ///< fault maps per non-zero level (seeds 1..maps)
  std::optional<std::uint64_t> seed;  ///< overrides the config's seed (training, columns)
  std::int64_t threads = 1;  ///< 0 = every core
  std::optional<std::string> output;  ///< HDF5 file
  std::optional<std::string> csv;     ///< CSV file
  /// Where the checked values came from, for error messages: a flag, or the JSON path of a
  /// campaign file.
  struct Sources {
    std::string fault_kind = "--fault-kind";
    std::string fault_params = "--fault-params";
    std::string fractions = "--fractions";
  } source;
};

/// Reads a cells file: one fault per line as written for --fault; blank lines and lines
/// starting with '#' are skipped. Throws ConfigError naming the file and line.
std::vector<std::string> read_cells_file(const std::string& path);

/// Reads a campaign file: {"kind": "campaign", "config": "digits_columns.json",
/// "fault_kind": "dead", "fault_params": "", "fractions": [0, 0.1], "maps": 10,
/// "output": "campaign.h5", "csv": "campaign.csv", "seed": 1}. Relative paths are resolved
/// against the file's folder. Throws ConfigError naming the JSON path.
CampaignSpec parse_campaign_file(const nlohmann::json& file, const std::string& file_dir);

/// Checks a spec before any work (fault kind and keys, fractions, maps); throws ConfigError
/// naming the flag or JSON path the bad value came from (`source`).
void validate_campaign(const CampaignSpec& spec);

/// One run of the campaign.
struct CampaignRow {
  std::string fault;  ///< the fault as written for --fault ("" for the fault-free baseline)
  double fraction = 0.0;
  std::size_t map = 0;  ///< 0 for the fault-free baseline
  bool protection = false;
  double test_accuracy = 0.0;
  double accuracy_drop = 0.0;  ///< fault-free accuracy (same protection) minus this run's
  std::size_t faults_injected = 0;
  std::size_t detections = 0;        ///< every column and system detection of the run
  std::size_t false_detections = 0;  ///< of those, the ones before the first injected fault
  double mean_detection_trials = 0.0;  ///< NaN if nothing detected
  double recovery_trials = 0.0;        ///< NaN if nothing detected
  neuromorphic::LadderLevel ladder_min_level = neuromorphic::LadderLevel::kNormal;
  neuromorphic::LadderLevel ladder_final_level = neuromorphic::LadderLevel::kNormal;
  std::size_t isolated_columns = 0;
  std::size_t transitions = 0;         ///< ladder and system-state changes
  std::size_t column_transitions = 0;  ///< column breaker state changes
  std::size_t quarantined_neurons = 0;  ///< at the end of the run, over every column
  double full_recovery_trials = 0.0;    ///< see full_recovery_trials(); NaN without a cleared fault
  double test_s = 0.0;
};

/// Trains once, then runs every level × map with and without protection; writes the
/// HDF5/CSV outputs and fills `summary`. Returns 0, or 130 if interrupted (the outputs then
/// hold the runs finished so far). With a monitor, every test trial is reported to it.
int run_campaign(const CampaignSpec& spec, Summary& summary, bool print_table, RunMonitor* monitor = nullptr);

}  // namespace snnft::apps
