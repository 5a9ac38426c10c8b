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
///   silent; by default also its first spike relative to the layer's first and how close it
///   came to firing, optionally its spike count), one sigmoid output per class.
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
  /// An input per neuron: how close it came to firing, its highest v / v_th in the trial (1 if
  /// it fired). Lateral inhibition lets about 6 of 100 neurons spike in a digits trial; the
  /// silent ones' approach to threshold says how well the input matched each of them.
  bool depolarisation = true;

  /// Inputs per class: the label readout's share of the votes for it. In training each
  /// sample's shares come from labels counted on the other samples (five folds), so the
  /// network weighs them by how the labels do on samples they have not seen.
  bool label_inputs = false;

  /// How much the label readout counts in the column's answer: each class scores its share of
  /// the grown outputs, (y_c + 0.5) / Σ (y + 0.5), plus label_weight times its share of the
  /// label readout's votes, and the column answers with the best score. The grown readout
  /// holds what it learned from the spike-timing code; the labels hold what the column's own
  /// neurons learned, whose errors differ from column to column. kCalibrated (the default)
  /// chooses the weight from kLabelWeights by the vote's accuracy on training samples held
  /// out from a first growth (calibration_fraction of them), as the Emergency fallback is
  /// chosen, but a weight above 0 only if it beats the grown outputs alone significantly there
  /// (see calibrate_label_weight).
  static constexpr double kCalibrated = -1.0;
  static constexpr double kLabelWeights[] = {0.0, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0};
  double label_weight = kCalibrated;
  double calibration_fraction = 0.2;
  [[nodiscard]] bool calibrated_label_weight() const { return label_weight < 0; }

  /// Online growth in the test phase, from labelled test trials: every `online_batch` of
  /// them the output weights are retrained on the training patterns plus the trials seen, and
  /// one hidden unit is recruited if their error stagnated, until `online_units` have been
  /// added in all.
  bool grow_online = false;
  std::size_t online_units = 4;
  std::size_t online_batch = 50;

  /// Defaults for a column readout: Fahlman's values with up to 8 hidden units, and weight
  /// decay 0.003 on the output weights. Undamped output weights fit the training codes too
  /// closely; with the depolarisation inputs the code is dense and needs less damping than the
  /// spike times alone (digits, seeds 1-4: decay 0.03 gives 94.8 % voted, 0.01 95.1 %, 0.003
  /// 95.3 %, 0.001 95.0 %).
  static cascor::CascorParams default_cascor() {
    cascor::CascorParams p;
    p.max_hidden_units = 8;
    p.output.quickprop.decay = 0.003;
    return p;
  }
  /// Hidden units the readout may hold in all (training plus online).
  [[nodiscard]] std::size_t unit_capacity() const { return cascor.max_hidden_units + (grow_online ? online_units : 0); }
};

}  // namespace snnft::columns
