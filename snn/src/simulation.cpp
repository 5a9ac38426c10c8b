// SPDX-License-Identifier: MIT
#include "snnft/snn/simulation.hpp"

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "snnft/core/fork_join_annotation.hpp"
#include "snnft/core/interrupt.hpp"

namespace snnft {

std::string_view to_string(Phase p) {
  switch (p) {
    case Phase::kDeliver: return "deliver";
    case Phase::kIntegrate: return "integrate";
    case Phase::kDetect: return "detect";
    case Phase::kPropagate: return "propagate";
    case Phase::kPlasticity: return "plasticity";
    case Phase::kRecord: return "record";
    case Phase::kObserve: return "observe";
  }
  return "?";
}

struct Simulation::Arena {
  tbb::task_arena arena;
  explicit Arena(int threads) : arena(threads) {}
};

namespace {
struct DelayTarget {
  PopulationIndex population;
  Receptor receptor;
};
}  // namespace

Simulation::Simulation(Network& network, SimulationOptions options)
    : network_(network),
      threads_(options.threads == 0 ? static_cast<std::size_t>(tbb::info::default_concurrency()) : options.threads) {
  set_simd(options.simd);
  if (options.chunk_size == 0 || options.chunk_size % Population::kChunkAlign != 0) {
    throw std::invalid_argument("chunk size must be a positive multiple of 16");
  }
  communicator_ = options.communicator != nullptr && options.communicator->size() > 1 ? options.communicator : nullptr;
  std::size_t total = 0, local_neurons = 0;
  for (PopulationIndex p = 0; p < network_.population_count(); ++p) {
    const std::size_t n = network_.population(p).size();
    const auto [lo, hi] = communicator_ == nullptr ? NeuronBlock{0, n} : rank_block(n, communicator_->rank(), communicator_->size());
    local_.emplace_back(lo, hi);
    total += n;
    local_neurons += hi - lo;
  }
  if (threads_ > 1 && local_neurons >= options.min_parallel_neurons) {
    arena_ = std::make_unique<Arena>(static_cast<int>(threads_));
    parts_ = threads_;
  }
  // Chunks never straddle two parts: each thread integrates exactly the neurons it propagates
  // onto and delivers to, so the threads get equal shares and touch their own memory.
  chunks_of_part_.resize(parts_);
  for (PopulationIndex p = 0; p < network_.population_count(); ++p) {
    for (std::size_t r = 0; r < parts_; ++r) {
      const auto [begin, end] = part_range(p, r);
      for (std::size_t b = begin; b < end; b += options.chunk_size) {
        chunks_of_part_[r].push_back(chunks_.size());
        chunks_.push_back({p, b, std::min(end, b + options.chunk_size), 0});
      }
    }
  }
  if (arena_) split_rows();
  if (communicator_ != nullptr) {
    // Spikes are exchanged once per minimum delay: a spike emitted at step s reaches no
    // neuron before step s + delay + 1, so the spikes of `delay` consecutive steps can be
    // propagated together after the last of them. The minimum is over every rank's synapses.
    std::size_t min_delay = kMaxExchangeInterval;
    for (std::size_t j = 0; j < network_.projection_count(); ++j) {
      const Projection& proj = network_.projection(j);
      if (proj.synapse_count() == 0) continue;
      min_delay = std::min<std::size_t>(min_delay, proj.uniform_delay() ? proj.max_delay_steps
                                                                        : *std::min_element(proj.delay_steps.begin(),
                                                                                            proj.delay_steps.end()));
    }
    min_delay = static_cast<std::size_t>(-communicator_->max(-static_cast<double>(min_delay)));
    min_delay_interval_ = static_cast<Step>(std::max<std::size_t>(1, min_delay));
    // Room for every neuron spiking in every step of a batch, so the exchange never allocates.
    const auto ranks = static_cast<std::size_t>(communicator_->size());
    const auto steps = static_cast<std::size_t>(min_delay_interval_);
    const std::size_t populations = network_.population_count();
    send_.reserve(1 + steps * (populations + local_neurons));
    received_.reserve(ranks * (1 + steps * populations) + steps * total);
    received_counts_.reserve(ranks);
    unpack_at_.resize(ranks);
    send_.push_back(0);
  }
  // One delay buffer per (population, receptor) that receives delayed input.
  std::vector<DelayTarget> targets;
  delay_buffer_of_projection_.assign(network_.projection_count(), -1);
  std::vector<std::size_t> max_delay;
  for (std::size_t j = 0; j < network_.projection_count(); ++j) {
    const Projection& proj = network_.projection(j);
    if (proj.max_delay_steps == 0) continue;
    int found = -1;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      if (targets[t].population == proj.post && targets[t].receptor == proj.receptor) found = static_cast<int>(t);
    }
    if (found < 0) {
      targets.push_back({proj.post, proj.receptor});
      max_delay.push_back(0);
      found = static_cast<int>(targets.size() - 1);
    }
    max_delay[static_cast<std::size_t>(found)] = std::max<std::size_t>(max_delay[static_cast<std::size_t>(found)], proj.max_delay_steps);
    delay_buffer_of_projection_[j] = found;
  }
  for (std::size_t t = 0; t < targets.size(); ++t) {
    delay_buffers_.emplace_back(network_.population(targets[t].population).size(), max_delay[t]);
    delay_buffer_target_.emplace_back(targets[t].population, targets[t].receptor);
  }
}

Simulation::~Simulation() = default;

// Rows are sorted by target, so the synapses of a row onto one part's range are one stretch.
// Its ends are found once, here, rather than by two binary searches per spike and thread,
// which cost each thread several cache misses per row (a third more propagation work on two
// threads). 4 bytes per row and extra thread: 0.004 bytes per synapse at 1250 per row.
void Simulation::split_rows() {
  row_split_.resize(network_.projection_count());
  const std::size_t inner = parts_ - 1;
  for (std::size_t j = 0; j < network_.projection_count(); ++j) {
    const Projection& proj = network_.projection(j);
    const std::size_t rows = proj.row_start.empty() ? 0 : proj.row_start.size() - 1;
    std::vector<std::uint32_t>& split = row_split_[j];
    split.resize(rows * inner);
    const NeuronIndex* target = proj.target.data();
    for_each_part([&](std::size_t r) {
      for (std::size_t i = rows * r / parts_; i < rows * (r + 1) / parts_; ++i) {
        const NeuronIndex* first = target + proj.row_start[i];
        const NeuronIndex* last = target + proj.row_start[i + 1];
        for (std::size_t q = 1; q < parts_; ++q) {
          first = std::lower_bound(first, last, part_range(proj.post, q).first);
          split[i * inner + q - 1] = static_cast<std::uint32_t>(first - target);
        }
      }
    });
  }
}

void Simulation::set_simd(SimdIsa isa) {
  // Use the widest available instruction set that is not wider than the one requested.
  SimdIsa chosen = SimdIsa::kScalar;
  for (SimdIsa a : available_simd_isas()) {
    if (static_cast<int>(a) <= static_cast<int>(isa)) chosen = a;
  }
  isa_ = chosen;
}

void Simulation::clear_pending_input() {
  for (DelayBuffer& b : delay_buffers_) b.clear();
}

template <class Hook>
void Simulation::file(Hook& hook, PhaseLists<Hook>& lists) {
  const PhaseMask wanted = hook.phases();
  const PopulationIndex trigger = hook.spike_trigger();
  if (trigger != kEveryStep && trigger >= network_.population_count()) {
    throw std::invalid_argument("spike trigger names population " + std::to_string(trigger) + ", but the network has " +
                                std::to_string(network_.population_count()));
  }
  const SpikeList* spikes = trigger == kEveryStep ? nullptr : &network_.population(trigger).spikes();
  for (Phase p : kPhaseOrder) {
    if (wanted & phase_bit(p)) lists[static_cast<std::size_t>(p)].push_back({&hook, spikes});
  }
  integrate_watched_ = integrate_watched_ || (wanted & phase_bit(Phase::kIntegrate)) != 0;
  deliver_watched_ = deliver_watched_ || (wanted & phase_bit(Phase::kDeliver)) != 0;
  if constexpr (std::is_same_v<Hook, StepActor>) {
    constexpr PhaseMask kAfterDetect = phase_bit(Phase::kPropagate) | phase_bit(Phase::kPlasticity) |
                                       phase_bit(Phase::kRecord) | phase_bit(Phase::kObserve);
    acted_after_detect_ = acted_after_detect_ || (wanted & kAfterDetect) != 0;
  }
}

Step Simulation::exchange_interval() const {
  return communicator_ == nullptr || acted_after_detect_ ? 1 : min_delay_interval_;
}

void Simulation::add_observer(StepObserver& observer) {
  file(observer, observers_of_phase_);
  observers_.push_back(&observer);
}

void Simulation::add_actor(StepActor& actor) { file(actor, actors_of_phase_); }

void Simulation::add_plasticity(PlasticityRule& rule) { plasticity_.push_back(&rule); }

// A phase nobody asked for costs two empty-range checks and no call; a spike-triggered
// hook in a step without its population's spikes, one load and compare.
void Simulation::notify(Phase phase, const StepView& view) {
  notify_actors(phase, view);
  notify_observers(phase, view);
}

void Simulation::notify_actors(Phase phase, const StepView& view) {
  for (const auto& [actor, trigger] : actors_of_phase_[static_cast<std::size_t>(phase)]) {
    if (trigger == nullptr || trigger->size() != 0) actor->act(phase, view, *this);
  }
}

void Simulation::notify_observers(Phase phase, const StepView& view) {
  for (const auto& [observer, trigger] : observers_of_phase_[static_cast<std::size_t>(phase)]) {
    if (trigger == nullptr || trigger->size() != 0) observer->on_phase_end(phase, view);
  }
}

void Simulation::begin_run() {
  if (run_begun_) return;
  run_begun_ = true;
  for (StepObserver* o : observers_) o->on_run_begin(network_);
}

void Simulation::end_run() {
  if (batch_steps_ > 0) exchange_spikes();
  if (!run_begun_) return;
  run_begun_ = false;
  const StepView view{step_, network_.dt_ms(), network_};
  for (StepObserver* o : observers_) o->on_run_end(view);
}

Step Simulation::run(Step steps) {
  begin_run();
  Step done = 0;
  while (done < steps && !stop_requested()) {
    step();
    ++done;
  }
  end_run();
  return done;
}

// One step. The order matters and is the same for every run:
//  1. Deliver    — delayed input that is due now joins the receptor variables, so it is
//                  integrated in this step exactly like undelayed input sent one step earlier.
//  2. Integrate  — every neuron advances from t to t + dt with the input present at t.
//  3. Detect     — threshold crossings become this step's spikes; neurons reset and turn
//                  refractory. Fault injectors may edit the spike lists after this phase.
//  4. Propagate  — spikes add their weights to postsynaptic receptors (directly for zero
//                  delay, through the delay buffers otherwise); they take effect next step.
//  5. Plasticity — weights change after propagation, so this step's input used the old
//                  weights (the pairing convention of Song et al. 2000 and Brian2).
//  6. Record     — recorders copy spikes and sampled state.
//  7. Observe    — monitors and health checks see the finished step.
void Simulation::step() {
  const StepView view{step_, network_.dt_ms(), network_};
  update_neurons(view);
  if (communicator_ == nullptr) {
    notify(Phase::kDetect, view);
    finish_step(view);
    ++step_;
    return;
  }
  // A distributed run: the lists hold this rank's spikes only. Actors (faults on neurons)
  // edit them now, before they leave the rank; the Detect observers and the later phases
  // see every rank's spikes of this step once the batch has been exchanged.
  notify_actors(Phase::kDetect, view);
  if (batch_steps_ == 0) batch_first_ = step_;
  buffer_local_spikes();
  ++batch_steps_;
  ++step_;
  if (batch_steps_ >= exchange_interval()) exchange_spikes();
}

// Phases 1-3: deliver, integrate, detect; the spike lists then hold this process's spikes.
void Simulation::update_neurons(const StepView& view) {
  if (arena_ && !deliver_watched_ && !integrate_watched_) {
    // Nobody looks between the first three phases: each thread delivers to, integrates and
    // detects its own neurons in one pass, one fork and join fewer per step.
    for_each_part([&](std::size_t r) {
      deliver_part(r);
      for (std::size_t c : chunks_of_part_[r]) update_chunk(c, true, true);
    });
    finish_delivery();
  } else {
    deliver();
    notify(Phase::kDeliver, view);
    // Integration and detection run as one pass over each chunk unless someone must see (or
    // edit) the integrated state before detection.
    if (integrate_watched_) {
      update_chunks(true, false);
      notify(Phase::kIntegrate, view);
      update_chunks(false, true);
    } else {
      update_chunks(true, true);
    }
  }
  gather_spikes();
}

// Phases 4-7 of step view.step, with that step's complete spike lists.
void Simulation::finish_step(const StepView& view) {
  propagate(view.step);
  notify(Phase::kPropagate, view);

  if (plasticity_enabled_) {
    for (PlasticityRule* rule : plasticity_) {
      if (arena_) {
        rule->apply_parallel(view, network_, *this);
      } else {
        rule->apply(view, network_);
      }
    }
  }
  notify(Phase::kPlasticity, view);
  notify(Phase::kRecord, view);
  notify(Phase::kObserve, view);
}

std::pair<std::size_t, std::size_t> Simulation::part_range(PopulationIndex population, std::size_t part) const {
  const auto [lo, hi] = local_[population];
  return {lo + part_begin(hi - lo, part, parts_), lo + part_begin(hi - lo, part + 1, parts_)};
}

bool Simulation::stop_requested() const {
  // In a distributed run every rank must stop after the same step: the ranks learn of a
  // signal to any of them in the spike exchange.
  return communicator_ == nullptr ? interrupt_requested() : others_stop_;
}

void Simulation::for_each_part(FunctionRef<void(std::size_t)> work) {
  if (!arena_) {
    for (std::size_t r = 0; r < parts_; ++r) work(r);
    return;
  }
  ForkJoinAnnotation fork_join;
  arena_->arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, parts_, 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
          fork_join.task_begin();
          for (std::size_t r = range.begin(); r != range.end(); ++r) work(r);
          fork_join.task_end();
        },
        tbb::static_partitioner());
  });
  fork_join.join();
}

float* Simulation::delay_buffer_input(std::size_t b) {
  const auto [population, receptor] = delay_buffer_target_[b];
  return network_.population(population).receptor_input(receptor);
}

void Simulation::deliver() {
  if (delay_buffers_.empty()) return;
  for_each_part([&](std::size_t r) { deliver_part(r); });
  finish_delivery();
}

void Simulation::deliver_part(std::size_t part) {
  for (std::size_t b = 0; b < delay_buffers_.size(); ++b) {
    const auto [begin, end] = part_range(delay_buffer_target_[b].first, part);
    delay_buffers_[b].deliver_range(step_, delay_buffer_input(b), begin, end);
  }
}

void Simulation::finish_delivery() {
  for (DelayBuffer& buffer : delay_buffers_) buffer.finish_delivery(step_);
}

// Each chunk writes only its own neurons and its own slice of the spike storage, so the split
// between threads cannot change any result.
void Simulation::update_chunks(bool integrate, bool detect) {
  if (!arena_) {
    for (std::size_t c = 0; c < chunks_.size(); ++c) update_chunk(c, integrate, detect);
    return;
  }
  for_each_part([&](std::size_t r) {
    for (std::size_t c : chunks_of_part_[r]) update_chunk(c, integrate, detect);
  });
}

void Simulation::update_chunk(std::size_t c, bool integrate, bool detect) {
  Chunk& chunk = chunks_[c];
  Population& pop = network_.population(chunk.population);
  NeuronIndex* out = pop.spikes().storage() + chunk.begin;
  if (integrate && detect) {
    chunk.spikes = pop.update(step_, chunk.begin, chunk.end, isa_, out);
  } else if (integrate) {
    pop.integrate(step_, chunk.begin, chunk.end, isa_);
  } else {
    chunk.spikes = pop.detect(step_, chunk.begin, chunk.end, isa_, out);
  }
}

void Simulation::gather_spikes() {
  // Chunks of a population are consecutive and ordered, so moving each chunk's spikes down
  // in order leaves one ascending list.
  std::size_t c = 0;
  for (PopulationIndex p = 0; p < network_.population_count(); ++p) {
    SpikeList& list = network_.population(p).spikes();
    NeuronIndex* store = list.storage();
    std::size_t n = 0;
    for (; c < chunks_.size() && chunks_[c].population == p; ++c) {
      std::copy_n(store + chunks_[c].begin, chunks_[c].spikes, store + n);
      n += chunks_[c].spikes;
    }
    list.set_size(n);
  }
}

// Appends this step's own spikes to the batch: the count of each population, then the ids.
void Simulation::buffer_local_spikes() {
  const std::size_t populations = network_.population_count();
  for (PopulationIndex p = 0; p < populations; ++p) send_.push_back(static_cast<std::uint32_t>(network_.population(p).spikes().size()));
  for (PopulationIndex p = 0; p < populations; ++p) {
    const auto ids = network_.population(p).spikes().ids();
    send_.insert(send_.end(), ids.begin(), ids.end());
  }
}

// One collective for the whole batch, then the batch's steps in order: each gets its complete
// spike lists, its Detect observers and its phases 4-7. A spike of step s propagated at the
// end of the batch still lands in the delay ring in time (at s + delay + 1 >= the batch's
// end), and each neuron receives its inputs in the order one process would add them (step by
// step, projection by projection, spike by spike), so the results do not depend on the batching.
void Simulation::exchange_spikes() {
  send_[0] = interrupt_requested() ? 1 : 0;
  communicator_->all_gather(send_, received_, received_counts_);
  ++exchanges_;
  others_stop_ = false;
  std::size_t pack = 0;
  for (std::size_t r = 0; r < received_counts_.size(); ++r) {
    others_stop_ = others_stop_ || received_[pack] != 0;
    unpack_at_[r] = pack + 1;
    pack += static_cast<std::size_t>(received_counts_[r]);
  }
  const std::size_t populations = network_.population_count();
  for (Step b = 0; b < batch_steps_; ++b) {
    unpack_step(populations);
    const StepView view{batch_first_ + b, network_.dt_ms(), network_};
    notify_observers(Phase::kDetect, view);
    finish_step(view);
  }
  send_.resize(1);
  batch_steps_ = 0;
}

// Blocks are contiguous and in rank order, so appending the ranks' ids in order gives each
// population's ascending list, exactly as one process would have found it.
void Simulation::unpack_step(std::size_t populations) {
  for (PopulationIndex p = 0; p < populations; ++p) network_.population(p).spikes().set_size(0);
  for (std::size_t& at : unpack_at_) {
    const std::uint32_t* counts = received_.data() + at;
    const std::uint32_t* ids = counts + populations;
    for (PopulationIndex p = 0; p < populations; ++p) {
      SpikeList& list = network_.population(p).spikes();
      std::copy_n(ids, counts[p], list.storage() + list.size());
      list.set_size(list.size() + counts[p]);
      ids += counts[p];
    }
    at = static_cast<std::size_t>(ids - received_.data());
  }
}

void Simulation::propagate(Step spiked) {
  if (!arena_) {
    for (std::size_t j = 0; j < network_.projection_count(); ++j) propagate_projection<true>(j, spiked, 0);
    return;
  }
  bool any = false;
  for (std::size_t j = 0; j < network_.projection_count(); ++j) {
    any = any || network_.population(network_.projection(j).pre).spikes().size() != 0;
  }
  if (!any) return;
  for_each_part([&](std::size_t r) {
    for (std::size_t j = 0; j < network_.projection_count(); ++j) propagate_projection<false>(j, spiked, r);
  });
}

// A row's synapses onto part `part` are the stretch between its split points (kWholeRows: the
// whole row).
template <bool kWholeRows>
void Simulation::propagate_projection(std::size_t j, Step spiked, std::size_t part) {
  const Projection& proj = network_.projection(j);
  const auto pre_spikes = network_.population(proj.pre).spikes().ids();
  if (pre_spikes.empty()) return;
  const std::uint32_t* rows = proj.row_start.data();
  const NeuronIndex* target = proj.target.data();
  const float* weight = proj.weight.data();
  const std::uint32_t* split = kWholeRows ? nullptr : row_split_[j].data();
  const std::size_t inner = parts_ - 1;
  auto for_each_row = [&](auto&& add) {
    for (NeuronIndex i : pre_spikes) {
      std::uint32_t first = rows[i], last = rows[i + 1];
      if constexpr (!kWholeRows) {
        if (part > 0) first = split[i * inner + part - 1];
        if (part < inner) last = split[i * inner + part];
      }
      for (std::uint32_t k = first; k < last; ++k) add(k);
    }
  };
  float* input = network_.population(proj.post).receptor_input(proj.receptor);
  if (proj.uniform_delay()) {
    // One delay for the whole projection: every synapse adds to the same row of input.
    float* row = proj.max_delay_steps == 0
                     ? input
                     : delay_buffers_[static_cast<std::size_t>(delay_buffer_of_projection_[j])].slot_for(
                           spiked + proj.max_delay_steps + 1);
    for_each_row([&](std::uint32_t k) { row[target[k]] += weight[k]; });
    return;
  }
  DelayBuffer& buffer = delay_buffers_[static_cast<std::size_t>(delay_buffer_of_projection_[j])];
  const std::uint16_t* delay = proj.delay_steps.data();
  for_each_row([&](std::uint32_t k) {
    if (delay[k] == 0) {
      input[target[k]] += weight[k];
    } else {
      buffer.add(spiked + delay[k] + 1, target[k], weight[k]);
    }
  });
}

std::span<float> Simulation::neuron_variable(PopulationIndex population, std::string_view name) {
  if (population >= network_.population_count()) return {};
  return network_.population(population).variable(name);
}

std::span<float> Simulation::weights(std::size_t projection) {
  if (projection >= network_.projection_count()) return {};
  return network_.projection(projection).weight;
}

SpikeList& Simulation::spikes(PopulationIndex population) { return network_.population(population).spikes(); }

}  // namespace snnft
