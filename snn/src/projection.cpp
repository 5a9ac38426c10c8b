// SPDX-License-Identifier: MIT
#include "snnft/snn/projection.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <utility>

#include "snnft/core/fork_join_annotation.hpp"
#include "snnft/core/parallel.hpp"

namespace snnft {
namespace {

double draw(const InitialValue& v, RngStream& s) {
  switch (v.kind) {
    case InitialValue::Kind::kConstant: return v.a;
    case InitialValue::Kind::kUniform: return s.uniform(v.a, v.b);
    case InitialValue::Kind::kNormal: return s.normal(v.a, v.b);
  }
  return v.a;
}

// Rows are built in parallel in blocks of this many; each row's draws come from its own
// stream, so the blocking changes nothing but speed.
constexpr std::size_t kRowGrain = 256;

template <class F>
void parallel_rows(std::size_t n, F&& f) {
  ForkJoinAnnotation fork_join;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kRowGrain), [&](const tbb::blocked_range<std::size_t>& r) {
    fork_join.task_begin();
    for (std::size_t i = r.begin(); i != r.end(); ++i) f(i);
    fork_join.task_end();
  });
  fork_join.join();
}

/// Row starts from per-row counts; a projection holds at most 2^32 - 1 synapses.
std::vector<std::uint32_t> row_starts(const std::vector<std::uint32_t>& counts) {
  std::vector<std::uint32_t> starts(counts.size() + 1, 0);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    total += counts[i];
    if (total > std::numeric_limits<std::uint32_t>::max()) {
      throw std::invalid_argument("more than 2^32 - 1 synapses in one projection");
    }
    starts[i + 1] = static_cast<std::uint32_t>(total);
  }
  return starts;
}

/// Calls emit(j) for each target j of row i, ascending. Geometric skipping: the gap to the
/// next connected target is geometric, so the cost is proportional to the number of
/// synapses, not to pre × post.
template <class Emit>
void fixed_probability_row(const ConnectivityRule& rule, bool same, std::size_t post_size, std::uint32_t proj,
                           const CounterRng& rng, std::size_t i, Emit&& emit) {
  const double p = std::min(rule.probability, 1.0);
  const double log_q = std::log1p(-p);
  RngStream s(rng, {RngPurpose::kConnectivity, proj, static_cast<std::uint32_t>(i)});
  for (std::int64_t j = -1;;) {
    j += (p >= 1.0) ? 1 : 1 + static_cast<std::int64_t>(std::floor(std::log(s.uniform()) / log_q));
    if (j >= static_cast<std::int64_t>(post_size)) break;
    if (same && !rule.allow_autapses && static_cast<std::size_t>(j) == i) continue;
    emit(static_cast<NeuronIndex>(j));
  }
}

// Two passes over the same streams (counting, then filling), so no row needs a growing
// list of its own: the peak memory is the finished table.
void fixed_probability(const ConnectivityRule& rule, bool same, std::size_t pre_size, std::size_t post_size,
                       std::uint32_t proj, const CounterRng& rng, Projection& p) {
  std::vector<std::uint32_t> counts(pre_size, 0);
  if (rule.probability > 0) {
    parallel_rows(pre_size, [&](std::size_t i) {
      std::uint32_t c = 0;
      fixed_probability_row(rule, same, post_size, proj, rng, i, [&](NeuronIndex) { ++c; });
      counts[i] = c;
    });
  }
  p.row_start = row_starts(counts);
  p.target.resize(p.row_start.back());
  if (rule.probability <= 0) return;
  parallel_rows(pre_size, [&](std::size_t i) {
    NeuronIndex* out = p.target.data() + p.row_start[i];
    fixed_probability_row(rule, same, post_size, proj, rng, i, [&](NeuronIndex j) { *out++ = j; });
  });
}

// Runs work(b) for blocks b = 0 .. blocks - 1, one task each.
template <class F>
void parallel_blocks(std::size_t blocks, F&& work) {
  ForkJoinAnnotation fork_join;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks, 1),
      [&](const tbb::blocked_range<std::size_t>& r) {
        fork_join.task_begin();
        for (std::size_t b = r.begin(); b != r.end(); ++b) work(b);
        fork_join.task_end();
      },
      tbb::static_partitioner());
  fork_join.join();
}

// Sources are drawn per target column (one stream per column), then the column-major table is
// transposed into rows. Both passes run in parallel over blocks of consecutive columns: a block
// counts how often each source occurs in its columns, so each row can be laid out block after
// block, and then writes its columns into its own slots of every row. Columns are visited in
// ascending order, so each row comes out sorted, and the table is the same for any number of
// blocks (one per thread).
void fixed_indegree(const ConnectivityRule& rule, bool same, std::size_t pre_size, std::size_t post_size,
                    std::uint32_t proj, const CounterRng& rng, Projection& p) {
  const std::size_t k = rule.indegree;
  const std::size_t candidates = (same && !rule.allow_autapses) ? pre_size - 1 : pre_size;
  if (k > candidates) {
    throw std::invalid_argument("indegree " + std::to_string(k) + " exceeds the " + std::to_string(candidates) +
                                " possible presynaptic neurons");
  }
  if (static_cast<double>(k) * static_cast<double>(post_size) > std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("more than 2^32 - 1 synapses in one projection");
  }
  // A block's counts take 4 bytes per source: never more blocks than keep them below the table.
  const std::size_t blocks = std::max<std::size_t>(
      1, std::min({active_thread_count(), (post_size + kRowGrain - 1) / kRowGrain, k * post_size / std::max<std::size_t>(pre_size, 1)}));
  auto block_begin = [&](std::size_t b) { return post_size * b / blocks; };
  // Every entry is written by the draws before it is read: no zeroing pass over the table.
  const std::unique_ptr<NeuronIndex[]> sources(new NeuronIndex[k * post_size]);
  std::vector<std::vector<std::uint32_t>> counts(blocks);
  parallel_blocks(blocks, [&](std::size_t b) {
    std::vector<std::uint32_t>& count = counts[b];
    count.assign(pre_size, 0);
    std::vector<std::uint8_t> taken(pre_size, 0);
    for (std::size_t j = block_begin(b); j != block_begin(b + 1); ++j) {
      RngStream s(rng, {RngPurpose::kConnectivity, proj, static_cast<std::uint32_t>(j)});
      NeuronIndex* chosen = sources.get() + j * k;
      // Rejection sampling of k distinct sources; k is small compared with pre_size in practice.
      for (std::size_t m = 0; m < k;) {
        const auto i = static_cast<NeuronIndex>(s.below(pre_size));
        if (taken[i] || (same && !rule.allow_autapses && i == j)) continue;
        taken[i] = 1;
        chosen[m++] = i;
      }
      for (std::size_t m = 0; m < k; ++m) {
        taken[chosen[m]] = 0;
        ++count[chosen[m]];
      }
    }
  });
  std::vector<std::uint32_t> totals(pre_size, 0);
  for (const auto& count : counts) {
    for (std::size_t i = 0; i < pre_size; ++i) totals[i] += count[i];
  }
  p.row_start = row_starts(totals);
  // Each block's count becomes its cursor: the slot of its first synapse in each row.
  for (std::size_t i = 0; i < pre_size; ++i) {
    std::uint32_t at = p.row_start[i];
    for (auto& count : counts) at += std::exchange(count[i], at);
  }
  p.target.resize(k * post_size);
  parallel_blocks(blocks, [&](std::size_t b) {
    std::uint32_t* next = counts[b].data();
    for (std::size_t j = block_begin(b); j != block_begin(b + 1); ++j) {
      for (std::size_t m = 0; m < k; ++m) p.target[next[sources[j * k + m]]++] = static_cast<NeuronIndex>(j);
    }
  });
}

// The small deterministic rules: rows as lists, then packed. Returns, for kExplicit, each
// synapse's index into rule.pairs (for per-pair weights and delays).
std::vector<std::size_t> listed_rows(const ConnectivityRule& rule, bool same, std::size_t pre_size,
                                     std::size_t post_size, Projection& p) {
  std::vector<std::vector<NeuronIndex>> rows(pre_size);
  std::vector<std::vector<std::size_t>> pair_index;
  switch (rule.kind) {
    case ConnectivityRule::Kind::kOneToOne:
      if (pre_size != post_size) throw std::invalid_argument("one_to_one needs populations of equal size");
      for (std::size_t i = 0; i < pre_size; ++i) rows[i].push_back(static_cast<NeuronIndex>(i));
      break;
    case ConnectivityRule::Kind::kAllToAll:
      for (std::size_t i = 0; i < pre_size; ++i) {
        rows[i].reserve(post_size);
        for (std::size_t j = 0; j < post_size; ++j) {
          if (same && !rule.allow_autapses && i == j) continue;
          rows[i].push_back(static_cast<NeuronIndex>(j));
        }
      }
      break;
    case ConnectivityRule::Kind::kExplicit:
      pair_index.resize(pre_size);
      for (std::size_t k = 0; k < rule.pairs.size(); ++k) {
        const auto [i, j] = rule.pairs[k];
        if (i >= pre_size || j >= post_size) {
          throw std::invalid_argument("connection " + std::to_string(k) + " (" + std::to_string(i) + ", " +
                                      std::to_string(j) + ") is outside the populations");
        }
        pair_index[i].push_back(k);
      }
      for (std::size_t i = 0; i < pre_size; ++i) {
        auto& idx = pair_index[i];
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t c) {
          return rule.pairs[a].second < rule.pairs[c].second;
        });
        for (std::size_t k : idx) rows[i].push_back(rule.pairs[k].second);
      }
      break;
    default: break;
  }
  std::vector<std::uint32_t> counts(pre_size);
  for (std::size_t i = 0; i < pre_size; ++i) counts[i] = static_cast<std::uint32_t>(rows[i].size());
  p.row_start = row_starts(counts);
  p.target.resize(p.row_start.back());
  std::vector<std::size_t> pairs;
  if (!pair_index.empty()) pairs.reserve(p.target.size());
  for (std::size_t i = 0; i < pre_size; ++i) {
    std::copy(rows[i].begin(), rows[i].end(), p.target.begin() + p.row_start[i]);
    if (!pair_index.empty()) pairs.insert(pairs.end(), pair_index[i].begin(), pair_index[i].end());
  }
  return pairs;
}

std::uint16_t to_delay_steps(double d_ms, double dt_ms) {
  const double max_steps = std::numeric_limits<std::uint16_t>::max() - 2;
  const double d_steps = std::max(0.0, std::round(d_ms / dt_ms));
  if (d_steps > max_steps) throw std::invalid_argument("delay of " + std::to_string(d_ms) + " ms is too long");
  return static_cast<std::uint16_t>(d_steps);
}

}  // namespace

void Projection::set_delays(std::vector<std::uint16_t> steps) {
  if (steps.size() != target.size()) throw std::invalid_argument("one delay per synapse expected");
  max_delay_steps = steps.empty() ? 0 : *std::max_element(steps.begin(), steps.end());
  const bool all_equal = std::all_of(steps.begin(), steps.end(), [&](std::uint16_t d) { return d == max_delay_steps; });
  delay_steps = all_equal ? std::vector<std::uint16_t>{} : std::move(steps);
}

void Projection::keep_targets(std::size_t begin, std::size_t end) {
  const bool per_synapse_delays = !delay_steps.empty();
  std::size_t kept = 0;
  for (std::size_t i = 0; i + 1 < row_start.size(); ++i) {
    const std::uint32_t first = row_start[i], last = row_start[i + 1];
    row_start[i] = static_cast<std::uint32_t>(kept);
    for (std::uint32_t k = first; k < last; ++k) {
      if (target[k] < begin || target[k] >= end) continue;
      target[kept] = target[k];
      weight[kept] = weight[k];
      if (per_synapse_delays) delay_steps[kept] = delay_steps[k];
      ++kept;
    }
  }
  if (!row_start.empty()) row_start.back() = static_cast<std::uint32_t>(kept);
  target.resize(kept);
  target.shrink_to_fit();
  weight.resize(kept);
  weight.shrink_to_fit();
  if (per_synapse_delays) {
    delay_steps.resize(kept);
    delay_steps.shrink_to_fit();
  }
}

std::size_t Projection::memory_bytes() const {
  return row_start.size() * sizeof(std::uint32_t) + target.size() * sizeof(NeuronIndex) + weight.size() * sizeof(float) +
         delay_steps.size() * sizeof(std::uint16_t);
}

Projection build_projection(const ProjectionSpec& spec, PopulationIndex pre, std::size_t pre_size,
                            PopulationIndex post, std::size_t post_size, std::uint32_t projection_index,
                            const CounterRng& rng, double dt_ms) {
  const bool same = pre == post;
  const auto& rule = spec.rule;
  Projection p;
  p.name = spec.name;
  p.pre = pre;
  p.post = post;
  p.receptor = spec.receptor;
  std::vector<std::size_t> pairs;  // kExplicit: each synapse's index into rule.pairs
  switch (rule.kind) {
    case ConnectivityRule::Kind::kFixedProbability:
      fixed_probability(rule, same, pre_size, post_size, projection_index, rng, p);
      break;
    case ConnectivityRule::Kind::kFixedIndegree:
      fixed_indegree(rule, same, pre_size, post_size, projection_index, rng, p);
      break;
    default: pairs = listed_rows(rule, same, pre_size, post_size, p); break;
  }

  // Weights and delays, one stream per row and purpose.
  const std::size_t n = p.target.size();
  const bool pair_weights = !pairs.empty() && !rule.pair_weights.empty();
  const bool pair_delays = !pairs.empty() && !rule.pair_delays_ms.empty();
  const bool one_delay = !pair_delays && spec.delay_ms.kind == InitialValue::Kind::kConstant;
  p.weight.resize(n);
  std::vector<std::uint16_t> delays(one_delay ? 0 : n);
  parallel_rows(pre_size, [&](std::size_t i) {
    RngStream ws(rng, {RngPurpose::kWeights, projection_index, static_cast<std::uint32_t>(i)});
    RngStream ds(rng, {RngPurpose::kDelays, projection_index, static_cast<std::uint32_t>(i)});
    for (std::size_t k = p.row_start[i]; k < p.row_start[i + 1]; ++k) {
      p.weight[k] = static_cast<float>(pair_weights ? rule.pair_weights[pairs[k]] : draw(spec.weight, ws));
      if (!one_delay) delays[k] = to_delay_steps(pair_delays ? rule.pair_delays_ms[pairs[k]] : draw(spec.delay_ms, ds), dt_ms);
    }
  });
  if (one_delay) {
    p.max_delay_steps = n == 0 ? 0 : to_delay_steps(spec.delay_ms.a, dt_ms);
  } else {
    p.set_delays(std::move(delays));
  }
  return p;
}

}  // namespace snnft
