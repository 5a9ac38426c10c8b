// SPDX-License-Identifier: MIT
#include "snnft/apps/network_progress.hpp"

#include <algorithm>

#include "snnft/snn/network.hpp"

namespace snnft::apps {

namespace {
constexpr std::uint64_t kPublications = 4096;
}

NetworkProgress::NetworkProgress(RunMonitor& monitor, std::uint64_t total_steps, const faults::FaultSchedule* schedule)
    : monitor_(monitor),
      schedule_(schedule != nullptr && !schedule->empty() ? schedule : nullptr),
      stride_(std::max<std::uint64_t>(1, total_steps / kPublications)),
      until_publish_(stride_) {}

void NetworkProgress::on_phase_end(Phase, const StepView& view) {
  for (PopulationIndex p = 0; p < view.network.population_count(); ++p) spikes_ += view.network.population(p).spikes().size();
  ++steps_;
  if (--until_publish_ > 0) return;
  until_publish_ = stride_;
  monitor_.on_steps(steps_, static_cast<double>(view.step + 1) * view.dt_ms, spikes_, schedule_);
}

void NetworkProgress::on_run_end(const StepView& view) {
  monitor_.on_steps(steps_, static_cast<double>(view.step) * view.dt_ms, spikes_, schedule_);
}

}  // namespace snnft::apps
