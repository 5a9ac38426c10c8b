// SPDX-License-Identifier: MIT
#include "snnft/snn/projection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

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

/// Per-row target lists → CSR. Rows are generated independently and already sorted.
struct RowBuilder {
  std::vector<std::vector<NeuronIndex>> rows;
  explicit RowBuilder(std::size_t pre) : rows(pre) {}
};

void fixed_probability_rows(const ConnectivityRule& rule, bool same, std::size_t post_size, std::uint32_t proj,
                            const CounterRng& rng, RowBuilder& b) {
  const double p = rule.probability;
  if (p <= 0) return;
  const double log_q = std::log1p(-std::min(p, 1.0));
  for (std::size_t i = 0; i < b.rows.size(); ++i) {
    RngStream s(rng, {RngPurpose::kConnectivity, proj, static_cast<std::uint32_t>(i)});
    auto& row = b.rows[i];
    row.reserve(static_cast<std::size_t>(p * static_cast<double>(post_size) * 1.2) + 4);
    // Geometric skipping: the gap to the next connected target is geometric, so the cost is
    // proportional to the number of synapses, not to pre × post.
    for (std::int64_t j = -1;;) {
      j += (p >= 1.0) ? 1 : 1 + static_cast<std::int64_t>(std::floor(std::log(s.uniform()) / log_q));
      if (j >= static_cast<std::int64_t>(post_size)) break;
      if (same && !rule.allow_autapses && static_cast<std::size_t>(j) == i) continue;
      row.push_back(static_cast<NeuronIndex>(j));
    }
  }
}

void fixed_indegree_rows(const ConnectivityRule& rule, bool same, std::size_t pre_size, std::size_t post_size,
                         std::uint32_t proj, const CounterRng& rng, RowBuilder& b) {
  const std::size_t k = rule.indegree;
  const std::size_t candidates = (same && !rule.allow_autapses) ? pre_size - 1 : pre_size;
  if (k > candidates) {
    throw std::invalid_argument("indegree " + std::to_string(k) + " exceeds the " + std::to_string(candidates) +
                                " possible presynaptic neurons");
  }
  std::vector<NeuronIndex> chosen;
  std::vector<std::uint8_t> taken(pre_size, 0);
  for (std::size_t j = 0; j < post_size; ++j) {
    RngStream s(rng, {RngPurpose::kConnectivity, proj, static_cast<std::uint32_t>(j)});
    chosen.clear();
    // Rejection sampling of k distinct sources; k is small compared with pre_size in practice.
    while (chosen.size() < k) {
      const auto i = static_cast<NeuronIndex>(s.below(pre_size));
      if (taken[i] || (same && !rule.allow_autapses && i == j)) continue;
      taken[i] = 1;
      chosen.push_back(i);
    }
    for (NeuronIndex i : chosen) {
      taken[i] = 0;
      b.rows[i].push_back(static_cast<NeuronIndex>(j));  // j ascending, so rows stay sorted
    }
  }
}

}  // namespace

Projection build_projection(const ProjectionSpec& spec, PopulationIndex pre, std::size_t pre_size,
                            PopulationIndex post, std::size_t post_size, std::uint32_t projection_index,
                            const CounterRng& rng, double dt_ms) {
  const bool same = pre == post;
  const auto& rule = spec.rule;
  RowBuilder b(pre_size);
  std::vector<std::vector<std::size_t>> explicit_index;  // per row: index into rule.pairs
  switch (rule.kind) {
    case ConnectivityRule::Kind::kFixedProbability:
      fixed_probability_rows(rule, same, post_size, projection_index, rng, b);
      break;
    case ConnectivityRule::Kind::kFixedIndegree:
      fixed_indegree_rows(rule, same, pre_size, post_size, projection_index, rng, b);
      break;
    case ConnectivityRule::Kind::kOneToOne:
      if (pre_size != post_size) throw std::invalid_argument("one_to_one needs populations of equal size");
      for (std::size_t i = 0; i < pre_size; ++i) b.rows[i].push_back(static_cast<NeuronIndex>(i));
      break;
    case ConnectivityRule::Kind::kAllToAll:
      for (std::size_t i = 0; i < pre_size; ++i) {
        b.rows[i].reserve(post_size);
        for (std::size_t j = 0; j < post_size; ++j) {
          if (same && !rule.allow_autapses && i == j) continue;
          b.rows[i].push_back(static_cast<NeuronIndex>(j));
        }
      }
      break;
    case ConnectivityRule::Kind::kExplicit: {
      explicit_index.resize(pre_size);
      for (std::size_t k = 0; k < rule.pairs.size(); ++k) {
        const auto [i, j] = rule.pairs[k];
        if (i >= pre_size || j >= post_size) {
          throw std::invalid_argument("connection " + std::to_string(k) + " (" + std::to_string(i) + ", " +
                                      std::to_string(j) + ") is outside the populations");
        }
        explicit_index[i].push_back(k);
      }
      for (std::size_t i = 0; i < pre_size; ++i) {
        auto& idx = explicit_index[i];
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t c) {
          return rule.pairs[a].second < rule.pairs[c].second;
        });
        for (std::size_t k : idx) b.rows[i].push_back(rule.pairs[k].second);
      }
      break;
    }
  }

  Projection p;
  p.name = spec.name;
  p.pre = pre;
  p.post = post;
  p.receptor = spec.receptor;
  p.row_start.resize(pre_size + 1, 0);
  for (std::size_t i = 0; i < pre_size; ++i) p.row_start[i + 1] = p.row_start[i] + static_cast<std::uint32_t>(b.rows[i].size());
  const std::size_t n = p.row_start.back();
  p.target.resize(n);
  p.weight.resize(n);
  std::vector<std::uint16_t> delays(n, 0);
  const double max_steps = std::numeric_limits<std::uint16_t>::max() - 2;
  for (std::size_t i = 0; i < pre_size; ++i) {
    RngStream ws(rng, {RngPurpose::kWeights, projection_index, static_cast<std::uint32_t>(i)});
    RngStream ds(rng, {RngPurpose::kDelays, projection_index, static_cast<std::uint32_t>(i)});
    const std::size_t base = p.row_start[i];
    for (std::size_t k = 0; k < b.rows[i].size(); ++k) {
      p.target[base + k] = b.rows[i][k];
      const bool has_pair = !explicit_index.empty();
      const std::size_t pair = has_pair ? explicit_index[i][k] : 0;
      const double w = (has_pair && !rule.pair_weights.empty()) ? rule.pair_weights[pair] : draw(spec.weight, ws);
      const double d_ms = (has_pair && !rule.pair_delays_ms.empty()) ? rule.pair_delays_ms[pair] : draw(spec.delay_ms, ds);
      const double d_steps = std::max(0.0, std::round(d_ms / dt_ms));
      if (d_steps > max_steps) throw std::invalid_argument("delay of " + std::to_string(d_ms) + " ms is too long");
      p.weight[base + k] = static_cast<float>(w);
      delays[base + k] = static_cast<std::uint16_t>(d_steps);
    }
  }
  p.max_delay_steps = delays.empty() ? 0 : *std::max_element(delays.begin(), delays.end());
  if (p.max_delay_steps > 0) p.delay_steps = std::move(delays);
  return p;
}

}  // namespace snnft
