// SPDX-License-Identifier: MIT
// The one-line message a parser gives for bad input, for the tests that check it word for word.
#pragma once
#include <string>

#include "snnft/core/config_reader.hpp"

namespace snnft::test {

/// The message of the ConfigError that `parse()` throws, or "no error" when it accepts the input.
template <class Parse>
std::string config_error_of(Parse&& parse) {
  try {
    parse();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace snnft::test
