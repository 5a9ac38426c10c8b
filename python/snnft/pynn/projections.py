# SPDX-License-Identifier: MIT
"""Projection of the PyNN backend.

The common connectors make all their synapses at once (fast_connect); the others hand them
over with `_convergent_connect` (one postsynaptic neuron at a time, arrays of presynaptic ones).
They are kept as arrays in PyNN units until the network is built,
then given to the engine as explicit synapse arrays, one engine projection per pair of
populations (an Assembly spans several). Weights and delays are read from and written to the
engine from then on, so plasticity and faults show in get().
"""
import copy

import numpy as np
from pyNN import common
from pyNN.space import Space

from . import fast_connect, simulator
from .native_rng import backend_rng
from .standardmodels import StaticSynapse

# Whole-projection connection arrays for the common connectors (fast_connect); False makes
# every connector go through _convergent_connect, PyNN's generic path.
USE_FAST_CONNECT = True


class Connection(common.Connection):
    """One synapse: indices into the projection's pre and post, its weight and delay."""

    def __init__(self, projection, k):
        self._projection = projection
        self._k = k
        self.presynaptic_index = projection._pre[k]
        self.postsynaptic_index = projection._post[k]

    @property
    def weight(self):
        return self._projection._values("weight")[self._k]

    @property
    def delay(self):
        return self._projection._values("delay")[self._k]

    def as_tuple(self, *attribute_names):
        return tuple(getattr(self, name) for name in attribute_names)


def _cells(neurons):
    """For each index of a Population, PopulationView or Assembly: (its Population, the index there)."""
    if isinstance(neurons, common.Assembly):
        return _assembly_cells(neurons)
    if isinstance(neurons, common.PopulationView):
        return [neurons.grandparent], neurons.index_in_grandparent(np.arange(neurons.size)), np.zeros(neurons.size, int)
    return [neurons], np.arange(neurons.size), np.zeros(neurons.size, int)


def _assembly_cells(assembly):
    populations, indices, which = [], [], []
    for part in assembly.populations:
        pops, idx, w = _cells(part)
        which.append(w + len(populations))
        populations.extend(pops)
        indices.append(idx)
    return populations, np.concatenate(indices), np.concatenate(which)


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(self, presynaptic_population, postsynaptic_population, connector, synapse_type=None, source=None,
                 receptor_type=None, space=Space(), label=None):
        if backend_rng(getattr(connector, "rng", None)) is not getattr(connector, "rng", None):
            connector = copy.copy(connector)
            connector.rng = backend_rng(connector.rng)
        common.Projection.__init__(self, presynaptic_population, postsynaptic_population, connector, synapse_type,
                                   source, receptor_type, space, label)
        if not hasattr(self.synapse_type, "engine_plasticity") and not isinstance(self.synapse_type, StaticSynapse):
            raise NotImplementedError(f"{type(self.synapse_type).__name__} is not available on snnft")
        if self.receptor_type not in ("excitatory", "inhibitory"):
            raise NotImplementedError(f"receptor type {self.receptor_type!r} is not available on snnft")
        simulator.state.add_projection(self)
        self._parts = {"pre": [], "post": [], "weight": [], "delay": []}
        made = fast_connect.connect(connector, self) if USE_FAST_CONNECT else None
        if made is not None:
            pre, post, values = made
            self._convergent_connect_all(pre, post, values)
        else:
            connector.connect(self)
        self._pre = np.concatenate(self._parts["pre"]).astype(np.int64) if self._parts["pre"] else np.zeros(0, np.int64)
        self._post = np.concatenate(self._parts["post"]).astype(np.int64) if self._parts["post"] else np.zeros(0, np.int64)
        self._attrs = {name: np.concatenate(self._parts[name]).astype(float) if self._parts[name] else np.zeros(0)
                       for name in ("weight", "delay")}
        del self._parts
        self._groups = []   # (engine projection name, positions in engine synapse order, R of each target)

    def __len__(self):
        return len(self._pre)

    @property
    def connections(self):
        return (Connection(self, k) for k in range(len(self)))

    def _convergent_connect_all(self, pre, post, values):
        """Every connection at once (see fast_connect): index arrays and per-synapse values."""
        n = len(pre)
        self._parts["pre"].append(np.asarray(pre, dtype=np.int64))
        self._parts["post"].append(np.asarray(post, dtype=np.int64))
        for name in ("weight", "delay"):
            if n:
                self._parts[name].append(np.broadcast_to(np.asarray(values[name], dtype=float), (n,)))

    def _convergent_connect(self, presynaptic_indices, postsynaptic_index, **connection_parameters):
        n = len(presynaptic_indices)
        self._parts["pre"].append(np.asarray(presynaptic_indices, dtype=np.int64))
        self._parts["post"].append(np.full(n, postsynaptic_index, dtype=np.int64))
        for name in ("weight", "delay"):
            value = connection_parameters[name]
            self._parts[name].append(np.broadcast_to(np.asarray(value, dtype=float), (n,)))

    # --- the engine side -----------------------------------------------------------------------
    def _add_to_network(self, net):
        pre_pops, pre_idx, pre_which = _cells(self.pre)
        post_pops, post_idx, post_which = _cells(self.post)
        src_pop, src = pre_which[self._pre], pre_idx[self._pre]
        tgt_pop, tgt = post_which[self._post], post_idx[self._post]
        r_target = np.empty(len(self))
        for j, population in enumerate(post_pops):
            mask = tgt_pop == j
            celltype = population.celltype
            factor = getattr(celltype, "weight_factor", celltype.unit_factor)   # engine weight per PyNN unit
            r_target[mask] = factor(population)[tgt[mask]]
        plasticity = getattr(self.synapse_type, "engine_plasticity", None)
        for i, pre_population in enumerate(pre_pops):
            for j, post_population in enumerate(post_pops):
                positions = np.flatnonzero((src_pop == i) & (tgt_pop == j))
                if len(positions) == 0:
                    continue
                name = f"proj{simulator.state.projections.index(self)}_{i}_{j}"
                w = self._attrs["weight"][positions] * r_target[positions]
                extra = {}
                if plasticity is not None:
                    extra["plasticity"] = plasticity(r_target[positions])
                net.connect_arrays(pre_population._engine_name, post_population._engine_name, src[positions],
                                   tgt[positions], w, self._attrs["delay"][positions], receptor=self.receptor_type,
                                   name=name, **extra)
                self._groups.append([name, positions, src[positions], tgt[positions]])
        self._r_target = r_target

    def _detach_from_engine(self):
        """Takes the engine's weights and delays back before its network is dropped."""
        if self._groups:
            for name in ("weight", "delay"):
                self._values(name)
        self._groups = []

    def _read_engine_order(self):
        """Lines up the engine's synapse order (CSR) with the order connectors gave."""
        sim = simulator.state.network
        for group in self._groups:
            name, positions, src, tgt = group
            pre, post = sim.connections(name)
            mine = np.lexsort((tgt, src))
            engine = np.lexsort((post.astype(np.int64), pre.astype(np.int64)))
            order = np.empty(len(positions), dtype=np.int64)
            order[engine] = positions[mine]
            group[1] = order   # engine synapse k is position order[k]

    def _values(self, name):
        """Weights (nA or µS) or delays (ms) of every synapse, in connector order."""
        if self._groups:   # in an engine network: it has the current values
            sim = simulator.state.network
            for engine_name, order, _, _ in self._groups:
                if name == "weight":
                    self._attrs["weight"][order] = sim.weights(engine_name) / self._r_target[order]
                else:
                    self._attrs["delay"][order] = sim.delays_ms(engine_name)
        return self._attrs[name]

    def _set_attributes(self, parameter_space):
        parameter_space.evaluate(simplify=False)
        for name, value in parameter_space.items():
            if name not in ("weight", "delay"):
                raise NotImplementedError(f"setting {name} of a projection is not available on snnft")
            values = np.asarray(value, dtype=float)
            self._attrs[name] = values[self._pre, self._post] if values.ndim == 2 else \
                np.broadcast_to(values, (len(self),)).copy()
            if self._groups:
                sim = simulator.state.network
                for engine_name, order, _, _ in self._groups:
                    if name == "weight":
                        sim.set_weights(engine_name, self._attrs["weight"][order] * self._r_target[order])
                    else:
                        sim.set_delays_ms(engine_name, self._attrs["delay"][order])

    def _get_attributes_as_list(self, names):
        columns = []
        for name in names:
            if name == "presynaptic_index":
                columns.append(self._pre)
            elif name == "postsynaptic_index":
                columns.append(self._post)
            else:
                columns.append(self._values(name))
        return list(zip(*[c.tolist() for c in columns]))

    def _get_attributes_as_arrays(self, names, multiple_synapses="sum"):
        aggregate = {"sum": (np.add.at, 0.0), "min": (np.minimum.at, np.inf), "max": (np.maximum.at, -np.inf)}
        if multiple_synapses not in aggregate:
            raise NotImplementedError(f"multiple_synapses={multiple_synapses!r} is not available on snnft")
        combine, start = aggregate[multiple_synapses]
        result = []
        for name in names:
            array = np.full((self.pre.size, self.post.size), start)
            combine(array, (self._pre, self._post), self._values(name))
            empty = np.ones((self.pre.size, self.post.size), bool)
            empty[self._pre, self._post] = False
            array[empty] = np.nan
            result.append(array)
        return result
