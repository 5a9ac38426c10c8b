// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "snnft/snn/network.hpp"
#include "snnft/snn/stdp_rule.hpp"

namespace snnft {

/// A copy of one projection's weights, and optionally the trace state of the STDP rule on it,
/// that can be written back: the "static weights" fallback of the fault layer (capture a
/// known-good state, restore it after a fault corrupted learning). Capturing again reuses
/// the storage, and restoring never allocates, so both are safe inside a run.
class WeightCheckpoint {
 public:
  /// Copies the weights of `projection`, and the traces of `rule` if given (which must act on
  /// that projection). Throws std::invalid_argument otherwise.
  void capture(const Network& network, std::size_t projection, const StdpRule* rule = nullptr);

  /// Writes the captured weights back, and the traces if `rule` is given. Throws
  /// std::logic_error if nothing was captured or the traces were not, and
  /// std::invalid_argument if the network or rule does not match.
  void restore(Network& network, StdpRule* rule = nullptr) const;

  [[nodiscard]] bool empty() const { return !captured_; }
  [[nodiscard]] bool has_traces() const { return has_traces_; }
  [[nodiscard]] std::size_t projection() const { return projection_; }
  [[nodiscard]] std::span<const float> weights() const { return weights_; }
  [[nodiscard]] const StdpRule::Traces& traces() const { return traces_; }

 private:
  bool captured_ = false;
  bool has_traces_ = false;
  std::size_t projection_ = 0;
  std::vector<float> weights_;
  StdpRule::Traces traces_;
};

}  // namespace snnft
