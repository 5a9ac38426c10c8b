// SPDX-License-Identifier: MIT
// The `snnft run`, `snnft validate` and `snnft campaign` applications, callable from Python
// with the same configs, options, outputs and error messages as the command line.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <csignal>
#include <filesystem>
#include <optional>

#include "snnft/apps/app_kind.hpp"
#include "snnft/apps/campaign.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/interrupt.hpp"

namespace snnft::python {

namespace py = pybind11;

namespace {

/// While a whole application runs (seconds to hours) the engine's own SIGINT handler is in
/// place, so Ctrl-C stops it at a step boundary with its outputs closed properly, as on the
/// command line; Python's handler is put back afterwards and KeyboardInterrupt raised.
class EngineInterruptScope {
 public:
  EngineInterruptScope() {
    reset_interrupt();
    old_int_ = std::signal(SIGINT, SIG_DFL);
    old_term_ = std::signal(SIGTERM, SIG_DFL);
    install_interrupt_handler();
  }
  ~EngineInterruptScope() {
    std::signal(SIGINT, old_int_);
    std::signal(SIGTERM, old_term_);
  }
  EngineInterruptScope(const EngineInterruptScope&) = delete;
  EngineInterruptScope& operator=(const EngineInterruptScope&) = delete;

 private:
  void (*old_int_)(int);
  void (*old_term_)(int);
};

void raise_if_interrupted() {
  if (interrupt_requested()) {
    reset_interrupt();
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
}

std::string run_config(const std::string& config_json, const std::string& source, std::optional<std::string> out,
                       std::optional<std::uint64_t> seed, std::size_t threads, std::optional<double> duration_ms,
                       std::optional<bool> simd, std::vector<std::string> faults, std::optional<bool> protection) {
  const nlohmann::json config = parse_json_text(config_json, source);
  const apps::AppKind& kind = apps::app_kind_for(config);
  apps::RunOptions options;
  options.config_path = source;
  options.out_path = std::move(out);
  options.seed = seed;
  options.threads = threads;
  if (duration_ms && !(*duration_ms > 0)) throw ConfigError("--duration", "must be a positive number");
  options.duration_ms = duration_ms;
  options.simd = simd;
  options.faults = std::move(faults);
  options.protection = protection;
  apps::Summary summary;
  {
    EngineInterruptScope scope;
    py::gil_scoped_release release;
    (void)kind.run(config, options, summary);
  }
  raise_if_interrupted();
  return summary.values().dump();
}

std::string validate(const std::string& config_json, const std::string& source) {
  const nlohmann::json config = parse_json_text(config_json, source);
  const apps::AppKind& kind = apps::app_kind_for(config);
  const std::string dir = std::filesystem::path(source).parent_path().string();
  kind.validate(config, dir.empty() ? "." : dir);
  return kind.name;
}

std::string run_campaign(const std::string& config_path, const std::string& fault_kind, const std::string& fault_params,
                         const std::vector<double>& fractions, std::size_t maps, std::optional<std::uint64_t> seed,
                         std::size_t threads, std::optional<std::string> out, std::optional<std::string> csv) {
  apps::CampaignSpec spec;
  spec.config_path = config_path;
  spec.fault_kind = fault_kind;
  spec.fault_params = fault_params;
  spec.fractions = fractions;
  spec.maps = maps;
  spec.seed = seed;
  spec.threads = threads;
  spec.output = std::move(out);
  spec.csv = std::move(csv);
  apps::Summary summary;
  {
    EngineInterruptScope scope;
    py::gil_scoped_release release;
    (void)apps::run_campaign(spec, summary, false);
  }
  raise_if_interrupted();
  return summary.values().dump();
}

std::string campaign_file(const std::string& file_json, const std::string& file_dir) {
  const apps::CampaignSpec s = apps::parse_campaign_file(parse_json_text(file_json, "campaign"), file_dir);
  nlohmann::json j{{"config", s.config_path}, {"fault_kind", s.fault_kind}, {"fault_params", s.fault_params},
                   {"fractions", s.fractions}, {"maps", s.maps}, {"threads", s.threads}};
  j["seed"] = s.seed ? nlohmann::json(*s.seed) : nlohmann::json(nullptr);
  j["output"] = s.output ? nlohmann::json(*s.output) : nlohmann::json(nullptr);
  j["csv"] = s.csv ? nlohmann::json(*s.csv) : nlohmann::json(nullptr);
  return j.dump();
}

}  // namespace

void bind_apps(py::module_& m) {
  m.def("_run_config", &run_config, py::arg("config_json"), py::arg("source"), py::arg("out"), py::arg("seed"),
        py::arg("threads"), py::arg("duration_ms"), py::arg("simd"), py::arg("faults"), py::arg("protection"));
  m.def("_validate", &validate, py::arg("config_json"), py::arg("source"));
  m.def("_run_campaign", &run_campaign, py::arg("config_path"), py::arg("fault_kind"), py::arg("fault_params"),
        py::arg("fractions"), py::arg("maps"), py::arg("seed"), py::arg("threads"), py::arg("out"), py::arg("csv"));
  m.def("_campaign_file", &campaign_file, py::arg("file_json"), py::arg("file_dir"));
  m.def("_app_kinds", [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& k : apps::app_kinds()) out.emplace_back(k.name, k.description);
    return out;
  });
}

}  // namespace snnft::python
