// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/serialization.hpp"

#include <algorithm>
#include <cmath>

#include "snnft/core/config_reader.hpp"

namespace snnft::breaker {

namespace {

std::uint64_t read_count(ObjectReader& r, const std::string& key) {
  return static_cast<std::uint64_t>(r.integer_at_least(key, 0));
}

std::uint32_t read_u32(ObjectReader& r, const std::string& key) {
  const std::int64_t v = r.integer_at_least(key, 0);
  if (v > 0xFFFFFFFFll) r.fail(key, "expected a 32-bit count, got " + std::to_string(v));
  return static_cast<std::uint32_t>(v);
}

}  // namespace

nlohmann::json to_json(const BreakerSnapshot& s) {
  nlohmann::json j;
  j["version"] = kSnapshotFormatVersion;
  j["state"] = std::string(to_string(s.state));
  j["consecutive_trips"] = s.consecutive_trips;
  j["remaining_break_ns"] = s.remaining_break.count();
  j["consecutive_failures"] = s.consecutive_failures;
  std::string window;
  window.reserve(s.count_window.size());
  for (const auto& o : s.count_window) window += o.failure ? (o.slow ? 'F' : 'f') : (o.slow ? 'S' : 's');
  j["count_window"] = window;
  auto buckets = nlohmann::json::array();
  for (const auto& b : s.time_window) buckets.push_back({b.age, b.calls, b.failures, b.slow});
  j["time_window"] = buckets;
  const auto& c = s.counters;
  nlohmann::json counters = {{"successful", c.successful}, {"failed", c.failed},       {"rejected", c.rejected},
                             {"timed_out", c.timed_out},   {"slow", c.slow},           {"ignored", c.ignored},
                             {"fallbacks", c.fallbacks},   {"trips", c.trips}};
  nlohmann::json transitions;
  for (int i = 0; i < kStateCount; ++i) {
    transitions[std::string(to_string(static_cast<BreakerState>(i)))] = c.transitions_to[i];
  }
  counters["transitions_to"] = transitions;
  j["counters"] = counters;
  j["time_open_total_ns"] = s.time_open_total.count();
  j["latency"] = {{"counts", s.latency.counts}, {"sum_ns", s.latency.sum_ns}};
  return j;
}

BreakerSnapshot snapshot_from_json(const nlohmann::json& value, const std::string& path) {
  ObjectReader r(value, path);
  BreakerSnapshot s;
  const std::int64_t version = r.integer("version");
  if (version != kSnapshotFormatVersion) {
    r.fail("version", "unsupported snapshot version " + std::to_string(version) + " (this build reads " +
                          std::to_string(kSnapshotFormatVersion) + ")");
  }
  const std::string state = r.string("state");
  const auto parsed = parse_state(state);
  if (!parsed) r.fail("state", "unknown state \"" + state + "\"");
  s.state = *parsed;
  s.consecutive_trips = read_u32(r, "consecutive_trips");
  s.remaining_break = Nanos(r.integer_at_least("remaining_break_ns", 0));
  s.consecutive_failures = read_u32(r, "consecutive_failures");
  const std::string window = r.string("count_window");
  for (std::size_t i = 0; i < window.size(); ++i) {
    const char ch = window[i];
    if (ch != 's' && ch != 'f' && ch != 'S' && ch != 'F') {
      r.fail("count_window", "unexpected letter '" + std::string(1, ch) + "' at " + std::to_string(i) +
                                 " (expected s, f, S or F)");
    }
    s.count_window.push_back({ch == 'f' || ch == 'F', ch == 'S' || ch == 'F'});
  }
  const nlohmann::json& buckets = r.raw("time_window");
  if (!buckets.is_array()) r.fail("time_window", "expected an array, got " + describe_json(buckets));
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const auto& b = buckets[i];
    const bool ok = b.is_array() && b.size() == 4 &&
                    std::all_of(b.begin(), b.end(), [](const auto& x) { return x.is_number_unsigned(); });
    if (!ok) {
      throw ConfigError(r.path_of("time_window") + "/" + std::to_string(i),
                        "expected [age, calls, failures, slow], got " + describe_json(b));
    }
    s.time_window.push_back({b[0].get<std::uint32_t>(), b[1].get<std::uint32_t>(), b[2].get<std::uint32_t>(),
                             b[3].get<std::uint32_t>()});
  }
  ObjectReader c = r.object("counters");
  s.counters.successful = read_count(c, "successful");
  s.counters.failed = read_count(c, "failed");
  s.counters.rejected = read_count(c, "rejected");
  s.counters.timed_out = read_count(c, "timed_out");
  s.counters.slow = read_count(c, "slow");
  s.counters.ignored = read_count(c, "ignored");
  s.counters.fallbacks = read_count(c, "fallbacks");
  s.counters.trips = read_count(c, "trips");
  ObjectReader t = c.object("transitions_to");
  for (int i = 0; i < kStateCount; ++i) {
    s.counters.transitions_to[i] = read_count(t, std::string(to_string(static_cast<BreakerState>(i))));
  }
  t.finish();
  c.finish();
  s.time_open_total = Nanos(r.integer_at_least("time_open_total_ns", 0));
  ObjectReader l = r.object("latency");
  const std::vector<double> counts = l.numbers("counts");
  if (counts.size() != kLatencyBucketCount) {
    l.fail("counts", "expected " + std::to_string(kLatencyBucketCount) + " buckets, got " +
                         std::to_string(counts.size()));
  }
  for (std::size_t i = 0; i < kLatencyBucketCount; ++i) {
    if (counts[i] < 0 || counts[i] != std::floor(counts[i])) {
      throw ConfigError(l.path_of("counts") + "/" + std::to_string(i), "expected a non-negative integer");
    }
    s.latency.counts[i] = static_cast<std::uint64_t>(counts[i]);
    s.latency.count += s.latency.counts[i];
  }
  s.latency.sum_ns = l.integer_at_least("sum_ns", 0);
  l.finish();
  r.finish();
  return s;
}

nlohmann::json save_registry_state(const BreakerRegistry& registry) {
  nlohmann::json breakers = nlohmann::json::object();
  for (const auto& name : registry.list()) {
    if (const auto b = registry.get(name)) breakers[name] = to_json(b->snapshot());
  }
  return {{"version", kSnapshotFormatVersion}, {"breakers", breakers}};
}

std::size_t restore_registry_state(BreakerRegistry& registry, const nlohmann::json& saved) {
  ObjectReader r(saved, "");
  const std::int64_t version = r.integer("version");
  if (version != kSnapshotFormatVersion) r.fail("version", "unsupported version " + std::to_string(version));
  const nlohmann::json& breakers = r.raw("breakers");
  r.finish();
  ObjectReader(breakers, "/breakers");  // checks that it is an object
  // Parse everything first, so a bad entry leaves the registry untouched.
  std::vector<std::pair<std::string, BreakerSnapshot>> parsed;
  for (auto it = breakers.begin(); it != breakers.end(); ++it) {
    parsed.emplace_back(it.key(), snapshot_from_json(it.value(), "/breakers/" + it.key()));
  }
  for (const auto& [name, snapshot] : parsed) registry.get_or_create(name)->restore(snapshot);
  return parsed.size();
}

}  // namespace snnft::breaker
