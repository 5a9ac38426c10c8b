// SPDX-License-Identifier: MIT
#include "snnft/apps/columns_config.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <sstream>

#include "config_helpers.hpp"
#include "snnft/apps/cascor_params_json.hpp"
#include "snnft/apps/cli_values.hpp"
#include "snnft/apps/fault_options.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/neuromorphic/protection_json.hpp"
#include "snnft/core/counter_rng.hpp"
#include "snnft/core/memory_info.hpp"

namespace snnft::apps {
namespace {

std::string resolved(const std::string& path, const std::string& config_dir) {
  return std::filesystem::path(path).is_absolute() ? path : (std::filesystem::path(config_dir) / path).string();
}

/// {"csv": PATH, "label_column": NAME or index, "test_fraction": f, "seed": N, "name": optional}.
void read_csv_dataset(ObjectReader& r, const std::string& config_dir, DatasetConfig& d) {
  d.csv = true;
  const std::string path = r.string("csv");
  d.path = resolved(path, config_dir);
  d.name = r.string("name", std::filesystem::path(path).stem().string());
  const auto& label = r.raw("label_column");
  if (label.is_string() && !label.get<std::string>().empty()) {
    d.label_column = label.get<std::string>();
  } else if (label.is_number_integer() && label.get<std::int64_t>() >= 0) {
    d.label_column = label.get<std::size_t>();
  } else {
    r.fail("label_column", "expected a column name or a 0-based column index, got " + describe_json(label));
  }
  d.train_fraction = 1.0 - r.in_range("test_fraction", 0.05, 0.95, 0.3);
  d.split_seed = static_cast<std::uint64_t>(r.integer_at_least("seed", 0, 0));
}

/// `value_ms` must be a whole number of steps of `dt_ms`.
void check_whole_steps(ObjectReader& r, const std::string& key, double value_ms, double dt_ms, const std::string& why) {
  const double steps = value_ms / dt_ms;
  if (std::abs(steps - std::round(steps)) > 1e-6 * std::max(1.0, steps)) {
    r.fail(key, number_text(value_ms) + " ms is not a multiple of dt_ms = " + number_text(dt_ms) + " (" + why + ")");
  }
}

DatasetConfig read_dataset(ObjectReader& r, const std::string& config_dir) {
  DatasetConfig d;
  if (r.has("csv")) {
    read_csv_dataset(r, config_dir, d);
    return d;
  }
  d.name = r.choice("name", {"digits", "yinyang"});
  if (d.name == "digits") {
    d.path = resolved(r.string("path"), config_dir);
    d.train_fraction = r.in_range("train_fraction", 0.05, 0.95, 0.7);
    d.split_seed = static_cast<std::uint64_t>(r.integer_at_least("split_seed", 0, 0));
  } else {
    d.train_size = count_at_least(r, "train_size", 1, 5000);
    d.test_size = count_at_least(r, "test_size", 1, 1000);
  }
  return d;
}

/// Column parameters and view, starting from `base` (the defaults or the shared "column").
void read_column(ObjectReader& r, columns::ColumnSpec& spec, double& random_fraction) {
  auto& p = spec.params;
  p.neurons = count_at_least(r, "neurons", 1, p.neurons);
  p.dt_ms = r.positive("dt_ms", p.dt_ms);
  p.trial_ms = r.positive("trial_ms", p.trial_ms);
  p.tau_m_ms = r.positive("tau_m_ms", p.tau_m_ms);
  p.tau_syn_ms = r.positive("tau_syn_ms", p.tau_syn_ms);
  p.t_ref_ms = r.non_negative("t_ref_ms", p.t_ref_ms);
  p.v_th_mv = r.positive("v_th_mv", p.v_th_mv);
  p.inhibition_mv = r.non_negative("inhibition_mv", p.inhibition_mv);
  p.inhibition_delay_ms = r.non_negative("inhibition_delay_ms", p.inhibition_delay_ms);
  p.learning_rate = r.in_range("learning_rate", 0.0, 1.0, p.learning_rate);
  p.trace_tau_ms = r.positive("trace_tau_ms", p.trace_tau_ms);
  p.weight_sum = r.positive("weight_sum", p.weight_sum);
  p.theta_plus_mv = r.non_negative("theta_plus_mv", p.theta_plus_mv);
  p.theta_decay = r.in_range("theta_decay", 0.0, 1.0, p.theta_decay);
  p.readout_spikes = count_at_least(r, "readout_spikes", 1, p.readout_spikes);
  if (p.trial_ms < 2 * p.dt_ms) r.fail("trial_ms", "must cover at least two steps");
  // Trials and the inhibition delay are whole steps: rounding would change the column.
  check_whole_steps(r, "trial_ms", p.trial_ms, p.dt_ms, "trials are whole steps");
  check_whole_steps(r, "inhibition_delay_ms", p.inhibition_delay_ms, p.dt_ms, "delays are whole steps");

  if (r.has("encoding")) {
    ObjectReader e = r.object("encoding");
    auto& v = spec.view;
    const std::string kind = e.choice("kind", {"ttfs", "population"}, v.encoding == columns::InputView::Encoding::kTtfs ? "ttfs" : "population");
    v.encoding = kind == "ttfs" ? columns::InputView::Encoding::kTtfs : columns::InputView::Encoding::kPopulation;
    TtfsParams& t = kind == "ttfs" ? v.ttfs : v.population.ttfs;
    t.t_min_ms = e.non_negative("t_min_ms", t.t_min_ms);
    t.t_max_ms = e.positive("t_max_ms", t.t_max_ms);
    if (t.t_max_ms <= t.t_min_ms) e.fail("t_max_ms", "must be greater than t_min_ms");
    // An input spike after the end of the trial would never be seen.
    if (t.t_max_ms >= p.trial_ms) {
      e.fail("t_max_ms", number_text(t.t_max_ms) + " ms is not inside the trial (trial_ms = " + number_text(p.trial_ms) +
                             "): later input spikes would never be seen");
    }
    t.scale = e.choice("scale", {"linear", "log"}, t.scale == TtfsScale::kLinear ? "linear" : "log") == "linear" ? TtfsScale::kLinear : TtfsScale::kLog;
    t.tau_ms = e.positive("tau_ms", t.tau_ms);
    t.cutoff = e.in_range("cutoff", 0.0, 0.99, t.cutoff);
    if (kind == "population") {
      v.population.neurons_per_value = count_at_least(e, "neurons_per_value", 3, v.population.neurons_per_value);
      v.population.beta = e.positive("beta", v.population.beta);
    }
    e.finish();
  }
  if (r.has("features")) {
    const auto& f = r.raw("features");
    const std::string path = r.path_of("features");
    if (f.is_object()) {
      ObjectReader fr(f, path);
      random_fraction = fr.in_range("random_fraction", 0.01, 1.0);
      fr.finish();
      spec.view.features.clear();
    } else if (f.is_array()) {
      spec.view.features.clear();
      for (std::size_t k = 0; k < f.size(); ++k) {
        if (!f[k].is_number_integer() || f[k].get<std::int64_t>() < 0) {
          throw ConfigError(path + "/" + std::to_string(k), "expected a feature index, got " + describe_json(f[k]));
        }
        spec.view.features.push_back(f[k].get<std::size_t>());
      }
      random_fraction = 0;
    } else if (!(f.is_string() && f.get<std::string>() == "all")) {
      throw ConfigError(path, "expected \"all\", a list of feature indices or {\"random_fraction\": f}, got " + describe_json(f));
    }
  }
}

/// "readout": "labels" (the default), or {"kind": "labels"}, or {"kind": "cascor", the
/// cascade-correlation keys, "spike_counts", "relative_timing", "relative_tau_ms", "depolarisation",
/// "label_inputs", "label_weight", "calibration_fraction", "grow_online", "online_units", "online_batch"}.
columns::ReadoutParams read_readout(ObjectReader& r) {
  columns::ReadoutParams out;
  const auto& raw = r.raw("readout");
  const std::string path = r.path_of("readout");
  if (raw.is_string()) {
    if (raw.get<std::string>() != "labels") {
      throw ConfigError(path, "expected \"labels\" or {\"kind\": \"cascor\", ...}, got " + describe_json(raw));
    }
    return out;
  }
  if (!raw.is_object()) throw ConfigError(path, "expected \"labels\" or {\"kind\": \"cascor\", ...}, got " + describe_json(raw));
  ObjectReader o(raw, path);
  if (o.choice("kind", {"labels", "cascor"}) == "labels") {
    o.finish();
    return out;
  }
  out.kind = columns::ReadoutParams::Kind::kCascor;
  read_cascor_params(o, out.cascor);
  out.spike_counts = o.boolean("spike_counts", out.spike_counts);
  out.relative_timing = o.boolean("relative_timing", out.relative_timing);
  out.depolarisation = o.boolean("depolarisation", out.depolarisation);
  out.relative_tau_ms = o.in_range("relative_tau_ms", 1e-3, 1e3, out.relative_tau_ms);
  if (o.has("label_weight")) {
    const auto& w = o.raw("label_weight");
    if (w.is_string() && w.get<std::string>() == "calibrated") {
      out.label_weight = columns::ReadoutParams::kCalibrated;
    } else if (w.is_number()) {
      out.label_weight = o.non_negative("label_weight");
    } else {
      o.fail("label_weight", "expected a number >= 0 or \"calibrated\", got " + describe_json(w));
    }
  }
  out.label_inputs = o.boolean("label_inputs", out.label_inputs);
  out.calibration_fraction = o.in_range("calibration_fraction", 0.01, 0.5, out.calibration_fraction);
  out.grow_online = o.boolean("grow_online", out.grow_online);
  out.online_units = count_at_least(o, "online_units", 0, out.online_units);
  out.online_batch = count_at_least(o, "online_batch", 1, out.online_batch);
  o.finish();
  return out;
}

}  // namespace

ColumnsRunConfig parse_columns_config(const nlohmann::json& config, const std::string& config_dir) {
  ObjectReader r(config, "");
  ColumnsRunConfig out;
  r.choice("kind", {"columns"});
  out.name = r.string("name", "columns");
  r.string("description", "");
  {
    ObjectReader d = r.object("dataset");
    out.dataset = read_dataset(d, config_dir);
    d.finish();
  }
  out.seed = static_cast<std::uint64_t>(r.integer_at_least("seed", 0, 1));
  const std::int64_t epochs = r.integer_at_least("epochs", 0, 5);
  if (epochs > 1000000) r.fail("epochs", "at most 1000000 training epochs, got " + std::to_string(epochs));
  out.epochs = static_cast<int>(epochs);
  out.vote = r.choice("vote", {"majority", "confidence", "first_spike"}, "majority");
  out.threads = read_thread_count(r);
  if (r.has("output")) out.output = r.file_name("output");
  if (r.has("save_columns")) out.save_columns = r.file_name("save_columns");
  if (r.has("load_columns")) out.load_columns = r.file_name("load_columns");

  columns::ColumnSpec base;
  double base_fraction = 0;
  if (r.has("column")) {
    ObjectReader c = r.object("column");
    read_column(c, base, base_fraction);
    c.finish();
  }
  r.objects("columns", [&](ObjectReader& c) {
    columns::ColumnSpec spec = base;
    double fraction = base_fraction;
    read_column(c, spec, fraction);
    out.columns.push_back(spec);
    out.random_feature_fraction.push_back(fraction);
  });
  if (out.columns.empty()) r.fail("columns", "at least one column is required");
  out.faults = read_fault_list(r);
  out.test_learning_rate = r.in_range("test_learning_rate", 0.0, 1.0, 0.0);
  if (r.has("readout")) {
    columns::ReadoutParams readout = read_readout(r);
    // Labels in the test phase let a grown readout keep growing, as they let STDP keep learning.
    if (out.test_learning_rate > 0) readout.grow_online = true;
    for (auto& spec : out.columns) spec.params.readout = readout;
  }
  if (r.has("protection")) {
    ObjectReader p = r.object("protection");
    out.calibration_samples = count_at_least(p, "calibration_samples", 0, 0);
    out.calibration_fraction = p.in_range("calibration_fraction", 0.01, 0.5, out.calibration_fraction);
    out.protection = neuromorphic::parse_protection_config(p);  // finishes p: unknown keys are errors
  }
  r.finish();
  return out;
}

namespace {

/// A lower bound of the memory the columns need: each column's input and lateral synapses
/// (target, weight and the builder's row entry: 12 bytes each). Fails at once, naming the
/// largest column, if it exceeds what the process can still allocate.
void check_columns_memory(const ColumnsRunConfig& cfg, std::size_t feature_count) {
  double total = 0, largest = 0;
  std::size_t largest_k = 0;
  for (std::size_t k = 0; k < cfg.columns.size(); ++k) {
    const auto& spec = cfg.columns[k];
    const double features = static_cast<double>(spec.view.features.empty() ? feature_count : spec.view.features.size());
    const double inputs = features * (spec.view.encoding == columns::InputView::Encoding::kPopulation
                                          ? static_cast<double>(spec.view.population.neurons_per_value)
                                          : 1.0);
    const double n = static_cast<double>(spec.params.neurons);
    const double lateral = n * (n - 1), feed = n * inputs;
    const std::string where = "/columns/" + std::to_string(k) + "/neurons";
    if (std::max(lateral, feed) > 4294967295.0) {
      throw ConfigError(where, "about " + number_text(std::max(lateral, feed)) +
                                   " synapses in one projection of the column; a projection holds at most 2^32 - 1");
    }
    const double bytes = (lateral + feed) * 12.0;
    total += bytes;
    if (bytes > largest) {
      largest = bytes;
      largest_k = k;
    }
  }
  const double available = static_cast<double>(available_memory_bytes());
  if (total <= available) return;
  throw ConfigError("/columns/" + std::to_string(largest_k) + "/neurons",
                    "the columns need at least " + format_bytes(total) + " of memory, " + format_bytes(largest) +
                        " of it here; " + format_bytes(available) + " is available");
}

}  // namespace

void resolve_random_views(ColumnsRunConfig& cfg, std::size_t feature_count) {
  for (std::size_t k = 0; k < cfg.columns.size(); ++k) {
    auto& spec = cfg.columns[k];
    // Each column's seed follows from the run seed, so --seed changes every column.
    spec.params.seed = cfg.seed * 1000 + k + 1;
    for (std::size_t f : spec.view.features) {
      if (f >= feature_count) {
        throw ConfigError("/columns/" + std::to_string(k) + "/features",
                          "feature " + std::to_string(f) + " does not exist (the data set has " +
                              std::to_string(feature_count) + ")");
      }
    }
    const double fraction = cfg.random_feature_fraction[k];
    if (fraction <= 0) continue;
    std::vector<std::size_t> all(feature_count);
    std::iota(all.begin(), all.end(), std::size_t{0});
    const CounterRng rng(spec.params.seed);  // a stream keeps a pointer to it: it must outlive the stream
    RngStream s(rng, {RngPurpose::kUser, 0, static_cast<std::uint32_t>(k)});
    for (std::size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[s.below(i)]);
    const auto keep = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(fraction * static_cast<double>(feature_count))));
    all.resize(keep);
    std::sort(all.begin(), all.end());
    spec.view.features = all;
  }
  check_columns_memory(cfg, feature_count);
}

}  // namespace snnft::apps
