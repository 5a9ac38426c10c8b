// SPDX-License-Identifier: MIT
// The cascade-correlation parameters as a "kind": "cascor" config and a columns config's
// grown readout both write them.
#include "snnft/apps/cascor_params_json.hpp"

namespace snnft::apps {
namespace {

cascor::PhaseParams read_phase(ObjectReader& r, cascor::PhaseParams p) {
  p.quickprop.epsilon = r.positive("epsilon", p.quickprop.epsilon);
  p.quickprop.mu = r.positive("mu", p.quickprop.mu);
  p.quickprop.decay = r.non_negative("decay", p.quickprop.decay);
  p.patience = static_cast<std::size_t>(r.integer_at_least("patience", 0, static_cast<std::int64_t>(p.patience)));
  p.change_threshold = r.non_negative("change_threshold", p.change_threshold);
  p.max_epochs =
      static_cast<std::size_t>(r.integer_at_least("max_epochs", 1, static_cast<std::int64_t>(p.max_epochs)));
  r.finish();
  return p;
}

}  // namespace

void read_cascor_params(ObjectReader& r, cascor::CascorParams& p) {
  p.score_threshold = r.in_range("score_threshold", 1e-9, 1.0, p.score_threshold);
  p.pool_size = static_cast<std::size_t>(r.integer_at_least("pool_size", 1, static_cast<std::int64_t>(p.pool_size)));
  p.max_hidden_units = static_cast<std::size_t>(
      r.integer_at_least("max_hidden_units", 0, static_cast<std::int64_t>(p.max_hidden_units)));
  p.sigmoid_prime_offset = r.non_negative("sigmoid_prime_offset", p.sigmoid_prime_offset);
  p.weight_range = r.positive("weight_range", p.weight_range);
  p.weight_multiplier = r.non_negative("weight_multiplier", p.weight_multiplier);
  if (r.has("output_phase")) {
    ObjectReader phase = r.object("output_phase");
    p.output = read_phase(phase, p.output);
  }
  if (r.has("candidate_phase")) {
    ObjectReader phase = r.object("candidate_phase");
    p.candidate = read_phase(phase, p.candidate);
  }
}

}  // namespace snnft::apps
