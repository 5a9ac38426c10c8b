// SPDX-License-Identifier: MIT
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

#include "exit_code.hpp"
#include "snnft/apps/cli_values.hpp"
#include "snnft/apps/app_kind.hpp"
#include "snnft/apps/commands.hpp"
#include "snnft/apps/run_watch.hpp"
#include "snnft/core/communicator.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/interrupt.hpp"

namespace snnft::apps {

namespace {

int run_config(RunOptions options, const WatchOptions& watch_options) {
  const nlohmann::json config = read_json_file(options.config_path);
  const AppKind& kind = app_kind_for(config);
  Communicator& world = world_communicator();
  if (world.size() > 1 && kind.name != "network") {
    throw ConfigError("/kind", "a " + std::string(kind.name) + " run needs one process (this run has " +
                                   std::to_string(world.size()) + " ranks; only network runs are distributed)");
  }
  install_interrupt_handler();
  // A distributed run is watched (progress line, --serve) through rank 0 alone.
  WatchOptions watching = watch_options;
  if (world.rank() != 0) {
    watching.serve.reset();
    watching.quiet = true;
  }
  RunWatch watch(watching, std::string(kind.name), options.config_path);
  options.monitor = watch.monitor();
  Summary summary;
  const int code = kind.run(config, options, summary);
  watch.finish(summary.has("interrupted"));
  if (world.rank() != 0) return code;  // a distributed run prints one summary, rank 0's
  if (options.json_summary) {
    summary.print_json_line(std::cout);
  } else {
    std::cout << "snnft " << kind.name << " run: " << options.config_path << '\n';
    summary.print_human(std::cout);
  }
  std::cout.flush();
  watch.linger();
  return code;
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto simd = std::make_shared<std::string>();
  auto protection = std::make_shared<std::string>("on");
  // Numbers are taken as text and checked here: CLI11 would wrap "-1" to 2^64 - 1 and
  // accept "nan" as a duration.
  auto seed = std::make_shared<std::string>();
  auto threads = std::make_shared<std::string>();
  auto duration = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto serve = std::make_shared<std::string>();
  auto linger = std::make_shared<std::string>();
  auto trial_rate = std::make_shared<std::string>();
  auto log_level = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);

  CLI::App* cmd = app.add_subcommand("run", "Run a simulation described by a JSON config");
  cmd->add_option("config", options->config_path, "JSON config file")->required();
  auto* out_opt = cmd->add_option("--out", *out, "HDF5 output file");
  auto* seed_opt = cmd->add_option("--seed", *seed, "Random seed (overrides the config)");
  auto* threads_opt = cmd->add_option("--threads", *threads, "Worker threads (0 = all cores)");
  auto* dur_opt = cmd->add_option("--duration", *duration, "Simulated time in ms (overrides the config)");
  auto* simd_opt = cmd->add_option("--simd", *simd, "SIMD kernels on or off")->check(CLI::IsMember({"on", "off"}));
  cmd->add_flag("--json-summary", options->json_summary, "Print the summary as one JSON line");
  // One spec per flag, so a flag before the config does not swallow it.
  cmd->add_option("--fault", options->faults, "Inject a fault: KIND:key=value,... (repeatable)")
      ->allow_extra_args(false);
  auto* protection_opt = cmd->add_option("--protection", *protection, "Fault monitoring and degradation on or off")
                             ->check(CLI::IsMember({"on", "off"}));

  auto* serve_opt = cmd->add_option("--serve", *serve, "Serve /metrics, /health and /events on [ADDR:]PORT (loopback by default)");
  auto* linger_opt = cmd->add_option("--serve-linger", *linger, "Keep serving this many seconds after the run ends");
  auto* log_opt = cmd->add_option("--log-level", *log_level, "trace, debug, info, warn, error or off (default: info on a terminal, warn otherwise)");
  cmd->add_flag("--quiet", *quiet, "No progress line; log only warnings and errors");
  auto* rate_opt = cmd->add_option("--trial-rate", *trial_rate, "Columns runs: present at most this many test samples per second");

  cmd->callback([=] {
    RunOptions o = *options;
    WatchOptions w;
    if (serve_opt->count()) w.serve = *serve;
    if (linger_opt->count()) w.linger_s = seconds_value("--serve-linger", *linger);
    if (log_opt->count()) w.log_level = *log_level;
    w.quiet = *quiet;
    if (rate_opt->count()) o.trial_rate_hz = rate_value("--trial-rate", *trial_rate);
    if (out_opt->count()) o.out_path = file_value("--out", *out);
    if (seed_opt->count()) o.seed = seed_value("--seed", *seed);
    if (threads_opt->count()) o.threads = thread_count_value("--threads", *threads);
    if (dur_opt->count()) o.duration_ms = duration_value("--duration", *duration);
    if (simd_opt->count()) o.simd = (*simd == "on");
    if (protection_opt->count()) o.protection = (*protection == "on");
    command_exit_code() = run_config(o, w);
  });
}

void add_validate_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("validate", "Check a JSON config without running it");
  cmd->add_option("config", *path, "JSON config file")->required();
  cmd->callback([=] {
    const nlohmann::json config = read_json_file(*path);
    const AppKind& kind = app_kind_for(config);
    const std::string dir = std::filesystem::path(*path).parent_path().string();
    kind.validate(config, dir.empty() ? "." : dir);
    std::cout << *path << ": valid " << kind.name << " config\n";
  });
}

}  // namespace snnft::apps
