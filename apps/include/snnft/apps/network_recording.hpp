// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <vector>

#include "snnft/apps/background_writer.hpp"
#include "snnft/apps/record_config.hpp"
#include "snnft/core/hdf5_output.hpp"
#include "snnft/snn/rate_recorder.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/state_recorder.hpp"
#include "snnft/snn/weight_recorder.hpp"

namespace snnft::apps {

/// Sampled state, population rates and weight snapshots of a network run, streamed into an
/// HDF5 file (layout in docs/recording.md):
///   /report/<population>.<variable>/data               float32, frames × neurons, chunked, deflated; `units`
///   /report/<population>.<variable>/mapping/node_ids   uint64 (the recorded neurons)
///   /report/<population>.<variable>/mapping/{index_pointers, element_ids, time}
///   /rates/<population>/{spike_counts, rate_hz}, time = [start, stop, step]
///   /weights/<projection>/data                         float32, snapshots × synapses; time; synapse_pre/post
/// Each report group is a complete SONATA frame-oriented report whose population name is
/// "<population>.<variable>" (libsonata and BMTK list it as such).
///
/// Usage: construct (creates the datasets), attach() to a simulation, run, finish().
class NetworkRecording {
 public:
  /// With a `background` writer, full buffers of frames are written on its thread (finish()
  /// drains it before writing the rest).
  NetworkRecording(H5Output& out, const Network& network, const RecordConfig& config,
                   BackgroundWriter* background = nullptr);
  ~NetworkRecording();
  NetworkRecording(const NetworkRecording&) = delete;
  NetworkRecording& operator=(const NetworkRecording&) = delete;

  /// Registers every recorder; `steps` (the planned run length) lets the rate recorder
  /// reserve its memory up front.
  void attach(Simulation& sim, Step steps);
  /// Flushes the recorders and writes the time mappings and rates. Call once, after the run.
  void finish();

 private:
  class ReportWriter;
  class WeightWriter;
  H5Output& out_;
  const Network& network_;
  std::vector<std::unique_ptr<ReportWriter>> reports_;
  std::vector<std::unique_ptr<StateRecorder>> state_;
  std::vector<std::unique_ptr<WeightWriter>> weight_writers_;
  std::vector<std::unique_ptr<WeightRecorder>> weights_;
  std::unique_ptr<RateRecorder> rates_;
  BackgroundWriter* background_;
  // Last, so they are gone (their writes done) before the writers they feed.
  std::vector<std::unique_ptr<BackgroundFrameSink>> background_sinks_;
};

/// The SONATA report group name of one recorded variable: "<population>.<variable>".
std::string report_name(const std::string& population, const std::string& variable);

}  // namespace snnft::apps
