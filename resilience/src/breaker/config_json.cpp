// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/config_json.hpp"

#include <cmath>
#include <functional>
#include <set>

namespace snnft::breaker {

namespace {

/// A duration given in milliseconds; an absent key keeps `fallback` exactly.
Nanos duration_ms(ObjectReader& r, const std::string& key, bool allow_zero, Nanos fallback) {
  if (!r.has(key)) return fallback;
  const double ms = allow_zero ? r.non_negative(key) : r.positive(key);
  if (ms > 9.2e12) r.fail(key, "expected at most 9.2e12 ms");  // beyond int64 nanoseconds
  return Nanos(static_cast<std::int64_t>(std::llround(ms * 1e6)));
}

std::uint32_t count(ObjectReader& r, const std::string& key, std::int64_t minimum, std::int64_t maximum,
                    std::uint32_t fallback) {
  const std::int64_t v = r.integer_at_least(key, minimum, fallback);
  if (v > maximum) {
    r.fail(key, "expected an integer <= " + std::to_string(maximum) + ", got " + std::to_string(v));
  }
  return static_cast<std::uint32_t>(v);
}

template <class Enum>
Enum choose(ObjectReader& r, const std::string& key, const std::vector<std::pair<std::string, Enum>>& options,
            Enum fallback) {
  std::vector<std::string> names;
  std::string current;
  for (const auto& [name, value] : options) {
    names.push_back(name);
    if (value == fallback) current = name;
  }
  const std::string chosen = r.choice(key, names, current);
  for (const auto& [name, value] : options) {
    if (name == chosen) return value;
  }
  return fallback;
}

}  // namespace

BreakerConfig parse_breaker_config(ObjectReader& r, const BreakerConfig& base) {
  BreakerConfig c = base;
  c.consecutive_failures = count(r, "consecutive_failures", 0, 1'000'000, c.consecutive_failures);
  c.failure_rate_threshold = r.in_range("failure_rate_threshold", 0.0, 1.0, c.failure_rate_threshold);
  c.minimum_calls = count(r, "minimum_calls", 1, kMaxWindowSize, c.minimum_calls);
  c.window_kind = choose<WindowKind>(r, "window_kind", {{"count", WindowKind::kCount}, {"time", WindowKind::kTime}},
                                     c.window_kind);
  c.window_size = count(r, "window_size", 1, kMaxWindowSize, c.window_size);
  c.window_duration = duration_ms(r, "window_duration_ms", false, c.window_duration);
  c.window_buckets = count(r, "window_buckets", 1, 3600, c.window_buckets);
  c.slow_call_threshold = duration_ms(r, "slow_call_threshold_ms", true, c.slow_call_threshold);
  c.slow_call_rate_threshold = r.in_range("slow_call_rate_threshold", 0.0, 1.0, c.slow_call_rate_threshold);
  c.failure_count_threshold = count(r, "failure_count_threshold", 0, 1'000'000'000, c.failure_count_threshold);
  c.failure_count_period = duration_ms(r, "failure_count_period_ms", false, c.failure_count_period);
  c.failure_count_minimum_calls =
      count(r, "failure_count_minimum_calls", 0, 1'000'000'000, c.failure_count_minimum_calls);

  c.permitted_calls_in_half_open =
      count(r, "permitted_calls_in_half_open", 1, kMaxHalfOpenTrials, c.permitted_calls_in_half_open);
  c.half_open_success_rule = choose<HalfOpenSuccessRule>(
      r, "half_open_success_rule",
      {{"consecutive", HalfOpenSuccessRule::kConsecutiveSuccesses}, {"rate", HalfOpenSuccessRule::kSuccessRate}},
      c.half_open_success_rule);
  c.half_open_consecutive_successes =
      count(r, "half_open_consecutive_successes", 1, kMaxHalfOpenTrials, c.half_open_consecutive_successes);
  c.half_open_success_rate = r.in_range("half_open_success_rate", 0.0, 1.0, c.half_open_success_rate);
  c.half_open_failure_rule = choose<HalfOpenFailureRule>(
      r, "half_open_failure_rule",
      {{"any", HalfOpenFailureRule::kAnyFailure}, {"rate", HalfOpenFailureRule::kFailureRate}},
      c.half_open_failure_rule);
  c.half_open_failure_rate = r.in_range("half_open_failure_rate", 0.0, 1.0, c.half_open_failure_rate);
  c.max_wait_in_half_open = duration_ms(r, "max_wait_in_half_open_ms", false, c.max_wait_in_half_open);
  c.automatic_half_open = r.boolean("automatic_half_open", c.automatic_half_open);

  c.break_duration = duration_ms(r, "break_duration_ms", false, c.break_duration);
  c.backoff = choose<Backoff>(r, "backoff", {{"fixed", Backoff::kFixed}, {"exponential", Backoff::kExponential}},
                              c.backoff);
  c.backoff_multiplier = r.number("backoff_multiplier", c.backoff_multiplier);
  c.max_break_duration = duration_ms(r, "max_break_duration_ms", false, c.max_break_duration);
  c.backoff_memory = duration_ms(r, "backoff_memory_ms", true, c.backoff_memory);
  c.jitter = r.in_range("jitter", 0.0, 1.0, c.jitter);
  c.jitter_seed = static_cast<std::uint64_t>(r.integer_at_least("jitter_seed", 0, static_cast<std::int64_t>(c.jitter_seed)));
  c.record_latency = r.boolean("record_latency", c.record_latency);

  if (r.has("triggers")) {
    c.triggers.clear();
    r.objects("triggers", [&](ObjectReader& t) {
      TriggerSpec spec;
      spec.name = t.string("name");
      spec.when = choose<TriggerWhen>(t, "when", {{"above", TriggerWhen::kAbove}, {"below", TriggerWhen::kBelow}},
                                      TriggerWhen::kAbove);
      spec.bound = t.number("bound");
      spec.consecutive_samples = count(t, "consecutive_samples", 1, 1'000'000, 1);
      c.triggers.push_back(std::move(spec));
    });
  }

  // Cross-field rules (and anything the per-key checks cannot see) name the offending key.
  if (const auto problem = find_problem(c)) throw ConfigError(r.path_of(problem->field), problem->message);
  return c;
}

BreakerConfig parse_breaker_config(const nlohmann::json& value, const std::string& path, const BreakerConfig& base) {
  ObjectReader r(value, path);
  BreakerConfig c = parse_breaker_config(r, base);
  r.finish();
  return c;
}

std::map<std::string, BreakerConfig> parse_breaker_profiles(const nlohmann::json& root) {
  ObjectReader top(root, "");
  const nlohmann::json& profiles = top.raw("profiles");
  top.finish();
  ObjectReader all(profiles, "/profiles");  // checks that it is an object
  std::map<std::string, BreakerConfig> out;
  std::set<std::string> in_progress;
  std::function<const BreakerConfig&(const std::string&)> resolve = [&](const std::string& name) -> const BreakerConfig& {
    if (const auto it = out.find(name); it != out.end()) return it->second;
    const std::string path = "/profiles/" + name;
    if (!in_progress.insert(name).second) throw ConfigError(path + "/extends", "profiles extend each other in a cycle");
    ObjectReader r(profiles.at(name), path);
    BreakerConfig base;
    if (r.has("extends")) {
      const std::string parent = r.string("extends");
      if (!profiles.contains(parent)) r.fail("extends", "no profile named \"" + parent + "\"");
      base = resolve(parent);
    }
    BreakerConfig c = parse_breaker_config(r, base);
    r.finish();
    in_progress.erase(name);
    return out.emplace(name, std::move(c)).first->second;
  };
  for (auto it = profiles.begin(); it != profiles.end(); ++it) {
    all.raw(it.key());
    resolve(it.key());
  }
  return out;
}

BreakerConfig load_breaker_profile(const std::string& file, const std::string& profile) {
  const auto profiles = parse_breaker_profiles(read_json_file(file));
  const auto it = profiles.find(profile);
  if (it == profiles.end()) {
    std::string names;
    for (const auto& [name, c] : profiles) names += (names.empty() ? "" : ", ") + name;
    throw ConfigError(file, "no profile \"" + profile + "\" (profiles: " + names + ")");
  }
  return it->second;
}

}  // namespace snnft::breaker
