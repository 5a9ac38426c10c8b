// SPDX-License-Identifier: MIT
// /metrics: the run's status as Prometheus text, family by family.
#include <array>
#include <cstddef>
#include <sstream>

#include "snnft/apps/serve_render.hpp"
#include "snnft/resilience/breaker/prometheus.hpp"

namespace snnft::apps {

namespace {

using breaker::escape_label_value;
using breaker::format_sample_value;

/// Writes families; a family's samples follow its HELP and TYPE lines.
class Exposition {
 public:
  explicit Exposition(std::ostringstream& out) : out_(out) {}

  void family(std::string_view name, std::string_view type, std::string_view help) {
    out_ << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
    name_ = name;
  }
  /// A sample of the current family; `labels` is `key="value",...` or empty.
  void sample(std::string_view labels, double value) {
    out_ << name_;
    if (!labels.empty()) out_ << '{' << labels << '}';
    out_ << ' ' << format_sample_value(value) << '\n';
  }
  void single(std::string_view name, std::string_view type, std::string_view help, double value) {
    family(name, type, help);
    sample("", value);
  }

 private:
  std::ostringstream& out_;
  std::string_view name_;
};

std::string column_label(std::size_t k) { return "column=\"" + std::to_string(k) + "\""; }

template <class F>
void per_column(Exposition& x, const RunStatus& s, std::string_view name, std::string_view type, std::string_view help,
                F value) {
  if (s.columns.empty()) return;
  x.family(name, type, help);
  for (std::size_t k = 0; k < s.columns.size(); ++k) x.sample(column_label(k), value(s.columns[k]));
}

void progress(Exposition& x, const RunStatus& s, double wall_s) {
  x.family("snnft_run_info", "gauge", "The run: its kind and config (always 1).");
  x.sample("kind=\"" + escape_label_value(s.kind) + "\",config=\"" + escape_label_value(s.config) + "\"", 1);
  x.family("snnft_run_phase", "gauge", "1 for the phase the run is in, 0 for the others.");
  for (std::size_t p = 0; p < kRunPhases; ++p) {
    const auto phase = static_cast<RunPhase>(p);
    x.sample("phase=\"" + std::string(to_string(phase)) + "\"", s.phase == phase ? 1 : 0);
  }
  const std::string unit = "unit=\"" + std::string(s.unit) + "\"";
  x.family("snnft_run_progress_total", "counter", "Steps or test trials completed.");
  x.sample(unit, static_cast<double>(s.done));
  x.family("snnft_run_planned", "gauge", "Steps or test trials the run will do (0: not known yet).");
  x.sample(unit, static_cast<double>(s.total));
  if (s.runs_total > 0) {
    x.single("snnft_campaign_runs_completed_total", "counter", "Test phases of the campaign completed.",
             static_cast<double>(s.runs_done));
    x.single("snnft_campaign_runs_planned", "gauge", "Test phases the campaign will run.", static_cast<double>(s.runs_total));
  }
  x.single("snnft_run_simulated_seconds_total", "counter", "Simulated time so far (test trials: the columns' clock).",
           s.simulated_ms * 1e-3);
  x.single("snnft_run_wall_seconds", "gauge", "Wall-clock time since the run started (until it ended).", wall_s);
  x.single("snnft_run_spikes_total", "counter", "Spikes so far (columns runs: excitatory spikes of test trials).",
           static_cast<double>(s.spikes));
  const double rate = wall_s > 0 ? 1.0 / wall_s : 0.0;
  x.single("snnft_run_spikes_per_second", "gauge", "Spikes per wall-clock second, over the run so far.",
           static_cast<double>(s.spikes) * rate);
  x.family("snnft_run_progress_per_second", "gauge", "Steps or trials per wall-clock second, over the run so far.");
  x.sample(unit, static_cast<double>(s.done) * rate);
}

void protection(Exposition& x, const RunStatus& s) {
  using neuromorphic::kLadderLevels;
  using neuromorphic::kSystemStates;
  x.single("snnft_protection_enabled", "gauge", "1 when health monitoring, column breakers and the ladder are on.",
           s.protection ? 1 : 0);
  x.single("snnft_ladder_level", "gauge",
           "Degradation ladder rung: 0 Normal, 1 ReducedPrecision, 2 SingleColumn, 3 StaticWeights, 4 Emergency.",
           static_cast<double>(s.level));
  x.family("snnft_ladder_transitions_total", "counter", "Moves of the ladder onto each rung.");
  for (std::size_t r = 0; r < kLadderLevels; ++r) {
    x.sample("to=\"" + std::string(to_string(static_cast<neuromorphic::LadderLevel>(r))) + "\"",
             static_cast<double>(s.ladder_entered[r]));
  }
  x.family("snnft_system_state", "gauge", "1 for the system breaker's state, 0 for the others.");
  for (std::size_t i = 0; i < kSystemStates; ++i) {
    const auto st = static_cast<neuromorphic::SystemState>(i);
    x.sample("state=\"" + std::string(to_string(st)) + "\"", s.system_state == st ? 1 : 0);
  }
  x.family("snnft_system_state_transitions_total", "counter", "Changes of the system breaker into each state.");
  for (std::size_t i = 0; i < kSystemStates; ++i) {
    x.sample("to=\"" + std::string(to_string(static_cast<neuromorphic::SystemState>(i))) + "\"",
             static_cast<double>(s.system_entered[i]));
  }
  x.single("snnft_system_health", "gauge", "System health of the latest trial (NaN: nothing measured).", s.system_health);
  x.single("snnft_health_score", "gauge", "Mean system health over the ladder's latest window.", s.health_score);
  x.single("snnft_accuracy", "gauge", "Share of labelled test trials answered right so far in this run.", s.accuracy);
  x.single("snnft_detections_total", "counter", "Times a column started failing a health check.",
           static_cast<double>(s.detections));
  x.family("snnft_answers_total", "counter", "Test trials by where the answer came from.");
  for (std::size_t i = 0; i < s.answers.size(); ++i) {
    x.sample("source=\"" + std::string(to_string(static_cast<neuromorphic::AnswerSource>(i))) + "\"",
             static_cast<double>(s.answers[i]));
  }
  x.single("snnft_fallback_answers_total", "counter", "Test trials answered by the non-spiking fallback classifier.",
           static_cast<double>(s.answers[static_cast<std::size_t>(neuromorphic::AnswerSource::kFallback)]));
  x.single("snnft_recent_errors", "gauge", "Failed column health checks over the latest 100 trials.",
           static_cast<double>(s.recent_errors));
  x.family("snnft_fault_events_total", "counter", "Faults injected and cleared.");
  x.sample("to=\"injected\"", static_cast<double>(s.faults_injected));
  x.sample("to=\"cleared\"", static_cast<double>(s.faults_cleared));
  x.single("snnft_events_total", "counter", "Lines in the event log (/events).", static_cast<double>(s.events));

  per_column(x, s, "snnft_column_breaker_state", "gauge",
             "Column breaker: 0 closed, 1 open (isolated), 2 half-open (probing), 3 forced open, 4 disabled.",
             [](const ColumnStatus& c) { return static_cast<double>(c.state); });
  per_column(x, s, "snnft_column_health_score", "gauge", "Column health score of the latest trial (NaN: not run).",
             [](const ColumnStatus& c) { return static_cast<double>(c.health); });
  per_column(x, s, "snnft_column_trials_total", "counter", "Test trials the column ran.",
             [](const ColumnStatus& c) { return static_cast<double>(c.trials_run); });
  per_column(x, s, "snnft_column_failed_trials_total", "counter", "Trials the column ran and failed a health check in.",
             [](const ColumnStatus& c) { return static_cast<double>(c.failed_trials); });
  if (!s.columns.empty()) {
    x.family("snnft_column_signature_failures_total", "counter", "Trials a column failed each health check in.");
    for (std::size_t k = 0; k < s.columns.size(); ++k) {
      for (std::size_t i = 0; i < neuromorphic::kSignatureCount; ++i) {
        x.sample(column_label(k) + ",signature=\"" + std::string(to_string(neuromorphic::signature_at(i))) + "\"",
                 static_cast<double>(s.columns[k].signature_failures[i]));
      }
    }
  }
  per_column(x, s, "snnft_column_detections_total", "counter", "Times the column started failing a health check.",
             [](const ColumnStatus& c) { return static_cast<double>(c.detections); });
  per_column(x, s, "snnft_column_isolations_total", "counter", "Times the column's breaker opened.",
             [](const ColumnStatus& c) { return static_cast<double>(c.isolations); });
  per_column(x, s, "snnft_column_readmissions_total", "counter", "Times the column was readmitted after probing.",
             [](const ColumnStatus& c) { return static_cast<double>(c.readmissions); });
  per_column(x, s, "snnft_column_quarantined_neurons", "gauge", "Neurons of the column silenced by quarantine.",
             [](const ColumnStatus& c) { return static_cast<double>(c.quarantined_neurons); });
}

}  // namespace

std::string metrics_text(const RunStatus& status, double wall_s, const breaker::BreakerRegistry* registry) {
  std::ostringstream out;
  Exposition x(out);
  progress(x, status, wall_s);
  protection(x, status);
  std::string text = out.str();
  if (registry != nullptr) text += breaker::prometheus_text(*registry);
  return text;
}

}  // namespace snnft::apps
