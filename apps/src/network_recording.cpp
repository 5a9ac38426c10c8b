// SPDX-License-Identifier: MIT
#include "snnft/apps/network_recording.hpp"

#include <string>

namespace snnft::apps {

std::string report_name(const std::string& population, const std::string& variable) {
  return population + "." + variable;
}

namespace {

// SONATA's time mapping: [start, stop, step] in ms, stop open.
std::vector<double> time_mapping(Step first_step, std::size_t frames, Step interval, double dt_ms) {
  const double start = static_cast<double>(first_step + 1) * dt_ms;
  const double step = static_cast<double>(interval) * dt_ms;
  return {start, start + static_cast<double>(frames) * step, step};
}

void write_time(H5Output& out, const std::string& path, const std::vector<double>& time) {
  out.write<double>(path, time);
  out.set_attribute(path, "units", std::string("ms"));
}

}  // namespace

/// One recorded variable set of one population: a SONATA report group per variable.
class NetworkRecording::ReportWriter final : public FrameSink {
 public:
  ReportWriter(H5Output& out, const Population& pop, const StateRecordConfig& cfg, const std::vector<NeuronIndex>& ids,
               std::size_t chunk_frames)
      : out_(out) {
    std::vector<std::uint64_t> node_ids(ids.begin(), ids.end());
    std::vector<std::uint64_t> pointers(ids.size() + 1);
    for (std::size_t i = 0; i <= ids.size(); ++i) pointers[i] = i;
    const std::vector<std::uint32_t> elements(ids.size(), 0);  // point neurons: one element each
    const int default_level = out_.deflate_level();
    out_.set_deflate_level(cfg.deflate_level);
    for (const std::string& var : cfg.variables) {
      const std::string group = "/report/" + report_name(pop.name(), var);
      groups_.push_back(group);
      out_.create_appendable_rows<float>(group + "/data", ids.size(), chunk_frames);
      std::string units = "1";
      for (const auto& info : pop.state_variables()) {
        if (info.name == var) units = info.units;
      }
      out_.set_attribute(group + "/data", "units", units);
      out_.set_attribute(group, "population", pop.name());
      out_.set_attribute(group, "variable", var);
      out_.write<std::uint64_t>(group + "/mapping/node_ids", node_ids);
      out_.set_attribute(group + "/mapping/node_ids", "sorted", std::int64_t{1});
      out_.write<std::uint64_t>(group + "/mapping/index_pointers", pointers);
      out_.write<std::uint32_t>(group + "/mapping/element_ids", elements);
    }
    out_.set_deflate_level(default_level);
  }
  void write_frames(std::size_t channel, std::span<const float> data, std::size_t frames) override {
    out_.append_rows<float>(groups_[channel] + "/data", data, frames);
  }
  void finish(const StateRecorder& rec, double dt_ms) {
    for (const std::string& group : groups_) {
      write_time(out_, group + "/mapping/time",
                 time_mapping(rec.first_sample_step(), rec.frames(), rec.spec().interval_steps, dt_ms));
    }
  }

 private:
  H5Output& out_;
  std::vector<std::string> groups_;
};

/// Weight snapshots of one projection.
class NetworkRecording::WeightWriter final : public FrameSink {
 public:
  WeightWriter(H5Output& out, const Network& network, std::size_t projection, std::size_t chunk_frames)
      : out_(out) {
    const Projection& proj = network.projection(projection);
    group_ = "/weights/" + proj.name;
    out_.create_appendable_rows<float>(group_ + "/data", proj.synapse_count(), chunk_frames);
    std::vector<std::uint32_t> pre(proj.synapse_count());
    for (std::size_t i = 0; i < proj.pre_size(); ++i) {
      std::fill(pre.begin() + proj.row_start[i], pre.begin() + proj.row_start[i + 1], static_cast<std::uint32_t>(i));
    }
    out_.write<std::uint32_t>(group_ + "/synapse_pre", pre);
    out_.write<std::uint32_t>(group_ + "/synapse_post", proj.target);
    out_.set_attribute(group_, "pre_population", network.population(proj.pre).name());
    out_.set_attribute(group_, "post_population", network.population(proj.post).name());
  }
  void write_frames(std::size_t, std::span<const float> data, std::size_t frames) override {
    out_.append_rows<float>(group_ + "/data", data, frames);
  }
  void finish(const WeightRecorder& rec, double dt_ms) {
    write_time(out_, group_ + "/time", time_mapping(rec.first_sample_step(), rec.frames(), rec.interval_steps(), dt_ms));
  }

 private:
  H5Output& out_;
  std::string group_;
};

NetworkRecording::NetworkRecording(H5Output& out, const Network& network, const RecordConfig& config,
                                   BackgroundWriter* background)
    : out_(out), network_(network), background_(background) {
  // Where a recorder's full buffers go: straight to the file, or through the writer thread.
  auto sink_for = [&](FrameSink& writer, std::size_t channels) -> FrameSink& {
    if (background_ == nullptr) return writer;
    background_sinks_.push_back(std::make_unique<BackgroundFrameSink>(writer, *background_, channels));
    return *background_sinks_.back();
  };
  for (const StateRecordConfig& sc : config.state) {
    const auto p = network.find_population(sc.population);
    if (!p) throw std::invalid_argument("record: no population named \"" + sc.population + "\"");
    // A throw-away sink first: the recorder validates the request and picks the buffer size
    // that the HDF5 chunks then match, so every full buffer is whole chunks.
    MemoryFrameSink probe;
    const StateRecorder check(network, {*p, sc.variables, sc.ids, sc.interval_steps}, probe, sc.buffer_frames);
    reports_.push_back(std::make_unique<ReportWriter>(out, network.population(*p), sc, check.ids(), check.buffer_frames()));
    FrameSink& sink = sink_for(*reports_.back(), sc.variables.size());
    state_.push_back(std::make_unique<StateRecorder>(network, StateRecordSpec{*p, sc.variables, sc.ids, sc.interval_steps},
                                                     sink, check.buffer_frames()));
  }
  for (const WeightRecordConfig& wc : config.weights) {
    const auto j = network.find_projection(wc.projection);
    if (!j) throw std::invalid_argument("record: no projection named \"" + wc.projection + "\"");
    MemoryFrameSink probe;
    const WeightRecorder check(network, *j, wc.interval_steps, probe);
    weight_writers_.push_back(std::make_unique<WeightWriter>(out, network, *j, check.buffer_frames()));
    FrameSink& sink = sink_for(*weight_writers_.back(), 1);
    weights_.push_back(std::make_unique<WeightRecorder>(network, *j, wc.interval_steps, sink, check.buffer_frames()));
  }
  if (config.rate_bin_steps > 0 && !config.rate_populations.empty()) {
    std::vector<PopulationIndex> pops;
    for (const std::string& name : config.rate_populations) {
      const auto p = network.find_population(name);
      if (!p) throw std::invalid_argument("record: no population named \"" + name + "\"");
      pops.push_back(*p);
    }
    rates_ = std::make_unique<RateRecorder>(network, pops, config.rate_bin_steps);
  }
}

NetworkRecording::~NetworkRecording() = default;

void NetworkRecording::attach(Simulation& sim, Step steps) {
  for (auto& r : state_) sim.add_observer(*r);
  for (auto& w : weights_) sim.add_observer(*w);
  if (rates_) {
    rates_->reserve_steps(steps);
    sim.add_observer(*rates_);
  }
}

void NetworkRecording::finish() {
  const double dt = network_.dt_ms();
  for (auto& r : state_) r->flush();
  for (auto& w : weights_) w->flush();
  if (background_ != nullptr) background_->drain();  // the file is this thread's again
  for (std::size_t k = 0; k < state_.size(); ++k) reports_[k]->finish(*state_[k], dt);
  for (std::size_t k = 0; k < weights_.size(); ++k) weight_writers_[k]->finish(*weights_[k], dt);
  if (rates_) {
    for (std::size_t k = 0; k < rates_->populations().size(); ++k) {
      const Population& pop = network_.population(rates_->populations()[k]);
      const std::string group = "/rates/" + pop.name();
      out_.write<std::uint32_t>(group + "/spike_counts", rates_->counts(k));
      out_.write<double>(group + "/rate_hz", rates_->rates_hz(k, dt, pop.size()));
      out_.set_attribute(group + "/rate_hz", "units", std::string("Hz"));
      // Bins start at the first step seen; the last may be partial (counts are still exact).
      const double start = static_cast<double>(std::max<Step>(rates_->first_step(), 0)) * dt;
      const double bin = static_cast<double>(rates_->bin_steps()) * dt;
      write_time(out_, group + "/time", {start, start + static_cast<double>(rates_->bins()) * bin, bin});
      out_.set_attribute(group, "size", static_cast<std::int64_t>(pop.size()));
      out_.set_attribute(group, "bin_ms", bin);
    }
  }
}

}  // namespace snnft::apps
