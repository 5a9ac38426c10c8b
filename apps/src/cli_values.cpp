// SPDX-License-Identifier: MIT
#include "snnft/apps/cli_values.hpp"

#include <tbb/info.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <limits>

#include "snnft/core/config_reader.hpp"

namespace snnft::apps {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::size_t hardware_threads() { return static_cast<std::size_t>(std::max(1, tbb::info::default_concurrency())); }

}  // namespace

std::uint64_t seed_value(std::string_view flag, std::string_view text) {
  std::uint64_t x = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (!all_digits(text) || ec != std::errc() || ptr != text.data() + text.size()) {
    throw ConfigError(std::string(flag), "expected a whole number in [0, 18446744073709551615], got " + quoted(text));
  }
  return x;
}

std::string file_value(std::string_view flag, std::string_view text) {
  if (text.empty()) throw ConfigError(std::string(flag), "expected a file name, got \"\"");
  return std::string(text);
}

std::size_t maps_value(std::string_view flag, std::string_view text) {
  std::uint64_t x = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (!all_digits(text) || ec != std::errc() || ptr != text.data() + text.size() || x < 1 || x > kMaxMaps) {
    throw ConfigError(std::string(flag), "expected a whole number of fault maps in [1, " + std::to_string(kMaxMaps) +
                                             "], got " + quoted(text));
  }
  return static_cast<std::size_t>(x);
}

double duration_value(std::string_view flag, std::string_view text) {
  double x = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(x) || x <= 0) {
    throw ConfigError(std::string(flag), "expected a positive, finite number of ms, got " + quoted(text));
  }
  return x;
}

double rate_value(std::string_view flag, std::string_view text) {
  double x = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(x) || x <= 0) {
    throw ConfigError(std::string(flag), "expected a positive, finite number per second, got " + quoted(text));
  }
  return x;
}

double seconds_value(std::string_view flag, std::string_view text) {
  double x = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(x) || x < 0) {
    throw ConfigError(std::string(flag), "expected a finite number of seconds >= 0, got " + quoted(text));
  }
  return x;
}

std::int64_t thread_count_value(std::string_view flag, std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  std::int64_t x = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
  if (!all_digits(digits) || ec != std::errc() || ptr != digits.data() + digits.size()) {
    throw ConfigError(std::string(flag), "expected a whole number of threads (0 = every core), got " + quoted(text));
  }
  return negative ? -x : x;
}

std::size_t max_threads() { return std::max<std::size_t>(4 * hardware_threads(), 256); }

std::size_t resolve_threads(std::int64_t requested, const std::string& where) {
  if (requested < 0) {
    throw ConfigError(where, "expected 0 (every core) or a positive number of threads, got " + std::to_string(requested));
  }
  const auto limit = max_threads();
  if (static_cast<std::uint64_t>(requested) > limit) {
    throw ConfigError(where, "at most " + std::to_string(limit) + " threads on this machine (" +
                                 std::to_string(hardware_threads()) + " hardware threads), got " +
                                 std::to_string(requested));
  }
  if (requested == 0) return hardware_threads();
  const auto threads = static_cast<std::size_t>(requested);
  if (threads > hardware_threads()) {
    warn(where + ": " + std::to_string(threads) + " threads on " + std::to_string(hardware_threads()) +
         " hardware threads; results are the same, the run may be slower");
  }
  return threads;
}

std::size_t read_thread_count(ObjectReader& config) {
  const std::int64_t n = config.integer_at_least("threads", 0, 1);
  if (static_cast<std::uint64_t>(n) > max_threads()) {
    config.fail("threads", "at most " + std::to_string(max_threads()) + " threads on this machine, got " + std::to_string(n));
  }
  return static_cast<std::size_t>(n);
}

std::size_t run_threads(const std::optional<std::int64_t>& flag, std::size_t from_config) {
  return flag ? resolve_threads(*flag, "--threads") : resolve_threads(static_cast<std::int64_t>(from_config), "/threads");
}

void reject_flag(bool given, const std::string& flag, const std::string& why) {
  if (given) throw ConfigError(flag, why);
}

void warn(const std::string& text) { std::cerr << "warning: " << text << '\n'; }

}  // namespace snnft::apps
