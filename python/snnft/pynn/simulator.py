# SPDX-License-Identifier: MIT
"""The simulator state of the PyNN backend: what PyNN's common code calls `simulator`.

PyNN builds a network one population and projection at a time; the engine builds it whole.
So populations and projections are collected here, and the engine network is built from them
at the first run. Parameters, weights, initial values and recordings can change at any time, as
on every PyNN backend. The structure (populations, projections, current sources) can change
before the first run and after reset(), when time is back at 0: the engine network is then
built again at the next run, from the same data plus the new pieces, with the weights the old
one ended with, so the run is the one a network built with every piece from the start gives.
In the middle of a simulation (t > 0) it cannot.
"""
import numpy as np
from pyNN import common

from ..network import Network

name = "snnft"


class ID(int, common.IDMixin):
    def __init__(self, n):
        """Create an ID object with numerical value `n`."""
        int.__init__(n)
        common.IDMixin.__init__(self)


class State(common.control.BaseState):
    def __init__(self):
        common.control.BaseState.__init__(self)
        self.mpi_rank = 0
        self.num_processes = 1
        self.dt = 0.1
        self.min_delay = "auto"
        self.max_delay = "auto"
        self.seed = 1
        self.threads = 1
        self.network = None
        self.clear()

    # --- structure ---------------------------------------------------------------------
    def clear(self):
        self.recorders = set()
        self.populations = []
        self.projections = []
        self.current_sources = []
        self.id_counter = 0
        self.native_rng_count = 0
        self.segment_counter = -1
        self.network = None
        self.stale = False   # the structure changed since the engine network was built
        self.reset()

    def add_population(self, population):
        self._check_open("create a Population")
        population._engine_name = f"pop{len(self.populations)}"
        self.populations.append(population)

    def add_projection(self, projection):
        self._check_open("create a Projection")
        self.projections.append(projection)

    def _check_open(self, what):
        """Structure may change before the first run and after reset(), not mid-simulation."""
        if self.network is None:
            return
        if self.running:
            raise RuntimeError(f"cannot {what} after the first run, at t = {self.t:g} ms: the snnft backend "
                               "builds the network whole, so it changes only after reset() (or setup())")
        self.stale = True

    @property
    def built(self):
        """Whether the engine network holds every piece (changes go to it directly)."""
        return self.network is not None and not self.stale

    def build(self):
        """Builds the engine network from everything created so far (again, if it changed)."""
        if self.network is not None and not self.stale:
            return self.network
        if self.network is not None:
            self._forget_network()
        net = Network(dt_ms=self.dt, seed=self.seed, threads=self.threads, name="pynn")
        for population in self.populations:
            population.celltype.add_to_network(net, population)
        for projection in self.projections:
            projection._add_to_network(net)
        for source in self.current_sources:
            source._add_to_network(net)
        net.build()
        self.network = net
        for population in self.populations:
            population._push_to_engine()
        for projection in self.projections:
            projection._read_engine_order()
        return net

    def _forget_network(self):
        """Drops the engine network, keeping what only it holds: the weights and delays (which
        plasticity or a user may have changed)."""
        for projection in self.projections:
            projection._detach_from_engine()
        for recorder in self.recorders:
            recorder._detach_from_engine()
        self.network = None
        self.stale = False

    # --- time --------------------------------------------------------------------------
    @property
    def t(self):
        return self.network.t_ms if self.network is not None else 0.0

    def run(self, simtime):
        self.build()
        for recorder in self.recorders:
            recorder._finalize()
        self.running = True
        self.network.run(simtime)

    def run_until(self, tstop):
        self.run(max(0.0, tstop - self.t))

    def reset(self):
        """Time back to 0 with the initial values; structure, parameters and weights kept."""
        self.running = False
        self.t_start = 0
        self.segment_counter += 1
        if self.network is not None:
            self.network.reset()
            for population in self.populations:
                population._push_initial_values()
            for recorder in self.recorders:
                recorder._reset_offsets()


def effective_min_delay():
    d = state.min_delay
    return state.dt if d == "auto" else d


state = State()


def resistance(celltype_parameters):
    """R = tau_m / cm (MΩ for ms and nF): the factor from a PyNN current (nA) or conductance
    (µS) to the engine's R·I (mV) or conductance in units of the leak (g_L = cm / tau_m)."""
    return np.asarray(celltype_parameters["tau_m"], dtype=float) / np.asarray(celltype_parameters["cm"], dtype=float)
