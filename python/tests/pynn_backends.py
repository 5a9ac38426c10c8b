# SPDX-License-Identifier: MIT
"""The two PyNN backends the comparison tests run the same scripts on (snnft.pynn and
pyNN.brian2 with its numpy code generator, which needs no compiler and starts fastest), what
the scripts read back from a population, and the check that both gave the same spikes.
"""
import numpy as np

import brian2

brian2.prefs.codegen.target = "numpy"
brian2.BrianLogger.suppress_hierarchy("brian2")

import pyNN.brian2 as brian_sim  # noqa: E402

import snnft.pynn as snnft_sim  # noqa: E402

BACKENDS = {"snnft": snnft_sim, "brian2": brian_sim}


def spike_lists(population):
    return [np.asarray(st.magnitude) for st in population.get_data("spikes").segments[-1].spiketrains]


def signal(population, name, segment=-1):
    return population.get_data(name).segments[segment].filter(name=name)[0]


def assert_same_spikes(test, mine, theirs, atol, msg=None):
    """Every neuron fired as often on both backends, each spike within `atol` ms."""
    test.assertEqual([len(s) for s in mine], [len(s) for s in theirs], msg)
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(a, b, atol=atol)
