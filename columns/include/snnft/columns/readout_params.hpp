// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>

#include "snnft/snn/cascor/cascor_learner.hpp"

namespace snnft::columns {

/// How a column turns its spikes into an answer.
///
/// - kLabels: each neuron is labelled with the class it wins most in training, and the earliest
///   spikes vote for their neurons' labels (the unsupervised column's own readout).
/// - kCascor: a cascade-correlation network (Fahlman & Lebiere 1990) is grown on the column's
///   spike-timing code, one input per excitatory neuron (1 − t/T of its first spike, 0 when
///   silent; by default also its first spike relative to the layer's first, optionally its
///   spike count), one sigmoid output per class.
struct ReadoutParams {
  enum class Kind : std::uint8_t { kLabels, kCascor };
  Kind kind = Kind::kLabels;

  /// The learner's parameters. max_hidden_units bounds the units grown in training.
  cascor::CascorParams cascor = default_cascor();
  bool spike_counts = false;  ///< an input per neuron: its spike count in the trial
  /// An input per neuron: its first spike relative to the layer's first, exp(−(t − t_first)/τ).
  /// The order within the first milliseconds tells more than the absolute times, which mostly
  /// follow the input's contrast (digits, seeds 1-5: 94.5 % voted without, 94.9 % with).
  bool relative_timing = true;
  double relative_tau_ms = 2.0;

  /// Online growth in the test phase, from labelled test trials: every `online_batch` of
  /// them the output weights are retrained on the training patterns plus the trials seen, and
  /// one hidden unit is recruited if their error stagnated, until `online_units` have been
  /// added in all.
  bool grow_online = false;
  std::size_t online_units = 4;
  std::size_t online_batch = 50;

  /// Defaults for a column readout: Fahlman's values with up to 8 hidden units, and weight
  /// decay 0.03 on the output weights. A column's code is sparse (about 6 of 100 neurons spike
  /// in a digits trial), so undamped output weights fit the training codes too closely: on
  /// digits (seed 1) decay 0 gives 88-91 % per column, 0.03 gives 90-92 %.
  static cascor::CascorParams default_cascor() {
    cascor::CascorParams p;
    p.max_hidden_units = 8;
    p.output.quickprop.decay = 0.03;
    return p;
  }
  /// Hidden units the readout may hold in all (training plus online).
  [[nodiscard]] std::size_t unit_capacity() const { return cascor.max_hidden_units + (grow_online ? online_units : 0); }
};

}  // namespace snnft::columns
