# SPDX-License-Identifier: MIT
"""The connectors' whole-projection fast paths (snnft.pynn.fast_connect) make exactly the
connections of PyNN's generic column-by-column path: the same synapses in the same order, the
same weights and delays, and the same random generator state afterwards, for the same seeds.
"""
import unittest

import numpy as np

import snnft.pynn as sim
from snnft.pynn import projections


def build(make, fast):
    """Runs make(sim) -> Projection with or without the fast paths; returns its arrays, the
    number of _convergent_connect calls, and the next numbers of the script's generators."""
    projections.USE_FAST_CONNECT = fast
    calls = []
    original = projections.Projection._convergent_connect

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    projections.Projection._convergent_connect = counting
    try:
        sim.setup(timestep=0.1)
        proj, rngs = make()
        out = {"pre": proj._pre, "post": proj._post, "weight": proj._attrs["weight"], "delay": proj._attrs["delay"]}
        after = [rng.next(3) for rng in rngs]
    finally:
        projections.Projection._convergent_connect = original
        projections.USE_FAST_CONNECT = True
        sim.end()
    return out, len(calls), after


def cells(n, label):
    return sim.Population(n, sim.IF_curr_exp(), label=label)


def fixed_probability_self():
    rng, wrng = sim.NumpyRNG(seed=11), sim.NumpyRNG(seed=12)
    pop = cells(60, "a")
    w = sim.RandomDistribution("normal", (0.5, 0.05), rng=wrng)
    d = sim.RandomDistribution("uniform", (0.2, 2.0), rng=wrng)
    return sim.Projection(pop, pop, sim.FixedProbabilityConnector(0.15, allow_self_connections=False, rng=rng),
                          sim.StaticSynapse(weight=w, delay=d)), [rng, wrng]


def fixed_probability_assembly():
    rng = sim.NumpyRNG(seed=3)
    a, b = cells(30, "a"), cells(20, "b")
    return sim.Projection(a[5:25], a + b, sim.FixedProbabilityConnector(0.3, allow_self_connections=False, rng=rng),
                          sim.StaticSynapse(weight=0.2, delay=1.0), receptor_type="excitatory"), [rng]


def fixed_probability_shared_rng():
    # Weights from the connector's own generator: PyNN draws them from a copy taken before
    # the connections are drawn.
    rng = sim.NumpyRNG(seed=5)
    a, b = cells(20, "a"), cells(25, "b")
    return sim.Projection(a, b, sim.FixedProbabilityConnector(0.2, rng=rng),
                          sim.StaticSynapse(weight=sim.RandomDistribution("uniform", (0.1, 0.3), rng=rng))), [rng]


def fixed_probability_clipped():
    # A clipped normal redraws out-of-range values per call: only PyNN's own loop is faithful.
    rng = sim.NumpyRNG(seed=6)
    a, b = cells(20, "a"), cells(25, "b")
    w = sim.RandomDistribution("normal_clipped", mu=0.2, sigma=0.2, low=0.0, high=1.0, rng=rng)
    return sim.Projection(a, b, sim.FixedProbabilityConnector(0.2, rng=rng), sim.StaticSynapse(weight=w)), [rng]


def fixed_probability_reused():
    # One connector for two projections, as in the CUBA benchmark: PyNN's copy of the generator
    # gives the second the same draws as the first.
    rng = sim.NumpyRNG(seed=9)
    a, b = cells(20, "a"), cells(25, "b")
    connector = sim.FixedProbabilityConnector(0.2, rng=rng)
    sim.Projection(a, b, connector, sim.StaticSynapse(weight=0.1))
    return sim.Projection(b, a, connector, sim.StaticSynapse(weight=0.2)), [rng]


def all_to_all_no_self():
    pop = cells(15, "a")
    w = np.arange(225, dtype=float).reshape(15, 15) / 1000.0
    return sim.Projection(pop, pop, sim.AllToAllConnector(allow_self_connections=False),
                          sim.StaticSynapse(weight=w, delay=0.5)), []


def all_to_all_views():
    a = cells(12, "a")
    return sim.Projection(a[[1, 3, 5, 7]], a[2:9], sim.AllToAllConnector(allow_self_connections=False),
                          sim.StaticSynapse(weight=0.1)), []


def one_to_one():
    a, b = cells(10, "a"), cells(10, "b")
    rng = sim.NumpyRNG(seed=8)
    return sim.Projection(a, b, sim.OneToOneConnector(),
                          sim.StaticSynapse(weight=sim.RandomDistribution("exponential", (0.2,), rng=rng))), [rng]


def fixed_number_pre(replace, allow_self, n=None):
    def make():
        rng, nrng = sim.NumpyRNG(seed=21), sim.NumpyRNG(seed=22)
        pop = cells(25, "a")
        count = n if n is not None else sim.RandomDistribution("uniform_int", (1, 8), rng=nrng)
        return sim.Projection(pop, pop, sim.FixedNumberPreConnector(count, allow_self_connections=allow_self,
                                                                     with_replacement=replace, rng=rng),
                              sim.StaticSynapse(weight=0.3, delay=sim.RandomDistribution(
                                  "uniform", (0.1, 3.0), rng=nrng))), [rng, nrng]
    return make


def fixed_number_post(replace, allow_self, n=4):
    def make():
        rng = sim.NumpyRNG(seed=31)
        pop = cells(25, "a")
        # Parameters may share the connector's generator: PyNN draws them after every connection.
        return sim.Projection(pop, pop, sim.FixedNumberPostConnector(n, allow_self_connections=allow_self,
                                                                      with_replacement=replace, rng=rng),
                              sim.StaticSynapse(weight=sim.RandomDistribution("normal", (0.4, 0.02), rng=rng))), [rng]
    return make


def from_list(columns):
    def make():
        a, b = cells(6, "a"), cells(5, "b")
        rows = [(0, 4), (5, 1), (2, 1), (2, 1), (3, 0), (1, 4), (4, 2), (0, 0)]
        if columns == 4:
            listed = [(i, j, 0.1 * (k + 1), 0.5 + k) for k, (i, j) in enumerate(rows)]
            connector = sim.FromListConnector(listed)
        elif columns == 3:
            listed = [(i, j, 0.3 + 0.1 * k) for k, (i, j) in enumerate(rows)]
            connector = sim.FromListConnector(listed, column_names=["weight"])
        else:
            connector = sim.FromListConnector(rows)
        return sim.Projection(a, b, connector, sim.StaticSynapse(weight=0.25, delay=2.0)), []
    return make


def array_connector():
    rng = np.random.RandomState(4)
    mask = rng.rand(9, 7) < 0.4
    a, b = cells(9, "a"), cells(7, "b")
    return sim.Projection(a, b, sim.ArrayConnector(mask), sim.StaticSynapse(weight=0.1, delay=1.5)), []


SCENARIOS = {
    "fixed_probability_self": (fixed_probability_self, True),
    "fixed_probability_assembly": (fixed_probability_assembly, True),
    "fixed_probability_shared_rng": (fixed_probability_shared_rng, True),
    "fixed_probability_clipped": (fixed_probability_clipped, False),
    "fixed_probability_reused": (fixed_probability_reused, True),
    "all_to_all_no_self": (all_to_all_no_self, True),
    "all_to_all_views": (all_to_all_views, True),
    "one_to_one": (one_to_one, True),
    "fixed_number_pre": (fixed_number_pre(False, True, 6), True),
    "fixed_number_pre_no_self": (fixed_number_pre(False, False, 30), True),
    "fixed_number_pre_replace_no_self_random_n": (fixed_number_pre(True, False), True),
    "fixed_number_pre_replace": (fixed_number_pre(True, True, 7), True),
    "fixed_number_post": (fixed_number_post(False, True), True),
    "fixed_number_post_no_self_over_full": (fixed_number_post(False, False, 30), True),
    "fixed_number_post_replace_no_self": (fixed_number_post(True, False), True),
    "from_list_weight_delay": (from_list(4), True),
    "from_list_weight": (from_list(3), True),
    "from_list_indices": (from_list(2), True),
    "array": (array_connector, True),
}


class FastPathsMatchTheGenericPath(unittest.TestCase):
    def test_every_scenario(self):
        for name, (make, expect_fast) in SCENARIOS.items():
            with self.subTest(name):
                generic, generic_calls, generic_after = build(make, fast=False)
                fast, fast_calls, fast_after = build(make, fast=True)
                self.assertGreater(len(generic["pre"]), 0)
                self.assertGreater(generic_calls, 0)
                self.assertEqual(fast_calls == 0, expect_fast, "fast path taken" if expect_fast else "generic taken")
                for key in ("pre", "post", "weight", "delay"):
                    np.testing.assert_array_equal(fast[key], generic[key], err_msg=f"{name}: {key}")
                for a, b in zip(fast_after, generic_after):
                    np.testing.assert_array_equal(a, b, err_msg=f"{name}: generator state afterwards")

    def test_random_weights_differ_between_synapses(self):
        fast, _, _ = build(fixed_probability_self, fast=True)
        self.assertGreater(len(np.unique(fast["weight"])), len(fast["weight"]) // 2)
        self.assertFalse(np.any(fast["pre"] == fast["post"]))   # no self-connections

    def test_weight_signs_are_checked(self):
        sim.setup()
        a, b = cells(3, "a"), cells(3, "b")
        with self.assertRaises(Exception):
            sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1), receptor_type="inhibitory")
        sim.end()


if __name__ == "__main__":
    unittest.main()
