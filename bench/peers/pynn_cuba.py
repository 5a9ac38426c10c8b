# SPDX-License-Identifier: MIT
"""The CUBA network of Brette et al. (2007) benchmark 2 (Vogels & Abbott 2005) as a plain
PyNN script: 4000 IF_curr_exp neurons (3200 E / 800 I), p = 0.02, dt = 0.1 ms. The weights are
those of data/configs/cuba.json (1.62 mV and -9 mV jumps) in PyNN's nA: w = jump / R with
R = tau_m / cm = 20 MΩ. Run end to end: import, build, run, get the spikes.

Usage: pynn_cuba.py BACKEND [T_MS]    (BACKEND: snnft or brian2)
Prints one JSON line: backend, wall seconds per phase, CPU seconds of the process, mean rate.
"""
import json
import sys
import time

t0 = time.perf_counter()
backend = sys.argv[1]
t_ms = float(sys.argv[2]) if len(sys.argv) > 2 else 10000.0
if backend == "snnft":
    import snnft.pynn as sim
elif backend == "brian2":
    import pyNN.brian2 as sim
else:
    sys.exit(f"error: unknown backend '{backend}' (snnft or brian2)")
t_import = time.perf_counter()

sim.setup(timestep=0.1, min_delay=0.1, rng_seed=1)
rng = sim.NumpyRNG(seed=2)
params = dict(tau_m=20.0, cm=1.0, v_rest=-49.0, v_thresh=-50.0, v_reset=-60.0, tau_refrac=5.0,
              tau_syn_E=5.0, tau_syn_I=10.0, i_offset=0.0)
exc = sim.Population(3200, sim.IF_curr_exp(**params), label="exc")
inh = sim.Population(800, sim.IF_curr_exp(**params), label="inh")
everyone = exc + inh
everyone.initialize(v=sim.RandomDistribution("uniform", (-60.0, -50.0), rng=rng))
connector = sim.FixedProbabilityConnector(0.02, rng=rng)
sim.Projection(exc, everyone, connector, sim.StaticSynapse(weight=1.62 / 20.0, delay=0.1), receptor_type="excitatory")
sim.Projection(inh, everyone, connector, sim.StaticSynapse(weight=-9.0 / 20.0, delay=0.1), receptor_type="inhibitory")
everyone.record("spikes")
t_build = time.perf_counter()

sim.run(t_ms)
t_run = time.perf_counter()

spikes = sum(len(st) for st in everyone.get_data("spikes").segments[0].spiketrains)
sim.end()
t_end = time.perf_counter()
print(json.dumps({"backend": backend, "t_ms": t_ms, "import_s": t_import - t0, "build_s": t_build - t_import,
                  "run_s": t_run - t_build, "get_data_s": t_end - t_run, "script_s": t_end - t0,
                  "cpu_s": time.process_time(),
                  "mean_rate_hz": spikes / 4000 / (t_ms / 1000.0)}))
