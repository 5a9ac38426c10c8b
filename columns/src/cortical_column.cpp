// SPDX-License-Identifier: MIT
#include "snnft/columns/cortical_column.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "snnft/snn/source_populations.hpp"

namespace snnft::columns {

/// Records, for the excitatory layer, each neuron's first spike in the trial and the most
/// depolarised neuron (the answer when nobody spikes), each neuron's closest approach to its
/// threshold if the readout reads it, and counts the trial's spikes and refractory violations.
///
/// A violation is a spike closer than t_ref to the same neuron's previous one, or a membrane
/// that moved in the step after a spike, when it must still be held at its reset potential.
/// Lateral inhibition keeps even a neuron whose refractory logic is broken from firing twice
/// inside its refractory period, so the second check is what sees that fault in a trial.
///
/// Only a neuron's own spikes count as evidence against it: one whose membrane was reset and
/// whose refractory countdown was started in this very step. A spike that reaches the list
/// otherwise (delayed on the output path by jitter, say) finds the membrane elsewhere; it
/// still counts as a spike, but blaming the neuron for it would quarantine a healthy neuron
/// for a transmission fault.
///
/// A spike that leaves the membrane above threshold is evidence of a held membrane: after
/// detection a healthy membrane is at or below threshold (had it crossed, it would have fired
/// and been reset), so one that stays above fires again at every chance, whatever the input.
/// A delayed spike finds a healthy membrane, which is below threshold, so it is never blamed.
class CorticalColumn::TrialMonitor final : public StepObserver {
 public:
  TrialMonitor(Population& exc, ColumnResponse& response, Step min_interval)
      : exc_(exc),
        response_(response),
        min_interval_(min_interval),
        v_(exc.variable("v")),
        v_reset_(exc.variable("v_reset")),
        ref_left_(exc.variable("ref_left")),
        ref_steps_(exc.variable("ref_steps")),
        ge_(exc.variable("ge")),
        v_th_(exc.variable("v_th")),
        last_step_(response.first_step.size(), -1),
        violated_(response.first_step.size(), 0),
        stuck_(response.first_step.size(), 0) {
    held_.reserve(response.first_step.size());
    response.refractory_violators.reserve(response.first_step.size());
    response.stuck_above_threshold.reserve(response.first_step.size());
  }
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDetect) | phase_bit(Phase::kObserve); }

  void start(Step first_step) {
    first_step_ = first_step;
    std::fill(response_.first_step.begin(), response_.first_step.end(), -1);
    for (NeuronIndex j : response_.order) response_.own_spikes[j] = 0;  // only spikers counted
    response_.most_own_spikes = 0;
    std::fill(last_step_.begin(), last_step_.end(), Step{-1});
    held_.clear();
    for (NeuronIndex j : response_.refractory_violators) violated_[j] = 0;
    response_.refractory_violators.clear();
    for (NeuronIndex j : response_.stuck_above_threshold) stuck_[j] = 0;
    response_.stuck_above_threshold.clear();
    response_.spikes = 0;
    std::fill(response_.spike_count.begin(), response_.spike_count.end(), std::uint16_t{0});
    std::fill(response_.peak_depolarisation.begin(), response_.peak_depolarisation.end(), 0.0f);
    response_.refractory_violations = 0;
    response_.order.clear();
    best_v_ = -std::numeric_limits<float>::infinity();
    best_v_neuron_ = 0;
    best_v_step_ = 0;
  }

  void on_phase_end(Phase phase, const StepView& view) override {
    if (phase == Phase::kDetect) {
      // Last step's spikers are held at reset now, unless they fired again (counted below).
      for (NeuronIndex j : held_) {
        if (v_[j] != v_reset_[j] && last_step_[j] != view.step) violation(j);
      }
      held_.clear();
      const std::size_t before = response_.order.size();
      for (NeuronIndex j : exc_.spikes().ids()) {
        ++response_.spikes;
        if (response_.spike_count[j] != std::numeric_limits<std::uint16_t>::max()) ++response_.spike_count[j];
        if (v_[j] == v_reset_[j] && ref_left_[j] == ref_steps_[j]) {  // its own spike
          response_.most_own_spikes = std::max(response_.most_own_spikes, ++response_.own_spikes[j]);
          if (last_step_[j] >= 0 && view.step - last_step_[j] < min_interval_) violation(j);
          last_step_[j] = view.step;
          if (min_interval_ > 1) held_.push_back(j);
        } else if (v_[j] > v_th_[j] && stuck_[j] == 0) {
          stuck_[j] = 1;
          response_.stuck_above_threshold.push_back(j);
        }
        if (response_.first_step[j] >= 0) continue;
        response_.first_step[j] = view.step - first_step_;
        response_.drive[j] = ge_[j];
        response_.order.push_back(j);
      }
      // Within one step, the neuron driven hardest would have crossed first. Insertion sort:
      // stable like std::stable_sort, which would allocate a buffer every step.
      auto& order = response_.order;
      for (std::size_t i = before + 1; i < order.size(); ++i) {
        const NeuronIndex moving = order[i];
        std::size_t slot = i;
        for (; slot > before && response_.drive[order[slot - 1]] < response_.drive[moving]; --slot) order[slot] = order[slot - 1];
        order[slot] = moving;
      }
      return;
    }
    // Only a readout that reads it asks for the peak (the label readout's trials stay as cheap).
    auto& peak = response_.peak_depolarisation;
    if (!peak.empty()) {
      for (std::size_t j = 0; j < v_.size(); ++j) peak[j] = std::max(peak[j], v_[j] / v_th_[j]);
    }
    for (std::size_t j = 0; j < v_.size(); ++j) {
      if (v_[j] > best_v_) {
        best_v_ = v_[j];
        best_v_neuron_ = static_cast<NeuronIndex>(j);
        best_v_step_ = view.step - first_step_;
      }
    }
  }

  [[nodiscard]] NeuronIndex most_depolarised() const { return best_v_neuron_; }
  [[nodiscard]] Step most_depolarised_step() const { return best_v_step_; }

 private:
  void violation(NeuronIndex j) {
    ++response_.refractory_violations;
    if (violated_[j] != 0) return;
    violated_[j] = 1;
    response_.refractory_violators.push_back(j);
  }

  const Population& exc_;
  ColumnResponse& response_;
  Step min_interval_;                       // steps a healthy neuron is held after a spike
  std::span<const float> v_, v_reset_, ref_left_, ref_steps_, ge_, v_th_;  // the layer's state (its arrays never move)
  std::vector<Step> last_step_;             // per neuron: its latest spike in this trial, or -1
  std::vector<NeuronIndex> held_;           // last step's spikers
  std::vector<std::uint8_t> violated_;      // per neuron: listed in refractory_violators
  std::vector<std::uint8_t> stuck_;         // per neuron: listed in stuck_above_threshold
  Step first_step_ = 0;
  float best_v_ = 0;
  NeuronIndex best_v_neuron_ = 0;
  Step best_v_step_ = 0;
};

namespace {

NetworkSpec column_network(const ColumnParams& p, std::size_t inputs) {
  NetworkSpec spec;
  spec.dt_ms = p.dt_ms;
  PopulationSpec in;
  in.name = "input";
  in.kind = PopulationSpec::Kind::kSpikeSource;
  in.size = inputs;
  PopulationSpec exc;
  exc.name = "exc";
  exc.size = p.neurons;
  exc.synapse_model = SynapseModel::kCurrentBased;
  exc.lif = {p.tau_m_ms, 0.0, 0.0, p.v_th_mv, p.t_ref_ms, p.tau_syn_ms, p.tau_syn_ms, 0.0, 0.0, 0.0};
  exc.initial.v_mv = {InitialValue::Kind::kConstant, 0.0, 0.0};
  spec.populations = {in, exc};

  ProjectionSpec feed;
  feed.name = "input_to_exc";
  feed.pre = "input";
  feed.post = "exc";
  feed.receptor = Receptor::kExcitatory;
  feed.rule.kind = ConnectivityRule::Kind::kAllToAll;
  feed.weight = {InitialValue::Kind::kUniform, 0.0, 1.0};
  ProjectionSpec lateral;
  lateral.name = "lateral_inhibition";
  lateral.pre = "exc";
  lateral.post = "exc";
  lateral.receptor = Receptor::kInhibitory;
  lateral.rule.kind = ConnectivityRule::Kind::kAllToAll;
  lateral.rule.allow_autapses = false;
  lateral.weight = {InitialValue::Kind::kConstant, -p.inhibition_mv, 0.0};
  lateral.delay_ms = {InitialValue::Kind::kConstant, p.inhibition_delay_ms, 0.0};
  spec.projections = {feed, lateral};
  return spec;
}

}  // namespace

CorticalColumn::CorticalColumn(const ColumnParams& params, InputView view, std::size_t feature_count,
                               int class_count)
    : params_(params),
      input_(std::move(view), feature_count),
      feature_count_(feature_count),
      class_count_(class_count),
      steps_per_trial_(static_cast<Step>(std::llround(params.trial_ms / params.dt_ms))) {
  network_ = std::make_unique<Network>(Network::build(column_network(params_, input_.neuron_count()), params_.seed));
  simulation_ = std::make_unique<Simulation>(*network_, SimulationOptions{best_simd_isa(), 1, 1024});
  input_projection_ = *network_->find_projection("input_to_exc");
  response_.first_step.assign(params_.neurons, -1);
  response_.drive.assign(params_.neurons, 0.0f);
  response_.spike_count.assign(params_.neurons, 0);
  if (params_.readout.kind == ReadoutParams::Kind::kCascor && params_.readout.depolarisation) {
    response_.peak_depolarisation.assign(params_.neurons, 0.0f);
  }
  response_.own_spikes.assign(params_.neurons, 0);
  response_.order.reserve(params_.neurons);
  monitor_ = std::make_unique<TrialMonitor>(network_->population(exc_), response_,
                                            static_cast<Step>(std::llround(params_.t_ref_ms / params_.dt_ms)));
  simulation_->add_observer(*monitor_);
  theta_.assign(params_.neurons, 0.0f);
  quarantined_.assign(params_.neurons, 0);
  labels_.assign(params_.neurons, -1);
  input_trace_.assign(input_.neuron_count(), 0.0);
  class_score_.assign(static_cast<std::size_t>(class_count_), 0.0);
  voters_.assign(std::max<std::size_t>(1, std::min(params_.readout_spikes, params_.neurons)), 0);
  if (params_.readout.kind == ReadoutParams::Kind::kCascor) readout_ = std::make_unique<GrownReadout>(params_, class_count_);
  // Start every neuron with the same total input weight, so none starts ahead.
  auto w = network_->projection(input_projection_).weight;
  for (std::size_t j = 0; j < params_.neurons; ++j) {
    double sum = 0;
    for (std::size_t i = 0; i < input_.neuron_count(); ++i) sum += w[i * params_.neurons + j];
    const double scale = sum > 0 ? params_.weight_sum / sum : 0.0;
    for (std::size_t i = 0; i < input_.neuron_count(); ++i) {
      network_->projection(input_projection_).weight[i * params_.neurons + j] =
          static_cast<float>(w[i * params_.neurons + j] * scale);
    }
  }
}

CorticalColumn::~CorticalColumn() = default;

void CorticalColumn::reset_trial_state() {
  // Trials are independent: the layer starts each one at rest with no input in flight.
  NetworkControl& c = simulation_->control();
  for (const char* name : {"v", "ge", "gi", "ref_left"}) {
    auto x = c.neuron_variable(exc_, name);
    std::fill(x.begin(), x.end(), 0.0f);
  }
  auto v_th = c.neuron_variable(exc_, "v_th");
  for (std::size_t j = 0; j < v_th.size(); ++j) v_th[j] = static_cast<float>(params_.v_th_mv) + theta_[j];
  // Finite, so the NaN/Inf checks stay quiet, and out of any membrane's reach.
  if (quarantined_count_ > 0) {
    for (std::size_t j = 0; j < v_th.size(); ++j) {
      if (quarantined_[j] != 0) v_th[j] = std::numeric_limits<float>::max();
    }
  }
  simulation_->clear_pending_input();
}

const ColumnResponse& CorticalColumn::present(std::span<const float> sample, double learning_rate) {
  reset_trial_state();
  const SpikePattern& pattern = input_.encode(sample);
  auto& source = static_cast<SpikeSourcePopulation&>(network_->population(in_));
  source.set_pattern(pattern, simulation_->now());
  monitor_->start(simulation_->now());
  for (Step s = 0; s < steps_per_trial_; ++s) simulation_->step();
  spike_totals_.spikes += response_.spikes;
  spike_totals_.refractory_violations += response_.refractory_violations;

  response_.spiked = !response_.order.empty();
  if (response_.spiked) {
    response_.winner = response_.order.front();
    response_.winner_step = response_.first_step[response_.winner];
    response_.winner_time_ms = static_cast<double>(response_.winner_step) * params_.dt_ms;
  } else {
    response_.winner = monitor_->most_depolarised();
    response_.winner_step = monitor_->most_depolarised_step();
    response_.winner_time_ms = std::numeric_limits<double>::infinity();
  }
  if (learning_enabled_ && learning_rate > 0) learn(learning_rate);
  return response_;
}

CorticalColumn::SpikeTotals CorticalColumn::take_spike_totals() {
  const SpikeTotals totals = spike_totals_;
  spike_totals_ = SpikeTotals{};
  return totals;
}

void CorticalColumn::learn(double learning_rate) {
  const std::size_t n_in = input_.neuron_count(), n = params_.neurons;
  const NeuronIndex j = response_.winner;
  const double t_post = response_.spiked ? response_.winner_time_ms
                                         : static_cast<double>(monitor_->most_depolarised_step()) * params_.dt_ms;
  std::fill(input_trace_.begin(), input_trace_.end(), 0.0);
  for (const SpikeEvent& e : input_.pattern().events()) {
    // The engine rounds input spikes to steps; use the same times here.
    const double t_pre = std::round(e.time_ms / params_.dt_ms) * params_.dt_ms;
    if (t_pre <= t_post) input_trace_[e.neuron] = std::exp(-(t_post - t_pre) / params_.trace_tau_ms);
  }
  auto& w = network_->projection(input_projection_).weight;
  double sum = 0;
  for (std::size_t i = 0; i < n_in; ++i) {
    float& wij = w[i * n + j];
    const double updated = std::clamp(wij + learning_rate * (input_trace_[i] - wij), 0.0, 1.0);
    wij = static_cast<float>(updated);
    sum += updated;
  }
  if (sum > 0) {
    const double scale = params_.weight_sum / sum;
    for (std::size_t i = 0; i < n_in; ++i) w[i * n + j] = static_cast<float>(w[i * n + j] * scale);
  }
  theta_[j] += static_cast<float>(params_.theta_plus_mv);
  for (float& t : theta_) t *= static_cast<float>(params_.theta_decay);
}

void CorticalColumn::begin_labelling() {
  label_counts_.assign(params_.neurons * static_cast<std::size_t>(class_count_), 0);
}

void CorticalColumn::count_label(int label) { count_label(response_.winner, label); }

void CorticalColumn::count_label(NeuronIndex winner, int label) {
  if (label < 0 || label >= class_count_ || winner >= params_.neurons) return;
  ++label_counts_[winner * static_cast<std::size_t>(class_count_) + static_cast<std::size_t>(label)];
}

void CorticalColumn::finish_labelling() {
  const auto c = static_cast<std::size_t>(class_count_);
  for (std::size_t j = 0; j < params_.neurons; ++j) {
    const auto* row = label_counts_.data() + j * c;
    const auto best = std::max_element(row, row + c);
    labels_[j] = *best > 0 ? static_cast<int>(best - row) : -1;
  }
}

std::size_t CorticalColumn::labelled_neurons() const {
  return static_cast<std::size_t>(std::count_if(labels_.begin(), labels_.end(), [](int l) { return l >= 0; }));
}

double label_votes(std::span<const NeuronIndex> voters, std::span<const int> labels, std::span<double> scores) {
  double total = 0;
  for (std::size_t r = 0; r < voters.size(); ++r) {
    const int label = labels[voters[r]];
    if (label < 0) continue;
    const double weight = 1.0 / static_cast<double>(r + 1);
    scores[static_cast<std::size_t>(label)] += weight;
    total += weight;
  }
  return total;
}

std::size_t CorticalColumn::label_voters(std::span<NeuronIndex> out) const {
  if (!response_.spiked) {
    out[0] = response_.winner;
    return 1;
  }
  // A quarantined neuron has no say, even if a fault still forces spikes out of it.
  std::size_t n = 0;
  for (std::size_t r = 0; r < response_.order.size() && n < params_.readout_spikes; ++r) {
    const NeuronIndex j = response_.order[r];
    if (quarantined_count_ > 0 && quarantined_[j] != 0) continue;
    out[n++] = j;
  }
  return n;
}

double CorticalColumn::label_scores() const {
  std::fill(class_score_.begin(), class_score_.end(), 0.0);
  const std::size_t voters = label_voters(voters_);
  return label_votes(std::span<const NeuronIndex>(voters_.data(), voters), labels_, class_score_);
}

std::span<const double> CorticalColumn::label_shares() const {
  // All 0 if no voter is labelled.
  if (const double total = label_scores(); total > 0) {
    for (double& s : class_score_) s /= total;
  }
  return class_score_;
}

bool CorticalColumn::teach(int label) { return readout_ ? readout_->teach(response_, label, label_shares()) : false; }

ColumnAnswer CorticalColumn::vote() const {
  if (readout_ && readout_->trained()) return readout_->answer(response_, label_shares());
  const double total = label_scores();
  ColumnAnswer v;
  v.first_spike_ms = response_.winner_time_ms;
  if (total <= 0) return v;
  const auto best = std::max_element(class_score_.begin(), class_score_.end());
  v.predicted_class = static_cast<int>(best - class_score_.begin());
  v.confidence = *best / total;
  return v;
}

ColumnState CorticalColumn::checkpoint() const {
  const auto& w = network_->projection(input_projection_).weight;
  return {std::vector<float>(w.begin(), w.end()), theta_, labels_};
}

bool CorticalColumn::release(NeuronIndex neuron) {
  if (quarantined_.at(neuron) == 0) return false;
  quarantined_[neuron] = 0;
  --quarantined_count_;
  return true;
}

bool CorticalColumn::quarantine(NeuronIndex neuron) {
  if (quarantined_.at(neuron) != 0) return false;
  quarantined_[neuron] = 1;
  ++quarantined_count_;
  return true;
}

void CorticalColumn::restore(const ColumnState& state) {
  network_->projection(input_projection_).weight.assign(state.weights.begin(), state.weights.end());
  theta_ = state.theta_mv;
  labels_ = state.labels;
}

}  // namespace snnft::columns
