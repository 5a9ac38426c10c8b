// SPDX-License-Identifier: MIT
// The circuit-breaker library from Python: breakers configured with the same JSON keys as
// breaker profiles, calls protected by them, metrics and the Prometheus exposition.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <memory>
#include <sstream>

#include "snnft/resilience/breaker/circuit_breaker.hpp"
#include "snnft/resilience/breaker/config_json.hpp"
#include "snnft/resilience/breaker/prometheus.hpp"
#include "snnft/resilience/breaker/registry.hpp"

namespace snnft::python {

namespace py = pybind11;
using namespace snnft::breaker;

namespace {

BreakerConfig config_from(const py::object& config) {
  if (config.is_none()) return {};
  const auto text = py::module_::import("json").attr("dumps")(config).cast<std::string>();
  return parse_breaker_config(nlohmann::json::parse(text), "");
}

py::dict metrics_dict(const BreakerMetrics& m) {
  py::dict d;
  d["state"] = std::string(to_string(m.state));
  d["successful"] = m.counters.successful;
  d["failed"] = m.counters.failed;
  d["rejected"] = m.counters.rejected;
  d["timed_out"] = m.counters.timed_out;
  d["slow"] = m.counters.slow;
  d["fallbacks"] = m.counters.fallbacks;
  d["trips"] = m.counters.trips;
  d["times_opened"] = m.times_opened;
  d["times_half_opened"] = m.times_half_opened;
  d["success_rate"] = m.success_rate;
  d["failure_rate"] = m.failure_rate;
  d["consecutive_failures"] = m.consecutive_failures;
  d["consecutive_trips"] = m.consecutive_trips;
  d["time_open_total_s"] = std::chrono::duration<double>(m.time_open_total).count();
  return d;
}

/// Runs `fn` as one call through the breaker; raises BreakerOpenError (or returns the
/// fallback's value) when the breaker rejects it. A Python exception counts as a failure.
py::object protected_call(CircuitBreaker& b, const py::object& fn, const py::object& fallback,
                          const py::object& open_error) {
  const Permit permit = b.try_acquire();
  if (!permit) {
    if (!fallback.is_none()) {
      b.record_fallback();
      return fallback();
    }
    PyErr_SetString(open_error.ptr(), ("circuit breaker \"" + b.name() + "\" is " +
                                       std::string(to_string(b.peek_state())) + "; call rejected").c_str());
    throw py::error_already_set();
  }
  const auto t0 = std::chrono::steady_clock::now();
  try {
    py::object result = fn();
    b.on_success(permit, std::chrono::steady_clock::now() - t0);
    return result;
  } catch (...) {
    b.on_failure(permit, std::chrono::steady_clock::now() - t0);
    throw;
  }
}

}  // namespace

void bind_breaker(py::module_& m) {
  const auto open_error = py::reinterpret_steal<py::object>(
      PyErr_NewException("snnft._core.BreakerOpenError", PyExc_RuntimeError, nullptr));
  m.attr("BreakerOpenError") = open_error;
  py::class_<CircuitBreaker, std::shared_ptr<CircuitBreaker>>(m, "CircuitBreaker", R"doc(
A thread-safe circuit breaker (the snnft breaker library).

config is a dict with the keys of a breaker profile (data/breaker/profiles.json), e.g.
{"failure_rate_threshold": 0.5, "break_duration_ms": 1000}; a bad key raises ConfigError
with the same message the CLI prints.
)doc")
      .def(py::init([](const std::string& name, const py::object& config) {
             return std::make_shared<CircuitBreaker>(name, config_from(config));
           }),
           py::arg("name"), py::arg("config") = py::none())
      .def_static("from_profile", [](const std::string& name, const std::string& file, const std::string& profile) {
        return std::make_shared<CircuitBreaker>(name, load_breaker_profile(file, profile));
      }, py::arg("name"), py::arg("file"), py::arg("profile"), "A breaker configured by one profile of a profiles file.")
      .def_property_readonly("name", &CircuitBreaker::name)
      .def_property_readonly("state", [](CircuitBreaker& b) { return std::string(to_string(b.state())); },
                             "\"closed\", \"open\", \"half_open\", \"forced_open\" or \"disabled\" (applies due timed transitions).")
      .def("call", [open_error](CircuitBreaker& b, const py::object& fn, const py::object& fallback) {
        return protected_call(b, fn, fallback, open_error);
      }, py::arg("fn"), py::arg("fallback") = py::none(),
           "Calls fn() through the breaker. Rejected: fallback() if given, else BreakerOpenError. An exception from fn counts as a failure and propagates.")
      .def("on_success", [](CircuitBreaker& b, double latency_s) {
        b.on_success(std::chrono::duration_cast<Nanos>(std::chrono::duration<double>(latency_s)));
      }, py::arg("latency_s") = 0.0, "Records a successful call made outside call().")
      .def("on_failure", [](CircuitBreaker& b, double latency_s) {
        b.on_failure(std::chrono::duration_cast<Nanos>(std::chrono::duration<double>(latency_s)));
      }, py::arg("latency_s") = 0.0, "Records a failed call made outside call().")
      .def("report_signal", &CircuitBreaker::report_signal, py::arg("trigger"), py::arg("value"),
           "Feeds a named trigger; returns True if it tripped the breaker.")
      .def("force_open", &CircuitBreaker::force_open)
      .def("force_close", &CircuitBreaker::force_close)
      .def("disable", &CircuitBreaker::disable)
      .def("reset", &CircuitBreaker::reset)
      .def("metrics", [](const CircuitBreaker& b) { return metrics_dict(b.metrics()); }, "Counters and rates as a dict.")
      .def("prometheus_text", [](const CircuitBreaker& b) {
        std::ostringstream out;
        write_prometheus(out, {NamedMetrics{b.name(), b.metrics()}});
        return out.str();
      }, "The breaker's metrics in the Prometheus text format.");
}

}  // namespace snnft::python
