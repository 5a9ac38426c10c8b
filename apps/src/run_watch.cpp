// SPDX-License-Identifier: MIT
#include "snnft/apps/run_watch.hpp"

#include <chrono>
#include <iostream>
#include <thread>

#include "snnft/core/config_reader.hpp"
#include "snnft/core/interrupt.hpp"

namespace snnft::apps {

RunWatch::RunWatch(const WatchOptions& options, std::string kind, std::string config) : options_(options) {
  if (!options.serve) {
    if (options.linger_s > 0) throw ConfigError("--serve-linger", "needs --serve");
    return;
  }
  const ServeAddress address = parse_serve_address("--serve", *options.serve);
  monitor_ = std::make_unique<RunMonitor>(std::move(kind), std::move(config));
  server_ = std::make_unique<StatusServer>(*monitor_, address);
  // On stderr: stdout stays the summary (one JSON line with --json-summary).
  std::cerr << "serving " << server_->url() << "/metrics, /health, /events" << std::endl;
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
