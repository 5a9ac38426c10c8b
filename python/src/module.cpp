// SPDX-License-Identifier: MIT
// snnft._core: the compiled part of the `snnft` Python package.
#include <pybind11/pybind11.h>

#include "snnft/core/build_info.hpp"
#include "snnft/core/config_reader.hpp"
#include "py_simulator.hpp"

namespace snnft::python {
void bind_apps(py::module_& m);
void bind_breaker(py::module_& m);
}  // namespace snnft::python

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  m.doc() = "The compiled core of snnft: simulations, applications and circuit breakers.";
  // Config problems carry the JSON path or flag, worded as `snnft run` prints them.
  py::register_exception<snnft::ConfigError>(m, "ConfigError", PyExc_ValueError);
  m.attr("__version__") = std::string(snnft::build_info().version);
  snnft::python::bind_simulator(m);
  snnft::python::bind_apps(m);
  snnft::python::bind_breaker(m);
}
