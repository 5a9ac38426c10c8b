// SPDX-License-Identifier: MIT
#pragma once
#include "snnft/core/config_reader.hpp"
#include "snnft/snn/cascor/cascor_learner.hpp"

namespace snnft::apps {

/// Reads the cascade-correlation keys of a config object into `params` (missing keys keep
/// their values): score_threshold, pool_size, max_hidden_units, sigmoid_prime_offset,
/// weight_range, weight_multiplier, and the output_phase / candidate_phase objects
/// (epsilon, mu, decay, patience, change_threshold, max_epochs). Does not finish `r`.
void read_cascor_params(ObjectReader& r, cascor::CascorParams& params);

}  // namespace snnft::apps
