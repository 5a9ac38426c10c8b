// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "snnft/columns/cortical_column.hpp"
#include "snnft/columns/label_weight_calibration.hpp"
#include "snnft/columns/voting.hpp"
#include "snnft/encoding/labelled_dataset.hpp"

namespace snnft::columns {

/// One column of a multi-column processor: its parameters (including its seed) and view.
struct ColumnSpec {
  ColumnParams params;
  InputView view;
};

/// K cortical columns that see the same samples (each through its own view) and are trained,
/// labelled and queried in parallel. Every column is deterministic and single-threaded, and
/// columns never share state, so results do not depend on the thread count.
///
/// Training learns from every trial, so each column trains on one thread. label() and
/// evaluate() do not learn: their trials are independent given the learned state, so they
/// run on per-thread copies of each column's learned state, split into chunks of samples
/// across (column, chunk) — finer work than one task per column. These copies carry the
/// weights, thresholds and labels, not observers, actors or engine variables changed through
/// a column's control(); the columns themselves (and their clocks) are left as they were.
/// Trials that must be observed or fault-injected go through present() or the columns' own
/// present().
class MultiColumnProcessor {
 public:
  MultiColumnProcessor(const std::vector<ColumnSpec>& specs, std::size_t feature_count, int class_count,
                       std::size_t threads);
  ~MultiColumnProcessor();

  [[nodiscard]] std::size_t column_count() const { return columns_.size(); }
  CorticalColumn& column(std::size_t k) { return *columns_[k]; }
  [[nodiscard]] const CorticalColumn& column(std::size_t k) const { return *columns_[k]; }
  [[nodiscard]] int class_count() const { return class_count_; }

  /// Unsupervised training for `epochs` passes; each column visits the samples in its own
  /// seeded order, with a learning rate decaying linearly to 0.
  void train(const LabelledDataset& data, int epochs);
  /// Labels every column's neurons with the classes they win most on `data` (trials on
  /// copies of the learned state, see above).
  void label(const LabelledDataset& data);
  /// train(data, epochs) then label(data), with the same results, but threads with no column
  /// left to train label the columns already trained while the last ones still train.
  void train_and_label(const LabelledDataset& data, int epochs);
  /// Grows the readout of every column that has one ("readout": {"kind": "cascor"}) on the
  /// column's spike-timing codes of `data` (trials on copies of the learned state, then one
  /// learner per column in parallel). Call after training and labelling. Readouts whose label
  /// weight is calibrated get the one calibrate_label_weight() chooses for votes by `rule`
  /// (a first growth on part of `data`). Returns false if no column has a grown readout.
  bool train_readouts(const LabelledDataset& data, VoteRule rule);
  /// The last calibration of the label weight (empty candidates if none ran).
  [[nodiscard]] const LabelWeightChoice& label_weight_choice() const { return label_weight_choice_; }
  /// Each column's vote for every sample: votes[k][s] (trials on copies of the learned
  /// state, see above).
  [[nodiscard]] std::vector<std::vector<ColumnAnswer>> evaluate(const LabelledDataset& data);
  /// Presents one sample to every column (in parallel) and returns their votes.
  std::span<const ColumnAnswer> present(std::span<const float> sample);

  /// Training, labelling and evaluate() stop early, before the next sample or chunk of
  /// samples, once `stop()` returns true (after Ctrl-C); stopped() then says that the columns
  /// are unfinished. `stop` is called from the processor's threads.
  void set_stop_check(std::function<bool()> stop) { stop_ = std::move(stop); }
  [[nodiscard]] bool stopped() const { return stopped_.load(std::memory_order_relaxed); }

  /// Runs `work(k)` for every column k on the processor's threads.
  template <class F>
  void for_each_column(F&& work) {
    for_each_column_impl([&](std::size_t k) { work(k); });
  }

 private:
  void for_each_column_impl(const std::function<void(std::size_t)>& work);
  /// Runs `trial(k, s, copy)` for every column first <= k < last and sample s < samples, on
  /// copies of the columns' learned state, in parallel over chunks of samples.
  void for_each_frozen_trial(std::size_t first, std::size_t last, std::size_t samples,
                             const std::function<void(std::size_t, std::size_t, CorticalColumn&)>& trial);
  void train_column(std::size_t k, const LabelledDataset& data, int epochs);
  void label_columns(std::size_t first, std::size_t last, const LabelledDataset& data);
  bool should_stop();

  std::vector<std::unique_ptr<CorticalColumn>> columns_;
  int class_count_;
  std::vector<ColumnAnswer> last_votes_;
  struct Arena;
  std::unique_ptr<Arena> arena_;
  struct Frozen;
  std::unique_ptr<Frozen> frozen_;
  std::function<bool()> stop_;
  std::atomic<bool> stopped_{false};
  LabelWeightChoice label_weight_choice_;
};

}  // namespace snnft::columns
