# SPDX-License-Identifier: MIT
"""snnft.Network: a network described from Python, built and run by the engine.

Populations and projections take the keys of a "kind": "network" config (docs/configs), so
anything a config can say can be said here, and the engine checks it with the same messages.
The network is built when it first runs (or on build()); after that, weights, states and
parameters can be read and written, but populations and projections are fixed.
"""
import copy
import json

import numpy as np

from ._core import Simulator


class Network:
    """A spiking network: add populations and projections, then run it.

    Times are in ms; every array comes back as numpy. See docs/python.md.
    """

    def __init__(self, dt_ms=0.1, seed=1, threads=1, simd=True, name="network"):
        self._config = {"kind": "network", "name": name, "dt_ms": dt_ms, "seed": seed, "populations": [],
                        "projections": [], "faults": []}
        self._explicit = {}
        self._fault_flags = []
        self._threads = threads
        self._simd = simd
        self._sim = None

    @classmethod
    def from_config(cls, config, threads=None, faults=()):
        """A network from a "kind": "network" config (dict or path), e.g. data/configs/cuba.json."""
        from . import load_config
        data, _, _ = load_config(config)
        net = cls()
        net._config = copy.deepcopy(data)
        if threads is not None:
            net._threads = threads
        else:
            net._threads = int(data.get("threads", 1))
        net._simd = bool(data.get("simd", True))
        net._fault_flags = list(faults)
        return net

    # --- description -------------------------------------------------------------------
    def _check_open(self):
        if self._sim is not None:
            raise RuntimeError("the network is already built: populations, projections and faults are fixed")

    def add_population(self, name, size, model="lif", **params):
        """Adds a population; params are the config keys of its model, e.g. for "lif":
        synapse="current"|"conductance", tau_m_ms, v_rest_mv, v_reset_mv, v_th_mv, t_ref_ms,
        tau_e_ms, tau_i_ms, e_exc_mv, e_inh_mv, bias_mv, initial={"v_mv": {"uniform": [a, b]}};
        for "poisson": rate_hz (one rate or one per neuron); "spike_source" takes set_spike_times()."""
        self._check_open()
        entry = {"name": name, "size": int(size), "model": model}
        entry.update(params)
        if model == "spike_source" and "spike_times_ms" not in entry and "from_file" not in entry:
            entry["spike_times_ms"] = []  # set_spike_times() gives them after building
        if "spike_times_ms" in entry:
            entry["spike_times_ms"] = [[float(t) for t in np.ravel(times)] for times in entry["spike_times_ms"]]
        if "rate_hz" in entry and not np.isscalar(entry["rate_hz"]):
            entry["rate_hz"] = [float(r) for r in entry["rate_hz"]]
        self._config["populations"].append(entry)
        return name

    def connect(self, pre, post, weight, receptor="excitatory", connectivity=None, delay_ms=0.0, name=None,
                plasticity=None):
        """Adds a projection. connectivity: {"rule": "fixed_probability", "p": 0.02},
        {"rule": "fixed_indegree", "indegree": k}, {"rule": "one_to_one"}, {"rule": "all_to_all"};
        weight and delay_ms: a number, {"uniform": [a, b]} or {"normal": [mean, sd]};
        plasticity: a "plasticity" block ({"rule": "stdp", "a_plus": ..., ...})."""
        self._check_open()
        name = name or f"{pre}_to_{post}"
        entry = {"name": name, "pre": pre, "post": post, "receptor": receptor,
                 "connectivity": connectivity or {"rule": "all_to_all"}, "weight": weight, "delay_ms": delay_ms}
        if plasticity is not None:
            entry["plasticity"] = plasticity
        self._config["projections"].append(entry)
        return name

    def connect_arrays(self, pre, post, pre_ids, post_ids, weights, delays_ms=0.0, receptor="excitatory", name=None,
                       plasticity=None):
        """Adds a projection with explicit synapses given as arrays (no per-synapse Python work)."""
        self._check_open()
        pre_ids = np.ascontiguousarray(pre_ids, dtype=np.int64)
        post_ids = np.ascontiguousarray(post_ids, dtype=np.int64)
        n = len(pre_ids)
        weights = np.ascontiguousarray(np.broadcast_to(np.asarray(weights, dtype=np.float64), (n,)))
        delays = np.ascontiguousarray(np.broadcast_to(np.asarray(delays_ms, dtype=np.float64), (n,)))
        # The config entry's weight is a placeholder the arrays replace; inside the STDP bounds.
        placeholder = float(plasticity.get("w_min", 0.0)) if plasticity else 0.0
        name = self.connect(pre, post, placeholder, receptor=receptor, connectivity={"rule": "explicit", "pairs": []},
                            name=name, plasticity=plasticity)
        self._explicit[name] = (pre_ids, post_ids, weights, delays)
        return name

    def add_current_source(self, spec):
        """Adds a current source: a dict as in a config's "current_sources" list (docs/inputs.md),
        e.g. {"type": "dc", "population": "exc", "ids": [0, 1], "amplitude_mv": 12, "start_ms": 100}.
        Returns its index (for set_current_source once built)."""
        self._check_open()
        sources = self._config.setdefault("current_sources", [])
        sources.append(dict(spec))
        return len(sources) - 1

    def add_fault(self, spec):
        """Adds a fault: a dict as in a config's "faults" list, or a CLI spec "dead:fraction=0.3"."""
        self._check_open()
        if isinstance(spec, str):
            self._fault_flags.append(spec)
        else:
            self._config.setdefault("faults", []).append(dict(spec))

    @property
    def config(self):
        """The config this network is built from (a copy)."""
        return copy.deepcopy(self._config)

    # --- building and running ------------------------------------------------------------
    def build(self):
        """Builds the network now (otherwise the first run does); raises ConfigError on bad input."""
        if self._sim is None:
            config = dict(self._config)
            if not config.get("faults"):
                config.pop("faults", None)
            if not config.get("projections"):
                config.pop("projections", None)
            self._sim = Simulator(json.dumps(config), self._explicit, self._fault_flags, self._threads, self._simd)
        return self._sim

    @property
    def simulator(self):
        """The engine-side Simulator (built on first use)."""
        return self.build()

    def run(self, duration_ms=None):
        """Runs for duration_ms (default: the config's duration_ms). The GIL is released while
        the engine runs; Ctrl-C raises KeyboardInterrupt at a step boundary. Returns the time."""
        sim = self.build()
        return sim.run(sim.duration_ms if duration_ms is None else duration_ms)

    def run_until(self, t_ms):
        return self.build().run_until(t_ms)

    def reset(self):
        """Time 0, initial state, recordings cleared; weights and parameters kept."""
        self.build().reset()

    def __getattr__(self, attr):
        # Everything else (spikes, weights, get_state, record_state, ...) is the Simulator's.
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(self.build(), attr)

    def spike_trains(self, population):
        """Spike times per neuron: a list of arrays (for analysis; spikes() is the fast form)."""
        times, ids = self.build().spikes(population)
        n = self.build().population_size(population)
        order = np.argsort(ids, kind="stable")
        bounds = np.searchsorted(ids[order], np.arange(n + 1))
        return [times[order[bounds[i]:bounds[i + 1]]] for i in range(n)]
