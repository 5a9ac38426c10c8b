# SPDX-License-Identifier: MIT
"""The standard PyNN cell and synapse types on snnft's models.

Parameters are kept in PyNN's names and units (the translations are the identity); each cell
type says how they map onto the engine. For the LIF models the engine integrates
    tau_m dv/dt = -(v - v_rest) + R·i_offset + I_syn,   R = tau_m / cm (MΩ),
which is PyNN's cm dv/dt = g_L (v_rest - v) + ... divided by g_L = cm / tau_m. So a current
of w nA becomes a jump of R·w mV of the engine's input variable, and a conductance of w µS
becomes w / g_L = R·w in units of the leak conductance: the same factor R for both.
"""
import copy
import json

import numpy as np
from pyNN.standardmodels import build_translations, cells, synapses

from .simulator import effective_min_delay, resistance

ENGINE_NAMES_LIF = {"v": "v_mv"}


def _identity(*names):
    return build_translations(*[(n, n) for n in names])


def _uniform(population, name):
    values = np.asarray(population._parameters[name], dtype=float)
    if values.size and not np.all(values == values.flat[0]):
        raise ValueError(f"{population.label}: {name} must be the same for every neuron on snnft "
                         "(the engine keeps it per population)")
    return float(values.flat[0]) if values.size else 0.0


class _Lif:
    """What IF_curr_exp, IF_cond_exp and their alpha forms share: the engine's "lif" population."""
    synapse = "current"
    shape = "exponential"

    def add_to_network(self, net, population):
        P = population._parameters
        first = {k: float(np.asarray(v, dtype=float).flat[0]) for k, v in P.items()}
        R = resistance(P)
        population._built_uniform = self._shared_parameters(population)
        shape = {"synapse_shape": "alpha"} if self.shape == "alpha" else {}
        net.add_population(population._engine_name, population.size, model="lif", synapse=self.synapse, **shape,
                           tau_m_ms=first["tau_m"], v_rest_mv=first["v_rest"], v_reset_mv=first["v_reset"],
                           v_th_mv=first["v_thresh"], t_ref_ms=first["tau_refrac"],
                           bias_mv=float(np.asarray(R).flat[0]) * first["i_offset"], **population._built_uniform)

    def push_parameters(self, sim, population):
        P = population._parameters
        n = population.size
        R = np.broadcast_to(resistance(P), (n,))
        arrays = {"tau_m_ms": P["tau_m"], "v_rest_mv": P["v_rest"], "v_reset_mv": P["v_reset"],
                  "v_th_mv": P["v_thresh"], "t_ref_ms": P["tau_refrac"],
                  "bias_mv": R * np.asarray(P["i_offset"], dtype=float)}
        sim.set_lif_params(population._engine_name,
                           {k: np.ascontiguousarray(np.broadcast_to(np.asarray(v, dtype=float), (n,)))
                            for k, v in arrays.items()})
        shared = self._shared_parameters(population)
        if shared != population._built_uniform:
            sim.set_lif_synapses(population._engine_name, **shared)
            population._built_uniform = shared

    def _shared_parameters(self, population):
        """The parameters the engine keeps per population (synaptic time constants and, for
        conductance synapses, reversal potentials)."""
        shared = {"tau_e_ms": _uniform(population, "tau_syn_E"), "tau_i_ms": _uniform(population, "tau_syn_I"),
                  "e_exc_mv": 0.0, "e_inh_mv": -80.0}
        if self.synapse == "conductance":
            shared.update(e_exc_mv=_uniform(population, "e_rev_E"), e_inh_mv=_uniform(population, "e_rev_I"))
        return shared

    def unit_factor(self, population):
        """Per neuron: engine weight (or drive) per PyNN nA or µS."""
        return np.broadcast_to(resistance(population._parameters), (population.size,))

    # PyNN state variable -> (engine variable, factor from PyNN units to the engine's)
    def state_variable(self, population, variable):
        R = np.broadcast_to(resistance(population._parameters), (population.size,))
        if variable == "v":
            return "v", None
        if variable in ("isyn_exc", "gsyn_exc"):
            return "ge", R
        if variable in ("isyn_inh", "gsyn_inh"):
            return "gi", R
        raise KeyError(variable)

    def recorded_variable(self, variable):
        return {"v": "v_mv", "isyn_exc": "ge", "gsyn_exc": "ge", "isyn_inh": "gi", "gsyn_inh": "gi"}[variable]


class IF_curr_exp(_Lif, cells.IF_curr_exp):
    __doc__ = cells.IF_curr_exp.__doc__
    translations = _identity("tau_m", "cm", "v_rest", "v_thresh", "v_reset", "tau_refrac", "i_offset",
                             "tau_syn_E", "tau_syn_I")
    synapse = "current"


class IF_cond_exp(_Lif, cells.IF_cond_exp):
    __doc__ = cells.IF_cond_exp.__doc__
    translations = _identity("tau_m", "cm", "v_rest", "v_thresh", "v_reset", "tau_refrac", "i_offset",
                             "tau_syn_E", "tau_syn_I", "e_rev_E", "e_rev_I")
    synapse = "conductance"


class IF_curr_alpha(_Lif, cells.IF_curr_alpha):
    __doc__ = cells.IF_curr_alpha.__doc__
    translations = IF_curr_exp.translations
    synapse = "current"
    shape = "alpha"


class IF_cond_alpha(_Lif, cells.IF_cond_alpha):
    __doc__ = cells.IF_cond_alpha.__doc__
    translations = IF_cond_exp.translations
    synapse = "conductance"
    shape = "alpha"


class EIF_cond_exp_isfa_ista(cells.EIF_cond_exp_isfa_ista):
    """AdEx (Brette & Gerstner 2005) on the engine's "adex" model, whose units are pF, nS, pA:
    PyNN's nF, µS and nA are scaled by 1000. During tau_refrac after a spike v stays at
    v_reset while w evolves (as in NEST's aeif models). Parameters are one value per
    population, except i_offset, which may differ per neuron."""
    __doc__ += cells.EIF_cond_exp_isfa_ista.__doc__ or ""
    translations = _identity("cm", "tau_refrac", "v_spike", "v_reset", "v_rest", "tau_m", "i_offset", "a", "b",
                             "delta_T", "tau_w", "v_thresh", "e_rev_E", "tau_syn_E", "e_rev_I", "tau_syn_I")

    def _engine_parameters(self, population):
        p = {name: _uniform(population, name) for name in self.translations if name != "i_offset"}
        return {"c_pf": 1000.0 * p["cm"], "g_l_ns": 1000.0 * p["cm"] / p["tau_m"], "e_l_mv": p["v_rest"],
                "v_t_mv": p["v_thresh"], "delta_t_mv": p["delta_T"], "tau_w_ms": p["tau_w"], "a_ns": p["a"],
                "b_pa": 1000.0 * p["b"], "v_reset_mv": p["v_reset"], "v_peak_mv": p["v_spike"],
                "t_ref_ms": p["tau_refrac"], "synapse": "conductance", "tau_e_ms": p["tau_syn_E"],
                "tau_i_ms": p["tau_syn_I"], "e_exc_mv": p["e_rev_E"], "e_inh_mv": p["e_rev_I"]}

    def add_to_network(self, net, population):
        population._built_uniform = self._engine_parameters(population)
        net.add_population(population._engine_name, population.size, model="adex", **population._built_uniform)

    def push_parameters(self, sim, population):
        _push_model_parameters(self, sim, population)

    def unit_factor(self, population):
        return np.full(population.size, 1000.0)

    def state_variable(self, population, variable):
        engine = {"v": "v", "w": "w", "gsyn_exc": "ge", "gsyn_inh": "gi"}[variable]
        return engine, (None if variable == "v" else self.unit_factor(population))

    def recorded_variable(self, variable):
        return {"v": "v_mv", "w": "w", "gsyn_exc": "ge", "gsyn_inh": "gi"}[variable]


class EIF_cond_alpha_isfa_ista(EIF_cond_exp_isfa_ista, cells.EIF_cond_alpha_isfa_ista):
    """AdEx with alpha-shaped conductances (a weight is the conductance's peak, tau_syn after
    the spike); otherwise as EIF_cond_exp_isfa_ista."""
    __doc__ += cells.EIF_cond_alpha_isfa_ista.__doc__ or ""

    def _engine_parameters(self, population):
        return {**EIF_cond_exp_isfa_ista._engine_parameters(self, population), "synapse_shape": "alpha"}


class Izhikevich(cells.Izhikevich):
    """Izhikevich (2003) on the engine's "izhikevich" model with delta synapses (a weight of w mV
    moves v by w mV). a, b, c and d are one value per population; i_offset may differ per
    neuron. Currents (i_offset, current sources) are in nA on a cell of 1 pF, as pyNN.brian2
    (I / 1 pF) and pyNN.nest (I_e = 1000 i_offset pA, read as mV/ms) have them: 1 nA is
    1000 mV/ms of the model's input I, so 0.01 nA gives the published patterns' I = 10."""
    __doc__ += cells.Izhikevich.__doc__ or ""
    translations = _identity("a", "b", "c", "d", "i_offset")

    def _engine_parameters(self, population):
        p = {name: _uniform(population, name) for name in ("a", "b", "c", "d")}
        return {"a": p["a"], "b": p["b"], "c": p["c"], "d": p["d"], "v_peak_mv": 30.0, "synapse": "current",
                "tau_e_ms": 0.0, "tau_i_ms": 0.0}

    def add_to_network(self, net, population):
        population._built_uniform = self._engine_parameters(population)
        net.add_population(population._engine_name, population.size, model="izhikevich",
                           **population._built_uniform)

    def push_parameters(self, sim, population):
        _push_model_parameters(self, sim, population)

    def unit_factor(self, population):
        """Engine current (mV/ms) per nA."""
        return np.full(population.size, 1000.0)

    def weight_factor(self, population):
        """Weights are jumps of v in mV, as the engine's."""
        return np.ones(population.size)

    def state_variable(self, population, variable):
        return {"v": "v", "u": "u"}[variable], None

    def recorded_variable(self, variable):
        return {"v": "v_mv", "u": "u"}[variable]


def _push_model_parameters(celltype, sim, population):
    """The per-population parameters of an izhikevich or adex population (when they changed),
    and i_offset per neuron as the drive (unit_factor per nA)."""
    parameters = celltype._engine_parameters(population)
    if parameters != population._built_uniform:
        sim.set_model_params(population._engine_name, json.dumps(parameters))
        population._built_uniform = parameters
    i_offset = np.broadcast_to(np.asarray(population._parameters["i_offset"], dtype=float), (population.size,))
    drive = celltype.unit_factor(population) * i_offset
    sim.set_state(population._engine_name, "drive", np.ascontiguousarray(drive, dtype=np.float32))


class SpikeSourcePoisson(cells.SpikeSourcePoisson):
    """Poisson trains in [start, start + duration) of the simulation clock; rate, start and
    duration may differ per neuron. Changed between runs, they take effect from the current
    time on (the clock is not restarted)."""
    __doc__ += cells.SpikeSourcePoisson.__doc__ or ""
    translations = _identity("rate", "start", "duration")

    def add_to_network(self, net, population):
        start, stop = self._window(population)
        times = {}
        if np.all(start == start[0]) and np.all(stop == stop[0]):   # else pushed per neuron once built
            times = {"start_ms": float(start[0])} if start[0] > 0 else {}
            if stop[0] < 1e9:
                times["stop_ms"] = float(stop[0])
            population._built_uniform = (start, stop)
        else:
            population._built_uniform = None
        net.add_population(population._engine_name, population.size, model="poisson",
                           rate_hz=list(self._rates(population)), **times)

    def push_parameters(self, sim, population):
        start, stop = self._window(population)
        built = population._built_uniform
        if built is None or not (np.array_equal(start, built[0]) and np.array_equal(stop, built[1])):
            sim.set_poisson_window(population._engine_name, start, np.where(stop < 1e9, stop, np.inf))
            population._built_uniform = (start, stop)
        sim.set_state(population._engine_name, "rate_hz", np.ascontiguousarray(self._rates(population), dtype=np.float32))

    @staticmethod
    def _window(population):
        n = population.size
        start = np.broadcast_to(np.asarray(population._parameters["start"], dtype=float), (n,)).copy()
        return start, start + np.broadcast_to(np.asarray(population._parameters["duration"], dtype=float), (n,))

    @staticmethod
    def _rates(population):
        return np.broadcast_to(np.asarray(population._parameters["rate"], dtype=float), (population.size,))


class SpikeSourceArray(cells.SpikeSourceArray):
    __doc__ = cells.SpikeSourceArray.__doc__
    translations = _identity("spike_times")

    def add_to_network(self, net, population):
        net.add_population(population._engine_name, population.size, model="spike_source",
                           spike_times_ms=_spike_time_lists(population))

    def push_parameters(self, sim, population):
        lists = _spike_time_lists(population)
        ids = np.concatenate([np.full(len(t), i, dtype=np.int64) for i, t in enumerate(lists)] + [np.zeros(0, np.int64)])
        times = np.concatenate([np.asarray(t, dtype=float) for t in lists] + [np.zeros(0)])
        sim.set_spike_times(population._engine_name, ids, times)


def _spike_time_lists(population):
    values = population._parameters["spike_times"]
    values = np.broadcast_to(np.asarray(values, dtype=object), (population.size,)) if np.ndim(values) == 0 else values
    return [np.asarray(getattr(seq, "value", seq), dtype=float).ravel() for seq in values]


class StaticSynapse(synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = _identity("weight", "delay")

    def _get_minimum_delay(self):
        return effective_min_delay()


class STDPMechanism(synapses.STDPMechanism):
    """Pair STDP on the engine's trace-based rule (docs/stdp.md): SpikePairRule timing with
    additive or multiplicative weight dependence, all-to-all pairing.

    PyNN's amplitudes are relative: an additive pairing changes w by A·w_max, a multiplicative
    one by A·(w_max − w) for potentiation and A·(w − w_min) for depression. The engine's are in
    weight units, so a_plus = A_plus·scale·R and a_minus = −A_minus·scale·R with scale w_max
    (additive) or w_max − w_min (multiplicative), and R the targets' tau_m / cm, which must be
    the same for every target of the projection.
    """
    __doc__ += synapses.STDPMechanism.__doc__ or ""
    base_translations = _identity("weight", "delay", "dendritic_delay_fraction")

    def _get_minimum_delay(self):
        return effective_min_delay()

    def engine_plasticity(self, r_target):
        r = np.unique(np.asarray(r_target, dtype=float))
        if len(r) > 1:
            raise ValueError("STDP on snnft needs the same tau_m / cm for every target neuron of a projection")
        r = float(r[0]) if len(r) else 1.0
        if self.voltage_dependence is not None:
            raise NotImplementedError("voltage-dependent STDP is not available on snnft")
        if not isinstance(self.timing_dependence, SpikePairRule):
            raise NotImplementedError(f"{type(self.timing_dependence).__name__} is not available on snnft")
        # Copies: the mechanism's own parameter spaces stay as they were, for the next build.
        timing = copy.deepcopy(self.timing_dependence.parameter_space)
        weights = copy.deepcopy(self.weight_dependence.parameter_space)
        for ps in (timing, weights):
            ps.shape = (1,)
            ps.evaluate(simplify=True)
        w_min, w_max = float(weights["w_min"]), float(weights["w_max"])
        if isinstance(self.weight_dependence, AdditiveWeightDependence):
            update, scale = "additive", w_max
        elif isinstance(self.weight_dependence, MultiplicativeWeightDependence):
            update, scale = "multiplicative", w_max - w_min
        else:
            raise NotImplementedError(f"{type(self.weight_dependence).__name__} is not available on snnft")
        return {"rule": "stdp", "tau_plus_ms": float(timing["tau_plus"]), "tau_minus_ms": float(timing["tau_minus"]),
                "a_plus": float(timing["A_plus"]) * scale * r, "a_minus": -float(timing["A_minus"]) * scale * r,
                "w_min": w_min * r, "w_max": w_max * r, "update": update, "pairing": "all_to_all"}


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = _identity("tau_plus", "tau_minus", "A_plus", "A_minus")


class AdditiveWeightDependence(synapses.AdditiveWeightDependence):
    __doc__ = synapses.AdditiveWeightDependence.__doc__
    translations = _identity("w_max", "w_min")


class MultiplicativeWeightDependence(synapses.MultiplicativeWeightDependence):
    __doc__ = synapses.MultiplicativeWeightDependence.__doc__
    translations = _identity("w_max", "w_min")
