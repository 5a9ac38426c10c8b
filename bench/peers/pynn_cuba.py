# SPDX-License-Identifier: MIT
"""The CUBA network of Brette et al. (2007) benchmark 2 as a plain PyNN script
(pynn_cuba_network.py), run end to end: import, build, run, get the spikes.

Usage: pynn_cuba.py BACKEND [T_MS]    (BACKEND: snnft or brian2)
Prints one JSON line: backend, wall seconds per phase, CPU seconds of the process, mean rate.
"""
import json
import sys
import time

from pynn_cuba_network import build_cuba

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

everyone, _ = build_cuba(sim)
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
