# SPDX-License-Identifier: MIT
"""Population, PopulationView and Assembly of the PyNN backend.

A population keeps its parameters (PyNN names and units, one array per parameter) and its
initial values on the Python side; the cell type maps them onto the engine when the network is
built, and again whenever they change after that.
"""
import contextlib

import numpy as np
from pyNN import common
from pyNN.parameters import ParameterSpace, simplify
from pyNN.standardmodels import StandardCellType

from . import simulator
from .recording import Recorder


class Assembly(common.Assembly):
    _simulator = simulator


class PopulationView(common.PopulationView):
    _assembly_class = Assembly
    _simulator = simulator

    def _get_parameters(self, *names):
        where = self.index_in_grandparent(np.arange(self.size))
        values = {name: simplify(np.asarray(self.grandparent._parameters[name])[where]) for name in names}
        return ParameterSpace(values, shape=(self.size,))

    def _set_parameters(self, parameter_space):
        parameter_space.evaluate(simplify=False)
        parent = self.grandparent
        with parent._parameters_kept_on_error():
            for name, value in parameter_space.items():
                parent._parameters[name][self.index_in_grandparent(np.arange(self.size))] = value
            parent._parameters_changed()

    def _set_initial_value_array(self, variable, initial_values):
        values = initial_values.evaluate(simplify=False) if hasattr(initial_values, "evaluate") else initial_values
        parent = self.grandparent
        full = parent._initial.setdefault(variable, np.zeros(parent.size))
        full[self.index_in_grandparent(np.arange(self.size))] = values
        parent._initial_values_changed(variable)

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)


class Population(common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def _create_cells(self):
        state = simulator.state
        first = state.id_counter
        self.all_cells = np.array([simulator.ID(i) for i in range(first, first + self.size)], dtype=simulator.ID)
        self._mask_local = np.ones((self.size,), bool)
        for cell in self.all_cells:
            cell.parent = self
        state.id_counter += self.size
        if not isinstance(self.celltype, StandardCellType) or not hasattr(self.celltype, "add_to_network"):
            raise NotImplementedError(f"{type(self.celltype).__name__} is not available on snnft")
        parameter_space = self.celltype.native_parameters
        parameter_space.shape = (self.size,)
        parameter_space.evaluate(simplify=False)
        self._parameters = {name: np.array(value) for name, value in parameter_space.items()}
        self._initial = {}
        self._built_uniform = {}
        state.add_population(self)

    # --- parameters and initial values --------------------------------------------------------
    def _get_parameters(self, *names):
        return ParameterSpace({name: simplify(self._parameters[name]) for name in names}, shape=(self.size,))

    def _set_parameters(self, parameter_space):
        parameter_space.evaluate(simplify=False)
        with self._parameters_kept_on_error():
            for name, value in parameter_space.items():
                self._parameters[name] = np.array(value)
            self._parameters_changed()

    @contextlib.contextmanager
    def _parameters_kept_on_error(self):
        """A change the engine refuses leaves the parameters as they were."""
        saved = {name: value.copy() for name, value in self._parameters.items()}
        try:
            yield
        except Exception:
            self._parameters = saved
            raise

    def _set_initial_value_array(self, variable, initial_values):
        values = initial_values.evaluate(simplify=False) if hasattr(initial_values, "evaluate") else initial_values
        self._initial[variable] = np.array(np.broadcast_to(values, (self.size,)), dtype=float)
        self._initial_values_changed(variable)

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    # --- the engine side -----------------------------------------------------------------------
    def _parameters_changed(self):
        if simulator.state.built:
            self.celltype.push_parameters(simulator.state.network, self)

    def _initial_values_changed(self, variable):
        # As on the other backends, initialize() after a run sets the state now as well.
        if simulator.state.built:
            self._push_initial_value(variable)

    def _push_to_engine(self):
        self.celltype.push_parameters(simulator.state.network, self)
        self._push_initial_values()

    def _push_initial_values(self):
        for variable in self._initial:
            self._push_initial_value(variable)

    def _push_initial_value(self, variable):
        engine_variable, factor = self.celltype.state_variable(self, variable)
        values = self._initial[variable] if factor is None else self._initial[variable] * factor
        simulator.state.network.set_state(self._engine_name, engine_variable,
                                          np.ascontiguousarray(values, dtype=np.float32))
