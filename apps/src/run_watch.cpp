// SPDX-License-Identifier: MIT
#include "snnft/apps/run_watch.hpp"

#include <chrono>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "snnft/apps/logging.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/interrupt.hpp"

namespace snnft::apps {

RunWatch::RunWatch(const WatchOptions& options, std::string kind, std::string config) : options_(options) {
  const bool terminal = attached_to_terminal();
  configure_logging(options.log_level, options.quiet, terminal);
  if (!options.serve && options.linger_s > 0) throw ConfigError("--serve-linger", "needs --serve");
  const bool progress_line = terminal && !options.quiet;
  const bool log_events = spdlog::should_log(spdlog::level::info);
  if (!options.serve && !progress_line && !log_events) return;
  monitor_ = std::make_unique<RunMonitor>(std::move(kind), std::move(config));
  if (options.serve) {
    server_ = std::make_unique<StatusServer>(*monitor_, parse_serve_address("--serve", *options.serve));
    // Always, on stderr: with port 0 it is the only way to learn the port, and stdout stays
    // the summary (one JSON line with --json-summary).
    std::cerr << "serving " << server_->url() << "/metrics, /health, /events" << std::endl;
  }
  if (progress_line || log_events) reporter_ = std::make_unique<RunReporter>(*monitor_, progress_line);
  // The last events logged and the progress line cleared before the run prints its results.
  monitor_->set_on_finish([this] { reporter_.reset(); });
}

RunWatch::~RunWatch() = default;

void RunWatch::finish(bool interrupted) {
  if (!monitor_) return;
  monitor_->finish(interrupted);
}

void RunWatch::linger() {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(options_.linger_s);
  while (server_ && !interrupt_requested() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace snnft::apps
