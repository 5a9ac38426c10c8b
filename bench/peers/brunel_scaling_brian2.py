#!/usr/bin/env python3
"""Brunel (2000) model A at any size in Brian2 2.5.1 C++ standalone, with OpenMP threads.

The network of data/configs/brunel.json scaled to N neurons (80 % excitatory) at a fixed
in-degree: every neuron receives on average C_E = 1000 excitatory and C_I = 250 inhibitory
synapses (Brian2 connects with p = C_E / N_E and C_I / N_I, whose mean in-degree is the same
as snnft's exact fixed_indegree rule), delay D = 1.5 ms, delta synapses, PoissonInput drive of
C_E trains at eta * nu_thr, dt = 0.1 ms.

The standalone project is compiled first (untimed); then the binary is run and timed:
  sim_s     the simulation loop inside the binary (device._last_run_time)
  setup_s   the rest of the binary's wall time: synapse creation, initialisation, file I/O
Prints one JSON line.
"""
import argparse
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--N", type=int, default=12500, help="neurons (80 %% excitatory)")
    ap.add_argument("--T", type=float, default=1.0, help="simulated seconds")
    ap.add_argument("--threads", type=int, default=1, help="OpenMP threads (1 = one thread, still with OpenMP)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--build-dir", required=True, help="standalone project directory (reused between runs)")
    args = ap.parse_args()

    from brian2 import (NeuronGroup, Synapses, PoissonInput, SpikeMonitor, Network, ms, mV, second, defaultclock,
                        prefs, seed, set_device, device)
    import brian2

    prefs.devices.cpp_standalone.openmp_threads = args.threads
    set_device("cpp_standalone", directory=args.build_dir, build_on_run=False)
    defaultclock.dt = 0.1 * ms
    seed(args.seed)

    N_E = args.N * 4 // 5
    N_I = args.N - N_E
    C_E, C_I = 1000, 250
    tau, theta, V_r, tau_rp = 20 * ms, 20 * mV, 10 * mV, 2 * ms
    J, D, g, eta = 0.1 * mV, 1.5 * ms, 5.0, 2.0
    nu_thr = theta / (J * C_E * tau)
    nu_ext = eta * nu_thr

    neurons = NeuronGroup(N_E + N_I, "dv/dt = -v/tau : volt (unless refractory)", threshold="v > theta",
                          reset="v = V_r", refractory=tau_rp, method="exact")
    exc, inh = neurons[:N_E], neurons[N_E:]
    exc_syn = Synapses(exc, neurons, on_pre="v += J", delay=D)
    exc_syn.connect(p=C_E / N_E)
    inh_syn = Synapses(inh, neurons, on_pre="v += -g*J", delay=D)
    inh_syn.connect(p=C_I / N_I)
    ext = PoissonInput(neurons, "v", N=C_E, rate=nu_ext, weight=J)
    mon = SpikeMonitor(neurons, record=False)  # counts only
    net = Network(neurons, exc_syn, inh_syn, ext, mon)
    net.run(args.T * second)

    t = time.perf_counter()
    device.build(directory=args.build_dir, compile=True, run=False, with_output=False)
    compile_s = time.perf_counter() - t
    t = time.perf_counter()
    device.run(directory=args.build_dir, with_output=False, run_args=[])
    binary_s = time.perf_counter() - t
    sim_s = float(device._last_run_time)
    spikes = int(mon.num_spikes)
    synapses = len(exc_syn) + len(inh_syn)
    print(json.dumps({"simulator": "brian2", "version": brian2.__version__, "N": args.N, "T": args.T,
                      "threads": args.threads, "sim_s": sim_s, "setup_s": max(binary_s - sim_s, 0.0),
                      "binary_s": binary_s, "compile_s": compile_s, "spikes": spikes, "synapses": synapses,
                      "rate_hz": spikes / (args.N * args.T)}))


if __name__ == "__main__":
    sys.exit(main())
