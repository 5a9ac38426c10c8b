# SPDX-License-Identifier: MIT
"""Reading snnft HDF5 files (docs/recording.md) into numpy arrays and dicts.

    import snnft.io
    run = snnft.io.load("run.h5")
    t, ids = run["spikes"]["exc"]["times_ms"], run["spikes"]["exc"]["node_ids"]

load() returns a dict with the sections the file holds: "attributes", "spikes", "reports",
"rates", "weights", "stdp", "health", "events", "campaign". Each reader below also works alone.
"""
import json

import h5py
import numpy as np

__all__ = ["load", "attributes", "spikes", "reports", "rates", "weights", "stdp", "health", "events", "campaign",
           "neo_block"]


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def _attrs(obj):
    return {k: _text(v) for k, v in obj.attrs.items()}


def _time_axis(dataset, count):
    """The times of a [start, stop, step] axis with `count` samples."""
    start, _, step = (float(x) for x in dataset[:])
    return start + step * np.arange(count)


def _open(source):
    return source if isinstance(source, h5py.Group) else h5py.File(source, "r")


def _accepts_path(reader):
    """Lets a reader take a file name as well as an open h5py file."""
    def read(source):
        f = _open(source)
        try:
            return reader(f)
        finally:
            if f is not source:
                f.close()
    read.__name__, read.__doc__ = reader.__name__, reader.__doc__
    return read


@_accepts_path
def attributes(f):
    """Root attributes (version, seed, dt_ms, interrupted, ...); "config" and "summary" parsed from JSON."""
    out = _attrs(f)
    for key in ("config", "summary"):
        if isinstance(out.get(key), str):
            try:
                out[key] = json.loads(out[key])
            except ValueError:
                pass
    return out


@_accepts_path
def spikes(f):
    """{population: {"times_ms", "node_ids", "size", ...attributes}} from /spikes."""
    out = {}
    for name, g in f.get("spikes", {}).items():
        entry = _attrs(g)
        entry["times_ms"] = g["timestamps"][:]
        entry["node_ids"] = g["node_ids"][:].astype(np.int64)
        if "size" not in entry:  # columns runs: the neurons that could spike
            entry["size"] = int(entry["node_ids"].max()) + 1 if len(entry["node_ids"]) else 0
        out[name] = entry
    return out


@_accepts_path
def reports(f):
    """{"<population>.<variable>": {"times_ms", "data" (frames x neurons), "node_ids", "population",
    "variable", "units"}} from /report."""
    out = {}
    for name, g in f.get("report", {}).items():
        data = g["data"][:]
        entry = _attrs(g)
        entry.update(data=data, node_ids=g["mapping/node_ids"][:].astype(np.int64),
                     times_ms=_time_axis(g["mapping/time"], data.shape[0]), units=_text(g["data"].attrs.get("units", "")))
        out[name] = entry
    return out


@_accepts_path
def rates(f):
    """{population: {"times_ms" (bin starts), "rate_hz", "spike_counts", "bin_ms", "size"}} from /rates."""
    out = {}
    for name, g in f.get("rates", {}).items():
        entry = _attrs(g)
        entry["rate_hz"] = g["rate_hz"][:]
        entry["spike_counts"] = g["spike_counts"][:]
        entry["times_ms"] = _time_axis(g["time"], len(entry["rate_hz"]))
        out[name] = entry
    return out


@_accepts_path
def weights(f):
    """{projection: {"times_ms", "data" (snapshots x synapses), "synapse_pre", "synapse_post", ...}} from /weights."""
    out = {}
    for name, g in f.get("weights", {}).items():
        entry = _attrs(g)
        entry["data"] = g["data"][:]
        entry["synapse_pre"] = g["synapse_pre"][:]
        entry["synapse_post"] = g["synapse_post"][:]
        entry["times_ms"] = _time_axis(g["time"], entry["data"].shape[0])
        out[name] = entry
    return out


def _datasets(g):
    out = _attrs(g)
    for key, d in g.items():
        if isinstance(d, h5py.Dataset):
            out[key] = d.asstr()[:] if h5py.check_string_dtype(d.dtype) else d[:]
    return out


@_accepts_path
def stdp(f):
    """{projection: {"weights_final", "weight_histogram", "histogram_times_ms", "histogram_bin_edges",
    "synapse_pre", "synapse_post", rule attributes}} from /stdp."""
    return {name: _datasets(g) for name, g in f.get("stdp", {}).items()}


def _names(g, key):
    return g.attrs[key].split(",") if key in g.attrs else []


@_accepts_path
def health(f):
    """Per-trial protection health of a columns run (/health): arrays by name, plus the names of the
    enumerations ("ladder_levels", "system_states", "column_states", "sources", "signatures") as lists."""
    if "health" not in f:
        return None
    out = _datasets(f["health"])
    for key in ("ladder_levels", "system_states", "column_states", "sources", "signatures"):
        out[key] = _names(f["health"], key)
    return out


@_accepts_path
def events(f):
    """Fault and protection events (/events): arrays of time_ms, trial, kind, source, target/column, detail."""
    return _datasets(f["events"]) if "events" in f else None


@_accepts_path
def campaign(f):
    """A fault campaign's per-run table (/campaign): arrays by column, attributes, "ladder_levels" as a list."""
    if "campaign" not in f:
        return None
    out = _datasets(f["campaign"])
    out["ladder_levels"] = _names(f["campaign"], "ladder_levels")
    return out


def load(source):
    """Everything a snnft HDF5 file holds, as a dict of the sections present."""
    f = _open(source)
    try:
        out = {"attributes": attributes(f)}
        for key, reader in (("spikes", spikes), ("reports", reports), ("rates", rates), ("weights", weights),
                            ("stdp", stdp), ("health", health), ("events", events), ("campaign", campaign)):
            value = reader(f)
            if value:
                out[key] = value
        return out
    finally:
        if f is not source:
            f.close()


def _duration_ms(attrs, spike_sections):
    for value in (attrs.get("duration_ms"), (attrs.get("config") or {}).get("duration_ms")
                  if isinstance(attrs.get("config"), dict) else None):
        if value is not None:
            return float(value)
    last = [float(s["times_ms"].max()) for s in spike_sections.values() if len(s["times_ms"])]
    return max(last, default=0.0) + float(attrs.get("dt_ms", 0.1))


def neo_block(source):
    """The file's spikes and state reports as a neo Block with one Segment, as PyNN's
    get_data() returns: one SpikeTrain per neuron (annotated source_population, source_index,
    source_id) and one AnalogSignal per report (name: the variable; array annotation
    channel_index: the neurons' indices)."""
    import neo
    import quantities as pq

    f = _open(source)
    try:
        attrs = attributes(f)
        spike_sections, report_sections = spikes(f), reports(f)
    finally:
        if f is not source:
            f.close()
    t_stop = _duration_ms(attrs, spike_sections)
    block = neo.Block(name=(attrs.get("summary") or {}).get("name", "snnft") if isinstance(attrs.get("summary"), dict)
                      else "snnft", description="snnft run")
    segment = neo.Segment(name="segment000")
    block.segments.append(segment)
    for population, s in spike_sections.items():
        order = np.argsort(s["node_ids"], kind="stable")
        ids, times = s["node_ids"][order], s["times_ms"][order]
        bounds = np.searchsorted(ids, np.arange(int(s["size"]) + 1))
        for i in range(int(s["size"])):
            segment.spiketrains.append(neo.SpikeTrain(times[bounds[i]:bounds[i + 1]], units="ms", t_start=0.0 * pq.ms,
                                                      t_stop=max(t_stop, float(times.max()) if len(times) else 0.0),
                                                      source_population=population, source_index=i, source_id=i))
    for name, r in report_sections.items():
        try:
            units = pq.Quantity(1.0, r["units"]).units if r["units"] else pq.dimensionless
        except (LookupError, ValueError):
            units = pq.dimensionless
        times = r["times_ms"]
        period = float(times[1] - times[0]) if len(times) > 1 else float(attrs.get("dt_ms", 0.1))
        segment.analogsignals.append(neo.AnalogSignal(
            r["data"], units=units, t_start=float(times[0]) * pq.ms if len(times) else 0.0 * pq.ms,
            sampling_period=period * pq.ms, name=r.get("variable", name), source_population=r.get("population", name),
            array_annotations={"channel_index": np.asarray(r["node_ids"])}))
    return block
