// SPDX-License-Identifier: MIT
#include "py_simulator.hpp"

#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "snnft/apps/fault_options.hpp"
#include "snnft/apps/input_config.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/apps/model_config.hpp"
#include "snnft/snn/adaptive_population.hpp"
#include "snnft/snn/current_source.hpp"
#include "snnft/snn/lif_population.hpp"
#include "snnft/snn/source_populations.hpp"

namespace snnft::python {
namespace {

/// Steps run with the GIL released before Python gets a chance to see Ctrl-C: short enough to
/// react within a fraction of a second even on large networks, long enough to cost nothing.
constexpr Step kStepsPerChunk = 500;

/// Copies a contiguous range into a new numpy array (one memcpy, no per-element Python work).
template <class T>
py::array_t<T> to_numpy(const T* data, std::size_t n) {
  py::array_t<T> out(static_cast<py::ssize_t>(n));
  if (n > 0) std::memcpy(out.mutable_data(), data, n * sizeof(T));
  return out;
}

/// Neuron indices from None (all), an int sequence or an array; each checked against `size`.
std::vector<NeuronIndex> neuron_list(const py::object& neurons, std::size_t size, const std::string& what) {
  std::vector<NeuronIndex> out;
  if (neurons.is_none()) {
    out.resize(size);
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<NeuronIndex>(i);
    return out;
  }
  const auto ids = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(neurons);
  if (!ids) throw py::type_error(what + ": neuron indices must be integers");
  const std::int64_t* p = ids.data();
  out.reserve(static_cast<std::size_t>(ids.size()));
  for (py::ssize_t k = 0; k < ids.size(); ++k) {
    if (p[k] < 0 || static_cast<std::size_t>(p[k]) >= size) {
      throw py::index_error(what + ": neuron index " + std::to_string(p[k]) + " is out of range [0, " +
                            std::to_string(size) + ")");
    }
    out.push_back(static_cast<NeuronIndex>(p[k]));
  }
  return out;
}

/// Replaces a projection's connectivity by explicit (pre, post, weight, delay) arrays.
void apply_explicit(ProjectionSpec& spec, const py::tuple& arrays, std::size_t pre_size, std::size_t post_size) {
  using Ints = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
  using Reals = py::array_t<double, py::array::c_style | py::array::forcecast>;
  if (arrays.size() != 4) throw std::invalid_argument(spec.name + ": expected (pre, post, weight, delay_ms) arrays");
  const auto pre = arrays[0].cast<Ints>(), post = arrays[1].cast<Ints>();
  const auto w = arrays[2].cast<Reals>(), d = arrays[3].cast<Reals>();
  const auto n = static_cast<std::size_t>(pre.size());
  if (static_cast<std::size_t>(post.size()) != n || static_cast<std::size_t>(w.size()) != n ||
      static_cast<std::size_t>(d.size()) != n) {
    throw std::invalid_argument(spec.name + ": pre, post, weight and delay_ms arrays must have the same length");
  }
  ConnectivityRule& rule = spec.rule;
  rule = ConnectivityRule{};
  rule.kind = ConnectivityRule::Kind::kExplicit;
  rule.pairs.resize(n);
  rule.pair_weights.assign(w.data(), w.data() + n);
  rule.pair_delays_ms.assign(d.data(), d.data() + n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::int64_t i = pre.data()[k], j = post.data()[k];
    if (i < 0 || static_cast<std::size_t>(i) >= pre_size) {
      throw py::index_error(spec.name + ": presynaptic index " + std::to_string(i) + " out of range");
    }
    if (j < 0 || static_cast<std::size_t>(j) >= post_size) {
      throw py::index_error(spec.name + ": postsynaptic index " + std::to_string(j) + " out of range");
    }
    if (!(rule.pair_delays_ms[k] >= 0)) throw std::invalid_argument(spec.name + ": delays must be non-negative");
    rule.pairs[k] = {static_cast<NeuronIndex>(i), static_cast<NeuronIndex>(j)};
  }
}

}  // namespace

PySimulator::PySimulator(const std::string& config_json, const py::dict& explicit_connections,
                         const std::vector<std::string>& fault_flags, std::size_t threads, bool simd)
    : cfg_(apps::parse_network_config(parse_json_text(config_json, "config"))),
      fault_flags_(fault_flags),
      sink_(cfg_.network.populations.size()) {
  for (const auto& [key, value] : explicit_connections) {
    const auto name = key.cast<std::string>();
    auto it = std::find_if(cfg_.network.projections.begin(), cfg_.network.projections.end(),
                           [&](const ProjectionSpec& p) { return p.name == name; });
    if (it == cfg_.network.projections.end()) throw py::key_error("no projection named \"" + name + "\"");
    auto size_of = [&](const std::string& pop) {
      for (const auto& p : cfg_.network.populations) {
        if (p.name == pop) return p.size;
      }
      return std::size_t{0};
    };
    apply_explicit(*it, value.cast<py::tuple>(), size_of(it->pre), size_of(it->post));
  }
  // Bad fault flags fail now, with the CLI's message, rather than at the first run.
  (void)apps::run_faults(cfg_.faults, fault_flags_);
  options_.simd = simd ? best_simd_isa() : SimdIsa::kScalar;
  options_.threads = threads;
  {
    py::gil_scoped_release release;
    network_ = std::make_unique<Network>(Network::build(cfg_.network, cfg_.seed));
  }
  // Kept so that reset() can restart spike sources with their config times.
  patterns_.resize(network_->population_count());
  for (PopulationIndex p = 0; p < network_->population_count(); ++p) {
    const PopulationSpec& ps = cfg_.network.populations[p];
    patterns_[p] = SpikePattern(ps.size);
    for (std::size_t i = 0; i < ps.spike_times_ms.size(); ++i) {
      for (const double t : ps.spike_times_ms[i]) patterns_[p].add(t, static_cast<NeuronIndex>(i));
    }
    patterns_[p].finalize();
  }
}

PySimulator::~PySimulator() { drop_simulation(); }

void PySimulator::drop_simulation() {
  // Observers and rules refer to the simulation; it goes first.
  sim_.reset();
  recorder_.reset();
  rules_.clear();
  schedule_.reset();
}

void PySimulator::ensure_simulation() {
  if (sim_) return;
  sim_ = std::make_unique<Simulation>(*network_, options_);
  schedule_ = std::make_unique<faults::FaultSchedule>(apps::run_faults(cfg_.faults, fault_flags_), cfg_.seed);
  if (!schedule_->empty()) schedule_->attach(*sim_);
  for (const apps::PlasticitySpec& ps : cfg_.plasticity) {
    rules_.push_back(std::make_unique<StdpRule>(*network_, ps.projection, ps.stdp));
    sim_->add_plasticity(*rules_.back());
  }
  std::vector<PopulationIndex> all(network_->population_count());
  for (PopulationIndex p = 0; p < all.size(); ++p) all[p] = p;
  recorder_ = std::make_unique<SpikeRecorder>(*network_, all, sink_);
  sim_->add_observer(*recorder_);
  sim_->add_observer(state_recordings_);
  if (!cfg_.current_sources.empty()) {
    // Made once and kept across reset(): it remembers each neuron's drive without current,
    // which a new injector would read back with the last step's current still in it.
    if (!currents_) currents_ = std::make_unique<CurrentInjector>(*network_, cfg_.current_sources);
    sim_->add_actor(*currents_);
  }
}

double PySimulator::run(double duration_ms) {
  if (!(duration_ms >= 0) || !std::isfinite(duration_ms)) {
    throw std::invalid_argument("duration must be a non-negative number of ms, got " + std::to_string(duration_ms));
  }
  ensure_simulation();
  const auto steps = static_cast<Step>(std::llround(duration_ms / dt_ms()));
  Step done = 0;
  while (done < steps) {
    const Step chunk = std::min(kStepsPerChunk, steps - done);
    Step ran = 0;
    {
      py::gil_scoped_release release;
      ran = sim_->run(chunk);
    }
    done += ran;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    if (ran < chunk) break;  // the engine's own interrupt flag
  }
  return t_ms();
}

double PySimulator::run_until(double t_ms) {
  const double now = this->t_ms();
  if (!(t_ms >= now - 0.5 * dt_ms())) {
    throw std::invalid_argument("run_until: " + std::to_string(t_ms) + " ms is before the current time " +
                                std::to_string(now) + " ms");
  }
  return run(std::max(0.0, t_ms - now));
}

void PySimulator::reset() {
  drop_simulation();
  for (PopulationIndex p = 0; p < network_->population_count(); ++p) {
    Population& pop = network_->population(p);
    if (auto* lif = dynamic_cast<LifPopulation*>(&pop)) {
      lif->initialise(cfg_.network.populations[p].initial, network_->rng(), p);
    } else if (auto* poisson = dynamic_cast<PoissonPopulation*>(&pop)) {
      poisson->restart(0);
    } else if (auto* source = dynamic_cast<SpikeSourcePopulation*>(&pop)) {
      source->set_pattern(patterns_[p], 0);
    } else if (auto* adaptive = dynamic_cast<AdaptivePopulation*>(&pop)) {
      const PopulationSpec& ps = cfg_.network.populations[p];
      const double w_per_v = ps.kind == PopulationSpec::Kind::kIzhikevich ? ps.izhikevich.b : 0.0;
      adaptive->initialise(ps.initial.v_mv, ps.initial_w, w_per_v, network_->rng(), p);
      for (const char* input : {"ge", "gi", "he", "hi"}) std::ranges::fill(adaptive->variable(input), 0.0f);
    }
  }
  sink_.clear();
  state_recordings_.clear(*network_);
}

PopulationIndex PySimulator::population_index(const std::string& name) const {
  const auto p = network_->find_population(name);
  if (!p) throw py::key_error("no population named \"" + name + "\"");
  return *p;
}

std::size_t PySimulator::projection_index(const std::string& name) const {
  const auto j = network_->find_projection(name);
  if (!j) throw py::key_error("no projection named \"" + name + "\"");
  return *j;
}

py::tuple PySimulator::spikes(const std::string& population) const {
  const PopulationIndex p = population_index(population);
  if (recorder_) recorder_->flush();
  const auto& steps = sink_.steps(p);
  py::array_t<double> times(static_cast<py::ssize_t>(steps.size()));
  double* t = times.mutable_data();
  for (std::size_t k = 0; k < steps.size(); ++k) t[k] = static_cast<double>(steps[k]) * dt_ms();
  const auto& ids = sink_.neurons(p);
  return py::make_tuple(times, to_numpy(ids.data(), ids.size()));
}

std::span<float> PySimulator::variable_or_throw(PopulationIndex p, const std::string& variable) {
  Population& pop = network_->population(p);
  const std::span<float> values = pop.variable(variable);
  if (values.empty() && pop.size() > 0) {
    std::string known;
    for (const auto& n : pop.variable_names()) known += (known.empty() ? "" : ", ") + n;
    throw py::key_error("population \"" + pop.name() + "\" has no variable \"" + variable + "\" (it has: " +
                        (known.empty() ? "none" : known) + ")");
  }
  return values;
}

void PySimulator::record_state(const std::string& population, const std::string& variable, py::object neurons,
                               double interval_ms) {
  StateRecordSpec spec;
  spec.population = population_index(population);
  spec.variables = {variable};
  spec.ids = neuron_list(neurons, network_->population(spec.population).size(), population);
  std::sort(spec.ids.begin(), spec.ids.end());
  spec.ids.erase(std::unique(spec.ids.begin(), spec.ids.end()), spec.ids.end());
  spec.interval_steps = static_cast<Step>(std::llround(interval_ms / dt_ms()));
  if (spec.interval_steps < 1) throw std::invalid_argument("sampling interval must be at least one time step");
  state_recordings_.add(*network_, std::move(spec));
}

py::tuple PySimulator::recorded_state(const std::string& population, const std::string& variable) {
  const StateRecordings::Recording* r = state_recordings_.find(population_index(population), variable);
  if (!r) throw py::key_error("\"" + variable + "\" of \"" + population + "\" is not recorded");
  // Frame k holds the state at the end of step first + k·interval: time (step + 1)·dt.
  const std::size_t frames = r->sink->frames(0);
  const std::vector<NeuronIndex>& ids = r->recorder->ids();
  py::array_t<double> times(static_cast<py::ssize_t>(frames));
  const Step first = r->recorder->first_sample_step();
  for (std::size_t k = 0; k < frames; ++k) {
    times.mutable_data()[k] = static_cast<double>(first + 1 + static_cast<Step>(k) * r->spec.interval_steps) * dt_ms();
  }
  py::array_t<float> values({static_cast<py::ssize_t>(frames), static_cast<py::ssize_t>(ids.size())});
  if (frames > 0) std::memcpy(values.mutable_data(), r->sink->data(0).data(), frames * ids.size() * sizeof(float));
  return py::make_tuple(times, values, to_numpy(ids.data(), ids.size()));
}

void PySimulator::clear_recordings() {
  if (recorder_) recorder_->flush();
  sink_.clear();
  state_recordings_.clear(*network_);
}

py::array_t<float> PySimulator::get_state(const std::string& population, const std::string& variable) {
  const std::span<float> v = variable_or_throw(population_index(population), variable);
  return to_numpy(v.data(), v.size());
}

void PySimulator::set_state(const std::string& population, const std::string& variable,
                            const py::array_t<float, py::array::c_style | py::array::forcecast>& values,
                            py::object neurons) {
  const PopulationIndex p = population_index(population);
  const std::span<float> v = variable_or_throw(p, variable);
  const std::vector<NeuronIndex> ids = neuron_list(neurons, v.size(), population);
  const auto n = static_cast<std::size_t>(values.size());
  if (n != 1 && n != ids.size()) {
    throw std::invalid_argument(population + "/" + variable + ": expected 1 or " + std::to_string(ids.size()) +
                                " values, got " + std::to_string(n));
  }
  for (std::size_t k = 0; k < ids.size(); ++k) v[ids[k]] = values.data()[n == 1 ? 0 : k];
  if (variable == "drive" && currents_) {
    for (NeuronIndex i : ids) currents_->set_base_drive(p, i, v[i]);
  }
  if (variable == "rate_hz") {
    if (auto* poisson = dynamic_cast<PoissonPopulation*>(&network_->population(p))) poisson->restart(step());
  }
}

void PySimulator::set_lif_params(const std::string& population, const py::dict& params) {
  const PopulationIndex p = population_index(population);
  auto* lif = dynamic_cast<LifPopulation*>(&network_->population(p));
  if (!lif) throw std::invalid_argument("population \"" + population + "\" is not a LIF population");
  const LifParams base = cfg_.network.populations[p].lif;
  std::vector<LifParams> per_neuron(lif->size(), base);
  const std::pair<const char*, double LifParams::*> fields[] = {
      {"tau_m_ms", &LifParams::tau_m_ms}, {"v_rest_mv", &LifParams::v_rest_mv}, {"v_reset_mv", &LifParams::v_reset_mv},
      {"v_th_mv", &LifParams::v_th_mv},   {"t_ref_ms", &LifParams::t_ref_ms},   {"bias_mv", &LifParams::bias_mv}};
  std::size_t used = 0;
  for (const auto& [key, field] : fields) {
    if (!params.contains(key)) continue;
    ++used;
    const auto values = params[key].cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
    if (static_cast<std::size_t>(values.size()) != lif->size()) {
      throw std::invalid_argument(population + "/" + key + ": expected " + std::to_string(lif->size()) +
                                  " values, got " + std::to_string(values.size()));
    }
    for (std::size_t i = 0; i < lif->size(); ++i) per_neuron[i].*field = values.data()[i];
  }
  if (used != params.size()) {
    throw std::invalid_argument(population + ": set_lif_params takes tau_m_ms, v_rest_mv, v_reset_mv, v_th_mv, "
                                "t_ref_ms and bias_mv");
  }
  for (std::size_t i = 0; i < lif->size(); ++i) {
    const LifParams& q = per_neuron[i];
    if (!(q.tau_m_ms > 0) || !(q.t_ref_ms >= 0) || !(q.v_reset_mv < q.v_th_mv)) {
      throw std::invalid_argument(population + ": neuron " + std::to_string(i) +
                                  " needs tau_m_ms > 0, t_ref_ms >= 0 and v_reset_mv < v_th_mv");
    }
  }
  lif->set_neuron_params(per_neuron);
  if (currents_) {
    const std::span<const float> drive = lif->variable("drive");
    for (std::size_t i = 0; i < lif->size(); ++i) currents_->set_base_drive(p, static_cast<NeuronIndex>(i), drive[i]);
  }
}

void PySimulator::set_lif_synapses(const std::string& population, double tau_e_ms, double tau_i_ms, double e_exc_mv,
                                   double e_inh_mv) {
  const PopulationIndex p = population_index(population);
  auto* lif = dynamic_cast<LifPopulation*>(&network_->population(p));
  if (!lif) throw std::invalid_argument("population \"" + population + "\" is not a LIF population");
  lif->set_synapses(tau_e_ms, tau_i_ms, e_exc_mv, e_inh_mv);
  LifParams& kept = cfg_.network.populations[p].lif;
  kept.tau_e_ms = tau_e_ms;
  kept.tau_i_ms = tau_i_ms;
  kept.e_exc_mv = e_exc_mv;
  kept.e_inh_mv = e_inh_mv;
}

void PySimulator::set_model_params(const std::string& population, const std::string& params_json) {
  const PopulationIndex p = population_index(population);
  Population& pop = network_->population(p);
  PopulationSpec spec = cfg_.network.populations[p];
  const nlohmann::json params = parse_json_text(params_json, population);
  ObjectReader r(params, population);
  if (auto* izh = dynamic_cast<IzhikevichPopulation*>(&pop)) {
    apps::read_izhikevich(r, spec);
    r.finish();
    izh->set_params(spec.izhikevich);
  } else if (auto* adex = dynamic_cast<AdexPopulation*>(&pop)) {
    apps::read_adex(r, spec);
    r.finish();
    adex->set_params(spec.adex);
  } else {
    throw std::invalid_argument("population \"" + population + "\" is not an izhikevich or adex population");
  }
  // The initial state stays the one the population was built with.
  spec.initial = cfg_.network.populations[p].initial;
  spec.initial_w = cfg_.network.populations[p].initial_w;
  cfg_.network.populations[p] = spec;
}

void PySimulator::set_poisson_window(const std::string& population,
                                     const py::array_t<double, py::array::c_style | py::array::forcecast>& start_ms,
                                     const py::array_t<double, py::array::c_style | py::array::forcecast>& stop_ms) {
  const PopulationIndex p = population_index(population);
  auto* poisson = dynamic_cast<PoissonPopulation*>(&network_->population(p));
  if (!poisson) throw std::invalid_argument("population \"" + population + "\" is not a poisson population");
  const std::size_t n = poisson->size();
  for (const auto* a : {&start_ms, &stop_ms}) {
    if (a->size() != 1 && static_cast<std::size_t>(a->size()) != n) {
      throw std::invalid_argument(population + ": expected 1 or " + std::to_string(n) + " window values, got " +
                                  std::to_string(a->size()));
    }
  }
  const double dt = dt_ms();
  std::vector<Step> starts(n), stops(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double start = start_ms.data()[start_ms.size() == 1 ? 0 : i], stop = stop_ms.data()[stop_ms.size() == 1 ? 0 : i];
    if (!(start >= 0)) throw std::invalid_argument(population + "/start_ms: must not be negative");
    if (!(stop >= start)) throw std::invalid_argument(population + "/stop_ms: must not lie before start_ms");
    starts[i] = step_starting_at(start, dt);
    stops[i] = step_starting_at(stop, dt);
  }
  poisson->set_windows(starts, stops, step());
}

void PySimulator::set_current_source(std::size_t k, const std::string& spec_json) {
  if (k >= cfg_.current_sources.size()) throw std::invalid_argument("no current source " + std::to_string(k));
  const nlohmann::json wrapped = {{"current_sources", nlohmann::json::array({parse_json_text(spec_json, "current source")})}};
  ObjectReader r(wrapped, "");
  const std::vector<CurrentSourceSpec> specs = apps::read_current_sources(r, cfg_.network);
  if (currents_) currents_->set_source(k, specs[0]);
  cfg_.current_sources[k] = specs[0];
}

py::array_t<float> PySimulator::weights(const std::string& projection) const {
  const Projection& proj = network_->projection(projection_index(projection));
  return to_numpy(proj.weight.data(), proj.weight.size());
}

void PySimulator::set_weights(const std::string& projection,
                              const py::array_t<float, py::array::c_style | py::array::forcecast>& values) {
  Projection& proj = network_->projection(projection_index(projection));
  const auto n = static_cast<std::size_t>(values.size());
  if (n != 1 && n != proj.weight.size()) {
    throw std::invalid_argument(projection + ": expected 1 or " + std::to_string(proj.weight.size()) +
                                " weights, got " + std::to_string(n));
  }
  for (std::size_t k = 0; k < proj.weight.size(); ++k) proj.weight[k] = values.data()[n == 1 ? 0 : k];
}

py::tuple PySimulator::connections(const std::string& projection) const {
  const Projection& proj = network_->projection(projection_index(projection));
  py::array_t<std::uint32_t> pre(static_cast<py::ssize_t>(proj.synapse_count()));
  std::uint32_t* out = pre.mutable_data();
  for (std::size_t i = 0; i < proj.pre_size(); ++i) {
    std::fill(out + proj.row_start[i], out + proj.row_start[i + 1], static_cast<std::uint32_t>(i));
  }
  return py::make_tuple(pre, to_numpy(proj.target.data(), proj.target.size()));
}

py::array_t<double> PySimulator::delays_ms(const std::string& projection) const {
  const Projection& proj = network_->projection(projection_index(projection));
  py::array_t<double> out(static_cast<py::ssize_t>(proj.synapse_count()));
  for (std::size_t k = 0; k < proj.synapse_count(); ++k) {
    out.mutable_data()[k] = static_cast<double>(proj.delay_of(k)) * dt_ms();
  }
  return out;
}

void PySimulator::set_delays_ms(const std::string& projection,
                                const py::array_t<double, py::array::c_style | py::array::forcecast>& values) {
  if (sim_) throw std::logic_error(projection + ": delays can only be changed before the first run or after reset()");
  Projection& proj = network_->projection(projection_index(projection));
  const auto n = static_cast<std::size_t>(values.size());
  if (n != 1 && n != proj.synapse_count()) {
    throw std::invalid_argument(projection + ": expected 1 or " + std::to_string(proj.synapse_count()) +
                                " delays, got " + std::to_string(n));
  }
  std::vector<std::uint16_t> steps(proj.synapse_count());
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const double d = values.data()[n == 1 ? 0 : k];
    const double s = std::round(d / dt_ms());
    if (!(s >= 0) || s > 65535) throw std::invalid_argument(projection + ": delay " + std::to_string(d) + " ms is out of range");
    steps[k] = static_cast<std::uint16_t>(s);
  }
  proj.set_delays(std::move(steps));
}

void PySimulator::set_spike_times(const std::string& population,
                                  const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& neurons,
                                  const py::array_t<double, py::array::c_style | py::array::forcecast>& times_ms) {
  const PopulationIndex p = population_index(population);
  auto* source = dynamic_cast<SpikeSourcePopulation*>(&network_->population(p));
  if (!source) throw std::invalid_argument("population \"" + population + "\" is not a spike source");
  if (neurons.size() != times_ms.size()) throw std::invalid_argument(population + ": neurons and times differ in length");
  SpikePattern pattern(source->size());
  pattern.reserve(static_cast<std::size_t>(times_ms.size()));
  for (py::ssize_t k = 0; k < times_ms.size(); ++k) {
    const std::int64_t i = neurons.data()[k];
    if (i < 0 || static_cast<std::size_t>(i) >= source->size()) throw py::index_error(population + ": neuron index out of range");
    pattern.add(times_ms.data()[k], static_cast<NeuronIndex>(i));
  }
  pattern.finalize();
  // Times are absolute: the pattern starts at step 0, and spikes already past are skipped.
  source->set_pattern(pattern, 0);
  patterns_[p] = std::move(pattern);
}

py::list PySimulator::events() const {
  py::list out;
  if (!schedule_) return out;
  for (const faults::Event& e : schedule_->events()) {
    py::dict d;
    d["time_ms"] = e.time_ms;
    d["trial"] = e.trial;
    d["kind"] = e.kind;
    d["source"] = e.source;
    d["target"] = e.target;
    d["detail"] = e.detail;
    out.append(d);
  }
  return out;
}

void bind_simulator(py::module_& m) {
  py::class_<PySimulator>(m, "Simulator", R"doc(
A network built from a "kind": "network" config and run under Python's control.

Built by snnft.Network (which writes the config); use that class rather than this one.
Times are in ms; spikes, states and weights come back as numpy arrays.
)doc")
      .def(py::init<const std::string&, const py::dict&, const std::vector<std::string>&, std::size_t, bool>(),
           py::arg("config_json"), py::arg("explicit_connections") = py::dict(),
           py::arg("faults") = std::vector<std::string>{}, py::arg("threads") = 1, py::arg("simd") = true)
      .def_property_readonly("dt_ms", &PySimulator::dt_ms, "Time step in ms.")
      .def_property_readonly("t_ms", &PySimulator::t_ms, "Current simulated time in ms.")
      .def_property_readonly("step", &PySimulator::step, "Current step number.")
      .def_property_readonly("seed", &PySimulator::seed)
      .def_property_readonly("duration_ms", &PySimulator::duration_ms, "The config's duration_ms.")
      .def_property_readonly("population_names", [](PySimulator& s) {
        std::vector<std::string> names;
        for (PopulationIndex p = 0; p < s.network().population_count(); ++p) names.push_back(s.network().population(p).name());
        return names;
      })
      .def_property_readonly("projection_names", [](PySimulator& s) {
        std::vector<std::string> names;
        for (std::size_t j = 0; j < s.network().projection_count(); ++j) names.push_back(s.network().projection(j).name);
        return names;
      })
      .def("population_size", [](PySimulator& s, const std::string& p) { return s.network().population(s.population_index(p)).size(); })
      .def("population_model", [](PySimulator& s, const std::string& p) {
        return std::string(s.network().population(s.population_index(p)).model_name());
      })
      .def("variable_names", [](PySimulator& s, const std::string& p) {
        return s.network().population(s.population_index(p)).variable_names();
      }, "Per-neuron variables (state and parameters) of a population.")
      .def("state_variable_names", [](PySimulator& s, const std::string& p) {
        std::vector<std::string> names;
        for (const auto& v : s.network().population(s.population_index(p)).state_variables()) names.emplace_back(v.name);
        return names;
      }, "Recordable state variables of a population (record_state).")
      .def("run", &PySimulator::run, py::arg("duration_ms"),
           "Advances by duration_ms (whole steps); releases the GIL; Ctrl-C raises KeyboardInterrupt at a step boundary. Returns the time reached.")
      .def("run_until", &PySimulator::run_until, py::arg("t_ms"), "Advances to time t_ms.")
      .def("reset", &PySimulator::reset,
           "Time back to 0, state to its initial values, sources restarted, recordings cleared; weights, delays and parameters are kept.")
      .def("spikes", &PySimulator::spikes, py::arg("population"),
           "(times_ms float64, neuron uint32) arrays of every spike since the last reset, in time order.")
      .def("record_state", &PySimulator::record_state, py::arg("population"), py::arg("variable"),
           py::arg("neurons") = py::none(), py::arg("interval_ms"),
           "Samples a state variable (state_variable_names(): v_mv, ge, gi, v_th_mv, rate_hz) of the given neurons (default all) "
           "every interval_ms, as a config's \"record\": {\"state\"} does: the first sample is the state at t = interval_ms.")
      .def("recorded_state", &PySimulator::recorded_state, py::arg("population"), py::arg("variable"),
           "(times_ms, values[samples, neurons] float32, neuron ids) of a recorded variable.")
      .def("clear_recordings", &PySimulator::clear_recordings, "Forgets recorded spikes and samples.")
      .def("get_state", &PySimulator::get_state, py::arg("population"), py::arg("variable"),
           "A copy of a per-neuron variable as a float32 array.")
      .def("set_state", &PySimulator::set_state, py::arg("population"), py::arg("variable"), py::arg("values"),
           py::arg("neurons") = py::none(), "Writes a per-neuron variable (one value, or one per neuron).")
      .def("set_lif_synapses", &PySimulator::set_lif_synapses, py::arg("population"), py::arg("tau_e_ms"),
           py::arg("tau_i_ms"), py::arg("e_exc_mv"), py::arg("e_inh_mv"),
           "Changes a LIF population's synaptic time constants (0: delta synapse) and reversal potentials.")
      .def("set_model_params", &PySimulator::set_model_params, py::arg("population"), py::arg("params_json"),
           "Changes an izhikevich or adex population's parameters: a JSON object of that model's config "
           "keys (a missing key takes its default).")
      .def("set_poisson_window", &PySimulator::set_poisson_window, py::arg("population"), py::arg("start_ms"),
           py::arg("stop_ms") = std::numeric_limits<double>::infinity(),
           "Moves a poisson population's trains to [start_ms, stop_ms) of the simulation clock (one value or one per "
           "neuron each); they go on from now.")
      .def("set_current_source", &PySimulator::set_current_source, py::arg("index"), py::arg("spec_json"),
           "Replaces current source `index` (a config's current source, same population and ids) from the next step on.")
      .def("set_lif_params", &PySimulator::set_lif_params, py::arg("population"), py::arg("params"),
           "Per-neuron LIF parameters: a dict of arrays keyed tau_m_ms, v_rest_mv, v_reset_mv, v_th_mv, t_ref_ms, bias_mv.")
      .def("weights", &PySimulator::weights, py::arg("projection"), "Weights in CSR order (see connections()).")
      .def("set_weights", &PySimulator::set_weights, py::arg("projection"), py::arg("values"))
      .def("connections", &PySimulator::connections, py::arg("projection"),
           "(pre, post) uint32 arrays of every synapse, in the order of weights().")
      .def("delays_ms", &PySimulator::delays_ms, py::arg("projection"))
      .def("set_delays_ms", &PySimulator::set_delays_ms, py::arg("projection"), py::arg("values"),
           "Changes delays (rounded to steps); only before the first run or after reset().")
      .def("set_spike_times", &PySimulator::set_spike_times, py::arg("population"), py::arg("neurons"),
           py::arg("times_ms"), "Spike times (absolute, ms) of a spike_source population, as parallel arrays.")
      .def("faults_injected", &PySimulator::faults_injected)
      .def("events", &PySimulator::events, "Fault events so far, as dicts.");
}

}  // namespace snnft::python
