// SPDX-License-Identifier: MIT
#include "snnft/columns/multi_column.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <numeric>

#include "frozen_copies.hpp"
#include "snnft/columns/label_weight_calibration.hpp"
#include "snnft/core/counter_rng.hpp"
#include "snnft/core/fork_join_annotation.hpp"

namespace snnft::columns {

namespace {
// Samples per task of a frozen pass: about 2 ms of work on a 100-neuron digits column, long
// enough that scheduling costs nothing and short enough to balance K columns on any number
// of threads.
constexpr std::size_t kTrialsPerTask = 32;
}  // namespace

struct MultiColumnProcessor::Arena {
  tbb::task_arena arena;
  explicit Arena(int threads) : arena(threads) {}
};

struct MultiColumnProcessor::Frozen {
  std::vector<FrozenCopies> copies;  // per column
};

MultiColumnProcessor::MultiColumnProcessor(const std::vector<ColumnSpec>& specs, std::size_t feature_count,
                                           int class_count, std::size_t threads)
    : class_count_(class_count), last_votes_(specs.size()) {
  for (const ColumnSpec& s : specs) {
    columns_.push_back(std::make_unique<CorticalColumn>(s.params, s.view, feature_count, class_count));
  }
  if (threads != 1) arena_ = std::make_unique<Arena>(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
  frozen_ = std::make_unique<Frozen>();
  frozen_->copies.resize(columns_.size());
}

MultiColumnProcessor::~MultiColumnProcessor() = default;

void MultiColumnProcessor::for_each_column_impl(const std::function<void(std::size_t)>& work) {
  if (!arena_) {
    for (std::size_t k = 0; k < columns_.size(); ++k) work(k);
    return;
  }
  ForkJoinAnnotation fork_join;
  arena_->arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, columns_.size(), 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        fork_join.task_begin();
                        for (std::size_t k = r.begin(); k != r.end(); ++k) work(k);
                        fork_join.task_end();
                      });
  });
  fork_join.join();
}

void MultiColumnProcessor::for_each_frozen_trial(
    std::size_t first, std::size_t last, std::size_t samples,
    const std::function<void(std::size_t, std::size_t, CorticalColumn&)>& trial) {
  const std::size_t slots = arena_ ? static_cast<std::size_t>(arena_->arena.max_concurrency()) : 1;
  for (std::size_t k = first; k < last; ++k) frozen_->copies[k].refresh(*columns_[k], slots);
  const std::size_t chunks = (samples + kTrialsPerTask - 1) / kTrialsPerTask;
  // Any copy gives the same response to a trial, so which thread runs which chunk cannot
  // change a result.
  auto run = [&](std::size_t task, std::size_t slot) {
    const std::size_t k = first + task / chunks, begin = (task % chunks) * kTrialsPerTask;
    if (should_stop()) return;
    CorticalColumn& copy = frozen_->copies[k].copy(slot);
    for (std::size_t s = begin; s < std::min(samples, begin + kTrialsPerTask); ++s) trial(k, s, copy);
  };
  const std::size_t tasks = (last - first) * chunks;
  if (!arena_) {
    for (std::size_t t = 0; t < tasks; ++t) run(t, 0);
    return;
  }
  // Called from inside the arena too (train_and_label): execute() then runs in place, and
  // threads done with their own columns take chunks from here.
  ForkJoinAnnotation fork_join;
  arena_->arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, tasks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
      fork_join.task_begin();
      const auto slot = static_cast<std::size_t>(tbb::this_task_arena::current_thread_index());
      for (std::size_t t = r.begin(); t != r.end(); ++t) run(t, slot);
      fork_join.task_end();
    });
  });
  fork_join.join();
}

void MultiColumnProcessor::train_column(std::size_t k, const LabelledDataset& data, int epochs) {
  CorticalColumn& col = *columns_[k];
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const CounterRng rng(col.params().seed);
  for (int e = 0; e < epochs; ++e) {
    RngStream shuffle(rng, {RngPurpose::kLearning, 0, static_cast<std::uint32_t>(e)});
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shuffle.below(i)]);
    const double rate = col.params().learning_rate * (1.0 - static_cast<double>(e) / epochs);
    for (std::size_t s : order) {
      if (should_stop()) return;
      col.present(data.row(s), rate);
    }
  }
}

bool MultiColumnProcessor::should_stop() {
  if (stopped_.load(std::memory_order_relaxed)) return true;
  if (!stop_ || !stop_()) return false;
  stopped_.store(true, std::memory_order_relaxed);
  return true;
}

void MultiColumnProcessor::label_columns(std::size_t first, std::size_t last, const LabelledDataset& data) {
  std::vector<std::vector<NeuronIndex>> winners(last - first, std::vector<NeuronIndex>(data.size()));
  for_each_frozen_trial(first, last, data.size(), [&](std::size_t k, std::size_t s, CorticalColumn& copy) {
    winners[k - first][s] = copy.present(data.row(s), 0.0).winner;
  });
  if (stopped()) return;
  for (std::size_t k = first; k < last; ++k) {
    CorticalColumn& col = *columns_[k];
    col.begin_labelling();
    for (std::size_t s = 0; s < data.size(); ++s) col.count_label(winners[k - first][s], data.labels[s]);
    col.finish_labelling();
  }
}

void MultiColumnProcessor::train(const LabelledDataset& data, int epochs) {
  for_each_column([&](std::size_t k) { train_column(k, data, epochs); });
}

void MultiColumnProcessor::label(const LabelledDataset& data) { label_columns(0, columns_.size(), data); }

void MultiColumnProcessor::train_and_label(const LabelledDataset& data, int epochs) {
  // Work is handed out from two lists: columns to train first, then the labelling chunks of
  // columns already trained. A thread with no column left to train labels the columns the
  // others trained while the last ones still train (5 columns on 2 threads: 3 trainings plus
  // one column's labelling, instead of 3 trainings plus 3 labellings).
  const std::size_t k_count = columns_.size(), n = data.size();
  const std::size_t chunks = (n + kTrialsPerTask - 1) / kTrialsPerTask;
  const std::size_t slots = arena_ ? static_cast<std::size_t>(arena_->arena.max_concurrency()) : 1;
  std::vector<std::vector<NeuronIndex>> winners(k_count, std::vector<NeuronIndex>(n));
  std::vector<std::size_t> ready(k_count * chunks);  // (column, chunk) as column * chunks + chunk
  std::atomic<std::size_t> next_column{0}, taken{0}, published{0};
  std::mutex publishing;
  auto worker = [&] {
    const auto slot = arena_ ? static_cast<std::size_t>(tbb::this_task_arena::current_thread_index()) : 0;
    for (;;) {
      if (should_stop()) return;
      if (const std::size_t k = next_column.fetch_add(1); k < k_count) {
        train_column(k, data, epochs);
        frozen_->copies[k].refresh(*columns_[k], slots);
        const std::lock_guard lock(publishing);
        const std::size_t at = published.load(std::memory_order_relaxed);
        for (std::size_t c = 0; c < chunks; ++c) ready[at + c] = k * chunks + c;
        published.store(at + chunks, std::memory_order_release);
        continue;
      }
      std::size_t i = taken.load(std::memory_order_relaxed);
      do {
        if (i >= published.load(std::memory_order_acquire)) return;  // the rest is labelled by whoever trains it
      } while (!taken.compare_exchange_weak(i, i + 1, std::memory_order_acq_rel));
      const std::size_t k = ready[i] / chunks, begin = (ready[i] % chunks) * kTrialsPerTask;
      CorticalColumn& copy = frozen_->copies[k].copy(slot);
      for (std::size_t s = begin; s < std::min(n, begin + kTrialsPerTask); ++s) winners[k][s] = copy.present(data.row(s), 0.0).winner;
    }
  };
  if (!arena_) {
    worker();
  } else {
    ForkJoinAnnotation fork_join;
    arena_->arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, slots, 1), [&](const tbb::blocked_range<std::size_t>& r) {
        fork_join.task_begin();
        for (std::size_t w = r.begin(); w != r.end(); ++w) worker();
        fork_join.task_end();
      });
    });
    fork_join.join();
  }
  if (stopped()) return;  // labels from part of the samples would be wrong
  for (std::size_t k = 0; k < k_count; ++k) {
    CorticalColumn& col = *columns_[k];
    col.begin_labelling();
    for (std::size_t s = 0; s < n; ++s) col.count_label(winners[k][s], data.labels[s]);
    col.finish_labelling();
  }
}

bool MultiColumnProcessor::train_readouts(const LabelledDataset& data, VoteRule rule) {
  const std::size_t k_count = columns_.size(), n = data.size();
  std::vector<ReadoutEvidence> evidence(k_count);
  std::vector<std::uint8_t> calibrated(k_count, 0);
  bool any = false, any_calibrated = false;
  for (std::size_t k = 0; k < k_count; ++k) {
    if (const GrownReadout* r = columns_[k]->grown_readout()) {
      ReadoutEvidence& e = evidence[k];
      e.codes.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(r->input_count()));
      e.stride = std::max<std::size_t>(1, std::min(columns_[k]->params().readout_spikes, columns_[k]->params().neurons));
      e.voters.resize(n * e.stride);
      e.voter_count.resize(n);
      e.winners.resize(n);
      e.first_spike_ms.resize(n);
      calibrated[k] = r->params().calibrated_label_weight() ? 1 : 0;
      any = true;
      any_calibrated = any_calibrated || calibrated[k] != 0;
    }
  }
  if (!any) return false;
  for_each_frozen_trial(0, k_count, n, [&](std::size_t k, std::size_t s, CorticalColumn& copy) {
    const GrownReadout* r = copy.grown_readout();
    if (r == nullptr) return;
    const ColumnResponse& response = copy.present(data.row(s), 0.0);
    ReadoutEvidence& e = evidence[k];
    thread_local std::vector<double> row;
    row.resize(r->input_count());
    r->features(response, row);
    for (std::size_t i = 0; i < row.size(); ++i) e.codes(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(i)) = row[i];
    e.voter_count[s] = copy.label_voters(std::span<NeuronIndex>(e.voters.data() + s * e.stride, e.stride));
    e.winners[s] = response.winner;
    e.first_spike_ms[s] = response.winner_time_ms;
  });
  for (std::size_t k = 0; k < k_count; ++k) {
    const GrownReadout* r = columns_[k]->grown_readout();
    if (r != nullptr && r->params().label_inputs) {
      fill_label_inputs(evidence[k], data.labels, columns_[k]->params().neurons, class_count_, r->code_input_count());
    }
  }
  double weight = 0.0;
  if (any_calibrated) {
    std::vector<const CorticalColumn*> cols(k_count);
    for (std::size_t k = 0; k < k_count; ++k) cols[k] = columns_[k].get();
    label_weight_choice_ = calibrate_label_weight(cols, evidence, data.labels, calibrated, rule,
                                                  [&](const std::function<void(std::size_t)>& work) { for_each_column(work); });
    weight = label_weight_choice_.weight;
  }
  for_each_column([&](std::size_t k) {
    GrownReadout* r = columns_[k]->grown_readout();
    if (r == nullptr) return;
    r->train(evidence[k].codes, data.labels);
    r->set_label_weight(calibrated[k] != 0 ? weight : r->params().label_weight);
  });
  return true;
}

std::vector<std::vector<ColumnAnswer>> MultiColumnProcessor::evaluate(const LabelledDataset& data) {
  std::vector<std::vector<ColumnAnswer>> votes(columns_.size(), std::vector<ColumnAnswer>(data.size()));
  for_each_frozen_trial(0, columns_.size(), data.size(), [&](std::size_t k, std::size_t s, CorticalColumn& copy) {
    copy.present(data.row(s), 0.0);
    votes[k][s] = copy.vote();
  });
  return votes;
}

std::span<const ColumnAnswer> MultiColumnProcessor::present(std::span<const float> sample) {
  for_each_column([&](std::size_t k) {
    columns_[k]->present(sample, 0.0);
    last_votes_[k] = columns_[k]->vote();
  });
  return last_votes_;
}

}  // namespace snnft::columns
