// SPDX-License-Identifier: MIT
// What recording state costs a CUBA run: the 4000-neuron Brette et al. 2007 network for 1 s,
// without recording, and with v_mv of every neuron sampled in every step (or every 1 ms),
// (a) into the recorders' buffers only and (b) streamed into an HDF5 file as `snnft run`
// writes it, with the report datasets uncompressed or deflated. The overhead is the ratio of
// the medians to BM_CubaRecordV/none (bench/recording_overhead.sh prints it).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "snnft/apps/background_writer.hpp"
#include "snnft/apps/network_config.hpp"
#include "snnft/apps/network_recording.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/hdf5_output.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/spike_recorder.hpp"

namespace snnft {
namespace {

std::string cuba_config_path() {
  const char* env = std::getenv("SNNFT_DATA_DIR");
  return std::string(env ? env : SNNFT_DATA_DIR) + "/configs/cuba.json";
}

/// A sink that drops the frames: what remains is the sampling itself.
class DiscardSink final : public FrameSink {
 public:
  void write_frames(std::size_t, std::span<const float> data, std::size_t) override {
    benchmark::DoNotOptimize(data.data());
  }
};

// kHdf5: written as `snnft run` writes it, on a writer thread; kHdf5SameThread: written by
// the simulating thread itself.
// kOneNeuron: v_mv of neuron 0 of each population into the buffers, the recorders' own cost
// per sample without the copy.
enum class Mode { kNone, kBufferOnly, kOneNeuron, kHdf5, kHdf5SameThread };

// v_mv of every neuron of both populations, every `interval` steps, deflated at `level`
// (the report's own "deflate" setting, which overrides the file's).
apps::RecordConfig all_voltages(Step interval, int level, std::size_t buffer_frames) {
  apps::RecordConfig rec;
  rec.state.push_back({"exc", {"v_mv"}, {}, interval});
  rec.state.push_back({"inh", {"v_mv"}, {}, interval});
  for (auto& s : rec.state) {
    s.deflate_level = level;
    s.buffer_frames = buffer_frames;
  }
  return rec;
}

// `buffer_frames`: frames per recorder buffer (0: the recorder's default, about 256 KB).
void cuba_recording(benchmark::State& state, Mode mode, int deflate_level, Step interval, std::size_t buffer_frames) {
  std::optional<apps::NetworkRunConfig> cfg;
  try {
    cfg = apps::parse_network_config(read_json_file(cuba_config_path()));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  const Step steps = std::llround(1000.0 / cfg->network.dt_ms);
  const std::string path = (std::filesystem::temp_directory_path() / "snnft_recording_bench.h5").string();
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto net = std::make_unique<Network>(Network::build(cfg->network, cfg->seed));
    Simulation sim(*net, {best_simd_isa(), 1, 1024});
    SpikeStatistics stats(*net);
    sim.add_observer(stats);
    DiscardSink discard;
    std::vector<std::unique_ptr<StateRecorder>> buffered;
    std::unique_ptr<H5Output> out;
    std::unique_ptr<apps::BackgroundWriter> background;
    std::unique_ptr<apps::NetworkRecording> recording;
    if (mode == Mode::kBufferOnly || mode == Mode::kOneNeuron) {
      const std::vector<NeuronIndex> ids = mode == Mode::kOneNeuron ? std::vector<NeuronIndex>{0} : std::vector<NeuronIndex>{};
      for (PopulationIndex p = 0; p < net->population_count(); ++p) {
        buffered.push_back(
            std::make_unique<StateRecorder>(*net, StateRecordSpec{p, {"v_mv"}, ids, interval}, discard, buffer_frames));
        sim.add_observer(*buffered.back());
      }
    } else if (mode == Mode::kHdf5 || mode == Mode::kHdf5SameThread) {
      out = std::make_unique<H5Output>(path);
      out->set_deflate_level(deflate_level);
      if (mode == Mode::kHdf5) background = std::make_unique<apps::BackgroundWriter>();
      recording = std::make_unique<apps::NetworkRecording>(*out, *net, all_voltages(interval, deflate_level, buffer_frames),
                                                           background.get());
      recording->attach(sim, steps);
    }
    state.ResumeTiming();
    sim.run(steps);
    if (recording) {
      recording->finish();
      out->commit();
    }
    state.PauseTiming();
    if (out) bytes = std::filesystem::file_size(path);
    recording.reset();
    background.reset();
    out.reset();
    net.reset();
    state.ResumeTiming();
  }
  std::filesystem::remove(path);
  state.counters["file_mb"] = static_cast<double>(bytes) / 1e6;
  state.counters["frames"] = static_cast<double>(steps / interval);
}

// One iteration per repetition (each is a whole 1 s run). CPU time of the simulating thread
// (on a shared machine steadier than wall time) and wall time, which includes waiting for the
// writer thread at the end.
void register_variant(const char* name, Mode mode, int deflate_level, Step interval, std::size_t buffer_frames = 0) {
  benchmark::RegisterBenchmark(name,
                               [=](benchmark::State& s) { cuba_recording(s, mode, deflate_level, interval, buffer_frames); })
      ->Iterations(1)
      ->Repetitions(7)
      ->Unit(benchmark::kMillisecond);
}

const bool registered = [] {
  register_variant("BM_CubaRecordV/none", Mode::kNone, 0, 1);
  register_variant("BM_CubaRecordV/buffer_only", Mode::kBufferOnly, 0, 1);
  register_variant("BM_CubaRecordV/buffer_only_interval_1ms", Mode::kBufferOnly, 0, 10);
  // Other buffer sizes, in frames of 3200 (exc) and 800 (inh) floats: 1 frame (the same
  // 12.8 KB written again in every step), 4 frames (64 KB for exc) and 82 frames (1 MiB for
  // exc, 256 KB for inh) against the default 256 KB.
  register_variant("BM_CubaRecordV/buffer_only_1_frame", Mode::kBufferOnly, 0, 1, 1);
  register_variant("BM_CubaRecordV/buffer_only_4_frames", Mode::kBufferOnly, 0, 1, 4);
  register_variant("BM_CubaRecordV/buffer_only_82_frames", Mode::kBufferOnly, 0, 1, 82);
  // What the recorders cost besides the copy: the same two recorders, one neuron each.
  register_variant("BM_CubaRecordV/buffer_only_1_neuron", Mode::kOneNeuron, 0, 1);
  register_variant("BM_CubaRecordV/hdf5_deflate0", Mode::kHdf5, 0, 1);
  register_variant("BM_CubaRecordV/hdf5_deflate0_same_thread", Mode::kHdf5SameThread, 0, 1);
  register_variant("BM_CubaRecordV/hdf5_deflate0_82_frames", Mode::kHdf5, 0, 1, 82);
  register_variant("BM_CubaRecordV/hdf5_deflate0_interval_1ms", Mode::kHdf5, 0, 10);
  register_variant("BM_CubaRecordV/hdf5_deflate0_interval_1ms_same_thread", Mode::kHdf5SameThread, 0, 10);
  register_variant("BM_CubaRecordV/hdf5_deflate4", Mode::kHdf5, 4, 1);
  return true;
}();

// The floor of sampling every step: copying one 16 KB frame (4000 floats) per step into a
// ring of `ring_kb`, 10000 times (one simulated second at dt 0.1 ms), with no simulation.
// Its time is what buffer_only adds to BM_CubaRecordV/none at best.
void BM_FrameCopyFloor(benchmark::State& state) {
  constexpr std::size_t kNeurons = 4000, kSteps = 10000;
  const std::size_t frames = std::max<std::size_t>(1, static_cast<std::size_t>(state.range(0)) * 1024 / (kNeurons * 4));
  std::vector<float> v(kNeurons, -60.0f), ring(frames * kNeurons);
  for (auto _ : state) {
    for (std::size_t s = 0; s < kSteps; ++s) {
      v[s % kNeurons] += 1e-3f;  // the state changes between samples
      std::copy_n(v.data(), kNeurons, ring.data() + (s % frames) * kNeurons);
      benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(ring.data());
  }
}
BENCHMARK(BM_FrameCopyFloor)->Arg(64)->Arg(1024)->Repetitions(7)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace snnft
