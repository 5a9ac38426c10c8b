// SPDX-License-Identifier: MIT
// The Prometheus exposition is checked by parsing it back with a strict reader of the text
// format 0.0.4 written here.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "breaker_test_util.hpp"
#include "snnft/resilience/breaker/prometheus.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value;
};

struct Exposition {
  std::map<std::string, std::string> type, help;
  std::vector<Sample> samples;
  std::vector<std::string> family_order;  ///< family of each sample, in order
};

/// Parses one label set `a="x",b="y"`, unescaping values; fails the test on bad syntax.
std::map<std::string, std::string> parse_labels(const std::string& text) {
  std::map<std::string, std::string> labels;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t eq = text.find('=', i);
    EXPECT_NE(eq, std::string::npos) << text;
    const std::string key = text.substr(i, eq - i);
    EXPECT_TRUE(std::regex_match(key, std::regex("[a-zA-Z_][a-zA-Z0-9_]*"))) << key;
    EXPECT_EQ(text.at(eq + 1), '"');
    std::string value;
    std::size_t j = eq + 2;
    for (; j < text.size() && text[j] != '"'; ++j) {
      if (text[j] == '\\') {
        const char next = text.at(++j);
        value += next == 'n' ? '\n' : next;
        EXPECT_TRUE(next == 'n' || next == '\\' || next == '"') << "bad escape in " << text;
      } else {
        value += text[j];
      }
    }
    EXPECT_LT(j, text.size()) << "unterminated label value in " << text;
    EXPECT_TRUE(labels.emplace(key, value).second) << "duplicate label " << key;
    i = j + 1;
    if (i < text.size()) {
      EXPECT_EQ(text[i], ',');
      ++i;
    }
  }
  return labels;
}

std::string family_of(const std::string& sample, const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s(suffix);
    if (sample.size() > s.size() && sample.compare(sample.size() - s.size(), s.size(), s) == 0) {
      const std::string base = sample.substr(0, sample.size() - s.size());
      if (types.count(base) && types.at(base) == "histogram") return base;
    }
  }
  return sample;
}

Exposition parse(const std::string& text) {
  Exposition e;
  EXPECT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n') << "the last line must end with a line feed";
  std::istringstream in(text);
  std::string line;
  const std::regex help_re(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*))");
  const std::regex type_re(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  const std::regex sample_re(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+))");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, help_re)) {
      EXPECT_TRUE(e.help.emplace(m[1], m[2]).second) << "second HELP for " << m[1];
      EXPECT_FALSE(e.type.count(m[1])) << "HELP must come before TYPE for " << m[1];
    } else if (std::regex_match(line, m, type_re)) {
      EXPECT_TRUE(e.type.emplace(m[1], m[2]).second) << "second TYPE for " << m[1];
      EXPECT_TRUE(std::find(e.family_order.begin(), e.family_order.end(), m[1].str()) == e.family_order.end())
          << "TYPE after samples of " << m[1];
    } else if (std::regex_match(line, m, sample_re)) {
      Sample s{m[1], m[3].matched ? parse_labels(m[3]) : std::map<std::string, std::string>{}, 0.0};
      const std::string v = m[4];
      s.value = v == "+Inf" ? kInf : v == "-Inf" ? -kInf : std::stod(v);
      const std::string family = family_of(s.name, e.type);
      EXPECT_TRUE(e.type.count(family)) << "sample before TYPE: " << line;
      e.family_order.push_back(family);
      e.samples.push_back(std::move(s));
    } else {
      ADD_FAILURE() << "not a valid exposition line: \"" << line << "\"";
    }
  }
  return e;
}

/// Value of the sample `name` with exactly these labels.
double value_of(const Exposition& e, const std::string& name, const std::map<std::string, std::string>& labels) {
  for (const auto& s : e.samples) {
    if (s.name == name && s.labels == labels) return s.value;
  }
  ADD_FAILURE() << "no sample " << name;
  return kNaN;
}

TEST(Prometheus, ExpositionFollowsTextFormat004) {
  auto clock = std::make_shared<ManualClock>(0);
  auto config = consecutive_config(2);
  config.record_latency = true;
  BreakerRegistry registry(config, clock);
  auto a = registry.get_or_create("db");
  auto b = registry.get_or_create("cache \"eu\"\\west\nrack");  // every character that needs escaping
  succeed_after(*a, *clock, 2ms);
  succeed_after(*a, *clock, 20ms);
  a->call_with_timeout([&] { clock->advance(3s); }, 1s);
  a->call([] { throw ServiceError(); });  // second failure in a row: trips
  a->call([] {});                         // rejected
  b->force_open();
  clock->advance(5s);

  const std::string text = prometheus_text(registry);
  const Exposition e = parse(text);
  if (HasFailure()) std::cout << text;

  // Families are contiguous: once a family ends it never appears again.
  std::set<std::string> finished;
  for (std::size_t i = 0; i < e.family_order.size(); ++i) {
    EXPECT_FALSE(finished.count(e.family_order[i])) << e.family_order[i] << " is split";
    if (i + 1 < e.family_order.size() && e.family_order[i + 1] != e.family_order[i]) finished.insert(e.family_order[i]);
  }
  for (const auto& [name, type] : e.type) {
    EXPECT_TRUE(e.help.count(name)) << name;
    if (type == "counter") {
      EXPECT_TRUE(name.size() > 6 && name.substr(name.size() - 6) == "_total") << name;
    }
  }
  EXPECT_EQ(e.type.at("snnft_breaker_state"), "gauge");
  EXPECT_EQ(e.type.at("snnft_breaker_calls_total"), "counter");
  EXPECT_EQ(e.type.at("snnft_breaker_transitions_total"), "counter");
  EXPECT_EQ(e.type.at("snnft_breaker_call_duration_seconds"), "histogram");

  const std::string odd = "cache \"eu\"\\west\nrack";
  EXPECT_EQ(value_of(e, "snnft_breaker_state", {{"name", "db"}}), 1.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_state", {{"name", odd}}), 3.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_calls_total", {{"name", "db"}, {"outcome", "success"}}), 2.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_calls_total", {{"name", "db"}, {"outcome", "failure"}}), 2.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_calls_total", {{"name", "db"}, {"outcome", "rejected"}}), 1.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_calls_total", {{"name", "db"}, {"outcome", "timeout"}}), 1.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_calls_total", {{"name", "db"}, {"outcome", "slow"}}), 0.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_transitions_total", {{"name", "db"}, {"to", "open"}}), 1.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_transitions_total", {{"name", odd}, {"to", "forced_open"}}), 1.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_trips_total", {{"name", "db"}}), 1.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_open_seconds_total", {{"name", odd}}), 5.0);

  // Histogram: cumulative buckets in increasing le, ending with +Inf == _count.
  for (const std::string& name : {std::string("db"), odd}) {
    double previous_le = -1, previous_count = 0;
    int buckets = 0;
    for (const auto& s : e.samples) {
      if (s.name != "snnft_breaker_call_duration_seconds_bucket" || s.labels.at("name") != name) continue;
      const std::string le = s.labels.at("le");
      const double bound = le == "+Inf" ? kInf : std::stod(le);
      EXPECT_GT(bound, previous_le);
      EXPECT_GE(s.value, previous_count);
      previous_le = bound;
      previous_count = s.value;
      ++buckets;
    }
    EXPECT_EQ(buckets, static_cast<int>(kLatencyBucketCount));
    EXPECT_TRUE(std::isinf(previous_le));
    EXPECT_EQ(previous_count, value_of(e, "snnft_breaker_call_duration_seconds_count", {{"name", name}}));
  }
  // db measured 2 ms, 20 ms, 3 s and 0 s (the failing call took no time on the manual clock).
  EXPECT_EQ(value_of(e, "snnft_breaker_call_duration_seconds_count", {{"name", "db"}}), 4.0);
  EXPECT_DOUBLE_EQ(value_of(e, "snnft_breaker_call_duration_seconds_sum", {{"name", "db"}}), 3.022);
  EXPECT_EQ(value_of(e, "snnft_breaker_call_duration_seconds_bucket", {{"name", "db"}, {"le", "0.005"}}), 2.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_call_duration_seconds_bucket", {{"name", "db"}, {"le", "0.05"}}), 3.0);
  EXPECT_EQ(value_of(e, "snnft_breaker_call_duration_seconds_bucket", {{"name", "db"}, {"le", "1e-06"}}), 1.0);
}

TEST(Prometheus, ValuesAndEscapes) {
  EXPECT_EQ(format_sample_value(0.005), "0.005");
  EXPECT_EQ(format_sample_value(1e-6), "1e-06");
  EXPECT_EQ(format_sample_value(1e-5), "1e-05");
  EXPECT_EQ(format_sample_value(1e-4), "0.0001");
  EXPECT_EQ(format_sample_value(5e-4), "0.0005");
  EXPECT_EQ(format_sample_value(3.0), "3");
  EXPECT_EQ(format_sample_value(15000000.0), "15000000");
  EXPECT_EQ(format_sample_value(12500000.5), "1.25000005e+07");
  EXPECT_EQ(format_sample_value(67.527817965), "67.527817965");
  EXPECT_EQ(format_sample_value(-0.25), "-0.25");
  EXPECT_EQ(format_sample_value(kInf), "+Inf");
  EXPECT_EQ(format_sample_value(-kInf), "-Inf");
  EXPECT_EQ(format_sample_value(kNaN), "NaN");
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(Prometheus, EmptyRegistryStillDeclaresFamilies) {
  BreakerRegistry registry;
  const Exposition e = parse(prometheus_text(registry));
  EXPECT_TRUE(e.samples.empty());
  EXPECT_EQ(e.type.size(), 11u);
}

}  // namespace
}  // namespace snnft::breaker
