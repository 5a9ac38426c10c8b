# SPDX-License-Identifier: MIT
"""Build time of the CUBA network's PyNN projections on snnft.pynn: PyNN's generic connector
loop (_convergent_connect per postsynaptic neuron) against the whole-projection fast paths
(snnft/pynn/fast_connect.py). The network is bench/peers/pynn_cuba_network.py's (4000
IF_curr_exp neurons, FixedProbabilityConnector(0.02), exc -> all and inh -> all), without the
initial v draws. Both builds must give the same synapses.

Usage: PYTHONPATH=build/python python3 bench/pynn_connect_build.py [REPEATS]
Prints one JSON line: best build seconds (populations + projections) per path, the ratio, and
the synapse count.
"""
import json
import sys
import time

import numpy as np

import snnft.pynn as sim
from peers.pynn_cuba_network import build_cuba
from snnft.pynn import projections


def build(fast):
    projections.USE_FAST_CONNECT = fast
    t0 = time.perf_counter()
    _, made = build_cuba(sim, initialize_v=False)
    seconds = time.perf_counter() - t0
    synapses = [(p._pre.copy(), p._post.copy(), p._attrs["weight"].copy()) for p in made]
    sim.end()
    return seconds, synapses


repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
times = {"generic": [], "fast": []}
result = {}
for _ in range(repeats):
    for name, fast in (("generic", False), ("fast", True)):
        seconds, synapses = build(fast)
        times[name].append(seconds)
        result[name] = synapses
for (a, b) in zip(result["generic"], result["fast"]):
    for x, y in zip(a, b):
        if not np.array_equal(x, y):
            sys.exit("error: the fast paths made different synapses from the generic path")
best = {name: min(t) for name, t in times.items()}
print(json.dumps({"neurons": 4000, "synapses": int(sum(len(s[0]) for s in result["fast"])),
                  "generic_build_s": round(best["generic"], 3), "fast_build_s": round(best["fast"], 3),
                  "speedup": round(best["generic"] / best["fast"], 1), "repeats": repeats}))
