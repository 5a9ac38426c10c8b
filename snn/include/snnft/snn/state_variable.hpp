// SPDX-License-Identifier: MIT
#pragma once
#include <string_view>

namespace snnft {

/// A per-neuron state variable that a population lets recorders read: the name configs use
/// ("v_mv", "ge", "w") and the unit written to output files ("mV", "nA", "1").
///
/// A neuron model makes a variable recordable by listing it in
/// Population::state_variables() and returning its values from Population::state(); the
/// recorders (StateRecorder, `"record": {"state": ...}`) then need no change.
struct StateVariableInfo {
  std::string_view name;
  std::string_view units;
};

}  // namespace snnft
