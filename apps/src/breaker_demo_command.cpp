// SPDX-License-Identifier: MIT
// `snnft breaker-demo`: drives a flaky simulated service through every breaker state on a
// simulated clock, then shows the strategies (breaker_demo_strategies.cpp), and prints the
// transitions, the metrics and the Prometheus exposition. Deterministic for a given --seed.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "breaker_demo_strategies.hpp"
#include "exit_code.hpp"
#include "snnft/apps/cli_values.hpp"
#include "snnft/apps/commands.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/counter_rng.hpp"
#include "snnft/resilience/breaker/adaptive_timeout.hpp"
#include "snnft/resilience/breaker/config_json.hpp"
#include "snnft/resilience/breaker/fallback_chain.hpp"
#include "snnft/resilience/breaker/prometheus.hpp"
#include "snnft/resilience/breaker/registry.hpp"
#include "snnft/resilience/breaker/serialization.hpp"

namespace snnft::apps {

namespace {

using namespace snnft::breaker;

struct DemoOptions {
  std::string profile = "production";
  std::string profiles_file;  ///< empty: the built-in profiles
  std::uint64_t seed = 1;
  bool no_prometheus = false;
};

struct ServiceError : std::runtime_error {
  ServiceError() : std::runtime_error("simulated service failure") {}
};

/// A service whose failure probability and latency change from phase to phase. Each call
/// advances the simulated clock by its latency.
class FlakyService {
 public:
  FlakyService(ManualClock& clock, std::uint64_t seed)
      : clock_(clock), rng_(seed), stream_(rng_, StreamId{RngPurpose::kUser, 0xB4EA, 0}) {}

  void set(double failure_probability, double mean_latency_ms) {
    failure_probability_ = failure_probability;
    mean_latency_ms_ = mean_latency_ms;
  }
  int call() {
    const double latency_ms = stream_.exponential(mean_latency_ms_);
    clock_.advance(Nanos(static_cast<std::int64_t>(latency_ms * 1e6)));
    if (stream_.uniform() < failure_probability_) throw ServiceError();
    return 42;
  }

 private:
  ManualClock& clock_;
  CounterRng rng_;
  RngStream stream_;
  double failure_probability_ = 0.0;
  double mean_latency_ms_ = 10.0;
};

BreakerConfig demo_config(const DemoOptions& o) {
  BreakerConfig c;
  if (!o.profiles_file.empty()) {
    c = load_breaker_profile(o.profiles_file, o.profile);
  } else if (o.profile == "development") {
    c = development_profile();
  } else if (o.profile == "production") {
    c = production_profile();
  } else {
    throw ConfigError("--profile", "expected development or production (or give --profiles FILE), got \"" +
                                       o.profile + "\"");
  }
  c.record_latency = true;  // the demo shows the latency histogram
  // The demo also shows an external trigger; add one unless the profile has its own.
  bool has_loss = false;
  for (const auto& t : c.triggers) has_loss |= t.name == "loss_rate";
  if (!has_loss) c.triggers.push_back(loss_rate_trigger("loss_rate", 0.05, 3));
  return c;
}

std::string seconds_text(std::int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%9.3f s", static_cast<double>(ns) * 1e-9);
  return buf;
}

void print_metrics(const NamedMetrics& n) {
  const BreakerMetrics& m = n.metrics;
  const auto& c = m.counters;
  std::cout << "  " << std::left << std::setw(20) << n.name << std::right << " state " << std::setw(11)
            << to_string(m.state) << "  calls " << std::setw(4) << c.total() << "  ok " << std::setw(4)
            << c.successful << "  failed " << std::setw(3) << c.failed << "  rejected " << std::setw(4) << c.rejected
            << "  timeouts " << c.timed_out << "  slow " << c.slow << "  trips " << c.trips << "  open for "
            << std::fixed << std::setprecision(1) << static_cast<double>(m.time_open_total.count()) * 1e-9
            << " s  success rate " << std::setprecision(3) << m.success_rate << "  mean latency "
            << std::setprecision(1) << m.latency.mean_seconds() * 1e3 << " ms\n"
            << std::defaultfloat;
}

int run_demo(const DemoOptions& o) {
  const BreakerConfig config = demo_config(o);
  const auto clock = std::make_shared<ManualClock>(0);
  BreakerRegistry registry(config, clock);
  registry.add_listener_to_all([&clock](const BreakerEvent& e) {
    if (e.kind == EventKind::kStateTransition) {
      std::cout << "  t=" << seconds_text(clock->now_ns()) << "  " << e.breaker << ": " << to_string(e.from) << " -> "
                << to_string(e.to) << " (" << to_string(e.reason) << (e.detail.empty() ? "" : ": ")
                << e.detail << ")\n";
    } else if (e.kind == EventKind::kTriggerFired) {
      std::cout << "  t=" << seconds_text(clock->now_ns()) << "  " << e.breaker << ": trigger " << e.detail
                << " fired\n";
    }
  });
  auto inventory = registry.get_or_create("inventory");
  FlakyService service(*clock, o.seed);
  std::cout << "breaker-demo: profile " << o.profile << ", seed " << o.seed << ", simulated clock\n";

  struct Phase {
    const char* name;
    int calls;
    double failure_probability;
    double latency_ms;
    double pause_ms;  ///< time between calls
  };
  const Phase phases[] = {
      {"healthy", 60, 0.02, 20, 100},
      {"outage", 120, 0.9, 400, 500},
      {"recovery", 120, 0.0, 25, 500},
  };
  // Each call's timeout follows the service's latency: twice its P99, between 50 ms and 2 s.
  AdaptiveTimeoutConfig timeout_config;
  timeout_config.min_timeout = std::chrono::milliseconds(50);
  timeout_config.max_timeout = std::chrono::seconds(2);
  timeout_config.window_samples = 200;
  AdaptiveTimeout adaptive(timeout_config);
  for (const Phase& p : phases) {
    std::cout << "phase " << p.name << ": " << p.calls << " calls, failure probability " << p.failure_probability
              << ", mean latency " << p.latency_ms << " ms\n";
    service.set(p.failure_probability, p.latency_ms);
    int ok = 0, failed = 0, timed_out = 0, rejected = 0;
    for (int i = 0; i < p.calls; ++i) {
      const std::int64_t start = clock->now_ns();
      const auto r = inventory->call_with_timeout([&] { return service.call(); }, adaptive.timeout());
      if (!r.rejected()) adaptive.record(Nanos(clock->now_ns() - start));
      ok += r.succeeded();
      failed += r.status() == CallStatus::kFailure;
      timed_out += r.timed_out();
      rejected += r.rejected();
      clock->advance(Nanos(static_cast<std::int64_t>(p.pause_ms * 1e6)));
    }
    const LatencyStats stats = adaptive.stats();
    std::cout << "  -> " << ok << " succeeded, " << failed << " failed, " << timed_out << " timed out, " << rejected
              << " rejected; now " << to_string(inventory->state()) << "; latency p50 "
              << stats.p50.count() / 1'000'000 << " ms, p99 " << stats.p99.count() / 1'000'000 << " ms, timeout "
              << adaptive.timeout().count() / 1'000'000 << " ms\n";
  }

  std::cout << "operator: force_open, one call, disable, three calls, reset\n";
  inventory->force_open();
  const auto forced = inventory->call([&] { return service.call(); });
  std::cout << "  -> call while forced open: " << to_string(forced.status()) << "\n";
  inventory->disable();
  service.set(1.0, 10);
  for (int i = 0; i < 3; ++i) {
    const auto r = inventory->call([&] { return service.call(); });
    std::cout << "  -> call while disabled: " << to_string(r.status()) << "\n";
  }
  service.set(0.0, 10);
  inventory->reset();

  std::cout << "external trigger: three loss-rate reports of 12 % (bound 5 %)\n";
  for (int i = 0; i < 3; ++i) inventory->report_signal("loss_rate", 0.12);

  std::cout << "fallback chain: inventory -> inventory-replica -> cached value\n";
  auto replica = registry.get_or_create("inventory-replica");
  FallbackChain<int> chain;
  chain.then("inventory", [&] { return service.call(); }, inventory)
      .then("inventory-replica", [&] { return service.call() + 1; }, replica)
      .ultimately("cached", -1);
  for (int i = 0; i < 3; ++i) {
    const auto r = chain.execute();
    std::cout << "  -> served by " << r.served_by_name() << " (value " << r.value.value_or(0) << ")\n";
  }

  show_breaker_strategies(registry, *clock);

  const HealthStatus health = registry.health_status();
  std::cout << "health: " << to_string(health.overall);
  for (const auto& name : health.not_closed) std::cout << " [" << name << " not closed]";
  std::cout << "\nmetrics:\n";
  for (const auto& n : registry.all_metrics()) print_metrics(n);
  std::cout << "saved state: " << save_registry_state(registry).dump().size() << " bytes of JSON for "
            << registry.size() << " breakers\n";
  if (!o.no_prometheus) std::cout << "prometheus:\n" << prometheus_text(registry);
  return 0;
}

}  // namespace

void add_breaker_demo_command(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "breaker-demo", "Drive a flaky simulated service through every circuit-breaker state and print the metrics");
  cmd->add_option("--profile", options->profile, "Breaker profile (built in: development, production)");
  cmd->add_option("--profiles", options->profiles_file, "JSON file of profiles, e.g. data/breaker/profiles.json")
      ->check(CLI::ExistingFile);
  auto seed = std::make_shared<std::string>();
  auto* seed_opt = cmd->add_option("--seed", *seed, "Seed of the simulated service");
  cmd->add_flag("--no-prometheus", options->no_prometheus, "Do not print the Prometheus exposition");
  cmd->callback([=] {
    // Checked as text: CLI11 would wrap "-1" and saturate a seed past 2^64 - 1.
    if (seed_opt->count()) options->seed = seed_value("--seed", *seed);
    command_exit_code() = run_demo(*options);
  });
}

}  // namespace snnft::apps
