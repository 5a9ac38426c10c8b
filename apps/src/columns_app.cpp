// SPDX-License-Identifier: MIT
// "kind": "columns" — cortical columns on a real data set: train (unsupervised STDP), label,
// test, vote; print per-column and vote accuracy and a confusion matrix; write votes and
// consensus per trial to HDF5.
#include "snnft/apps/columns_app.hpp"

#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>

#include "snnft/apps/columns_config.hpp"
#include "snnft/apps/columns_setup.hpp"
#include "snnft/apps/columns_test_phase.hpp"
#include "snnft/apps/fault_options.hpp"
#include "snnft/apps/provenance.hpp"
#include "snnft/columns/column_state_io.hpp"
#include "snnft/columns/voting.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/interrupt.hpp"
#include "snnft/snn/spike_recorder.hpp"
#include "snnft/resilience/neuromorphic/protection_output.hpp"

namespace snnft::apps {
namespace {

/// Keeps one column's recorded spikes in memory; each column has its own, so columns
/// running on different threads never share one.
class ColumnSpikeLog final : public SpikeSink {
 public:
  void write_spikes(PopulationIndex, std::span<const Step> steps, std::span<const NeuronIndex> ids) override {
    steps_.insert(steps_.end(), steps.begin(), steps.end());
    ids_.insert(ids_.end(), ids.begin(), ids.end());
  }
  void write_sonata(H5Output& out, const std::string& group, double dt_ms) const {
    std::vector<double> t(steps_.size());
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<double>(steps_[i]) * dt_ms;
    out.write<double>(group + "/timestamps", t);
    out.write<std::uint64_t>(group + "/node_ids", std::vector<std::uint64_t>(ids_.begin(), ids_.end()));
    out.set_attribute(group, "sorting", std::string("by_time"));
    out.set_attribute(group + "/timestamps", "units", std::string("ms"));
  }

 private:
  std::vector<Step> steps_;
  std::vector<NeuronIndex> ids_;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string confusion_text(const std::vector<std::vector<std::uint32_t>>& m) {
  std::ostringstream s;
  s << "confusion matrix (rows: true class, columns: vote)\n";
  for (const auto& row : m) {
    for (auto v : row) s << (v < 10 ? "    " : v < 100 ? "   " : "  ") << v;
    s << '\n';
  }
  return s.str();
}

/// Adds what protection did to the summary: the ladder's lowest and final rung, detections,
/// how fast they came, which columns were isolated, how many neurons of each column were
/// quarantined, transitions (of the ladder and system state; of the column breakers apart),
/// where answers came from.
void report_protection(const neuromorphic::ProtectedClassifier& classifier, const faults::FaultSchedule& schedule,
                       Summary& summary) {
  const neuromorphic::ProtectionSummary p = neuromorphic::summarize(classifier);
  const auto marks = fault_marks(schedule);
  summary.set("protection", classifier.enabled() ? std::string("on") : std::string("off"));
  summary.set("ladder_min_level", std::string(neuromorphic::to_string(p.deepest_level)));
  summary.set("ladder_final_level", std::string(neuromorphic::to_string(p.final_level)));
  // Detection statistics count only what follows an injected fault; anything earlier (or in
  // a fault-free run) is a false alarm.
  const DetectionCounts counted = count_detections(classifier.events(), marks);
  summary.set("detections", counted.detections);
  summary.set("false_detections", counted.false_detections);
  summary.set("mean_detection_trials", neuromorphic::mean_detection_trials(classifier.events(), marks));
  summary.set("recovery_trials", recovery_trials(classifier.events()));
  summary.set("isolated_columns", p.isolated_columns);
  summary.set("quarantined_neurons", classifier.quarantined_neurons());
  summary.set("transitions", p.transitions);
  summary.set("column_transitions", p.column_transitions);
  nlohmann::ordered_json sources = nlohmann::ordered_json::object();
  for (int s = 0; s < 4; ++s) {
    sources[std::string(neuromorphic::to_string(static_cast<neuromorphic::AnswerSource>(s)))] = p.answers_by_source[s];
  }
  summary.set("answer_sources", sources);
  // What calibration measured: each rung's, each fallback's and each column's accuracy on the
  // held-back samples, and the rungs the ladder may stand on.
  const neuromorphic::RungCalibration& c = classifier.calibration();
  if (classifier.enabled() && c.measured()) {
    nlohmann::ordered_json rungs = nlohmann::ordered_json::object(), fallbacks = nlohmann::ordered_json::object();
    std::vector<std::string> eligible;
    for (std::size_t r = 0; r < neuromorphic::kLadderLevels; ++r) {
      const auto level = static_cast<neuromorphic::LadderLevel>(r);
      rungs[std::string(neuromorphic::to_string(level))] = c.rung_accuracy[r];
      if (classifier.ladder().eligible()[r]) eligible.emplace_back(neuromorphic::to_string(level));
    }
    for (const auto& f : classifier.fallback().candidates()) fallbacks[f.name] = f.calibration_accuracy;
    summary.set("rung_calibration_accuracy", rungs);
    summary.set("fallback_calibration_accuracy", fallbacks);
    summary.set("fallback", std::string(classifier.fallback().name()));
    summary.set("column_calibration_accuracy", c.column_accuracy);
    summary.set("calibration_samples", c.samples);
    summary.set("eligible_rungs", eligible);
  }
  std::size_t admitted = 0;
  for (std::size_t k = 0; k < classifier.breakers().size(); ++k) admitted += classifier.breakers().state(k) == breaker::BreakerState::kClosed;
  summary.set("final_capacity", static_cast<double>(admitted) / static_cast<double>(classifier.breakers().size()));
}

}  // namespace

void validate_columns(const nlohmann::json& config, const std::string& config_dir) {
  parse_columns_config(config, config_dir);
}

int run_columns(const nlohmann::json& config, const RunOptions& options, Summary& summary) {
  ColumnsRunConfig cfg = resolve_columns_config(config, options);
  faults::FaultSchedule schedule(run_faults(cfg.faults, options.faults), cfg.seed);
  const DatasetSplit data = load_dataset(cfg.dataset);
  if (cfg.protection.enabled) check_protection_data(data.train, cfg.dataset);
  resolve_random_views(cfg, data.train.feature_count);
  std::unique_ptr<H5Output> out;
  if (cfg.output) out = std::make_unique<H5Output>(*cfg.output);
  std::unique_ptr<H5Output> save;
  if (cfg.save_columns) save = std::make_unique<H5Output>(*cfg.save_columns);

  const int classes = data.train.class_count;
  columns::MultiColumnProcessor processor(cfg.columns, data.train.feature_count, classes, cfg.threads);
  processor.set_stop_check(interrupt_requested);  // Ctrl-C stops training before the next sample
  schedule.check(processor);
  // Built before training, so that training and labelling are audited too.
  neuromorphic::ProtectedClassifier classifier(processor, cfg.protection, vote_rule(cfg.vote));

  if (options.monitor != nullptr) options.monitor->begin(RunPhase::kTraining, "trial", data.test.size());
  const auto t_train = std::chrono::steady_clock::now();
  if (cfg.load_columns) {
    load_saved_columns(*cfg.load_columns, processor);
  } else {
    // Threads with no column left to train label the trained ones meanwhile. Labelling runs on
    // frozen copies of the columns, so the label audit checks the learned state only.
    processor.train_and_label(data.train, cfg.epochs);
    classifier.audit(neuromorphic::Operation::kTrain);
    classifier.audit(neuromorphic::Operation::kLabel);
  }
  // Stopped during training: the columns are unfinished, so no test trial is run.
  const bool trained = !processor.stopped();
  const double stdp_s = seconds_since(t_train);
  // The grown readouts learn from the trained columns' spike-timing codes.
  if (trained && !cfg.load_columns) processor.train_readouts(data.train, vote_rule(cfg.vote));
  const double readout_s = seconds_since(t_train) - stdp_s;
  if (trained) prepare_for_test(classifier, data.train, cfg);
  const double train_s = seconds_since(t_train);

  // With an output file, the excitatory spikes of the test trials are recorded per column.
  std::vector<ColumnSpikeLog> spike_logs(processor.column_count());
  std::vector<std::unique_ptr<SpikeRecorder>> recorders;
  std::vector<double> test_start_ms(processor.column_count());
  if (out) {
    for (std::size_t k = 0; k < processor.column_count(); ++k) {
      auto& col = processor.column(k);
      recorders.push_back(std::make_unique<SpikeRecorder>(col.network(), std::vector<PopulationIndex>{col.excitatory()},
                                                          spike_logs[k]));
      col.simulation().add_observer(*recorders.back());
      test_start_ms[k] = static_cast<double>(col.simulation().now()) * col.params().dt_ms;
    }
  }
  const auto t_test = std::chrono::steady_clock::now();
  ColumnsTestResult result;
  if (trained) {
    if (options.monitor != nullptr) options.monitor->begin(RunPhase::kTesting, "trial", data.test.size());
    result = run_test_phase(classifier, processor, data.test, schedule, cfg.test_learning_rate, options.monitor,
                            options.trial_rate_hz.value_or(0.0));
  } else {
    result.columns = processor.column_count();
    result.column_trials.assign(result.columns, 0);
    result.column_correct.assign(result.columns, 0);
    result.interrupted = true;
  }
  for (auto& r : recorders) r->flush();
  const double test_s = seconds_since(t_test);

  const std::size_t k_cols = processor.column_count(), n = result.trials;
  std::vector<std::vector<std::uint32_t>> confusion(static_cast<std::size_t>(classes),
                                                    std::vector<std::uint32_t>(static_cast<std::size_t>(classes), 0));
  for (std::size_t s = 0; s < n; ++s) {
    const int label = data.test.labels[s];
    if (result.answers[s] >= 0) {
      ++confusion[static_cast<std::size_t>(label)][static_cast<std::size_t>(result.answers[s])];
    }
  }
  std::vector<double> column_accuracy(k_cols);
  // Over the trials each column was run: an isolated column is not judged by trials it sat out.
  for (std::size_t k = 0; k < k_cols; ++k) column_accuracy[k] = result.column_accuracy(k);
  double mean_agreement = 0;
  for (double a : result.agreement) mean_agreement += a / static_cast<double>(n);

  summary.set("name", cfg.name);
  summary.set("dataset", cfg.dataset.name);
  summary.set("train_samples", data.train.size());
  summary.set("test_samples", n);
  if (result.interrupted) summary.set("interrupted", true);
  summary.set("columns", k_cols);
  summary.set("vote", cfg.vote);
  summary.set("test_accuracy", result.accuracy());
  summary.set("column_accuracies", column_accuracy);
  summary.set("mean_agreement", mean_agreement);
  summary.set("train_s", train_s);
  const bool grown = processor.column(0).grown_readout() != nullptr;
  summary.set("readout", std::string(grown ? "cascor" : "labels"));
  // A label readout has no hidden units: zeros, so every columns summary has the same keys.
  std::vector<std::size_t> units(k_cols, 0);
  if (grown) {
    std::vector<double> label_weights(k_cols);
    for (std::size_t k = 0; k < k_cols; ++k) {
      units[k] = processor.column(k).grown_readout()->network().hidden_count();
      label_weights[k] = processor.column(k).grown_readout()->label_weight();
    }
    summary.set("readout_train_s", readout_s);
    summary.set("label_weights", label_weights);
    // What the calibration measured for each candidate weight, on the held-out training samples.
    const columns::LabelWeightChoice& choice = processor.label_weight_choice();
    if (!choice.vote_accuracy.empty()) {
      nlohmann::ordered_json table = nlohmann::ordered_json::object();
      for (std::size_t w = 0; w < choice.vote_accuracy.size(); ++w) {
        std::ostringstream weight;
        weight << choice.candidates[w];
        table[weight.str()] = choice.vote_accuracy[w];
      }
      summary.set("label_weight_calibration_accuracy", table);
    }
  }
  summary.set("hidden_units", units);
  summary.set("test_s", test_s);
  summary.set("trials_per_s", test_s > 0 ? static_cast<double>(n) / test_s : 0.0);
  summary.set("threads", cfg.threads);
  summary.set("seed", cfg.seed);
  summary.set("faults_injected", schedule.faults_injected());
  report_protection(classifier, schedule, summary);
  if (options.monitor != nullptr) options.monitor->finish(result.interrupted);
  if (options.json_summary) {
    summary.set("confusion", confusion);
  } else {
    std::cout << confusion_text(confusion);
    if (classifier.enabled()) std::cout << classifier.analytics().report();
  }
  if (save && trained) {
    columns::save_columns(*save, "/columns", processor);
    write_provenance(*save, config, cfg.seed);
    save->commit();
    summary.set("saved_columns", save->final_path());
  }
  if (out) {
    write_provenance(*out, config, cfg.seed);
    out->set_attribute("/", "interrupted", static_cast<std::int64_t>(result.interrupted));
    out->write_matrix<std::int32_t>("/columns/test/votes", result.column_votes, n, k_cols);
    out->write_matrix<double>("/columns/test/confidences", result.confidences, n, k_cols);
    out->write_matrix<double>("/columns/test/first_spike_ms", result.first_spike_ms, n, k_cols);
    out->write<std::int32_t>("/columns/test/labels", std::vector<std::int32_t>(data.test.labels.begin(), data.test.labels.begin() + static_cast<std::ptrdiff_t>(n)));
    out->write<std::int32_t>("/columns/test/answers", result.answers);
    out->write<std::int32_t>("/columns/test/consensus/winning_class", result.winning_class);
    out->write<double>("/columns/test/consensus/agreement", result.agreement);
    out->write<double>("/columns/accuracy", column_accuracy);
    for (std::size_t k = 0; k < k_cols; ++k) {
      if (const auto* r = processor.column(k).grown_readout(); r != nullptr && r->trained()) {
        columns::write_readout(*out, "/columns/column" + std::to_string(k) + "/cascor", *r);
      }
    }
    for (std::size_t k = 0; k < k_cols; ++k) {
      const std::string group = "/spikes/column" + std::to_string(k);
      spike_logs[k].write_sonata(*out, group, processor.column(k).params().dt_ms);
      // Each column has its own clock; test trial s starts at test_start_ms + s·trial_ms.
      out->set_attribute(group, "test_start_ms", test_start_ms[k]);
      out->set_attribute(group, "trial_ms", processor.column(k).params().trial_ms);
    }
    std::vector<std::uint32_t> flat;
    for (const auto& row : confusion) flat.insert(flat.end(), row.begin(), row.end());
    out->write_matrix<std::uint32_t>("/columns/confusion", flat, static_cast<std::size_t>(classes), static_cast<std::size_t>(classes));
    // The health trace and the events share the columns' simulated time base.
    neuromorphic::write_health(*out, classifier.recorder());
    neuromorphic::EventLog events;
    for (auto& e : merged_events(schedule, classifier)) events.add(std::move(e));
    neuromorphic::write_events(*out, events);
    if (classifier.enabled()) neuromorphic::write_failure_analytics(*out, classifier.analytics());
    if (classifier.enabled()) neuromorphic::write_calibration(*out, classifier);
    out->set_attribute("/", "summary", summary.values().dump());
    out->commit();
    summary.set("output", out->final_path());
  }
  return result.interrupted ? interrupt_exit_code() : 0;
}

}  // namespace snnft::apps
