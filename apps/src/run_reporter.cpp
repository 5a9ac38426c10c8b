// SPDX-License-Identifier: MIT
#include "snnft/apps/run_reporter.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace snnft::apps {

namespace {

constexpr auto kInterval = std::chrono::milliseconds(100);
// The rate is re-estimated over windows of at least this long, and smoothed.
constexpr double kRateWindowS = 0.5;
constexpr double kRateSmoothing = 0.5;

std::string duration_text(double s) {
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%d min %02d s", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%d h %02d min", static_cast<int>(s) / 3600, static_cast<int>(s) / 60 % 60);
  }
  return buf;
}

/// 1234567 -> "1.23M".
std::string count_text(double x) {
  char buf[32];
  if (x >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.2fM", x / 1e6);
  } else if (x >= 1e4) {
    std::snprintf(buf, sizeof buf, "%.1fk", x / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", x);
  }
  return buf;
}

}  // namespace

RunReporter::RunReporter(const RunMonitor& monitor, bool progress_line)
    : monitor_(monitor), progress_line_(progress_line), rate_time_(std::chrono::steady_clock::now()) {
  thread_ = std::thread([this] { loop(); });
}

RunReporter::~RunReporter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RunReporter::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, kInterval, [this] { return stop_; });
    report(stop_);
  }
}

void RunReporter::report(bool last) {
  const RunStatus status = monitor_.snapshot();
  const auto now = std::chrono::steady_clock::now();
  const double window_s = std::chrono::duration<double>(now - rate_time_).count();
  if (status.done < rate_done_) rate_done_ = status.done;
  if (window_s >= kRateWindowS) {
    const double rate = static_cast<double>(status.done - rate_done_) / window_s;
    rate_ = rate_ == 0.0 ? rate : kRateSmoothing * rate_ + (1 - kRateSmoothing) * rate;
    rate_done_ = status.done;
    rate_time_ = now;
  }
  const EventLines& events = monitor_.events();
  const std::size_t n = events.size();
  if (n > events_seen_) {
    std::istringstream lines(events.text(events_seen_, n - events_seen_));
    for (std::string line; std::getline(lines, line);) {
      const EventText e = event_text(line);
      if (e.text.empty()) continue;
      const auto level = e.important ? spdlog::level::info : spdlog::level::debug;
      if (!spdlog::should_log(level)) continue;
      if (line_shown_) std::fputs("\r\033[K", stderr);  // the log line replaces the progress line
      line_shown_ = false;
      spdlog::log(level, e.text);
    }
    events_seen_ = n;
  }
  if (!progress_line_) return;
  if (last) {
    if (line_shown_) std::fputs("\r\033[K", stderr);
    line_shown_ = false;
    return;
  }
  std::fputs(("\r\033[K" + progress_text(status, rate_)).c_str(), stderr);
  std::fflush(stderr);
  line_shown_ = true;
}

std::string RunReporter::progress_text(const RunStatus& s, double rate) {
  std::ostringstream out;
  out << s.kind << ' ' << to_string(s.phase);
  if (s.phase == RunPhase::kTraining || s.phase == RunPhase::kStarting) {
    out << " | " << duration_text(s.wall_s());
    return out.str();
  }
  if (s.runs_total > 0) out << " | run " << std::min(s.runs_done + 1, s.runs_total) << '/' << s.runs_total;
  out << " | " << s.unit << ' ' << s.done;
  if (s.total > 0) {
    char pct[16];
    std::snprintf(pct, sizeof pct, " %.0f %%", 100.0 * static_cast<double>(s.done) / static_cast<double>(s.total));
    out << '/' << s.total << pct;
  }
  if (rate > 0) {
    out << " | " << count_text(rate) << ' ' << s.unit << "s/s";
    if (s.total > s.done) out << " | ETA " << duration_text(static_cast<double>(s.total - s.done) / rate);
  }
  if (s.unit == "step" && s.wall_s() > 0) out << " | " << count_text(static_cast<double>(s.spikes) / s.wall_s()) << " spikes/s";
  if (s.protection) out << " | rung " << neuromorphic::to_string(s.level);
  if (!std::isnan(s.accuracy)) {
    char acc[32];
    std::snprintf(acc, sizeof acc, " | accuracy %.3f", s.accuracy);
    out << acc;
  }
  return out.str();
}

RunReporter::EventText RunReporter::event_text(const std::string& json_line) {
  const auto e = nlohmann::json::parse(json_line, nullptr, false);
  if (e.is_discarded()) return {};
  const std::string kind = e.value("kind", ""), from = e.value("from", ""), to = e.value("to", "");
  const std::string detail = e.value("detail", ""), source = e.value("source", "");
  std::string text = "trial " + std::to_string(e.value("trial", 0LL)) + ": ";
  // A column's probes come and go while it is isolated; its isolation and readmission matter.
  const bool important = kind == "ladder" || kind == "system_state" || kind == "fault" ||
                         (kind == "column_breaker" && (from == "closed" || to == "closed"));
  if (kind == "ladder") {
    text += "ladder " + from + " -> " + to;
  } else if (kind == "system_state") {
    text += "system " + from + " -> " + to;
  } else if (kind == "column_breaker") {
    text += "column " + source.substr(source.rfind('n') + 1) + " " + from + " -> " + to;
  } else if (kind == "fault") {
    text += "fault " + to + ": " + source;
  } else if (kind == "detection") {
    text += "detection in " + source;
  } else if (kind == "recovery") {
    text += "recovery in " + source;
  } else {
    text += kind + " " + source;
  }
  if (!detail.empty()) text += " (" + detail + ")";
  return {important, text};
}

}  // namespace snnft::apps
