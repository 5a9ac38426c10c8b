# SPDX-License-Identifier: MIT
"""PyNN standard cell types beyond the LIF ones, on snnft.pynn and on pyNN.brian2: the same
script on both (one Brian2 run per script), spike times compared where the model is
deterministic.
"""
import unittest

import numpy as np

import brian2

brian2.prefs.codegen.target = "numpy"
brian2.BrianLogger.suppress_hierarchy("brian2")

import pyNN.brian2 as brian_sim  # noqa: E402

import snnft.pynn as snnft_sim  # noqa: E402

BACKENDS = {"snnft": snnft_sim, "brian2": brian_sim}


def spike_lists(population):
    return [np.asarray(st.magnitude) for st in population.get_data("spikes").segments[-1].spiketrains]


def signal(population, name):
    return population.get_data(name).segments[-1].filter(name=name)[0]


def izhikevich_script(sim):
    """Regular-spiking Izhikevich cells: two driven by i_offset (nA on a 1 pF cell: 0.01 nA is
    I = 10 mV/ms), one by a DC source, one only by delta synapses (weights in mV, inhibitory ones
    negative); and a fast-spiking population."""
    sim.setup(timestep=0.1)
    rs = sim.Population(4, sim.Izhikevich(a=0.02, b=0.2, c=-65.0, d=8.0, i_offset=[0.010, 0.004, 0.0, 0.0]),
                        label="rs")
    fs = sim.Population(2, sim.Izhikevich(a=0.1, b=0.2, c=-65.0, d=2.0, i_offset=[0.006, 0.012]), label="fs")
    fs.initialize(v=-65.0, u=-13.0)
    sim.DCSource(amplitude=0.007, start=20.0, stop=160.0).inject_into(rs[2:3])
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[30.0 + 3.0 * k for k in range(20)] + [150.0]))
    sim.Projection(source, rs[3:4], sim.AllToAllConnector(), sim.StaticSynapse(weight=16.0, delay=1.0),
                   receptor_type="excitatory")
    inhibitor = sim.Population(1, sim.SpikeSourceArray(spike_times=[45.0, 46.0, 47.0, 120.0]))
    sim.Projection(inhibitor, rs[0:1], sim.AllToAllConnector(), sim.StaticSynapse(weight=-20.0, delay=0.5),
                   receptor_type="inhibitory")
    rs.record(["spikes", "v", "u"])
    fs.record("spikes")
    sim.run(200.0)
    out = {"rs": spike_lists(rs), "fs": spike_lists(fs), "v": signal(rs, "v"), "u": signal(rs, "u")}
    sim.end()
    return out


class IzhikevichAgainstBrian2(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = {name: izhikevich_script(sim) for name, sim in BACKENDS.items()}

    def test_spike_times_are_identical(self):
        for key in ("rs", "fs"):
            mine, theirs = self.out["snnft"][key], self.out["brian2"][key]
            self.assertEqual([len(s) for s in mine], [len(s) for s in theirs], key)
            for a, b in zip(mine, theirs):
                np.testing.assert_allclose(a, b, atol=1e-6)   # identical here; one step would be 0.1
        counts = [len(s) for s in self.out["snnft"]["rs"]]
        self.assertTrue(all(c >= 2 for c in counts), counts)   # every route of input makes spikes

    def test_delta_synapses_jump_v(self):
        # Neuron 3 only gets 16 mV jumps, neuron 0 three -20 mV ones at about 46 ms.
        v = self.out["snnft"]["v"].magnitude
        theirs = self.out["brian2"]["v"].magnitude
        self.assertEqual(v.shape, theirs.shape)
        before, after = v[310, 3], v[312, 3]   # the input spike at 30 ms arrives at 31 ms
        self.assertGreater(after - before, 15.0)
        close = np.abs(v - theirs) < 1e-3
        self.assertGreater(close.mean(), 0.97)   # apart only in the steps around a shifted spike

    def test_units(self):
        self.assertEqual(str(self.out["snnft"]["v"].units), str(self.out["brian2"]["v"].units))
        self.assertEqual(self.out["snnft"]["u"].units, self.out["brian2"]["u"].units)


if __name__ == "__main__":
    unittest.main()
