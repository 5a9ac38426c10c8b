// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "snnft/apps/run_monitor.hpp"
#include "snnft/apps/run_reporter.hpp"
#include "snnft/apps/status_server.hpp"

namespace snnft::apps {

/// How a run may be watched from outside, as the command line asked.
struct WatchOptions {
  std::optional<std::string> serve;  ///< --serve [ADDR:]PORT
  double linger_s = 0.0;             ///< --serve-linger S: keep serving this long after the end
  bool quiet = false;                ///< --quiet: no progress line, only warnings and errors
  std::optional<std::string> log_level;  ///< --log-level LEVEL
};

/// Everything that watches one command's run: the log (set up here), a RunMonitor the run
/// reports to, the HTTP server over it when --serve is given, and a RunReporter that logs the
/// run's events as they happen and, on a terminal, keeps a progress line. Without anything
/// watching (--quiet, or output to a pipe, and no --serve), monitor() is null and the run
/// reports nothing.
class RunWatch {
 public:
  /// Starts serving now (before the run), so a bad or busy address fails before any work.
  RunWatch(const WatchOptions& options, std::string kind, std::string config);
  ~RunWatch();

  [[nodiscard]] RunMonitor* monitor() { return monitor_.get(); }
  [[nodiscard]] const StatusServer* server() const { return server_.get(); }

  /// The run is over: its last status is published.
  void finish(bool interrupted);
  /// Keeps the endpoints up for the linger time (Ctrl-C ends the wait); call after the
  /// summary is out.
  void linger();

 private:
  WatchOptions options_;
  std::unique_ptr<RunMonitor> monitor_;
  std::unique_ptr<StatusServer> server_;
  std::unique_ptr<RunReporter> reporter_;
};

}  // namespace snnft::apps
