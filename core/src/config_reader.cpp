// SPDX-License-Identifier: MIT
#include "snnft/core/config_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace snnft {

namespace {

/// "line L, column C" of the byte at 0-based `offset` of `text` (lines and columns from 1).
std::string line_and_column(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

/// Where the number `token` first stands on its own in `text`, for overflow errors, which
/// nlohmann::json reports without a position.
std::size_t find_number(const std::string& text, const std::string& token) {
  auto part_of_number = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'; };
  for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) {
    const bool starts = at == 0 || !part_of_number(text[at - 1]);
    const bool ends = at + token.size() >= text.size() || !part_of_number(text[at + token.size()]);
    if (starts && ends) return at;
  }
  return text.size();
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& source_name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte counts from 1 and points at the character that could not be read.
    std::string what = e.what();
    const std::size_t cut = what.find(": ", what.find("parse error"));
    what = cut == std::string::npos ? what : what.substr(cut + 2);
    throw ConfigError(source_name, "invalid JSON at " + line_and_column(text, e.byte > 0 ? e.byte - 1 : 0) + ": " + what);
  } catch (const nlohmann::json::out_of_range& e) {
    // "number overflow parsing '1e400'": the value does not fit a double.
    const std::string what = e.what();
    const std::size_t open = what.find('\''), close = what.rfind('\'');
    const std::string token = open != std::string::npos && close > open ? what.substr(open + 1, close - open - 1) : "";
    throw ConfigError(source_name, "invalid JSON at " + line_and_column(text, find_number(text, token)) +
                                       ": number " + token + " is out of range (not a finite double)");
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(source_name, std::string("invalid JSON: ") + e.what());
  }
}

nlohmann::json read_json_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ConfigError(path, "is a directory, not a JSON file");
  std::ifstream in(path);
  if (!in) throw ConfigError(path, "cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_json_text(text.str(), path);
}

bool is_time_key(const std::string& key) { return key.size() >= 3 && key.compare(key.size() - 3, 3, "_ms") == 0; }

void check_config_number(const std::string& path, double x, bool is_time) {
  std::ostringstream got;
  got << x;
  if (is_time && std::abs(x) > kMaxConfigTimeMs) {
    throw ConfigError(path, "times are at most 1e12 ms (1e18 steps at the smallest dt), got " + got.str());
  }
  if (std::abs(x) > kMaxConfigMagnitude) {
    throw ConfigError(path, "numbers are at most 3.4e38 in magnitude (model values are 32-bit floats), got " + got.str());
  }
}

std::string describe_json(const nlohmann::json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  if (value.is_null()) return "null";
  std::string s = value.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

ObjectReader::ObjectReader(const nlohmann::json& value, std::string path)
    : value_(value), path_(std::move(path)) {
  if (!value_.is_object()) {
    throw ConfigError(path_, "expected an object, got " + describe_json(value_));
  }
}

bool ObjectReader::has(const std::string& key) const { return value_.contains(key); }

void ObjectReader::fail(const std::string& key, const std::string& problem) const {
  throw ConfigError(path_of(key), problem);
}

const nlohmann::json& ObjectReader::require(const std::string& key) {
  read_.insert(key);
  auto it = value_.find(key);
  if (it == value_.end()) fail(key, "missing required field");
  return *it;
}

const nlohmann::json& ObjectReader::raw(const std::string& key) { return require(key); }

double ObjectReader::checked_number(const std::string& key, const nlohmann::json& v,
                                    const char* expected, bool (*ok)(double)) const {
  if (!v.is_number()) fail(key, std::string("expected ") + expected + ", got " + describe_json(v));
  const double x = v.get<double>();
  if (!std::isfinite(x) || !ok(x)) {
    fail(key, std::string("expected ") + expected + ", got " + describe_json(v));
  }
  check_config_number(path_of(key), x, is_time_key(key));
  return x;
}

namespace {
bool any_number(double) { return true; }
bool positive_number(double x) { return x > 0; }
bool non_negative_number(double x) { return x >= 0; }
}  // namespace

double ObjectReader::number(const std::string& key) {
  return checked_number(key, require(key), "a number", any_number);
}
double ObjectReader::number(const std::string& key, double fallback) {
  return has(key) ? number(key) : (read_.insert(key), fallback);
}
double ObjectReader::positive(const std::string& key) {
  return checked_number(key, require(key), "a positive number", positive_number);
}
double ObjectReader::positive(const std::string& key, double fallback) {
  return has(key) ? positive(key) : (read_.insert(key), fallback);
}
double ObjectReader::non_negative(const std::string& key) {
  return checked_number(key, require(key), "a non-negative number", non_negative_number);
}
double ObjectReader::non_negative(const std::string& key, double fallback) {
  return has(key) ? non_negative(key) : (read_.insert(key), fallback);
}

double ObjectReader::in_range(const std::string& key, double lo, double hi) {
  const double x = number(key);
  if (x < lo || x > hi) {
    std::ostringstream msg;
    msg << "expected a number in [" << lo << ", " << hi << "], got " << describe_json(value_.at(key));
    fail(key, msg.str());
  }
  return x;
}
double ObjectReader::in_range(const std::string& key, double lo, double hi, double fallback) {
  return has(key) ? in_range(key, lo, hi) : (read_.insert(key), fallback);
}

std::int64_t ObjectReader::integer(const std::string& key) {
  const auto& v = require(key);
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    fail(key, "expected an integer below 2^63, got " + describe_json(v));
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    const double x = v.get<double>();
    if (std::isfinite(x) && x == std::floor(x) && std::abs(x) < 9e15) return static_cast<std::int64_t>(x);
  }
  fail(key, "expected an integer, got " + describe_json(v));
}
std::int64_t ObjectReader::integer(const std::string& key, std::int64_t fallback) {
  return has(key) ? integer(key) : (read_.insert(key), fallback);
}
std::int64_t ObjectReader::integer_at_least(const std::string& key, std::int64_t minimum) {
  const std::int64_t x = integer(key);
  if (x < minimum) {
    fail(key, "expected an integer >= " + std::to_string(minimum) + ", got " + std::to_string(x));
  }
  return x;
}
std::int64_t ObjectReader::integer_at_least(const std::string& key, std::int64_t minimum,
                                            std::int64_t fallback) {
  return has(key) ? integer_at_least(key, minimum) : (read_.insert(key), fallback);
}

bool ObjectReader::boolean(const std::string& key) {
  const auto& v = require(key);
  if (!v.is_boolean()) fail(key, "expected true or false, got " + describe_json(v));
  return v.get<bool>();
}
bool ObjectReader::boolean(const std::string& key, bool fallback) {
  return has(key) ? boolean(key) : (read_.insert(key), fallback);
}

std::string ObjectReader::string(const std::string& key) {
  const auto& v = require(key);
  if (!v.is_string()) fail(key, "expected a string, got " + describe_json(v));
  return v.get<std::string>();
}
std::string ObjectReader::string(const std::string& key, const std::string& fallback) {
  return has(key) ? string(key) : (read_.insert(key), fallback);
}

std::string ObjectReader::file_name(const std::string& key) {
  std::string s = string(key);
  if (s.empty()) fail(key, "expected a file name, got \"\"");
  return s;
}

std::string ObjectReader::choice(const std::string& key, const std::vector<std::string>& choices) {
  const std::string s = string(key);
  for (const auto& c : choices) {
    if (c == s) return s;
  }
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  fail(key, "expected one of " + list + ", got \"" + s + "\"");
}
std::string ObjectReader::choice(const std::string& key, const std::vector<std::string>& choices,
                                 const std::string& fallback) {
  return has(key) ? choice(key, choices) : (read_.insert(key), fallback);
}

std::vector<double> ObjectReader::numbers(const std::string& key) {
  const auto& v = require(key);
  if (!v.is_array()) fail(key, "expected an array of numbers, got " + describe_json(v));
  std::vector<double> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number()) {
      throw ConfigError(path_of(key) + "/" + std::to_string(i), "expected a number, got " + describe_json(v[i]));
    }
    check_config_number(path_of(key) + "/" + std::to_string(i), v[i].get<double>(), is_time_key(key));
    out.push_back(v[i].get<double>());
  }
  return out;
}

ObjectReader ObjectReader::object(const std::string& key) { return ObjectReader(require(key), path_of(key)); }

void ObjectReader::objects(const std::string& key, const std::function<void(ObjectReader&)>& each) {
  const auto& v = require(key);
  if (!v.is_array()) fail(key, "expected an array, got " + describe_json(v));
  for (std::size_t i = 0; i < v.size(); ++i) {
    ObjectReader element(v[i], path_of(key) + "/" + std::to_string(i));
    each(element);
    element.finish();
  }
}

void ObjectReader::finish() const {
  for (auto it = value_.begin(); it != value_.end(); ++it) {
    if (!read_.count(it.key())) throw ConfigError(path_of(it.key()), "unknown key");
  }
}

}  // namespace snnft
