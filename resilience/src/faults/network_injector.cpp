// SPDX-License-Identifier: MIT
#include "snnft/resilience/faults/network_injector.hpp"

#include <algorithm>
#include <cmath>

#include "snnft/core/config_reader.hpp"

namespace snnft::faults {

struct NetworkInjector::Entry {
  FaultSpec spec;
  std::unique_ptr<BoundFault> fault;
  FaultTime at, until;
  bool permanent = true;
  Step at_step = 0, until_step = 0;  // for times in ms
  bool started = false, stopped = false;
  std::string source, target;
};

NetworkInjector::NetworkInjector(std::span<const FaultSpec> specs, const Network& network, NetworkControl& control,
                                 Step origin_step, InjectorOptions options)
    : network_(network),
      control_(control),
      origin_(origin_step),
      options_(std::move(options)),
      parameters_(std::make_unique<ParameterScales>(network, control)) {
  phases_ = phase_bit(Phase::kDeliver);  // the schedule is checked at the start of each step
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const FaultSpec& spec = specs[i];
    if (fault_kind_info(spec.kind).target == FaultTarget::kColumn) continue;
    if (spec.column) {
      if (!options_.column) throw ConfigError(fault_error_location(spec, "column"), "a network run has no columns");
      if (*spec.column != *options_.column) continue;
    }
    for (const auto& [key, time] : {std::pair{"at", spec.at}, std::pair{"until", spec.until}}) {
      if (time && time->unit == FaultTime::Unit::kTrials && !options_.trials) {
        throw ConfigError(fault_error_location(spec, key), std::string("a network run has no trials: give a time such as ") +
                                                               key + "=" + to_string(FaultTime{FaultTime::Unit::kMs, time->value}));
      }
    }
    auto e = std::make_unique<Entry>();
    e->spec = spec;
    BindContext context{network, control, spec.seed.value_or(options_.run_seed), static_cast<std::uint32_t>(i),
                        options_.column.value_or(0), options_.default_populations, parameters_.get(),
                        options_.trials ? &draw_key_ : nullptr};
    e->fault = bind_fault(spec, context);
    const FaultTime start{options_.trials ? FaultTime::Unit::kTrials : FaultTime::Unit::kMs, 0.0};
    e->at = spec.at.value_or(start);
    e->permanent = !spec.until.has_value();
    e->until = spec.until.value_or(start);
    const double dt = network.dt_ms();
    e->at_step = origin_ + static_cast<Step>(std::llround(e->at.value / dt));
    e->until_step = origin_ + static_cast<Step>(std::llround(e->until.value / dt));
    e->source = to_string(spec);
    e->target = (options_.column ? "column " + std::to_string(*options_.column) : std::string("network"));
    phases_ |= e->fault->phases();
    entries_.push_back(std::move(e));
  }
}

NetworkInjector::~NetworkInjector() = default;

std::size_t NetworkInjector::active_faults() const {
  std::size_t n = 0;
  for (const auto& e : entries_) n += e->started && !e->stopped;
  return n;
}

void NetworkInjector::activate(Entry& e, Step step, std::int64_t trial) {
  e.fault->activate(control_);
  e.started = true;
  ++injected_;
  events_.push_back({static_cast<double>(step) * network_.dt_ms(), trial, kFaultInjected, e.source, e.target,
                     e.fault->describe()});
}

void NetworkInjector::deactivate(Entry& e, Step step, std::int64_t trial) {
  e.fault->deactivate(control_);
  events_.push_back({static_cast<double>(step) * network_.dt_ms(), trial, kFaultCleared, e.source, e.target,
                     e.fault->describe()});
}

namespace {

/// The trial a trial-timed switch was due. A column that was not run for a while (isolated)
/// switches its faults lazily at its next trial; the event still names the scheduled one.
std::int64_t due_trial(const FaultTime& time, std::int64_t now) {
  return std::min(now, std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(time.value))));
}

}  // namespace

void NetworkInjector::switch_timed(Step step, bool by_trial) {
  const auto unit = by_trial ? FaultTime::Unit::kTrials : FaultTime::Unit::kMs;
  for (auto& ep : entries_) {
    Entry& e = *ep;
    if (e.stopped) continue;
    // The end is checked first: a fault whose window has passed before it started never appears.
    if (!e.permanent && e.until.unit == unit &&
        (by_trial ? static_cast<double>(trial_) >= e.until.value : step >= e.until_step)) {
      if (e.started) deactivate(e, step, by_trial ? due_trial(e.until, trial_) : trial_);
      e.stopped = true;
      continue;
    }
    if (!e.started && e.at.unit == unit && (by_trial ? static_cast<double>(trial_) >= e.at.value : step >= e.at_step)) {
      activate(e, step, by_trial ? due_trial(e.at, trial_) : trial_);
    }
  }
}

void NetworkInjector::begin_trial(std::int64_t trial, Step now) {
  draw_key_ = {DrawKey::Space::kTestTrial, static_cast<std::uint64_t>(trial), now, draw_key_.generation + 1};
  begin_presentation(trial, now);
}

void NetworkInjector::begin_replay(std::int64_t trial, std::uint32_t replay, Step now) {
  draw_key_ = {DrawKey::Space::kReplay, (static_cast<std::uint64_t>(trial) << 32) | replay, now,
               draw_key_.generation + 1};
  begin_presentation(trial, now);
}

void NetworkInjector::begin_presentation(std::int64_t trial, Step now) {
  trial_ = trial;
  rescale_parameters_ = true;
  switch_timed(now, true);
  for (auto& e : entries_) {
    if (e->started && !e->stopped) e->fault->begin_trial();
  }
}

void NetworkInjector::act(Phase phase, const StepView& view, NetworkControl& control) {
  if (phase == Phase::kDeliver) {
    switch_timed(view.step, false);
    // A column resets its thresholds when a trial starts, after begin_trial(): scale them
    // again before the trial's first integration.
    if (rescale_parameters_ && parameters_->any_active()) parameters_->enforce();
    rescale_parameters_ = false;
  }
  const PhaseMask bit = phase_bit(phase);
  for (auto& e : entries_) {
    if (e->started && !e->stopped && (e->fault->phases() & bit)) e->fault->act(phase, view, control);
  }
}

}  // namespace snnft::faults
