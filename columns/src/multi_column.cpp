// SPDX-License-Identifier: MIT
#include "snnft/columns/multi_column.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <functional>
#include <numeric>

#include "snnft/core/counter_rng.hpp"

namespace snnft::columns {

struct MultiColumnProcessor::Arena {
  tbb::task_arena arena;
  explicit Arena(int threads) : arena(threads) {}
};

MultiColumnProcessor::MultiColumnProcessor(const std::vector<ColumnSpec>& specs, std::size_t feature_count,
                                           int class_count, std::size_t threads)
    : class_count_(class_count), last_votes_(specs.size()) {
  for (const ColumnSpec& s : specs) {
    columns_.push_back(std::make_unique<CorticalColumn>(s.params, s.view, feature_count, class_count));
  }
  if (threads != 1) arena_ = std::make_unique<Arena>(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
}

MultiColumnProcessor::~MultiColumnProcessor() = default;

void MultiColumnProcessor::for_each_column_impl(const std::function<void(std::size_t)>& work) {
  if (!arena_) {
    for (std::size_t k = 0; k < columns_.size(); ++k) work(k);
    return;
  }
  arena_->arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, columns_.size(), 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t k = r.begin(); k != r.end(); ++k) work(k);
                      });
  });
}

void MultiColumnProcessor::train(const LabelledDataset& data, int epochs) {
  for_each_column([&](std::size_t k) {
    CorticalColumn& col = *columns_[k];
    std::vector<std::size_t> order(data.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const CounterRng rng(col.params().seed);
    for (int e = 0; e < epochs; ++e) {
      RngStream shuffle(rng, {RngPurpose::kLearning, 0, static_cast<std::uint32_t>(e)});
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shuffle.below(i)]);
      const double rate = col.params().learning_rate * (1.0 - static_cast<double>(e) / epochs);
      for (std::size_t s : order) col.present(data.row(s), rate);
    }
  });
}

void MultiColumnProcessor::label(const LabelledDataset& data) {
  for_each_column([&](std::size_t k) {
    CorticalColumn& col = *columns_[k];
    col.begin_labelling();
    for (std::size_t s = 0; s < data.size(); ++s) {
      col.present(data.row(s), 0.0);
      col.count_label(data.labels[s]);
    }
    col.finish_labelling();
  });
}

std::vector<std::vector<ColumnAnswer>> MultiColumnProcessor::evaluate(const LabelledDataset& data) {
  std::vector<std::vector<ColumnAnswer>> votes(columns_.size(), std::vector<ColumnAnswer>(data.size()));
  for_each_column([&](std::size_t k) {
    for (std::size_t s = 0; s < data.size(); ++s) {
      columns_[k]->present(data.row(s), 0.0);
      votes[k][s] = columns_[k]->vote();
    }
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
