// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "snnft/columns/column_input.hpp"
#include "snnft/columns/column_params.hpp"
#include "snnft/columns/grown_readout.hpp"
#include "snnft/columns/voting.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"

namespace snnft::columns {

/// How the excitatory layer responded to one trial.
struct ColumnResponse {
  std::vector<std::int64_t> first_step;  ///< per neuron: step of its first spike in the trial, or -1
  std::vector<float> drive;              ///< per neuron: synaptic input when it first spiked
  std::vector<NeuronIndex> order;        ///< neurons that spiked, earliest first (ties: stronger drive)
  NeuronIndex winner = 0;                ///< first to spike, or the most depolarised if none did
  bool spiked = false;
  /// The winner's first spike step; if none spiked, the step its membrane came closest to threshold.
  std::int64_t winner_step = -1;
  double winner_time_ms = std::numeric_limits<double>::infinity();  ///< from trial start
  std::uint32_t spikes = 0;  ///< excitatory spikes in the trial, injected ones included
  std::vector<std::uint16_t> spike_count;  ///< per neuron: its spikes in the trial (saturating)
  /// Per neuron: the highest v / v_th it reached in the trial (after the step's resets, so a
  /// neuron that fired shows its highest sub-threshold value). Sized only for a grown readout
  /// with `depolarisation` on; empty otherwise.
  std::vector<float> peak_depolarisation;
  /// Broken refractory periods: spikes closer to the same neuron's previous spike than
  /// round(t_ref_ms / dt_ms) steps, and membranes that moved in the step after a spike (a
  /// healthy neuron is held at its reset potential that long after every spike).
  std::uint32_t refractory_violations = 0;
  std::vector<NeuronIndex> refractory_violators;  ///< the neurons behind them, each once
  /// Neurons that fired and were left with their membrane above threshold (held there: a
  /// healthy membrane is reset by its spike, and below threshold otherwise), each once.
  std::vector<NeuronIndex> stuck_above_threshold;
  /// Per neuron: spikes it emitted itself in the trial (its membrane was reset and its
  /// refractory countdown started in that step). Valid for the neurons in `order`; 0 otherwise.
  std::vector<std::uint32_t> own_spikes;
  std::uint32_t most_own_spikes = 0;  ///< the largest entry of own_spikes
};

/// The label readout's vote: `voters` (earliest first) vote with weights 1, 1/2, 1/3, ...
/// for their `labels`; an unlabelled voter (label -1) has no say but keeps its rank. Adds to
/// `scores` (one per class) and returns the total weight cast.
double label_votes(std::span<const NeuronIndex> voters, std::span<const int> labels, std::span<double> scores);

/// Learned state of a column: input weights, adaptive thresholds and neuron labels.
/// Restoring it is exact (the "static weights" fallback of the fault layer uses this).
struct ColumnState {
  std::vector<float> weights;  ///< input → excitatory, CSR order (input-major)
  std::vector<float> theta_mv;
  std::vector<int> labels;
};

/// A cortical column: encoded input → excitatory LIF layer with lateral inhibition, learning
/// unsupervised features with a spike-triggered trace rule and homeostatic thresholds
/// (in the spirit of Diehl & Cook 2015). After training, each neuron is labelled with the class
/// it wins most often; the column answers with the labels of its earliest spikes.
class CorticalColumn {
 public:
  CorticalColumn(const ColumnParams& params, InputView view, std::size_t feature_count, int class_count);
  ~CorticalColumn();
  CorticalColumn(const CorticalColumn&) = delete;
  CorticalColumn& operator=(const CorticalColumn&) = delete;

  /// Presents one sample (features in [0, 1]); learns from it when `learning_rate` > 0 and
  /// learning is enabled. No allocation.
  const ColumnResponse& present(std::span<const float> sample, double learning_rate);

  /// Labelling pass: call begin_labelling(), then present + count_label per training sample,
  /// then finish_labelling().
  void begin_labelling();
  void count_label(int label);
  /// Counts `label` for `winner`, the neuron that won a trial presented to a copy of this
  /// column's learned state (see MultiColumnProcessor::label).
  void count_label(NeuronIndex winner, int label);
  void finish_labelling();

  /// The column's answer to the last presented sample: from the grown readout once it is
  /// trained (mixed with the labels' class shares, see ReadoutParams::label_weight),
  /// otherwise from the neurons' labels.
  [[nodiscard]] ColumnAnswer vote() const;

  /// The label readout's class shares for the last presented sample: each class's share of
  /// its labelled voters' votes (all 0 if none is labelled). Valid until the next call.
  [[nodiscard]] std::span<const double> label_shares() const;

  /// The neurons whose labels vote on the last presented sample, earliest first, written to
  /// `out` (at least readout_spikes long); returns how many. The first readout_spikes
  /// spikers that are not quarantined, or, in a silent trial, the most depolarised neuron.
  std::size_t label_voters(std::span<NeuronIndex> out) const;

  /// The grown readout ("readout": {"kind": "cascor"}); nullptr with the label readout.
  [[nodiscard]] GrownReadout* grown_readout() { return readout_.get(); }
  [[nodiscard]] const GrownReadout* grown_readout() const { return readout_.get(); }
  /// The same, through the interface the fault-tolerance layer steers it by.
  [[nodiscard]] ReadoutControl* readout_control() { return readout_.get(); }
  /// The last presented sample's true class, for a grown readout that learns online (see
  /// GrownReadout::teach). Returns true if the readout's weights changed.
  bool teach(int label);

  void set_learning_enabled(bool enabled) { learning_enabled_ = enabled; }
  [[nodiscard]] bool learning_enabled() const { return learning_enabled_; }
  [[nodiscard]] ColumnState checkpoint() const;
  void restore(const ColumnState& state);

  [[nodiscard]] const ColumnParams& params() const { return params_; }
  [[nodiscard]] const InputView& view() const { return input_.view(); }
  /// Features per sample (the view selects from them).
  [[nodiscard]] std::size_t feature_count() const { return feature_count_; }
  [[nodiscard]] int class_count() const { return class_count_; }
  [[nodiscard]] std::size_t input_neurons() const { return input_.neuron_count(); }
  [[nodiscard]] const ColumnResponse& last_response() const { return response_; }
  /// Excitatory spikes and refractory violations summed over every trial since the last call
  /// (e.g. over training), then counting starts afresh.
  struct SpikeTotals {
    std::uint64_t spikes = 0;
    std::uint64_t refractory_violations = 0;
  };
  SpikeTotals take_spike_totals();
  [[nodiscard]] std::span<const int> labels() const { return labels_; }
  [[nodiscard]] std::size_t labelled_neurons() const;
  [[nodiscard]] const Network& network() const { return *network_; }
  /// The engine's write interface, for fault injection and recovery.
  NetworkControl& control() { return simulation_->control(); }
  Simulation& simulation() { return *simulation_; }
  [[nodiscard]] PopulationIndex excitatory() const { return exc_; }
  [[nodiscard]] PopulationIndex input_population() const { return in_; }

  /// Takes a broken neuron out of service from the next trial on: its threshold is held out of
  /// reach, so it never fires, votes or learns again (a hardware fault map). A map of the
  /// hardware, not learned state: restore() keeps it. False if it already was.
  bool quarantine(NeuronIndex neuron);
  /// Lets a quarantined neuron fire and vote again (from the next trial). False if it was not
  /// quarantined.
  bool release(NeuronIndex neuron);
  [[nodiscard]] bool quarantined(NeuronIndex neuron) const { return quarantined_[neuron] != 0; }
  [[nodiscard]] std::size_t quarantined_count() const { return quarantined_count_; }

 private:
  class TrialMonitor;
  void reset_trial_state();
  void learn(double learning_rate);
  /// The label readout's votes for the last trial into class_score_; returns their total.
  double label_scores() const;

  ColumnParams params_;
  ColumnInput input_;
  std::size_t feature_count_;
  int class_count_;
  std::unique_ptr<Network> network_;
  std::unique_ptr<Simulation> simulation_;
  std::unique_ptr<TrialMonitor> monitor_;
  PopulationIndex in_ = 0, exc_ = 1;
  std::size_t input_projection_ = 0;
  Step steps_per_trial_;
  ColumnResponse response_;
  SpikeTotals spike_totals_;
  std::vector<float> theta_;
  std::vector<std::uint8_t> quarantined_;  // per neuron
  std::size_t quarantined_count_ = 0;
  std::vector<int> labels_;
  std::unique_ptr<GrownReadout> readout_;
  std::vector<std::uint32_t> label_counts_;  // neurons × classes, during labelling
  std::vector<double> input_trace_;          // scratch for learning
  mutable std::vector<double> class_score_;  // scratch for vote()
  mutable std::vector<NeuronIndex> voters_;  // scratch for vote()
  bool learning_enabled_ = true;
};

}  // namespace snnft::columns
