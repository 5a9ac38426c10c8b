// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>

#include "snnft/columns/readout_params.hpp"

namespace snnft::columns {

/// Parameters of one cortical column. Defaults are the ones the digits benchmark uses.
///
/// The column is an input layer (spike sources driven by the encoded sample) projecting
/// all-to-all onto `neurons` current-based LIF neurons (v_rest = 0), which inhibit each other
/// through an all-to-all inhibitory projection with a short delay: the first neurons to reach
/// threshold suppress the rest (soft winner-take-all; neurons crossing within the delay also
/// fire).
struct ColumnParams {
  std::size_t neurons = 100;
  double dt_ms = 0.5;
  double trial_ms = 25.0;          ///< presentation window per sample
  double tau_m_ms = 10.0;
  double tau_syn_ms = 5.0;
  double t_ref_ms = 5.0;
  double v_th_mv = 0.5;            ///< base threshold above rest
  double inhibition_mv = 2.0;      ///< magnitude of each lateral inhibitory weight
  double inhibition_delay_ms = 1.0;

  // Learning (Diehl & Cook 2015 style, triggered by the winner's spike): the winner's input
  // weights move towards the presynaptic traces, Δw_i = η·(x_i − w_i), x_i = exp(−(t_post − t_i)/τ)
  // for inputs that spiked before it (0 otherwise); then they are clipped to [0, 1] and
  // rescaled to sum to `weight_sum`, so no neuron wins by growing its weights.
  double learning_rate = 0.2;      ///< η at the first epoch; decays linearly to 0 over training
  double trace_tau_ms = 30.0;
  double weight_sum = 10.0;
  // Homeostasis: the winner's threshold rises by theta_plus; all thresholds decay towards the
  // base by theta_decay per trial, so every neuron gets to win and learn a feature.
  // A neuron wins about one trial in `neurons`, so its threshold settles near
  // theta_plus / (neurons · (1 − theta_decay)). Scale the decay's time constant with the layer,
  // theta_decay = 1 − 1/(10 · neurons), to keep that level (10 · theta_plus) and the ripple
  // between two wins the same for any size; 0.999 is this for 100 neurons. A fixed 0.999 leaves
  // 25 neurons with too high and 400 with too low and ragged thresholds (digits, 5 epochs,
  // seeds 1-3: 69.6 % instead of 76.7 % and 86.5 % instead of 87.7 %).
  double theta_plus_mv = 0.1;
  double theta_decay = 0.999;

  std::size_t readout_spikes = 8;  ///< earliest spikes that vote for the column's answer (label readout)
  ReadoutParams readout;           ///< label readout (default) or a grown cascade-correlation network
  std::uint64_t seed = 1;
};

}  // namespace snnft::columns
