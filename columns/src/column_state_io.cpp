// SPDX-License-Identifier: MIT
#include "snnft/columns/column_state_io.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "snnft/snn/cascor/network_io.hpp"

namespace snnft::columns {

void write_readout(H5Output& out, const std::string& group, const GrownReadout& readout) {
  cascor::write_network(out, group, readout.network());
  out.set_attribute(group, "label_weight", readout.label_weight());
  const auto& curve = readout.learning_curve();
  std::vector<std::uint64_t> epoch(curve.size());
  std::vector<std::uint32_t> units(curve.size());
  std::vector<double> error(curve.size());
  for (std::size_t i = 0; i < curve.size(); ++i) {
    epoch[i] = curve[i].epoch;
    units[i] = curve[i].hidden_units;
    error[i] = curve[i].error;
  }
  out.write<std::uint64_t>(group + "/learning_curve/epoch", epoch);
  out.write<std::uint32_t>(group + "/learning_curve/hidden_units", units);
  out.write<double>(group + "/learning_curve/error", error);
}

void save_columns(H5Output& out, const std::string& group, const MultiColumnProcessor& processor) {
  out.create_group(group);
  out.set_attribute(group, "column_count", static_cast<std::int64_t>(processor.column_count()));
  for (std::size_t k = 0; k < processor.column_count(); ++k) {
    const CorticalColumn& col = processor.column(k);
    const ColumnState state = col.checkpoint();
    const std::string g = group + "/column" + std::to_string(k);
    out.write_matrix<float>(g + "/weights", state.weights, col.input_neurons(), col.params().neurons);
    out.write<float>(g + "/theta_mv", state.theta_mv);
    std::vector<std::int32_t> labels(state.labels.begin(), state.labels.end());
    out.write<std::int32_t>(g + "/labels", labels);
    if (const GrownReadout* r = col.grown_readout(); r != nullptr && r->trained()) write_readout(out, g + "/cascor", *r);
  }
}

void load_columns(const H5Input& in, const std::string& group, MultiColumnProcessor& processor) {
  auto fail = [&](const std::string& what) { throw std::runtime_error(in.path() + ": " + what); };
  if (!in.has(group)) fail("no saved columns (group " + group + ")");
  const double count = in.number_attribute(group, "column_count");
  if (count != static_cast<double>(processor.column_count())) {
    std::ostringstream text;
    text << "holds " << count << " columns, the config has " << processor.column_count();
    fail(text.str());
  }
  // Everything is read and checked before any column changes: a bad file leaves the
  // processor as it was.
  std::vector<ColumnState> states(processor.column_count());
  std::vector<std::optional<cascor::CascorNetwork>> readouts(processor.column_count());
  std::vector<double> label_weights(processor.column_count(), 0.0);
  for (std::size_t k = 0; k < states.size(); ++k) {
    const CorticalColumn& col = processor.column(k);
    const std::string g = group + "/column" + std::to_string(k);
    const std::vector<std::size_t> expected{col.input_neurons(), col.params().neurons};
    if (!in.has(g + "/weights") || in.shape(g + "/weights") != expected) {
      fail(g + "/weights does not match column " + std::to_string(k) + " (" + std::to_string(expected[0]) + " inputs × " +
           std::to_string(expected[1]) + " neurons)");
    }
    ColumnState& state = states[k];
    state.weights = in.read<float>(g + "/weights");
    state.theta_mv = in.read<float>(g + "/theta_mv");
    const auto labels = in.read<std::int32_t>(g + "/labels");
    state.labels.assign(labels.begin(), labels.end());
    if (state.theta_mv.size() != expected[1] || state.labels.size() != expected[1]) fail(g + ": wrong number of neurons");
    auto finite = [](float x) { return std::isfinite(x); };
    if (!std::all_of(state.weights.begin(), state.weights.end(), finite)) fail(g + "/weights: not every weight is finite");
    if (!std::all_of(state.theta_mv.begin(), state.theta_mv.end(), finite)) fail(g + "/theta_mv: not every threshold is finite");
    // A label is a class index, or -1 for a neuron that never won.
    const int classes = col.class_count();
    for (int label : state.labels) {
      if (label < -1 || label >= classes) {
        fail(g + "/labels: label " + std::to_string(label) + " is not -1 or a class of " + std::to_string(classes));
      }
    }
    if (col.grown_readout() != nullptr) {
      if (!in.has(g + "/cascor")) fail(g + "/cascor: no grown readout saved for column " + std::to_string(k));
      try {
        readouts[k] = cascor::read_network(in.path(), g + "/cascor");
      } catch (const std::exception& e) {
        fail(g + "/cascor: " + e.what());
      }
      // Files from before the label weight was saved answered with the grown outputs alone.
      if (in.has_attribute(g + "/cascor", "label_weight")) {
        label_weights[k] = in.number_attribute(g + "/cascor", "label_weight");
        if (!(label_weights[k] >= 0.0) || !std::isfinite(label_weights[k])) fail(g + "/cascor: label_weight is not a finite number >= 0");
      }
    }
  }
  for (std::size_t k = 0; k < states.size(); ++k) {
    CorticalColumn& col = processor.column(k);
    col.restore(states[k]);
    if (readouts[k]) {
      col.grown_readout()->set_network(*readouts[k]);
      col.grown_readout()->set_label_weight(label_weights[k]);
    }
  }
}

}  // namespace snnft::columns
