// SPDX-License-Identifier: MIT
#include "state_recordings.hpp"

namespace snnft::python {

void StateRecordings::on_phase_end(Phase phase, const StepView& view) {
  for (Recording& r : recordings_) r.recorder->on_phase_end(phase, view);
}

void StateRecordings::on_run_end(const StepView& view) {
  for (Recording& r : recordings_) r.recorder->on_run_end(view);
}

StateRecordings::Recording StateRecordings::make(const Network& network, StateRecordSpec spec) {
  Recording r{std::move(spec), std::make_unique<MemoryFrameSink>(), nullptr};
  r.recorder = std::make_unique<StateRecorder>(network, r.spec, *r.sink);
  return r;
}

void StateRecordings::add(const Network& network, StateRecordSpec spec) {
  Recording r = make(network, std::move(spec));
  for (Recording& old : recordings_) {
    if (old.spec.population == r.spec.population && old.spec.variables == r.spec.variables) {
      old = std::move(r);
      return;
    }
  }
  recordings_.push_back(std::move(r));
}

StateRecordings::Recording* StateRecordings::find(PopulationIndex population, const std::string& variable) {
  for (Recording& r : recordings_) {
    if (r.spec.population == population && r.spec.variables.front() == variable) {
      r.recorder->flush();
      return &r;
    }
  }
  return nullptr;
}

void StateRecordings::clear(const Network& network) {
  for (Recording& r : recordings_) r = make(network, r.spec);
}

}  // namespace snnft::python
