#!/usr/bin/env python3
"""Alpha-synapse populations of an snnft network config, run in Brian2 2.5.1.

Reads a config such as data/configs/alpha_synapses.json: "spike_source" populations become
SpikeGeneratorGroups; "lif" and "adex" populations with "synapse_shape": "alpha" become
NeuronGroups with the same equations, parameters, threshold, reset and refractory period;
projections ("all_to_all", constant weight and delay) become Synapses with on_pre "h += w".
An alpha synapse is the pair  dg/dt = (e*h - g)/tau, dh/dt = -h/tau  (a weight w makes g
peak at w at t = tau). The integration schemes are snnft's:
  - current-based LIF: the whole linear system, v included, by Brian2's `exact` method;
  - conductance-based LIF and AdEx: v (and w) by `euler` from the state at the start of the
    step, the conductances by `exact` in a separate group linked into the neuron group and
    updated after it (so v sees the conductances of the step's start).
Prints one JSON line: {population: [spike times in ms]} (the sources' too, to check that
given spike times land on the same steps).
"""
import argparse
import json
import sys

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("--target", default="numpy", choices=["numpy", "cython"])
    args = ap.parse_args()
    cfg = json.load(open(args.config))

    from brian2 import (NeuronGroup, SpikeGeneratorGroup, Synapses, SpikeMonitor, Network, ms, defaultclock,
                        prefs, linked_var)
    prefs.codegen.target = args.target
    dt = cfg["dt_ms"]
    defaultclock.dt = dt * ms
    net, monitors, targets = Network(), {}, {}
    for p in cfg["populations"]:
        name, model, n = p["name"], p.get("model", "lif"), p["size"]
        if model == "spike_source":
            idx = [i for i, ts in enumerate(p["spike_times_ms"]) for _ in ts]
            times = [t for ts in p["spike_times_ms"] for t in ts]
            g = SpikeGeneratorGroup(n, idx, np.array(times) * ms, name=name)
            monitors[name] = SpikeMonitor(g, name=f"spikes_{name}")
            net.add(g, monitors[name])
            targets[name] = g
            continue
        if p.get("synapse_shape") != "alpha":
            sys.exit(f"error: population {name}: only alpha synapses are supported")
        tau_e, tau_i = p.get("tau_e_ms", 5.0), p.get("tau_i_ms", 10.0)
        alpha = f"""dge/dt = (exp(1)*he - ge)/({tau_e}*ms) : 1
                    dhe/dt = -he/({tau_e}*ms) : 1
                    dgi/dt = (exp(1)*hi - gi)/({tau_i}*ms) : 1
                    dhi/dt = -hi/({tau_i}*ms) : 1"""
        conductance = p.get("synapse", "current") == "conductance"
        ee, ei = p.get("e_exc_mv", 0.0), p.get("e_inh_mv", -80.0)
        if model == "lif" and not conductance:
            eqs = f"""dv/dt = ({p.get('v_rest_mv', -70.0)} - v + {p.get('bias_mv', 0.0)} + ge + gi)/({p.get('tau_m_ms', 20.0)}*ms) : 1 (unless refractory)
                      {alpha}"""
            g = NeuronGroup(n, eqs, threshold=f"v > {p.get('v_th_mv', -50.0)}", reset=f"v = {p.get('v_reset_mv', -70.0)}",
                            refractory=p.get("t_ref_ms", 2.0) * ms, method="exact", name=name)
            g.v = p.get("v_rest_mv", -70.0)
            net.add(g)
            targets[name] = g
        else:
            # The conductances in their own group, updated exactly after the neurons' Euler step.
            syn = NeuronGroup(n, alpha, method="exact", name=f"{name}_conductances", order=1)
            if model == "lif":
                eqs = f"""dv/dt = ({p.get('v_rest_mv', -70.0)} - v + {p.get('bias_mv', 0.0)}
                                   + ge*({ee} - v) + gi*({ei} - v))/({p.get('tau_m_ms', 20.0)}*ms) : 1 (unless refractory)
                          ge : 1 (linked)
                          gi : 1 (linked)"""
                g = NeuronGroup(n, eqs, threshold=f"v > {p.get('v_th_mv', -50.0)}",
                                reset=f"v = {p.get('v_reset_mv', -70.0)}", refractory=p.get("t_ref_ms", 2.0) * ms,
                                method="euler", name=name, order=0)
                g.v = p.get("v_rest_mv", -70.0)
            elif model == "adex":
                q = {k: p.get(k, dflt) for k, dflt in dict(
                    c_pf=281.0, g_l_ns=30.0, e_l_mv=-70.6, v_t_mv=-50.4, delta_t_mv=2.0, tau_w_ms=144.0, a_ns=4.0,
                    b_pa=80.5, v_reset_mv=-70.6, bias_pa=0.0).items()}
                v_peak = p.get("v_peak_mv", q["v_t_mv"] + 5 * q["delta_t_mv"])
                # mV, ms, pF, nS, pA as plain numbers: nS·mV = pA and pA/pF = mV/ms.
                eqs = f"""dv/dt = ({q['g_l_ns']}*({q['e_l_mv']} - v)
                                   + {q['g_l_ns']}*{q['delta_t_mv']}*exp((v - {q['v_t_mv']})/{q['delta_t_mv']})
                                   - w + {q['bias_pa']} + ge*({ee} - v) + gi*({ei} - v))/{q['c_pf']}/ms : 1
                          dw/dt = ({q['a_ns']}*(v - {q['e_l_mv']}) - w)/({q['tau_w_ms']}*ms) : 1
                          ge : 1 (linked)
                          gi : 1 (linked)"""
                g = NeuronGroup(n, eqs, threshold=f"v > {v_peak}", reset=f"v = {q['v_reset_mv']}; w += {q['b_pa']}",
                                method="euler", name=name, order=0)
                g.v = q["e_l_mv"]
            else:
                sys.exit(f"error: population {name}: model {model} is not supported")
            g.ge = linked_var(syn, "ge")
            g.gi = linked_var(syn, "gi")
            net.add(g, syn)
            targets[name] = syn
        monitors[name] = SpikeMonitor(g, name=f"spikes_{name}")
        net.add(monitors[name])
    for j in cfg.get("projections", []):
        if j["connectivity"]["rule"] != "all_to_all" or not isinstance(j["weight"], (int, float)):
            sys.exit("error: only all_to_all projections with one weight are supported")
        h = "he" if j.get("receptor", "excitatory") == "excitatory" else "hi"
        s = Synapses(targets[j["pre"]], targets[j["post"]], on_pre=f"{h}_post += {j['weight']}",
                     delay=j.get("delay_ms", 0.0) * ms, name=j.get("name", f"{j['pre']}_{j['post']}"))
        s.connect()
        net.add(s)
    net.run(cfg["duration_ms"] * ms)
    out = {name: [float(t) for t in np.asarray(m.t / ms)] for name, m in monitors.items()}
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
