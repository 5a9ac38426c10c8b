// SPDX-License-Identifier: MIT
// The pieces behind --serve: the wait-free hand-over of snapshots between threads, the
// append-only event log, the Prometheus text and /health rules, address parsing, and the HTTP
// server answering from a monitor that a run reports to.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "snnft/apps/event_lines.hpp"
#include "snnft/apps/run_monitor.hpp"
#include "snnft/apps/run_reporter.hpp"
#include "snnft/apps/serve_render.hpp"
#include "snnft/apps/status_server.hpp"
#include "snnft/apps/triple_buffer.hpp"
#include "snnft/core/config_reader.hpp"

// Last: it brings <resolv.h>, whose `_res` macro breaks Eigen headers included after it.
#include <httplib.h>

namespace snnft::apps {
namespace {

/// Two fields a torn read would set apart.
struct Pair {
  std::uint64_t a = 0, b = 0;
};

TEST(TripleBuffer, ReaderSeesWholeValuesInOrderAndTheLastOne) {
  TripleBuffer<Pair> buffer;
  constexpr std::uint64_t kValues = 200000;
  // The writer starts once the reader runs and keeps publishing until the reader has seen at
  // least one value, so the two overlap however the threads are scheduled.
  std::atomic<bool> reading{false}, done{false};
  std::atomic<std::uint64_t> fetched{0}, last_written{0};
  std::thread writer([&] {
    while (!reading.load()) std::this_thread::yield();
    std::uint64_t i = 1;
    for (; i <= kValues || fetched.load() == 0; ++i) {
      buffer.back() = {i, 3 * i};
      buffer.publish();
    }
    last_written = i - 1;
    done = true;
  });
  std::uint64_t last = 0;
  bool torn = false, backwards = false;
  reading = true;
  while (!done.load()) {
    if (!buffer.fetch()) continue;
    fetched.fetch_add(1);
    const Pair p = buffer.front();
    torn |= p.b != 3 * p.a;
    backwards |= p.a < last;
    last = p.a;
  }
  writer.join();
  buffer.fetch();
  EXPECT_FALSE(torn);
  EXPECT_FALSE(backwards);
  EXPECT_GT(fetched.load(), 0u);
  EXPECT_EQ(buffer.front().a, last_written.load());
  EXPECT_FALSE(buffer.fetch()) << "nothing new was published";
}

TEST(EventLines, ReadersSeeEveryAppendedLineFromAnyOffset) {
  EventLines log;
  std::thread writer([&] {
    for (int i = 0; i < 3000; ++i) log.append("line " + std::to_string(i));  // spans three segments
  });
  std::size_t seen = 0;
  while (seen < 3000) {
    const std::size_t n = log.size();
    if (n > seen) {
      std::istringstream text(log.text(seen, n - seen));
      for (std::string line; std::getline(text, line); ++seen) ASSERT_EQ(line, "line " + std::to_string(seen));
    }
  }
  writer.join();
  EXPECT_EQ(log.text(2998), "line 2998\nline 2999\n");
  EXPECT_EQ(log.text(5000), "");
  EXPECT_EQ(log.dropped(), 0u);
}

RunStatus columns_status() {
  RunStatus s;
  s.kind = "columns";
  s.config = "a \"quoted\" name.json";
  s.phase = RunPhase::kTesting;
  s.unit = "trial";
  s.done = 120;
  s.total = 539;
  s.protection = true;
  s.columns.resize(3);
  s.columns[2].state = breaker::BreakerState::kOpen;
  s.columns[2].signature_failures[1] = 7;  // refractory_violation
  s.answers[3] = 11;                       // fallback
  s.level = neuromorphic::LadderLevel::kSingleColumn;
  s.system_state = neuromorphic::SystemState::kDegraded;
  return s;
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(MetricsText, FamiliesHaveHelpAndTypeBeforeTheirSamplesAndLabelsAreEscaped) {
  const std::string text = metrics_text(columns_status(), 2.5);
  EXPECT_TRUE(has_line(text, "snnft_run_progress_total{unit=\"trial\"} 120")) << text;
  EXPECT_TRUE(has_line(text, "snnft_run_progress_per_second{unit=\"trial\"} 48"));
  EXPECT_TRUE(has_line(text, "snnft_ladder_level 2"));
  EXPECT_TRUE(has_line(text, "snnft_system_state{state=\"Degraded\"} 1"));
  EXPECT_TRUE(has_line(text, "snnft_column_breaker_state{column=\"2\"} 1"));
  EXPECT_TRUE(has_line(text, "snnft_column_signature_failures_total{column=\"2\",signature=\"refractory_violation\"} 7"));
  EXPECT_TRUE(has_line(text, "snnft_fallback_answers_total 11"));
  EXPECT_TRUE(has_line(text, "snnft_run_info{kind=\"columns\",config=\"a \\\"quoted\\\" name.json\"} 1"));
  // Every sample's family was announced, with HELP then TYPE, and counters end in _total.
  std::istringstream lines(text);
  std::string family, type;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# HELP ", 0) == 0) {
      family = line.substr(7, line.find(' ', 7) - 7);
      type.clear();
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      ASSERT_EQ(line.substr(7, family.size()), family) << line;
      type = line.substr(8 + family.size());
      if (type == "counter") {
        EXPECT_TRUE(family.ends_with("_total")) << family;
      }
      continue;
    }
    ASSERT_FALSE(type.empty()) << "sample before its TYPE line: " << line;
    ASSERT_EQ(line.substr(0, family.size()), family) << line;
  }
}

TEST(MetricsText, RegistryBreakersFollowInTheLibraryExposition) {
  breaker::BreakerRegistry registry;
  (void)registry.get_or_create("storage");
  const std::string text = metrics_text(columns_status(), 1.0, &registry);
  EXPECT_TRUE(has_line(text, "snnft_breaker_state{name=\"storage\"} 0")) << text;
}

TEST(HealthStatus, FollowsTheRungTheSystemBreakerAndTheColumns) {
  RunStatus s = columns_status();
  s.level = neuromorphic::LadderLevel::kNormal;
  s.system_state = neuromorphic::SystemState::kClosed;
  s.columns.assign(3, ColumnStatus{});
  EXPECT_EQ(health_status(s), "healthy");
  s.columns[1].state = breaker::BreakerState::kOpen;
  EXPECT_EQ(health_status(s), "degraded");  // a column isolated, the rest answer
  s.columns[1].state = breaker::BreakerState::kHalfOpen;
  EXPECT_EQ(health_status(s), "recovering");
  s.columns[1].state = breaker::BreakerState::kClosed;
  s.level = neuromorphic::LadderLevel::kStaticWeights;
  s.system_state = neuromorphic::SystemState::kDegraded;
  EXPECT_EQ(health_status(s), "degraded");
  s.system_state = neuromorphic::SystemState::kHalfOpen;
  EXPECT_EQ(health_status(s), "recovering");
  s.level = neuromorphic::LadderLevel::kEmergency;
  s.system_state = neuromorphic::SystemState::kOpen;
  EXPECT_EQ(health_status(s), "unhealthy");
  EXPECT_EQ(health_reply(s, 1.0).http_status, 503);
  s.protection = false;  // nothing judges health without protection
  EXPECT_EQ(health_status(s), "healthy");
  EXPECT_EQ(health_reply(s, 1.0).http_status, 200);
}

TEST(HealthReply, CarriesTheKeysOperatorsExpect) {
  RunStatus s = columns_status();
  s.answers = {};
  s.last_source = neuromorphic::AnswerSource::kFallback;
  s.recent_errors = 4;
  const auto body = nlohmann::json::parse(health_reply(s, 1.0).body);
  EXPECT_EQ(body["status"], "degraded");
  EXPECT_EQ(body["circuit_state"], "degraded");
  EXPECT_TRUE(body["health_score"].is_null());  // no window measured yet
  EXPECT_EQ(body["ladder_level"], "SingleColumn");
  EXPECT_EQ(body["recent_errors"], 4);
  EXPECT_EQ(body["fallback_active"], true);
  ASSERT_EQ(body["columns"].size(), 3u);
  EXPECT_EQ(body["columns"][2]["circuit_state"], "open");
}

TEST(ServeAddress, PortAloneIsLoopbackAndBadTextIsRejected) {
  EXPECT_EQ(parse_serve_address("--serve", "9100").host, "127.0.0.1");
  EXPECT_EQ(parse_serve_address("--serve", "9100").port, 9100);
  EXPECT_EQ(parse_serve_address("--serve", "0.0.0.0:80").host, "0.0.0.0");
  EXPECT_EQ(parse_serve_address("--serve", "[::1]:9100").host, "::1");
  for (const char* bad : {"", "x", "70000", ":9100", "localhost:", "9100x", "-1"}) {
    EXPECT_THROW(parse_serve_address("--serve", bad), ConfigError) << bad;
  }
}

TEST(StatusServer, AnswersFromWhatTheMonitorPublished) {
  RunMonitor monitor("network", "cuba.json");
  StatusServer server(monitor, ServeAddress{"127.0.0.1", 0});
  ASSERT_GT(server.port(), 0);
  monitor.begin(RunPhase::kRunning, "step", 1000);
  monitor.on_steps(250, 25.0, 1234);
  httplib::Client client("127.0.0.1", server.port());
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_TRUE(has_line(metrics->body, "snnft_run_progress_total{unit=\"step\"} 250")) << metrics->body;
  EXPECT_TRUE(has_line(metrics->body, "snnft_run_spikes_total 1234"));
  auto health = client.Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(nlohmann::json::parse(health->body)["status"], "healthy");
  auto events = client.Get("/events?offset=0");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->body, "");
  EXPECT_EQ(events->get_header_value("X-Next-Offset"), "0");
  auto bad = client.Get("/events?offset=x");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  monitor.finish(false);
  metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_TRUE(has_line(metrics->body, "snnft_run_phase{phase=\"finished\"} 1"));
  // A second server cannot take the same port: one clear error naming the flag.
  EXPECT_THROW(StatusServer(monitor, ServeAddress{"127.0.0.1", server.port()}), ConfigError);
}

TEST(RunReporter, ProgressLineShowsProgressRateEtaRungAndAccuracy) {
  RunStatus s = columns_status();
  s.accuracy = 0.9125;
  EXPECT_EQ(RunReporter::progress_text(s, 50.0),
            "columns testing | trial 120/539 22 % | 50 trials/s | ETA 8.4 s | rung SingleColumn | accuracy 0.912");
  s.runs_done = 2;
  s.runs_total = 22;
  s.protection = false;
  s.accuracy = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(RunReporter::progress_text(s, 0.0), "columns testing | run 3/22 | trial 120/539 22 %");
  s.phase = RunPhase::kTraining;
  EXPECT_TRUE(RunReporter::progress_text(s, 0.0).starts_with("columns training | "));
}

TEST(RunReporter, EventsBecomeLogLinesAndOnlyLastingChangesAreImportant) {
  const auto ladder = RunReporter::event_text(
      R"({"run":1,"trial":135,"kind":"ladder","source":"ladder","from":"ReducedPrecision","to":"Emergency","detail":"health below","column":-1})");
  EXPECT_TRUE(ladder.important);
  EXPECT_EQ(ladder.text, "trial 135: ladder ReducedPrecision -> Emergency (health below)");
  const auto isolated = RunReporter::event_text(
      R"({"trial":64,"kind":"column_breaker","source":"column12","from":"closed","to":"open","detail":"","column":12})");
  EXPECT_TRUE(isolated.important);
  EXPECT_EQ(isolated.text, "trial 64: column 12 closed -> open");
  const auto probe = RunReporter::event_text(
      R"({"trial":84,"kind":"column_breaker","source":"column2","from":"open","to":"half_open","detail":"","column":2})");
  EXPECT_FALSE(probe.important);
  EXPECT_FALSE(RunReporter::event_text(R"({"trial":62,"kind":"detection","source":"column0","detail":"x"})").important);
  EXPECT_TRUE(RunReporter::event_text("not json").text.empty());
}

}  // namespace
}  // namespace snnft::apps
