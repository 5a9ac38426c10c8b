// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "snnft/apps/run_monitor.hpp"

namespace snnft::apps {

/// The run as a person at a terminal sees it, from a thread of its own: the monitor's events
/// logged as they come (faults, ladder moves, system state changes, columns isolated and
/// readmitted at info; probes, detections and recovery actions at debug), and, when asked for, one progress line on stderr redrawn in place
/// ("trial 180/539 33 % | 95 trials/s | ETA 3.8 s | rung SingleColumn | accuracy 0.912").
class RunReporter {
 public:
  RunReporter(const RunMonitor& monitor, bool progress_line);
  /// Reports what is left, clears the progress line and stops.
  ~RunReporter();
  RunReporter(const RunReporter&) = delete;
  RunReporter& operator=(const RunReporter&) = delete;

  /// The progress line for `status`; `rate` is steps or trials per second (0: not known yet).
  static std::string progress_text(const RunStatus& status, double rate);
  /// The log line for one /events JSON line (empty text if it is not one), and whether it is
  /// worth the info level.
  struct EventText {
    bool important = false;
    std::string text;
  };
  static EventText event_text(const std::string& json_line);

 private:
  void loop();
  void report(bool last);

  const RunMonitor& monitor_;
  bool progress_line_;
  std::size_t events_seen_ = 0;
  bool line_shown_ = false;
  std::uint64_t rate_done_ = 0;  // progress at the last rate estimate
  std::chrono::steady_clock::time_point rate_time_;
  double rate_ = 0.0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace snnft::apps
