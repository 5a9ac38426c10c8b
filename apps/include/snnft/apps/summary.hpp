// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>

namespace snnft::apps {

/// Key/value results of a run, in insertion order. Printed as a short human-readable
/// table, or with --json-summary as one JSON line on stdout for scripts.
class Summary {
 public:
  template <class T>
  void set(const std::string& key, const T& value) {
    values_[key] = value;
  }
  [[nodiscard]] const nlohmann::ordered_json& values() const { return values_; }
  [[nodiscard]] bool has(const std::string& key) const { return values_.contains(key); }

  void print_human(std::ostream& out) const;
  void print_json_line(std::ostream& out) const;

 private:
  nlohmann::ordered_json values_ = nlohmann::ordered_json::object();
};

}  // namespace snnft::apps
