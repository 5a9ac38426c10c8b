# SPDX-License-Identifier: MIT
"""NativeRNG of the PyNN backend: "the simulator's own generator", as PyNN asks every backend
to provide under that name.

snnft.pynn draws connectivity and random parameters in Python, so its native generator is
numpy's Mersenne Twister (a NumpyRNG), seeded with the seed given or, without one, from the
seed given to setup(), so that a script gives the same network for the same setup seed.
"""
import numpy as np
from pyNN import random

from . import simulator


class NativeRNG(random.NumpyRNG, random.NativeRNG):
    def __init__(self, seed=None, parallel_safe=True):
        if seed is None:
            state = simulator.state
            # Each unseeded generator of a network gets its own stream.
            seed = int(np.random.SeedSequence([state.seed, state.native_rng_count]).generate_state(1)[0])
            state.native_rng_count += 1
        random.NumpyRNG.__init__(self, seed, parallel_safe)


def backend_rng(rng):
    """PyNN's bare NativeRNG (which draws nothing) as this backend's; anything else unchanged."""
    if isinstance(rng, random.NativeRNG) and not isinstance(rng, random.WrappedRNG):
        return NativeRNG(rng.seed)
    return rng
