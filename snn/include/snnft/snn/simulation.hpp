// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <vector>
#include <utility>

#include "snnft/core/communicator.hpp"
#include "snnft/snn/delay_buffer.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft {

struct SimulationOptions {
  SimdIsa simd = best_simd_isa();  ///< requested kernels (default: the widest the CPU has); narrowed to what the CPU has
  std::size_t threads = 1;          ///< 0 = all hardware threads
  std::size_t chunk_size = 1024;    ///< neurons per parallel task (multiple of 16)
  /// Below this many neurons a step runs on the calling thread even when threads > 1: handing
  /// a few microseconds of work to other threads and joining them costs more than it saves
  /// (measured with BM_CubaNetwork10s and BM_Cuba16kNetwork1s, bench/README.md).
  std::size_t min_parallel_neurons = 32768;
  /// A distributed run (more than one process): this process steps only its block of every
  /// population (rank_block) and exchanges spikes with the others once per minimum delay
  /// (exchange_interval()). The network must have been built for the same rank (Network::build).
  Communicator* communicator = nullptr;
};

/// Longest run of steps between two spike exchanges, however long the minimum delay: it
/// bounds the exchange buffers (a batch holds up to this many steps of spikes).
inline constexpr Step kMaxExchangeInterval = 64;

/// Runs a network step by step. The phase order lives in step() and nowhere else.
/// Results are bit-identical for any thread count and any SIMD setting.
///
/// With several threads every phase is split between them: neuron updates by chunks, and
/// delivery, propagation and plasticity by target ranges (TargetPartition): each thread owns
/// a fixed contiguous range of every population, scans the step's spikes in ascending order
/// and adds only to its own neurons, so each neuron receives its inputs in the same order
/// as on one thread.
class Simulation final : private NetworkControl, private TargetPartition {
 public:
  Simulation(Network& network, SimulationOptions options);
  ~Simulation() override;

  /// Registers an observer for the phases its phases() names (and its spike_trigger()), read
  /// once, here: each phase keeps its own list, so a step calls only the observers that asked
  /// for that phase.
  void add_observer(StepObserver& observer);
  /// Registers an actor the same way; in each phase actors run before observers.
  void add_actor(StepActor& actor);
  void add_plasticity(PlasticityRule& rule);

  /// Runs up to `steps` steps; stops early (at a step boundary) on Ctrl-C. Returns steps run.
  /// A distributed run stops after the same step on every rank (the end of an exchange interval).
  Step run(Step steps);
  /// Advances one step. In a distributed run a step ends after the Detect phase's actors; the
  /// later phases of a batch of exchange_interval() steps run, step by step, once the batch's
  /// spikes are exchanged, at the end of the batch's last step (run() and end_run() exchange
  /// a shorter final batch).
  void step();

  [[nodiscard]] Step now() const { return step_; }
  [[nodiscard]] SimdIsa simd() const override { return isa_; }
  void set_simd(SimdIsa isa) override;
  [[nodiscard]] std::size_t threads() const { return threads_; }
  /// Processes of a distributed run (1 otherwise).
  [[nodiscard]] int ranks() const { return communicator_ == nullptr ? 1 : communicator_->size(); }
  /// Steps whose spikes one collective exchange carries: the network's minimum delay in steps
  /// (at least 1, at most kMaxExchangeInterval), or 1 when an actor acts after the Detect
  /// phase (it must see every rank's spikes of its own step) or in one process.
  [[nodiscard]] Step exchange_interval() const;
  /// Collective spike exchanges so far (0 in one process).
  [[nodiscard]] std::uint64_t exchanges() const { return exchanges_; }
  /// Whether steps are split between threads (threads > 1 and enough neurons).
  [[nodiscard]] bool parallel() const { return arena_ != nullptr; }
  [[nodiscard]] bool plasticity_enabled() const { return plasticity_enabled_; }
  void set_plasticity_enabled(bool enabled) override { plasticity_enabled_ = enabled; }
  NetworkControl& control() { return *this; }
  Network& network() { return network_; }

  /// Drops all synaptic input still travelling through delays, e.g. between independent
  /// trials (the populations' own state is reset through NetworkControl).
  void clear_pending_input();

  /// Calls on_run_begin / on_run_end on every observer (run() does this itself).
  void begin_run();
  void end_run();

 private:
  struct Chunk {
    PopulationIndex population;
    std::size_t begin, end;
    std::size_t spikes = 0;
  };

  std::span<float> neuron_variable(PopulationIndex population, std::string_view name) override;
  std::span<float> weights(std::size_t projection) override;
  SpikeList& spikes(PopulationIndex population) override;
  [[nodiscard]] std::pair<std::size_t, std::size_t> owned_neurons(PopulationIndex population) const override {
    return local_[population];
  }

  [[nodiscard]] std::size_t parts() const override { return parts_; }
  [[nodiscard]] std::pair<std::size_t, std::size_t> part_range(PopulationIndex population,
                                                               std::size_t part) const override;
  void update_neurons(const StepView& view);
  void finish_step(const StepView& view);
  void buffer_local_spikes();
  void exchange_spikes();
  void unpack_step(std::size_t populations);
  [[nodiscard]] bool stop_requested() const;
  void for_each_part(FunctionRef<void(std::size_t)> work) override;

  void deliver();
  void deliver_part(std::size_t part);
  void finish_delivery();
  void update_chunks(bool integrate, bool detect);
  void update_chunk(std::size_t c, bool integrate, bool detect);
  void gather_spikes();
  /// Propagates the spikes in the populations' lists, emitted at step `spiked`.
  void propagate(Step spiked);
  /// Propagates projection j's spikes into the targets of part `part` (kWholeRows: into all).
  template <bool kWholeRows>
  void propagate_projection(std::size_t j, Step spiked, std::size_t part);
  void split_rows();
  float* delay_buffer_input(std::size_t b);
  void notify(Phase phase, const StepView& view);
  void notify_actors(Phase phase, const StepView& view);
  void notify_observers(Phase phase, const StepView& view);

  Network& network_;
  SimdIsa isa_;
  std::size_t threads_;
  Step step_ = 0;
  bool plasticity_enabled_ = true;
  bool run_begun_ = false;
  std::vector<Chunk> chunks_;                       // ordered by population, then by first neuron
  std::size_t parts_ = 1;                           // target ranges: threads_ when parallel, else 1
  std::vector<std::vector<std::size_t>> chunks_of_part_;  // the chunks inside each part's ranges
  /// Per projection, when parallel: where each row crosses into parts 1 .. parts_ - 1 (the
  /// first synapse onto that part's range), parts_ - 1 entries per row, row after row.
  std::vector<std::vector<std::uint32_t>> row_split_;
  std::vector<std::pair<std::size_t, std::size_t>> local_;  // per population: the neurons this process steps
  Communicator* communicator_ = nullptr;            // distributed runs only
  // The spike exchange. send_ is [interrupted, then per step of the batch: the count of each
  // population, then their ids]; every rank's batch has the same steps.
  std::vector<std::uint32_t> send_, received_;      // allocated once, for the largest batch
  std::vector<int> received_counts_;
  std::vector<std::size_t> unpack_at_;              // per rank: where its next step starts in received_
  Step min_delay_interval_ = 1;                     // the network's minimum delay in steps (>= 1)
  Step batch_first_ = 0;                            // first step of the batch not yet exchanged
  Step batch_steps_ = 0;                            // steps in that batch
  std::uint64_t exchanges_ = 0;
  bool others_stop_ = false;                        // some rank was interrupted (agreed in the exchange)
  std::vector<DelayBuffer> delay_buffers_;          // one per (population, receptor) with delays
  std::vector<std::pair<PopulationIndex, Receptor>> delay_buffer_target_;  // where each buffer delivers
  std::vector<int> delay_buffer_of_projection_;     // index into delay_buffers_, or -1
  /// A registered hook and, if it has one, the spike list that must be non-empty for it to run.
  template <class Hook>
  struct Registered {
    Hook* hook;
    const SpikeList* trigger;
  };
  template <class Hook>
  using PhaseLists = std::array<std::vector<Registered<Hook>>, kPhaseOrder.size()>;
  template <class Hook>
  void file(Hook& hook, PhaseLists<Hook>& lists);

  std::vector<StepObserver*> observers_;  // all of them, for on_run_begin / on_run_end
  PhaseLists<StepObserver> observers_of_phase_;
  PhaseLists<StepActor> actors_of_phase_;
  std::vector<PlasticityRule*> plasticity_;
  bool integrate_watched_ = false;  // someone needs the state between Integrate and Detect
  bool deliver_watched_ = false;    // someone acts or looks between Deliver and Integrate
  bool acted_after_detect_ = false;  // an actor acts in Propagate or a later phase
  struct Arena;
  std::unique_ptr<Arena> arena_;
};

}  // namespace snnft
