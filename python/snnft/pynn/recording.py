# SPDX-License-Identifier: MIT
"""Recording for the PyNN backend: spikes from the engine's spike recorder, v and the synaptic
variables from its state recorder, sampled every `sampling_interval`.

The engine's first sample is taken at t = sampling_interval (the state at the end of that
step); PyNN's signals start at t = 0, so the initial value is put in front, as pyNN.brian2 does.
"""
import numpy as np
import quantities as pq
from pyNN import recording

from . import simulator

if not hasattr(pq, "uS"):
    pq.uS = pq.UnitQuantity("microsiemens", 1e-6 * pq.S, "uS")
if not hasattr(pq, "nS"):
    pq.nS = pq.UnitQuantity("nanosiemens", 1e-9 * pq.S, "nS")


class Recorder(recording.Recorder):
    _simulator = simulator

    def __init__(self, population=None, file=None):
        recording.Recorder.__init__(self, population, file)
        self._registered = {}   # variable -> neuron indices the engine samples
        self._reset_offsets()

    def _reset_offsets(self):
        # Data before these offsets was cleared (get(clear=True)) and is not returned again.
        self._spike_offset = 0
        self._frame_offset = {}

    @property
    def _net(self):
        return self._simulator.state.network

    def _record(self, variable, new_ids, sampling_interval=None):
        self.sampling_interval = sampling_interval or self._simulator.state.dt

    def _indices(self, variable):
        return np.sort(self.population.id_to_index(np.fromiter(self.recorded[variable], dtype=int)))

    def _finalize(self):
        """Asks the engine to sample what is to be recorded (called before every run)."""
        for variable in self.recorded:
            if variable == "spikes":
                continue
            indices = self._indices(variable)
            engine_variable = self.population.celltype.recorded_variable(variable)
            if variable in self._registered:
                if np.array_equal(indices, self._registered[variable]):
                    continue
                # A new set of neurons replaces the engine's recording, and with it the samples
                # of the current segment: fine at its start (after reset(), as PyNN's scripts
                # do), not in the middle of it.
                times, _, _ = self._net.recorded_state(self.population._engine_name, engine_variable)
                if len(times):
                    raise NotImplementedError(f"{self.population.label}: the neurons recording {variable} can change "
                                              "on snnft only at the start of a segment (after reset())")
            self._net.record_state(self.population._engine_name, engine_variable, neurons=indices,
                                   interval_ms=self.sampling_interval)
            self._registered[variable] = indices

    def _detach_from_engine(self):
        """The engine network is dropped (after reset()): the next one samples afresh."""
        self._registered = {}
        self._reset_offsets()

    def _reset(self):
        pass  # the engine keeps sampling what it was asked to; the neurons' set stays PyNN's

    def _clear_simulator(self):
        if not self._simulator.state.built:
            return
        times, _ = self._net.spikes(self.population._engine_name)
        self._spike_offset = len(times)
        for variable in self._registered:
            engine_variable = self.population.celltype.recorded_variable(variable)
            t, _, _ = self._net.recorded_state(self.population._engine_name, engine_variable)
            self._frame_offset[variable] = len(t)

    def _spikes(self):
        if not self._simulator.state.built:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        times, ids = self._net.spikes(self.population._engine_name)
        return ids[self._spike_offset:].astype(np.int64), times[self._spike_offset:]

    def _get_spiketimes(self, requested_ids, clear=False):
        ids, times = self._spikes()
        id_array = ids + int(self.population.first_id)
        mask = np.isin(id_array, np.asarray(list(requested_ids), dtype=np.int64))
        return id_array[mask], times[mask]

    def _get_all_signals(self, variable, ids, clear=False):
        indices = self.population.id_to_index(np.asarray(list(ids), dtype=int))
        recorded = self._registered.get(variable)
        if recorded is None:
            values = np.zeros((0, len(indices)))
        else:
            engine_variable = self.population.celltype.recorded_variable(variable)
            _, frames, _ = self._net.recorded_state(self.population._engine_name, engine_variable)
            columns = np.searchsorted(recorded, indices)
            values = frames[self._frame_offset.get(variable, 0):, columns].astype(float)
            _, factor = self.population.celltype.state_variable(self.population, variable)
            if factor is not None:
                values = values / factor[indices]
        if self._frame_offset.get(variable, 0) == 0:
            # The values the engine started from (a random initial value is not drawn again).
            initial = self.population._initial.get(variable)
            if initial is None:
                initial = self.population.initial_values[variable].evaluate(simplify=False)
            initial = np.broadcast_to(np.asarray(initial, dtype=float), (self.population.size,))
            values = np.vstack([initial[indices][None, :], values])
        return values, None

    def _local_count(self, variable, filter_ids=None):
        ids, _ = self._spikes()
        counts = np.bincount(ids, minlength=self.population.size)
        return {int(i): int(counts[self.population.id_to_index(i)]) for i in self.filter_recorded(variable, filter_ids)}
