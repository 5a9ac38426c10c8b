#!/usr/bin/env python3
"""Brunel (2000) model A in Brian2 2.5.1, as Brian2's example frompapers/Brunel_2000.py sets it up.

N_E = 10000, N_I = 2500, connection probability 0.1, delta synapses (v += J, v += -g J),
delay D, tau = 20 ms, theta = 20 mV, V_r = 10 mV, tau_rp = 2 ms, exact integration at
dt = 0.1 ms, external drive by PoissonInput (C_E trains at eta * nu_thr, weight J).
Prints one JSON line: the mean rate and the mean CV of the interspike intervals of each
population (neurons with at least 3 spikes), counted after a transient.
"""
import argparse
import json
import sys

import numpy as np


def stats(spike_trains, n, t_from_ms, t_to_ms):
    """Mean rate (Hz) and mean ISI CV over neurons with >= 3 spikes in [t_from, t_to)."""
    count, cvs = 0, []
    for t in spike_trains:
        t = t[(t >= t_from_ms) & (t < t_to_ms)]
        count += len(t)
        if len(t) >= 3:
            isi = np.diff(t)
            cvs.append(isi.std() / isi.mean())
    rate = count / (n * (t_to_ms - t_from_ms) * 1e-3)
    return rate, float(np.mean(cvs)) if cvs else float("nan"), len(cvs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--T", type=float, default=1.0, help="simulated seconds")
    ap.add_argument("--g", type=float, default=5.0)
    ap.add_argument("--eta", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--transient-ms", type=float, default=100.0)
    ap.add_argument("--target", default="cython", choices=["numpy", "cython"])
    args = ap.parse_args()

    from brian2 import (NeuronGroup, Synapses, PoissonInput, SpikeMonitor, Network, ms, mV, Hz,
                        defaultclock, prefs, seed, second)
    prefs.codegen.target = args.target
    seed(args.seed)
    defaultclock.dt = 0.1 * ms

    N_E, N_I = 10000, 2500
    epsilon = 0.1
    C_E = int(epsilon * N_E)
    tau, theta, V_r, tau_rp = 20 * ms, 20 * mV, 10 * mV, 2 * ms
    J, D = 0.1 * mV, 1.5 * ms
    g, eta = args.g, args.eta
    nu_thr = theta / (J * C_E * tau)
    nu_ext = eta * nu_thr

    neurons = NeuronGroup(N_E + N_I, "dv/dt = -v/tau : volt (unless refractory)", threshold="v > theta",
                          reset="v = V_r", refractory=tau_rp, method="exact")
    exc, inh = neurons[:N_E], neurons[N_E:]
    exc_syn = Synapses(exc, neurons, on_pre="v += J", delay=D)
    exc_syn.connect(p=epsilon)
    inh_syn = Synapses(inh, neurons, on_pre="v += -g*J", delay=D)
    inh_syn.connect(p=epsilon)
    ext = PoissonInput(neurons, "v", N=C_E, rate=nu_ext, weight=J)
    mon = SpikeMonitor(neurons)
    net = Network(neurons, exc_syn, inh_syn, ext, mon)
    net.run(args.T * second)

    trains = mon.spike_trains()
    t_to = args.T * 1000.0
    ms_trains = [np.asarray(trains[i] / ms) for i in range(N_E + N_I)]
    re, cve, ne = stats(ms_trains[:N_E], N_E, args.transient_ms, t_to)
    ri, cvi, ni = stats(ms_trains[N_E:], N_I, args.transient_ms, t_to)
    print(json.dumps({"simulator": "brian2", "g": g, "eta": eta, "nu_ext_hz": float(nu_ext / Hz), "T": args.T,
                      "seed": args.seed, "exc_rate_hz": re, "inh_rate_hz": ri, "exc_cv": cve, "inh_cv": cvi,
                      "exc_cv_neurons": ne, "inh_cv_neurons": ni}))


if __name__ == "__main__":
    sys.exit(main())
