// SPDX-License-Identifier: MIT
// The cascade-correlation parameters as a "kind": "cascor" config and a columns config's
// grown readout both write them.
#include "snnft/apps/cascor_params_json.hpp"

#include "config_helpers.hpp"

namespace snnft::apps {
namespace {

cascor::PhaseParams read_phase(ObjectReader& r, cascor::PhaseParams p) {
  p.quickprop.epsilon = r.positive("epsilon", p.quickprop.epsilon);
  p.quickprop.mu = r.positive("mu", p.quickprop.mu);
  p.quickprop.decay = r.non_negative("decay", p.quickprop.decay);
  p.patience = count_at_least(r, "patience", 0, p.patience);
  p.change_threshold = r.non_negative("change_threshold", p.change_threshold);
  p.max_epochs = count_at_least(r, "max_epochs", 1, p.max_epochs);
  r.finish();
  return p;
}

}  // namespace

void read_cascor_params(ObjectReader& r, cascor::CascorParams& p) {
  p.score_threshold = r.in_range("score_threshold", 1e-9, 1.0, p.score_threshold);
  p.pool_size = count_at_least(r, "pool_size", 1, p.pool_size);
  p.max_hidden_units = count_at_least(r, "max_hidden_units", 0, p.max_hidden_units);
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
