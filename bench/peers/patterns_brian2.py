#!/usr/bin/env python3
"""Izhikevich and AdEx populations of an snnft network config, run in Brian2 2.5.1.

Reads a config such as data/configs/izhikevich_patterns.json: every "izhikevich" or "adex"
population becomes a Brian2 NeuronGroup with the same equations, parameters, initial state,
threshold, reset and refractory period (AdEx `t_ref_ms`: v is held, `(unless refractory)`,
while w evolves), integrated by Brian2's `euler` method at the config's dt_ms; "step" and
"dc" current sources become a piecewise-constant input current I. Synapses are not modelled
(the pattern configs have none). Prints one JSON line: {population: [spike times in ms]}.
"""
import argparse
import json
import sys

import numpy as np


def current_of(cfg, name, n_steps, dt):
    """Input current per step: the population's bias plus its step and DC sources."""
    i_step = np.zeros(n_steps)
    for s in cfg.get("current_sources", []):
        if s["population"] != name:
            continue
        if s.get("ids", "all") != "all":
            sys.exit("error: only current sources targeting all neurons are supported")
        if s["type"] == "step":
            for t, amp in zip(s["times_ms"], s["amplitudes_mv"]):
                i_step[int(round(t / dt)):] = amp
        elif s["type"] == "dc":
            start = int(round(s.get("start_ms", 0) / dt))
            stop = int(round(s["stop_ms"] / dt)) if "stop_ms" in s else n_steps
            i_step[start:stop] += s["amplitude_mv"]
        else:
            sys.exit("error: only step and dc current sources are supported")
    return i_step


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config")
    ap.add_argument("--target", default="numpy", choices=["numpy", "cython"])
    args = ap.parse_args()
    cfg = json.load(open(args.config))

    from brian2 import (NeuronGroup, SpikeMonitor, TimedArray, Network, ms, defaultclock, prefs)
    prefs.codegen.target = args.target
    dt = cfg["dt_ms"]
    defaultclock.dt = dt * ms
    n_steps = int(round(cfg["duration_ms"] / dt))
    net, monitors = Network(), {}
    for p in cfg["populations"]:
        name, model = p["name"], p["model"]
        init = p.get("initial", {})
        if model == "izhikevich":
            a, b, c, d = p.get("a", 0.02), p.get("b", 0.2), p.get("c", -65.0), p.get("d", 8.0)
            I = TimedArray(current_of(cfg, name, n_steps, dt) + p.get("bias", 0.0), dt=dt * ms)
            eqs = f"""dv/dt = (0.04*v**2 + 5*v + 140 - u + I_{name}(t))/ms : 1
                      du/dt = {a}*({b}*v - u)/ms : 1"""
            g = NeuronGroup(p["size"], eqs, threshold=f"v >= {p.get('v_peak_mv', 30.0)}",
                            reset=f"v = {c}; u += {d}", method="euler", name=name,
                            namespace={f"I_{name}": I})
            g.v = init.get("v_mv", -65.0)
            g.u = init.get("u", b * g.v[0])
        elif model == "adex":
            q = {k: p.get(k, dflt) for k, dflt in dict(
                c_pf=281.0, g_l_ns=30.0, e_l_mv=-70.6, v_t_mv=-50.4, delta_t_mv=2.0, tau_w_ms=144.0, a_ns=4.0,
                b_pa=80.5, v_reset_mv=-70.6, v_peak_mv=-40.4, bias_pa=0.0, t_ref_ms=0.0).items()}
            I = TimedArray(current_of(cfg, name, n_steps, dt) + q["bias_pa"], dt=dt * ms)
            # mV, ms, pF, nS, pA as plain numbers: nS·mV = pA and pA/pF = mV/ms.
            eqs = f"""dv/dt = ({q['g_l_ns']}*({q['e_l_mv']} - v)
                               + {q['g_l_ns']}*{q['delta_t_mv']}*exp((v - {q['v_t_mv']})/{q['delta_t_mv']})
                               - w + I_{name}(t))/{q['c_pf']}/ms : 1 {'(unless refractory)' if q['t_ref_ms'] else ''}
                      dw/dt = ({q['a_ns']}*(v - {q['e_l_mv']}) - w)/({q['tau_w_ms']}*ms) : 1"""
            g = NeuronGroup(p["size"], eqs, threshold=f"v > {q['v_peak_mv']}",
                            reset=f"v = {q['v_reset_mv']}; w += {q['b_pa']}", method="euler", name=name,
                            refractory=q["t_ref_ms"] * ms if q["t_ref_ms"] else False, namespace={f"I_{name}": I})
            g.v = init.get("v_mv", q["e_l_mv"])
            g.w = init.get("w", 0.0)
        else:
            continue
        monitors[name] = SpikeMonitor(g, name=f"spikes_{name}")
        net.add(g, monitors[name])
    net.run(n_steps * dt * ms)
    out = {name: [float(t) for t in np.asarray(m.t / ms)] for name, m in monitors.items()}
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
