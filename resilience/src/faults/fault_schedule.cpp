// SPDX-License-Identifier: MIT
#include "snnft/resilience/faults/fault_schedule.hpp"

#include <limits>
#include <stdexcept>

#include "snnft/core/config_reader.hpp"

namespace snnft::faults {

FaultSchedule::FaultSchedule(std::vector<FaultSpec> specs, std::uint64_t run_seed)
    : specs_(std::move(specs)), run_seed_(run_seed) {}

FaultSchedule::~FaultSchedule() = default;

void FaultSchedule::attach(Simulation& simulation) {
  // The simulation keeps a pointer to the injector: attaching twice would leave it dangling.
  if (!injectors_.empty()) throw std::logic_error("a fault schedule is attached once");
  for (const FaultSpec& spec : specs_) {
    if (fault_kind_info(spec.kind).target == FaultTarget::kColumn) {
      throw ConfigError(spec.origin_is_json ? spec.origin + "/kind" : spec.origin,
                        std::string(fault_kind_name(spec.kind)) + " needs a run with columns");
    }
  }
  const Network& network = simulation.network();
  InjectorOptions options;
  options.run_seed = run_seed_;
  for (PopulationIndex p = 0; p < network.population_count(); ++p) {
    if (network.population(p).model_name() == "lif") options.default_populations.push_back(p);
  }
  injectors_.clear();
  injectors_.push_back(std::make_unique<NetworkInjector>(specs_, network, simulation.control(), simulation.now(), options));
  simulation.add_actor(*injectors_.back());
}

namespace {

InjectorOptions column_options(std::uint64_t run_seed, std::size_t k, const columns::CorticalColumn& col) {
  InjectorOptions options;
  options.run_seed = run_seed;
  options.column = static_cast<std::uint32_t>(k);
  options.trials = true;
  options.default_populations = {col.excitatory()};
  return options;
}

void check_columns(const std::vector<FaultSpec>& specs, const columns::MultiColumnProcessor& processor) {
  const std::size_t k_cols = processor.column_count();
  for (const FaultSpec& spec : specs) {
    if (spec.kind == FaultKind::kCascorNan && processor.column(0).grown_readout() == nullptr) {
      throw ConfigError(spec.origin_is_json ? spec.origin + "/kind" : spec.origin,
                        "cascor_nan needs columns with a grown readout (\"readout\": {\"kind\": \"cascor\"})");
    }
    if (spec.column && *spec.column >= k_cols) {
      throw ConfigError(fault_error_location(spec, "column"), "column " + std::to_string(*spec.column) +
                                                                  " does not exist (the run has " +
                                                                  std::to_string(k_cols) + " columns)");
    }
  }
}

/// A corrupted readout memory: NaN in the first class's bias weight, written again every trial
/// the fault is active (a rollback does not repair the memory cell).
void corrupt_readout(columns::CorticalColumn& col) {
  if (columns::ReadoutControl* readout = col.readout_control()) {
    readout->network_for_fault_injection().mutable_output_weights()(0, 0) = std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace

void FaultSchedule::check(columns::MultiColumnProcessor& processor) const {
  check_columns(specs_, processor);
  for (std::size_t k = 0; k < processor.column_count(); ++k) {
    columns::CorticalColumn& col = processor.column(k);
    NetworkInjector(specs_, col.network(), col.control(), col.simulation().now(), column_options(run_seed_, k, col));
  }
}

void FaultSchedule::attach(columns::MultiColumnProcessor& processor, double deadline_ms, ColumnFaultGate::Clock clock) {
  if (!injectors_.empty()) throw std::logic_error("a fault schedule is attached once");
  const std::size_t k_cols = processor.column_count();
  check_columns(specs_, processor);
  processor_ = &processor;
  gate_ = std::make_unique<ColumnFaultGate>(specs_, k_cols, processor.class_count(), deadline_ms, std::move(clock));
  injectors_.clear();
  origin_.assign(k_cols, 0);
  calls_.assign(k_cols, {});
  for (std::size_t k = 0; k < k_cols; ++k) {
    columns::CorticalColumn& col = processor.column(k);
    origin_[k] = col.simulation().now();
    injectors_.push_back(std::make_unique<NetworkInjector>(specs_, col.network(), col.control(), origin_[k],
                                                           column_options(run_seed_, k, col)));
    // Columns without faults of their own run exactly as before, with no actor at all.
    if (injectors_.back()->bound_faults() > 0) col.simulation().add_actor(*injectors_.back());
  }
}

void FaultSchedule::begin_trial(std::size_t column, std::int64_t trial) { begin(column, trial, std::nullopt); }

void FaultSchedule::begin_replay(std::size_t column, std::int64_t trial, std::uint32_t replay) {
  begin(column, trial, replay);
}

void FaultSchedule::begin(std::size_t column, std::int64_t trial, std::optional<std::uint32_t> replay) {
  if (processor_ == nullptr) throw std::logic_error("trials need a schedule attached to a multi-column processor");
  columns::CorticalColumn& col = processor_->column(column);
  const Step now = col.simulation().now();
  const double dt = col.params().dt_ms;
  if (replay) {
    injectors_[column]->begin_replay(trial, *replay, now);
  } else {
    injectors_[column]->begin_trial(trial, now);
  }
  gate_->begin_trial(column, trial, static_cast<double>(now - origin_[column]) * dt, static_cast<double>(now) * dt);
  if (gate_->active(column, FaultKind::kCascorNan)) corrupt_readout(col);
}

ColumnCall FaultSchedule::call(std::size_t column, const std::function<columns::ColumnAnswer()>& work) {
  if (gate_ == nullptr) throw std::logic_error("trials need a schedule attached to a multi-column processor");
  return gate_->call(column, work);
}

std::span<const ColumnCall> FaultSchedule::present(columns::MultiColumnProcessor& processor,
                                                   std::span<const float> sample, std::int64_t trial) {
  if (&processor != processor_) throw std::logic_error("present() needs the processor the schedule is attached to");
  processor.for_each_column([&](std::size_t k) {
    columns::CorticalColumn& col = processor.column(k);
    begin_trial(k, trial);
    try {
      calls_[k] = gate_->call(k, [&] {
        col.present(sample, 0.0);
        return col.vote();
      });
    } catch (const ColumnCrashed&) {
      calls_[k] = ColumnCall{};
      calls_[k].crashed = true;
      calls_[k].answer.valid = false;
    }
  });
  return calls_;
}

std::vector<std::vector<columns::ColumnAnswer>> FaultSchedule::evaluate(columns::MultiColumnProcessor& processor,
                                                                        const LabelledDataset& data) {
  std::vector<std::vector<columns::ColumnAnswer>> votes(processor.column_count(),
                                                        std::vector<columns::ColumnAnswer>(data.size()));
  for (std::size_t s = 0; s < data.size(); ++s) {
    const auto calls = present(processor, data.row(s), static_cast<std::int64_t>(s));
    for (std::size_t k = 0; k < calls.size(); ++k) votes[k][s] = calls[k].answer;
  }
  return votes;
}

std::size_t FaultSchedule::faults_injected() const {
  std::size_t n = gate_ ? gate_->faults_injected() : 0;
  for (const auto& i : injectors_) n += i->faults_injected();
  return n;
}

std::vector<Event> FaultSchedule::events() const {
  std::vector<Event> all = gate_ ? gate_->events() : std::vector<Event>{};
  for (const auto& i : injectors_) all.insert(all.end(), i->events().begin(), i->events().end());
  sort_events(all);
  return all;
}

const NetworkInjector* FaultSchedule::injector(std::size_t column) const {
  return column < injectors_.size() ? injectors_[column].get() : nullptr;
}

}  // namespace snnft::faults
