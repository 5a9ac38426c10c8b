// SPDX-License-Identifier: MIT
// `snnft campaign CONFIG --fault-kind KIND --fractions F,F,... --maps N`, or
// `snnft campaign CAMPAIGN.json` with the same settings in a file (flags override it).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "exit_code.hpp"
#include "snnft/apps/campaign.hpp"
#include "snnft/apps/cli_values.hpp"
#include "snnft/apps/commands.hpp"
#include "snnft/apps/run_watch.hpp"
#include "snnft/core/config_reader.hpp"

namespace snnft::apps {
namespace {

/// "0,0.05,0.1" -> {0, 0.05, 0.1}; a bad entry is an error naming --fractions.
std::vector<double> parse_fractions(const std::string& text) {
  std::vector<double> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) {
    std::size_t used = 0;
    double value = 0.0;
    try {
      value = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size()) throw ConfigError("--fractions", "\"" + item + "\" is not a number");
    out.push_back(value);
  }
  return out;
}

}  // namespace

void add_campaign_command(CLI::App& app) {
  struct Flags {
    std::string input, fault_kind, fault_params, fractions, out, csv, cells;
    std::string maps, threads, seed;  // checked as text: CLI11 would wrap "-1"
    std::string serve, linger, log_level;
    bool quiet = false;
    bool json_summary = false;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "campaign", "Run a fault campaign: accuracy with and without protection for each fault level and fault map");
  cmd->add_option("config", f->input, "A columns config, or a campaign file (\"kind\": \"campaign\")")->required();
  auto* kind_opt = cmd->add_option("--fault-kind", f->fault_kind, "Fault kind (see snnft faults), e.g. dead");
  auto* params_opt = cmd->add_option("--fault-params", f->fault_params, "More keys for every fault, e.g. column=2,at=100");
  auto* fractions_opt = cmd->add_option("--fractions", f->fractions, "Fault levels: fractions of targets hit, e.g. 0,0.1,0.3");
  auto* cells_opt = cmd->add_option("--cells", f->cells, "File of faults, one per line as for --fault: each run with and without protection");
  auto* maps_opt = cmd->add_option("--maps", f->maps, "Fault maps (random target draws) per level");
  auto* seed_opt = cmd->add_option("--seed", f->seed, "Seed of the columns (overrides the config)");
  auto* threads_opt = cmd->add_option("--threads", f->threads, "Worker threads (0 = all cores)");
  auto* out_opt = cmd->add_option("--out", f->out, "HDF5 output file");
  auto* csv_opt = cmd->add_option("--csv", f->csv, "CSV output file");
  cmd->add_flag("--json-summary", f->json_summary, "Print the summary as one JSON line");
  auto* serve_opt = cmd->add_option("--serve", f->serve, "Serve /metrics, /health and /events on [ADDR:]PORT (loopback by default)");
  auto* linger_opt = cmd->add_option("--serve-linger", f->linger, "Keep serving this many seconds after the campaign ends");
  auto* log_opt = cmd->add_option("--log-level", f->log_level, "trace, debug, info, warn, error or off (default: info on a terminal, warn otherwise)");
  cmd->add_flag("--quiet", f->quiet, "No progress line; log only warnings and errors");

  cmd->callback([=] {
    const nlohmann::json input = read_json_file(f->input);
    CampaignSpec spec;
    if (input.is_object() && input.value("kind", std::string()) == "campaign") {
      const std::string dir = std::filesystem::path(f->input).parent_path().string();
      spec = parse_campaign_file(input, dir);
    } else {
      spec.config_path = f->input;
      if (!cells_opt->count()) {
        if (!kind_opt->count()) throw ConfigError("--fault-kind", "required with a columns config");
        if (!fractions_opt->count()) throw ConfigError("--fractions", "required with a columns config");
      }
    }
    if (cells_opt->count()) spec.cells = read_cells_file(f->cells);
    if (kind_opt->count()) {
      spec.fault_kind = f->fault_kind;
      spec.source.fault_kind = "--fault-kind";
    }
    if (params_opt->count()) {
      spec.fault_params = f->fault_params;
      spec.source.fault_params = "--fault-params";
    }
    if (fractions_opt->count()) {
      spec.fractions = parse_fractions(f->fractions);
      spec.source.fractions = "--fractions";
    }
    if (maps_opt->count()) spec.maps = maps_value("--maps", f->maps);
    if (seed_opt->count()) spec.seed = seed_value("--seed", f->seed);
    if (threads_opt->count()) spec.threads = thread_count_value("--threads", f->threads);
    if (out_opt->count()) spec.output = file_value("--out", f->out);
    if (csv_opt->count()) spec.csv = file_value("--csv", f->csv);
    WatchOptions w;
    if (serve_opt->count()) w.serve = f->serve;
    if (linger_opt->count()) w.linger_s = seconds_value("--serve-linger", f->linger);
    if (log_opt->count()) w.log_level = f->log_level;
    w.quiet = f->quiet;
    RunWatch watch(w, "campaign", f->input);
    Summary summary;
    command_exit_code() = run_campaign(spec, summary, !f->json_summary, watch.monitor());
    watch.finish(summary.has("interrupted"));
    if (f->json_summary) {
      summary.print_json_line(std::cout);
    } else {
      summary.print_human(std::cout);
    }
    std::cout.flush();
    watch.linger();
  });
}

}  // namespace snnft::apps
