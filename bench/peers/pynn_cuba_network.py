# SPDX-License-Identifier: MIT
"""The CUBA network of Brette et al. (2007) benchmark 2 (Vogels & Abbott 2005) in PyNN, for any
backend module `sim`: 4000 IF_curr_exp neurons (3200 E / 800 I), FixedProbabilityConnector
(0.02) from each group to all, dt = 0.1 ms. The weights are those of data/configs/cuba.json
(1.62 mV and -9 mV jumps) in PyNN's nA: w = jump / R with R = tau_m / cm = 20 MΩ. Used by
bench/peers/pynn_cuba.py (end to end) and bench/pynn_connect_build.py (build only).
"""

CELL = dict(tau_m=20.0, cm=1.0, v_rest=-49.0, v_thresh=-50.0, v_reset=-60.0, tau_refrac=5.0,
            tau_syn_E=5.0, tau_syn_I=10.0, i_offset=0.0)


def build_cuba(sim, initialize_v=True):
    """Sets `sim` up and creates the network; with `initialize_v`, v starts uniform in
    [-60, -50] mV (drawn from the connectors' generator first). Returns (all neurons,
    [excitatory projection, inhibitory projection])."""
    sim.setup(timestep=0.1, min_delay=0.1, rng_seed=1)
    rng = sim.NumpyRNG(seed=2)
    exc = sim.Population(3200, sim.IF_curr_exp(**CELL), label="exc")
    inh = sim.Population(800, sim.IF_curr_exp(**CELL), label="inh")
    everyone = exc + inh
    if initialize_v:
        everyone.initialize(v=sim.RandomDistribution("uniform", (-60.0, -50.0), rng=rng))
    connector = sim.FixedProbabilityConnector(0.02, rng=rng)
    e = sim.Projection(exc, everyone, connector, sim.StaticSynapse(weight=1.62 / 20.0, delay=0.1),
                       receptor_type="excitatory")
    i = sim.Projection(inh, everyone, connector, sim.StaticSynapse(weight=-9.0 / 20.0, delay=0.1),
                       receptor_type="inhibitory")
    return everyone, [e, i]
