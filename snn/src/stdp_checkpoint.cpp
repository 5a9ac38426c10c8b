// SPDX-License-Identifier: MIT
#include "snnft/snn/stdp_checkpoint.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace snnft {

void WeightCheckpoint::capture(const Network& network, std::size_t projection, const StdpRule* rule) {
  if (projection >= network.projection_count()) {
    throw std::invalid_argument("checkpoint: no projection with index " + std::to_string(projection));
  }
  if (rule && rule->projection() != projection) {
    throw std::invalid_argument("checkpoint: the STDP rule acts on another projection");
  }
  const auto& w = network.projection(projection).weight;
  weights_.resize(w.size());
  std::copy(w.begin(), w.end(), weights_.begin());
  has_traces_ = rule != nullptr;
  if (rule) traces_ = rule->traces();  // vector assignment reuses capacity
  projection_ = projection;
  captured_ = true;
}

void WeightCheckpoint::restore(Network& network, StdpRule* rule) const {
  if (!captured_) throw std::logic_error("checkpoint: nothing captured");
  if (rule && !has_traces_) throw std::logic_error("checkpoint: traces were not captured");
  if (projection_ >= network.projection_count() || network.projection(projection_).weight.size() != weights_.size()) {
    throw std::invalid_argument("checkpoint: the network does not match the captured projection");
  }
  if (rule && rule->projection() != projection_) {
    throw std::invalid_argument("checkpoint: the STDP rule acts on another projection");
  }
  std::copy(weights_.begin(), weights_.end(), network.projection(projection_).weight.begin());
  if (rule) rule->set_traces(traces_);
}

}  // namespace snnft
