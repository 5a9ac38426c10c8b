# SPDX-License-Identifier: MIT
"""Plots of snnft runs (matplotlib). Each function draws into a given Axes (or a new figure)
from what snnft.io.load() returns, and returns the Axes.

    python3 -m snnft.plot run.h5 -o fig.png     # panels chosen from what the file holds
"""
import argparse
import sys

import numpy as np

from . import io

__all__ = ["raster", "population_rate", "state_traces", "isi_histogram", "cv_histogram", "health_timeline",
           "campaign_accuracy", "weight_histogram", "overview", "main"]

COLOURS = ["tab:red", "tab:blue", "tab:green", "tab:orange", "tab:purple", "tab:brown", "tab:pink", "tab:olive"]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots()
    return ax


def _data(run):
    return io.load(run) if not isinstance(run, dict) else run


def raster(run, ax=None, max_spikes=200_000):
    """Spike raster, one colour per population, populations stacked (first at the bottom)."""
    ax, spikes = _axes(ax), _data(run).get("spikes", {})
    offset = 0
    for k, (name, s) in enumerate(spikes.items()):
        t, ids = s["times_ms"], s["node_ids"]
        step = max(1, len(t) // max_spikes)  # thinned evenly when huge, so the figure stays light
        ax.scatter(t[::step], ids[::step] + offset, s=1, marker="|", linewidths=0.5, color=COLOURS[k % len(COLOURS)],
                   label=name)
        offset += int(s["size"])
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron")
    ax.set_ylim(0, max(offset, 1))
    if spikes:
        ax.legend(loc="upper right", markerscale=8, fontsize="small")
    return ax


def population_rate(run, ax=None, bin_ms=5.0):
    """Population rate (Hz per neuron): the file's /rates if recorded, else binned from the spikes."""
    ax, data = _axes(ax), _data(run)
    if "rates" in data:
        for k, (name, r) in enumerate(data["rates"].items()):
            ax.step(r["times_ms"], r["rate_hz"], where="post", color=COLOURS[k % len(COLOURS)], label=name)
    else:
        duration = data["attributes"].get("duration_ms")
        for k, (name, s) in enumerate(data.get("spikes", {}).items()):
            start = float(s.get("test_start_ms", 0.0))  # columns runs keep only the test phase
            end = duration if duration else (s["times_ms"].max() if len(s["times_ms"]) else start + bin_ms)
            edges = np.arange(start, end + bin_ms, bin_ms)
            counts, _ = np.histogram(s["times_ms"], edges)
            ax.step(edges[:-1], counts / (max(int(s["size"]), 1) * bin_ms * 1e-3), where="post",
                    color=COLOURS[k % len(COLOURS)], label=name)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("rate (Hz)")
    ax.legend(loc="upper right", fontsize="small")
    return ax


def state_traces(run, ax=None, report=None, neurons=5):
    """Traces of a recorded state variable (the first report unless named), up to `neurons` neurons."""
    ax, reports = _axes(ax), _data(run).get("reports", {})
    if not reports:
        return ax
    name = report or next(iter(reports))
    r = reports[name]
    for j in range(min(neurons, r["data"].shape[1])):
        ax.plot(r["times_ms"], r["data"][:, j], linewidth=0.8, label=f"{r['node_ids'][j]}")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel(f"{name} ({r['units']})" if r.get("units") else name)
    ax.legend(title="neuron", fontsize="x-small", loc="upper right")
    return ax


def _isis(s):
    """Inter-spike intervals per neuron of one population: a list of arrays."""
    order = np.lexsort((s["times_ms"], s["node_ids"]))
    t, ids = s["times_ms"][order], s["node_ids"][order]
    per_neuron = np.split(t, np.flatnonzero(np.diff(ids)) + 1)
    return [np.diff(g) for g in per_neuron if len(g) > 1]


def isi_histogram(run, ax=None, population=None, bins=50):
    """Histogram of inter-spike intervals (all neurons of a population; the first unless named)."""
    ax, spikes = _axes(ax), _data(run).get("spikes", {})
    for k, (name, s) in enumerate(spikes.items()):
        if population and name != population:
            continue
        per_neuron = _isis(s)
        isi = np.concatenate(per_neuron) if per_neuron else np.array([])
        ax.hist(isi, bins=bins, histtype="step", color=COLOURS[k % len(COLOURS)], label=name)
    ax.set_xlabel("inter-spike interval (ms)")
    ax.set_ylabel("count")
    ax.legend(fontsize="small")
    return ax


def cv_histogram(run, ax=None, bins=30, min_intervals=2):
    """Histogram of the coefficient of variation of each neuron's ISIs (neurons with enough intervals)."""
    ax, spikes = _axes(ax), _data(run).get("spikes", {})
    for k, (name, s) in enumerate(spikes.items()):
        cvs = [i.std() / i.mean() for i in _isis(s) if len(i) >= min_intervals and i.mean() > 0]
        ax.hist(cvs, bins=bins, range=(0, 2), histtype="step", color=COLOURS[k % len(COLOURS)], label=name)
    ax.set_xlabel("CV of ISI")
    ax.set_ylabel("neurons")
    ax.legend(fontsize="small")
    return ax


def health_timeline(run, axes=None):
    """Protection over the test trials of a columns run: ladder rung and system health (top),
    per-column breaker state (bottom), events marked by vertical lines. `axes`: two Axes."""
    data = _data(run)
    h = data.get("health")
    if axes is None:
        import matplotlib.pyplot as plt
        _, axes = plt.subplots(2, 1, sharex=True)
    top, bottom = axes
    if h is None:
        return axes
    trial = np.arange(len(h["trial"]))
    top.step(trial, h["ladder_level"], where="post", color="tab:red", label="ladder rung")
    top.set_yticks(range(len(h["ladder_levels"])), h["ladder_levels"], fontsize="x-small")
    top.set_ylim(-0.5, max(len(h["ladder_levels"]) - 0.5, 0.5))
    top.invert_yaxis()
    health_axis = top.twinx()
    health_axis.plot(trial, h["system_health"], color="tab:blue", linewidth=0.8, label="system health")
    health_axis.set_ylim(0, 1.05)
    health_axis.set_ylabel("system health")
    top.legend(loc="lower left", fontsize="x-small")
    states = h["column_state"].T  # columns x trials
    image = bottom.imshow(states, aspect="auto", interpolation="nearest", cmap="RdYlGn_r",
                          vmin=0, vmax=max(len(h["column_states"]) - 1, 1),
                          extent=(-0.5, len(trial) - 0.5, states.shape[0] - 0.5, -0.5))
    bottom.set_ylabel("column")
    bottom.set_xlabel("test trial")
    colourbar = bottom.figure.colorbar(image, ax=bottom, ticks=range(len(h["column_states"])))
    colourbar.ax.set_yticklabels(h["column_states"], fontsize="x-small")
    ev = data.get("events")
    if ev is not None and len(ev.get("trial", [])):
        first = int(h["trial"][0])
        for t in np.unique(ev["trial"]):
            for ax in (top, bottom):
                ax.axvline(int(t) - first, color="black", linewidth=0.5, alpha=0.4)
    return axes


def campaign_accuracy(run, ax=None):
    """Test accuracy against fault fraction, protected vs unprotected: mean and min..max over fault maps."""
    ax, c = _axes(ax), _data(run).get("campaign")
    if c is None:
        return ax
    for protected, colour, label in ((1, "tab:green", "protected"), (0, "tab:red", "unprotected")):
        rows = c["protection"] == protected
        fractions = np.unique(c["fraction"][rows])
        acc = [c["test_accuracy"][rows & (c["fraction"] == x)] for x in fractions]
        mean = np.array([a.mean() for a in acc])
        ax.fill_between(fractions, [a.min() for a in acc], [a.max() for a in acc], color=colour, alpha=0.2)
        ax.plot(fractions, mean, "o-", color=colour, label=label)
    ax.set_xlabel(f"fault fraction ({c.get('fault_kind', '')})")
    ax.set_ylabel("test accuracy")
    ax.legend(fontsize="small")
    return ax


def weight_histogram(run, ax=None, projection=None):
    """Weight distribution of a plastic projection: the STDP monitor's first and last histograms
    (/stdp), or the first and last weight snapshots (/weights)."""
    ax, data = _axes(ax), _data(run)
    if data.get("stdp"):
        name = projection or next(iter(data["stdp"]))
        s = data["stdp"][name]
        edges, hist, times = s["histogram_bin_edges"], s["weight_histogram"], s["histogram_times_ms"]
        for row, colour in ((0, "tab:grey"), (len(hist) - 1, "tab:blue")):
            ax.stairs(hist[row], edges, color=colour, label=f"{name}, t = {times[row]:g} ms")
    elif data.get("weights"):
        name = projection or next(iter(data["weights"]))
        w = data["weights"][name]
        for row, colour in ((0, "tab:grey"), (len(w["data"]) - 1, "tab:blue")):
            ax.hist(w["data"][row], bins=30, histtype="step", color=colour, label=f"{name}, t = {w['times_ms'][row]:g} ms")
    ax.set_xlabel("weight")
    ax.set_ylabel("synapses")
    ax.legend(fontsize="small")
    return ax


def overview(run):
    """A figure with the panels that fit what the run holds."""
    import matplotlib.pyplot as plt
    data = _data(run)
    panels = []
    if data.get("campaign"):
        panels.append(lambda ax: campaign_accuracy(data, ax))
    if data.get("health"):
        panels.append("health")
    if data.get("spikes"):
        panels += [lambda ax: raster(data, ax), lambda ax: population_rate(data, ax)]
    if data.get("reports"):
        panels.append(lambda ax: state_traces(data, ax))
    if data.get("spikes") and not data.get("health"):
        panels += [lambda ax: isi_histogram(data, ax), lambda ax: cv_histogram(data, ax)]
    if data.get("stdp") or data.get("weights"):
        panels.append(lambda ax: weight_histogram(data, ax))
    if not panels:
        raise ValueError("nothing to plot: the file has no spikes, reports, health, campaign or weights")
    rows = sum(2 if p == "health" else 1 for p in panels)
    fig, axes = plt.subplots(rows, 1, figsize=(9, 2.6 * rows), squeeze=False)
    axes = list(axes[:, 0])
    for p in panels:
        if p == "health":
            health_timeline(data, (axes.pop(0), axes.pop(0)))
        else:
            p(axes.pop(0))
    fig.suptitle(str(data["attributes"].get("summary", {}).get("name", "")) if isinstance(
        data["attributes"].get("summary"), dict) else "")
    fig.tight_layout()
    return fig


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m snnft.plot", description="Plots a snnft HDF5 file.")
    parser.add_argument("file", help="a snnft run, columns or campaign HDF5 file")
    parser.add_argument("-o", "--out", default=None, help="image file to write (default: FILE with .png)")
    parser.add_argument("--dpi", type=int, default=120)
    args = parser.parse_args(argv)
    import matplotlib
    matplotlib.use("Agg")
    out = args.out or (args.file.rsplit(".", 1)[0] + ".png")
    try:
        fig = overview(io.load(args.file))
    except (OSError, ValueError, KeyError) as e:
        print(f"{args.file}: {e}", file=sys.stderr)
        return 2
    fig.savefig(out, dpi=args.dpi)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
