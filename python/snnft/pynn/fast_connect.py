# SPDX-License-Identifier: MIT
"""Whole-projection connection arrays for the common PyNN connectors.

PyNN's connectors hand a backend one postsynaptic neuron at a time (`_convergent_connect`),
evaluating the synapse parameters column by column; for a network of thousands of neurons that
loop is most of the build time. Here AllToAll, OneToOne, FixedProbability, FixedNumberPre,
FixedNumberPost, FromList and Array connectors make all their connections at once with numpy.

The result is the generic path's, synapse for synapse and in the same order: random numbers
are drawn from the same generators in the same order (a column's draws one after the other is
one longer draw of the same stream). PyNN evaluates synapse parameters from a copy of the
synapse type's parameters (random generators included), taken once per projection; so are they
here, at the same point, and parameters sharing a generator take turns column by column as in
PyNN. Where that cannot be guaranteed without PyNN's loop (distance-dependent or clipped
parameters, random ones in a FromListConnector, subclasses), `connect` returns None and the
caller uses the connector's own `connect`.
"""
import copy

import numpy as np
from pyNN import connectors
from pyNN.random import RandomDistribution, WrappedRNG

# Distributions numpy draws one value after another from the stream (no per-call rejection
# batches), so n draws then m draws equal n + m draws.
_STREAMING_DISTRIBUTIONS = {"uniform", "normal", "exponential", "lognormal", "gamma", "uniform_int"}
# Columns of a random connection map drawn per block, to bound memory on large projections.
_BLOCK_ELEMENTS = 1 << 22


class _Generic(Exception):
    """This projection needs the connector's own (column by column) connect."""


def connect(connector, projection):
    """Makes the projection's connections; returns (pre, post, {parameter: values}) arrays in
    the generic path's order, or None where only the connector's own connect is faithful."""
    build = _BUILDERS.get(type(connector))
    if build is None:
        return None
    try:
        return build(connector, projection)
    except _Generic:
        return None


# --- synapse parameters ------------------------------------------------------------------------
def _parameter_plan(projection, names=("weight", "delay")):
    """How each synapse parameter is evaluated: "scalar", "matrix" (a given pre x post array)
    or "random" (a streaming distribution), in PyNN's order. Taking a plan draws nothing (the
    parameters are a copy), so it is also the check made before any connection is drawn."""
    space = projection.synapse_type.native_parameters
    space.shape = (projection.pre.size, projection.post.size)
    plan = {}
    for name, lazy in space.items():
        if lazy.is_homogeneous:
            plan[name] = ("scalar", lazy.evaluate(simplify=True))
            continue
        if name not in names or lazy.operations:
            raise _Generic()
        base = lazy.base_value
        if isinstance(base, np.ndarray) and base.shape == space.shape:
            plan[name] = ("matrix", base)
        elif (isinstance(base, RandomDistribution) and isinstance(base.rng, WrappedRNG)
              and base.name in _STREAMING_DISTRIBUTIONS):
            plan[name] = ("random", base)
        else:
            raise _Generic()   # callables of distance or index, sequences, ...
    return plan


def _evaluate(plan, pre, post):
    """Each parameter's value per connection; `post` ascends, one run of equal values per column."""
    values = {}
    n = len(pre)
    sharing = {}   # generator -> the random parameters drawing from it, in PyNN's order
    for name, (kind, value) in plan.items():
        if kind == "scalar":
            values[name] = value
        elif kind == "matrix":
            values[name] = value[pre, post]
        else:
            sharing.setdefault(id(value.rng), []).append((name, value))
    for group in sharing.values():
        if len(group) == 1 or n == 0:
            for name, distribution in group:
                values[name] = distribution.next(n) if n else np.zeros(0)
            continue
        # PyNN draws each column's parameters in turn: weights, then delays, then the next column.
        for name, _ in group:
            values[name] = np.empty(n)
        bounds = np.concatenate([[0], np.flatnonzero(np.diff(post)) + 1, [n]])
        for left, right in zip(bounds[:-1], bounds[1:]):
            for name, distribution in group:
                values[name][left:right] = distribution.next(right - left)
    return values


def _check(connector, projection, values):
    """The connector's `safe` checks (weight signs), once on every value instead of per column."""
    syn = projection.synapse_type
    if not connector.safe or not hasattr(syn, "parameter_checks"):
        return
    for parameter_name, check in syn.parameter_checks.items():
        native = syn.translations[parameter_name]["translated_name"]
        if native in values:
            check(values[native], projection)


def _finish(connector, projection, plan, pre, post):
    values = _evaluate(plan, pre, post)
    if len(pre):
        _check(connector, projection, values)
    if connector.callback:
        connector.callback(1.0)
    return pre, post, values


# --- connection maps ----------------------------------------------------------------------------
def _by_column(mask):
    """(pre, post) of the true elements of a pre x post mask, column by column, pre ascending."""
    post, pre = np.nonzero(np.asarray(mask, dtype=bool).T)
    return pre.astype(np.int64), post.astype(np.int64)


def _self_mask(connector, projection):
    """The connection map's allow_self_connections part (True where a connection may be made)."""
    pre, post = projection.pre, projection.post
    allow = connector.allow_self_connections
    if allow is True:
        return None
    if allow == "NoMutual":
        if not (isinstance(pre, connectors.Population) and isinstance(post, connectors.Population) and pre == post):
            raise _Generic()   # PyNN raises NotImplementedError there
        return np.arange(pre.size)[:, None] > np.arange(post.size)[None, :]
    if isinstance(pre, connectors.Population) and isinstance(post, connectors.Population) and pre == post:
        return np.arange(pre.size)[:, None] != np.arange(post.size)[None, :]
    return np.asarray(pre.all_cells)[:, None] != np.asarray(post.all_cells)[None, :]


def _all_to_all(connector, projection):
    plan = _parameter_plan(projection)
    mask = _self_mask(connector, projection)
    if mask is None:
        mask = np.ones((projection.pre.size, projection.post.size), dtype=bool)
    return _finish(connector, projection, plan, *_by_column(mask))


def _one_to_one(connector, projection):
    plan = _parameter_plan(projection)
    n = min(projection.pre.size, projection.post.size)
    index = np.arange(n, dtype=np.int64)
    return _finish(connector, projection, plan, index, index.copy())


def _fixed_probability(connector, projection):
    rng = connector.rng
    if not isinstance(rng, WrappedRNG):
        raise _Generic()
    plan = _parameter_plan(projection)
    n_pre, n_post = projection.pre.size, projection.post.size
    allowed = _self_mask(connector, projection)
    # PyNN's connection map (a lazy comparison of uniform draws with p) holds a copy of the
    # generator, so the connector's own is never advanced: each projection made with it draws
    # the same numbers.
    draw = RandomDistribution("uniform", (0, 1), rng=copy.deepcopy(rng))
    columns_per_block = max(1, _BLOCK_ELEMENTS // max(n_pre, 1))
    pres, posts = [], []
    for first in range(0, n_post, columns_per_block):
        last = min(n_post, first + columns_per_block)
        # PyNN draws n_pre uniforms per column, columns in order.
        u = draw.next((last - first) * n_pre).reshape(last - first, n_pre) if n_pre else np.zeros((last - first, 0))
        chosen = u < connector.p_connect   # post x pre: row-major order is PyNN's column order
        if allowed is not None:
            chosen &= allowed[:, first:last].T
        post, pre = np.nonzero(chosen)
        pres.append(pre.astype(np.int64))
        posts.append(post.astype(np.int64) + first)
    pre = np.concatenate(pres) if pres else np.zeros(0, np.int64)
    post = np.concatenate(posts) if posts else np.zeros(0, np.int64)
    return _finish(connector, projection, plan, pre, post)


def _fixed_number_post(connector, projection):
    """The connector's own draws (per presynaptic neuron, in order), grouped by target stably:
    PyNN appends each source to its targets' lists in source order."""
    if not isinstance(connector.rng, WrappedRNG):
        raise _Generic()
    _parameter_plan(projection)   # checked before anything is drawn
    n_post = projection.post.size
    sources, targets = [], []
    for source_index in range(projection.pre.size):
        n = connector._get_num_post()
        if connector.with_replacement:
            if not connector.allow_self_connections and projection.pre == projection.post:
                t = connector._rng_uniform_int_exclude(n, n_post, source_index)
            else:
                t = connector.rng.next(n, "uniform_int", {"low": 0, "high": n_post}, mask=None)
        else:
            all_cells = np.arange(n_post)
            if not connector.allow_self_connections and projection.pre == projection.post:
                all_cells = all_cells[all_cells != source_index]
            full_sets, remainder = n // all_cells.size, n % all_cells.size
            sets = [all_cells] * full_sets
            if remainder > 0:
                sets.append(connector.rng.permutation(all_cells)[:remainder])
            t = np.hstack(sets) if sets else np.zeros(0, np.int64)
        targets.append(np.asarray(t, dtype=np.int64))
        sources.append(np.full(len(t), source_index, dtype=np.int64))
    target = np.concatenate(targets) if targets else np.zeros(0, np.int64)
    source = np.concatenate(sources) if sources else np.zeros(0, np.int64)
    order = np.argsort(target, kind="stable")
    # PyNN copies the synapse parameters after making every connection.
    return _finish(connector, projection, _parameter_plan(projection), source[order], target[order])


def _fixed_number_pre(connector, projection):
    """The connector's own per-column draws, collected instead of connected one by one."""
    if not isinstance(connector.rng, WrappedRNG):
        raise _Generic()
    plan = _parameter_plan(projection)
    n_pre = projection.pre.size
    no_self = not connector.allow_self_connections and projection.pre == projection.post
    counts = connector._get_num_pre(projection.post.size)
    sources = []
    for i, n in enumerate(counts):
        if connector.with_replacement:
            if no_self:
                s = connector._rng_uniform_int_exclude(n, n_pre, i)
            else:
                s = connector.rng.next(n, "uniform_int", {"low": 0, "high": n_pre}, mask=None)
        else:
            cells = np.arange(n_pre)
            if no_self:
                cells = cells[cells != i]
            full_sets, remainder = n // cells.size, n % cells.size
            sets = [cells] * full_sets
            if remainder > 0:
                sets.append(connector.rng.permutation(cells)[:remainder])
            s = np.hstack(sets)
        sources.append(np.asarray(s, dtype=np.int64))
    post = np.concatenate([np.full(len(s), j, dtype=np.int64) for j, s in enumerate(sources)] + [np.zeros(0, np.int64)])
    pre = np.concatenate(sources + [np.zeros(0, np.int64)])
    return _finish(connector, projection, plan, pre, post)


def _array(connector, projection):
    plan = _parameter_plan(projection)
    array = np.asarray(connector.array)
    if array.shape != (projection.pre.size, projection.post.size) or array.dtype != bool:
        raise _Generic()
    return _finish(connector, projection, plan, *_by_column(array))


def _from_list(connector, projection):
    """PyNN sorts the list by target (np.argsort, as here) and keeps its sorted copy; the listed
    columns override the synapse type's parameters, which fill in the rest."""
    syn = projection.synapse_type
    names = syn.get_parameter_names()
    for name in connector.column_names:
        if name not in names:
            raise ValueError("%s is not a valid parameter for %s" % (name, syn.__class__.__name__))
    if connector.conn_list.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), {}
    if any(translation["translated_name"] != name for name, translation in syn.translations.items()):
        raise _Generic()   # our synapse types translate nothing; others go the generic way
    # PyNN evaluates a deep copy of the synapse type's parameters per target, so a random one
    # restarts its generator for every target: only fixed values are taken here.
    plan = {}
    space = syn.native_parameters
    space.shape = (1,)
    for name, lazy in space.items():
        if name in connector.column_names:
            continue
        if not lazy.is_homogeneous:
            raise _Generic()
        plan[name] = ("scalar", lazy.evaluate(simplify=True))
    if np.any(connector.conn_list[:, 0] >= projection.pre.size):
        from pyNN import errors
        raise errors.ConnectionError("source index out of range")
    connector.conn_list = connector.conn_list[np.argsort(connector.conn_list[:, 1])]
    listed = connector.conn_list
    target = listed[:, 1].astype(int)
    keep = (target >= 0) & (target < projection.post.size)   # PyNN connects local targets only
    listed = listed[keep]
    pre, post = listed[:, 0].astype(np.int64), listed[:, 1].astype(np.int64)
    values = _evaluate(plan, pre, post)
    for col, name in enumerate(connector.column_names, 2):
        values[name] = listed[:, col].astype(float)
    return pre, post, values


_BUILDERS = {
    connectors.AllToAllConnector: _all_to_all,
    connectors.OneToOneConnector: _one_to_one,
    connectors.FixedProbabilityConnector: _fixed_probability,
    connectors.FixedNumberPostConnector: _fixed_number_post,
    connectors.FixedNumberPreConnector: _fixed_number_pre,
    connectors.FromListConnector: _from_list,
    connectors.ArrayConnector: _array,
}
