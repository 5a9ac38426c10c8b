// SPDX-License-Identifier: MIT
// Small helpers shared by the config parsers: numbers as error messages print them, and
// counts read straight into the size_t fields that hold them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "snnft/core/config_reader.hpp"

namespace snnft::apps {

/// `x` as the error messages show it (a stream's default: at most six significant digits).
inline std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

/// The whole number at `key`, at least `minimum`, or `fallback` when the key is absent.
inline std::size_t count_at_least(ObjectReader& r, const std::string& key, std::int64_t minimum,
                                  std::size_t fallback) {
  return static_cast<std::size_t>(r.integer_at_least(key, minimum, static_cast<std::int64_t>(fallback)));
}

/// The whole number at `key` (required), at least `minimum`.
inline std::size_t count_at_least(ObjectReader& r, const std::string& key, std::int64_t minimum) {
  return static_cast<std::size_t>(r.integer_at_least(key, minimum));
}

}  // namespace snnft::apps
