# SPDX-License-Identifier: MIT
"""snnft as a PyNN 0.10 backend: use it as `import snnft.pynn as sim` (or, once installed,
`import pyNN.snnft as sim`) exactly like `import pyNN.nest as sim`. See docs/python.md.

The network is built in the engine at the first run; populations and projections created
after that need a new setup().
"""
import logging

from pyNN import common
from pyNN.common.control import DEFAULT_MAX_DELAY, DEFAULT_MIN_DELAY, DEFAULT_TIMESTEP
from pyNN.connectors import *  # noqa: F401,F403  (every standard connector)
from pyNN.random import NumpyRNG, RandomDistribution  # noqa: F401
from pyNN.recording import get_io
from pyNN.space import Space  # noqa: F401
from pyNN.standardmodels import StandardCellType

from . import simulator
from .populations import Assembly, Population, PopulationView  # noqa: F401
from .electrodes import ACSource, DCSource, NoisyCurrentSource, StepCurrentSource  # noqa: F401
from .native_rng import NativeRNG  # noqa: F401
from .projections import Projection
from .standardmodels import (AdditiveWeightDependence, EIF_cond_alpha_isfa_ista, EIF_cond_exp_isfa_ista,  # noqa: F401
                             IF_cond_alpha, IF_cond_exp, IF_curr_alpha, IF_curr_exp, Izhikevich, MultiplicativeWeightDependence, SpikePairRule, SpikeSourceArray, SpikeSourcePoisson,
                             StaticSynapse, STDPMechanism)

logger = logging.getLogger("PyNN")


def list_standard_models():
    """The StandardCellType classes this backend provides."""
    return [obj.__name__ for obj in globals().values()
            if isinstance(obj, type) and issubclass(obj, StandardCellType) and obj is not StandardCellType]


def setup(timestep=DEFAULT_TIMESTEP, min_delay=DEFAULT_MIN_DELAY, **extra_params):
    """Starts a new network. Extra parameters: `rng_seed` (or `seed`): the engine's seed
    (Poisson sources, noise); `threads`: engine threads (results do not depend on it)."""
    max_delay = extra_params.get("max_delay", DEFAULT_MAX_DELAY)
    common.setup(timestep, min_delay, **extra_params)
    state = simulator.state
    state.clear()
    state.dt = timestep
    state.min_delay = min_delay
    state.max_delay = max_delay
    state.seed = int(extra_params.get("rng_seed", extra_params.get("seed", 1)))
    state.threads = int(extra_params.get("threads", 1))
    return rank()


def end(compatible_output=True):
    """Writes the data asked for with write_data on end, and frees the engine's network."""
    for (population, variables, filename) in simulator.state.write_on_end:
        population.write_data(get_io(filename), variables)
    simulator.state.write_on_end = []


run, run_until = common.build_run(simulator)
run_for = run

reset = common.build_reset(simulator)

initialize = common.initialize

get_current_time, get_time_step, get_min_delay, get_max_delay, num_processes, rank = \
    common.build_state_queries(simulator)

create = common.build_create(Population)

connect = common.build_connect(Projection, FixedProbabilityConnector, StaticSynapse)  # noqa: F405

record = common.build_record(simulator)


def record_v(source, filename):
    return record(["v"], source, filename)


def record_gsyn(source, filename):
    return record(["gsyn_exc", "gsyn_inh"], source, filename)
