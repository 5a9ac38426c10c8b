// SPDX-License-Identifier: MIT
// The usage example of docs/breaker.md, compiled and run: the lines between "README example"
// markers are that page's code, word for word (checked below, so the page cannot drift). The
// test then drives the same objects on and checks what the example promises.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "snnft/resilience/breaker/keyed_breakers.hpp"
#include "snnft/resilience/breaker/prometheus.hpp"

namespace {

using namespace snnft::breaker;
using namespace std::chrono_literals;

/// The protected call: the "eu" replica is down, every other one answers 42.
int query(const std::string& region) {
  if (region == "eu") throw std::runtime_error("eu replica unreachable");
  return 42;
}

bool contains_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

/// The non-empty lines of a file, leading and trailing blanks removed (the example is indented
/// differently in the test body and on the page).
std::vector<std::string> trimmed_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    lines.push_back(line.substr(first, line.find_last_not_of(" \t") - first + 1));
  }
  return lines;
}

TEST(ReadmeExample, CompilesRunsAndBehavesAsDescribed) {
  // README example begin
  BreakerConfig config;                    // count window of the last 100 calls
  config.minimum_calls = 10;               // rates apply once 10 calls are in the window
  config.failure_rate_threshold = 0.5;     // trip at 50 % failures ...
  config.slow_call_threshold = 200ms;      // ... or when 80 % of calls take 200 ms or more
  config.slow_call_rate_threshold = 0.8;
  config.break_duration = 5s;              // open for 5 s, then 3 half-open trial calls
  config.backoff = Backoff::kExponential;  // 5 s, 10 s, 20 s ... while the trials fail

  BreakerRegistry registry(config);        // SystemClock; tests pass a ManualClock as well
  KeyedBreakers replicas(registry, "replica", config);  // breakers "replica/eu", "replica/us"
  const std::vector<std::string> regions{"eu", "us"};

  std::string region = replicas.healthiest(regions).value_or("eu");  // none if all are open
  CallResult<int> r = replicas.for_key(region).call([&] { return query(region); },  // may throw
                                                    [] { return -1; });  // fallback: failed or rejected
  int rows = r.value();                    // the call's value, or the fallback's
  std::string text = prometheus_text(registry);  // serve as text/plain; version=0.0.4
  // README example end

  // Two unused keys score alike, so the first is chosen; it fails and the fallback answers.
  EXPECT_EQ(region, "eu");
  EXPECT_EQ(r.status(), CallStatus::kFailure);
  EXPECT_TRUE(r.from_fallback());
  EXPECT_EQ(rows, -1);
  EXPECT_TRUE(contains_line(text, "snnft_breaker_state{name=\"replica/eu\"} 0")) << text;

  // After the failure "us" is the healthier key and answers.
  region = replicas.healthiest(regions).value_or("eu");
  EXPECT_EQ(region, "us");
  EXPECT_EQ(replicas.for_key(region).call([&] { return query(region); }, [] { return -1; }).value(), 42);

  // Nine more failures fill the ten calls the rates need: 100 % failures trip "eu" alone.
  CircuitBreaker& eu = replicas.for_key("eu");
  for (int i = 0; i < 9; ++i) (void)eu.call([] { return query("eu"); }, [] { return -1; });
  EXPECT_EQ(eu.state(), BreakerState::kOpen);
  EXPECT_EQ(replicas.for_key("us").state(), BreakerState::kClosed);
  const CallResult<int> rejected = eu.call([] { return query("eu"); }, [] { return -1; });
  EXPECT_TRUE(rejected.rejected());
  EXPECT_EQ(rejected.value(), -1);

  text = prometheus_text(registry);
  EXPECT_TRUE(contains_line(text, "snnft_breaker_state{name=\"replica/eu\"} 1")) << text;
  EXPECT_TRUE(contains_line(text, "snnft_breaker_state{name=\"replica/us\"} 0")) << text;
  EXPECT_TRUE(contains_line(text, "snnft_breaker_calls_total{name=\"replica/eu\",outcome=\"failure\"} 10")) << text;
  EXPECT_TRUE(contains_line(text, "snnft_breaker_calls_total{name=\"replica/eu\",outcome=\"rejected\"} 1")) << text;
  EXPECT_TRUE(contains_line(text, "snnft_breaker_calls_total{name=\"replica/us\",outcome=\"success\"} 1")) << text;
  EXPECT_TRUE(contains_line(text, "snnft_breaker_transitions_total{name=\"replica/eu\",to=\"open\"} 1")) << text;
  EXPECT_TRUE(contains_line(text, "snnft_breaker_call_duration_seconds_count{name=\"replica/eu\"} 10")) << text;
  EXPECT_EQ(replicas.healthiest(regions), std::optional<std::string>("us"));
}

TEST(ReadmeExample, DocsPageShowsTheCodeThisTestRuns) {
  const std::vector<std::string> source = trimmed_lines(SNNFT_DATA_DIR "/../tests/resilience/readme_example_test.cpp");
  const std::vector<std::string> page = trimmed_lines(SNNFT_DATA_DIR "/../docs/breaker.md");
  ASSERT_FALSE(page.empty()) << "docs/breaker.md not found";
  const auto begin = std::find(source.begin(), source.end(), "// README example begin");
  const auto end = std::find(source.begin(), source.end(), "// README example end");
  ASSERT_LT(begin + 1, end);
  const std::vector<std::string> example(begin + 1, end);
  const auto at = std::search(page.begin(), page.end(), example.begin(), example.end());
  EXPECT_NE(at, page.end()) << "the code between the markers is not on docs/breaker.md word for word";
}

}  // namespace
