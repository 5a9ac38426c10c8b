// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace snnft {

/// A configuration problem at one JSON path. what() reads "/populations/0/tau_m_ms: expected
/// a positive number, got -5", ready to print after "error: ".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string path, const std::string& problem)
      : std::runtime_error((path.empty() ? std::string("/") : path) + ": " + problem),
        path_(std::move(path)) {}
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// Parses JSON text; a syntax error or a number that does not fit a double becomes a
/// ConfigError naming the source, line and column ("cfg.json: invalid JSON at line 3, column 7: ...").
nlohmann::json parse_json_text(const std::string& text, const std::string& source_name);
/// Reads and parses a JSON file; a missing file or syntax error becomes a ConfigError.
nlohmann::json read_json_file(const std::string& path);

/// The largest magnitude a config number may have: the engine holds model values (weights,
/// potentials, time constants) as 32-bit floats, which end at 3.4e38.
inline constexpr double kMaxConfigMagnitude = 3.4e38;
/// The latest time in ms a config may give (a key ending in "_ms"): 1e12 ms is 1e18 steps at
/// the smallest dt (1e-6 ms), inside the 64-bit step counter, as for fault times.
inline constexpr double kMaxConfigTimeMs = 1e12;
/// Throws ConfigError at `path` if `x` is beyond kMaxConfigMagnitude, or beyond
/// kMaxConfigTimeMs when `is_time`.
void check_config_number(const std::string& path, double x, bool is_time);
/// Whether a key holds a time in ms ("delay_ms", "times_ms", "stop_ms").
bool is_time_key(const std::string& key);

/// Short rendering of a JSON value for error messages ("-5", "\"abc\"", "an object").
std::string describe_json(const nlohmann::json& value);

/// Reads one JSON object field by field, tracking the path for error messages.
/// Call finish() after reading: any key that was never asked for is an error ("unknown key"),
/// which catches typos such as "tau_m" for "tau_m_ms".
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& value, std::string path);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string path_of(const std::string& key) const { return path_ + "/" + key; }
  [[nodiscard]] bool has(const std::string& key) const;

  double number(const std::string& key);
  double number(const std::string& key, double fallback);
  double positive(const std::string& key);
  double positive(const std::string& key, double fallback);
  double non_negative(const std::string& key);
  double non_negative(const std::string& key, double fallback);
  /// A number in [lo, hi].
  double in_range(const std::string& key, double lo, double hi);
  double in_range(const std::string& key, double lo, double hi, double fallback);
  std::int64_t integer(const std::string& key);
  std::int64_t integer(const std::string& key, std::int64_t fallback);
  /// An integer >= minimum.
  std::int64_t integer_at_least(const std::string& key, std::int64_t minimum);
  std::int64_t integer_at_least(const std::string& key, std::int64_t minimum, std::int64_t fallback);
  bool boolean(const std::string& key);
  bool boolean(const std::string& key, bool fallback);
  std::string string(const std::string& key);
  std::string string(const std::string& key, const std::string& fallback);
  /// A non-empty string naming a file.
  std::string file_name(const std::string& key);
  /// A string that must be one of `choices`.
  std::string choice(const std::string& key, const std::vector<std::string>& choices);
  std::string choice(const std::string& key, const std::vector<std::string>& choices,
                     const std::string& fallback);
  std::vector<double> numbers(const std::string& key);

  /// The raw value of a key (marked as read), e.g. to hand to a nested reader.
  const nlohmann::json& raw(const std::string& key);
  /// A nested object.
  ObjectReader object(const std::string& key);
  /// Calls `each(reader)` for every element of an array of objects.
  void objects(const std::string& key, const std::function<void(ObjectReader&)>& each);

  /// Throws ConfigError for the first key that was not read.
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

 private:
  const nlohmann::json& require(const std::string& key);
  double checked_number(const std::string& key, const nlohmann::json& v, const char* expected,
                        bool (*ok)(double)) const;

  const nlohmann::json& value_;
  std::string path_;
  mutable std::set<std::string> read_;
};

}  // namespace snnft
