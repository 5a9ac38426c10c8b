# SPDX-License-Identifier: MIT
"""DCSource, StepCurrentSource, ACSource and NoisyCurrentSource on the engine's current sources.

PyNN gives currents in nA; the engine's sources give R·I in mV for LIF neurons (docs/inputs.md),
with R = tau_m / cm of each target neuron, and pA for AdEx ones (the cell type's unit_factor),
so a source becomes one engine source per distinct factor among its targets. Sources are part
of the network the engine builds at the first run: they are injected before it (or after
reset()); their parameters may change at any time, on the same clock.
"""
import json

import numpy as np
from pyNN import common
from pyNN.parameters import ParameterSpace
from pyNN.standardmodels import StandardCurrentSource, build_translations, electrodes

from . import simulator

FOREVER_MS = 1e9   # a stop beyond this is "never"


def _targets(cells):
    """(Population, indices) pairs for a Population, PopulationView, Assembly or list of IDs."""
    if isinstance(cells, common.Assembly):
        return [t for p in cells.populations for t in _targets(p)]
    if isinstance(cells, common.PopulationView):
        return [(cells.grandparent, cells.index_in_grandparent(np.arange(cells.size)))]
    if isinstance(cells, common.Population):
        return [(cells, np.arange(cells.size))]
    by_population = {}
    for cell in cells:
        by_population.setdefault(id(cell.parent), (cell.parent, []))[1].append(cell.parent.id_to_index(cell))
    return [(pop, np.asarray(idx)) for pop, idx in by_population.values()]


class _EngineCurrentSource(StandardCurrentSource):
    def __init__(self, **parameters):
        self._injected = []
        self._engine_sources = []   # (engine source index, its targets, unit factor) once built
        super().__init__(**parameters)

    def inject_into(self, cells):
        __doc__ = StandardCurrentSource.inject_into.__doc__  # noqa: F841
        state = simulator.state
        state._check_open("inject a current")
        for population, indices in _targets(cells):
            if not population.celltype.injectable:
                raise TypeError(f"{population.label}: {type(population.celltype).__name__} takes no current")
            self._injected.append((population, np.asarray(indices, dtype=int)))
        if self not in state.current_sources:
            state.current_sources.append(self)

    def set_native_parameters(self, parameters):
        parameters.evaluate(simplify=True)
        saved = dict(self.parameter_space.items())
        self.parameter_space.update(**dict(parameters.items()))
        if not simulator.state.built:
            return   # the network the engine builds next takes them
        try:
            for index, targets, r in self._engine_sources:
                simulator.state.network.set_current_source(index, json.dumps({**targets, **self._engine_spec(r)}))
        except Exception:
            self.parameter_space.update(**saved)
            raise

    def get_native_parameters(self):
        ps = ParameterSpace(dict(self.parameter_space.items()), shape=(1,))
        ps.evaluate(simplify=True)
        return ps

    def _parameter(self, name):
        return self.get_native_parameters()[name]

    def _add_to_network(self, net):
        self._engine_sources = []
        for population, indices in self._injected:
            r = population.celltype.unit_factor(population)[indices]
            for value in np.unique(r):
                ids = [int(i) for i in indices[r == value]]
                targets = {"population": population._engine_name, "ids": ids}
                index = net.add_current_source({**targets, **self._engine_spec(float(value))})
                self._engine_sources.append((index, targets, float(value)))

    def _window(self):
        start, stop = float(self._parameter("start")), float(self._parameter("stop"))
        window = {"start_ms": start} if start > 0 else {}
        if stop < FOREVER_MS:
            window["stop_ms"] = stop
        return window


class DCSource(_EngineCurrentSource, electrodes.DCSource):
    __doc__ = electrodes.DCSource.__doc__
    translations = build_translations(("amplitude", "amplitude"), ("start", "start"), ("stop", "stop"))

    def _engine_spec(self, r):
        return {"type": "dc", "amplitude_mv": r * float(self._parameter("amplitude")), **self._window()}


class StepCurrentSource(_EngineCurrentSource, electrodes.StepCurrentSource):
    __doc__ = electrodes.StepCurrentSource.__doc__
    translations = build_translations(("amplitudes", "amplitudes"), ("times", "times"))

    def _engine_spec(self, r):
        times = np.asarray(getattr(self._parameter("times"), "value", self._parameter("times")), dtype=float)
        amplitudes = np.asarray(getattr(self._parameter("amplitudes"), "value", self._parameter("amplitudes")),
                                dtype=float)
        return {"type": "step", "times_ms": times.tolist(), "amplitudes_mv": (r * amplitudes).tolist()}


class ACSource(_EngineCurrentSource, electrodes.ACSource):
    """A sine current, offset + amplitude·sin(2π·frequency·(t − start) + 2π·phase/360) in
    [start, stop), taken at each step's start, as pyNN.brian2 defines it (the engine's "ac"
    source)."""
    __doc__ += electrodes.ACSource.__doc__ or ""
    translations = build_translations(("amplitude", "amplitude"), ("offset", "offset"), ("frequency", "frequency"),
                                      ("phase", "phase"), ("start", "start"), ("stop", "stop"))

    def _engine_spec(self, r):
        return {"type": "ac", "amplitude_mv": r * float(self._parameter("amplitude")),
                "offset_mv": r * float(self._parameter("offset")), "frequency_hz": float(self._parameter("frequency")),
                "phase_deg": float(self._parameter("phase")), **self._window()}


class NoisyCurrentSource(_EngineCurrentSource, electrodes.NoisyCurrentSource):
    __doc__ = electrodes.NoisyCurrentSource.__doc__
    translations = build_translations(("mean", "mean"), ("stdev", "stdev"), ("start", "start"), ("stop", "stop"),
                                      ("dt", "dt"))

    def _engine_spec(self, r):
        return {"type": "noisy", "mean_mv": r * float(self._parameter("mean")),
                "stdev_mv": r * float(self._parameter("stdev")), "dt_ms": float(self._parameter("dt")),
                **self._window()}
