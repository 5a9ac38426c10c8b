# SPDX-License-Identifier: MIT
"""snnft.io reads what the engine wrote; snnft.plot renders every plot from small runs."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import snnft
import snnft.io
import snnft.plot

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

SOURCE = os.environ.get("SNNFT_SOURCE_DIR", os.getcwd())
CONFIGS = os.path.join(SOURCE, "data", "configs")
TMP = tempfile.TemporaryDirectory()


def network_run():
    """CUBA for 200 ms with v, rates and spikes recorded; the config, and the file it wrote."""
    config = snnft.load_config(os.path.join(CONFIGS, "cuba.json"))[0]
    config["duration_ms"] = 200.0
    config["record"] = {"spikes": ["exc", "inh"],
                        "state": [{"population": "exc", "variables": ["v_mv"], "ids": [0, 7, 9], "interval_ms": 0.5}],
                        "rates": {"populations": ["exc", "inh"], "bin_ms": 2}}
    out = os.path.join(TMP.name, "cuba.h5")
    if not os.path.exists(out):
        snnft.run_config(config, out=out)
    return config, out


def small_columns_config():
    """digits_columns made small (three columns of 40 neurons, one epoch) so that tests stay quick."""
    config = snnft.load_config(os.path.join(CONFIGS, "digits_columns.json"))[0]
    config["dataset"]["path"] = os.path.join(SOURCE, "data", "datasets", "digits.csv")
    config.update(epochs=1, columns=[{}, {}, {}])
    config["column"]["neurons"] = 40
    path = os.path.join(TMP.name, "small_columns.json")
    with open(path, "w") as f:
        json.dump(config, f)
    return path


def campaign_run():
    out = os.path.join(TMP.name, "campaign.h5")
    if not os.path.exists(out):
        snnft.run_campaign(small_columns_config(), fault_kind="dead", fractions=[0.0, 0.5],
                           maps=1, out=out)
    return out


def columns_run():
    out = os.path.join(TMP.name, "digits.h5")
    if not os.path.exists(out):
        snnft.run_config(small_columns_config(), out=out,
                         faults=["saturated:fraction=0.5,column=1,at=100"])
    return out


def stdp_run():
    out = os.path.join(TMP.name, "stdp.h5")
    if not os.path.exists(out):
        snnft.run_config(os.path.join(CONFIGS, "stdp_song.json"), out=out, duration_ms=2000.0)
    return out


def assert_non_trivial_png(test, path):
    """A PNG of real size with ink on a good part of it (not a blank or a single line)."""
    test.assertGreater(os.path.getsize(path), 5000)
    image = matplotlib.image.imread(path)[:, :, :3]
    inked = np.mean(np.any(image < 0.9, axis=2))
    test.assertGreater(inked, 0.01)
    test.assertGreater(len(np.unique(image.reshape(-1, 3), axis=0)), 8)  # several colours


class Io(unittest.TestCase):
    def test_spikes_reports_and_rates_agree_with_the_engine(self):
        config, out = network_run()
        run = snnft.io.load(out)
        self.assertEqual(run["attributes"]["seed"], config["seed"])
        self.assertEqual(run["attributes"]["summary"]["name"], "cuba")
        net = snnft.Network.from_config(config)
        net.run()
        for pop, size in (("exc", 3200), ("inh", 800)):
            s = run["spikes"][pop]
            self.assertEqual(s["size"], size)
            t, ids = net.spikes(pop)
            np.testing.assert_array_equal(np.sort(s["times_ms"]), np.sort(t))
            # Rates: the binned counts add up to the spikes, and rate = count / (size * bin).
            r = run["rates"][pop]
            self.assertEqual(int(r["spike_counts"].sum()), len(s["times_ms"]))
            np.testing.assert_allclose(r["rate_hz"], r["spike_counts"] / (size * 2e-3))
            np.testing.assert_allclose(r["times_ms"][:3], [0.0, 2.0, 4.0])
        v = run["reports"]["exc.v_mv"]
        self.assertEqual(v["data"].shape, (400, 3))
        self.assertEqual(list(v["node_ids"]), [0, 7, 9])
        np.testing.assert_allclose(v["times_ms"][:2], [0.5, 1.0])
        self.assertEqual(v["population"], "exc")
        # The module samples as the file's reports do: the same frames at the same times.
        net.reset()
        net.record_state("exc", "v_mv", neurons=[0, 7, 9], interval_ms=0.5)
        net.run()
        t, v_py, _ = net.recorded_state("exc", "v_mv")
        np.testing.assert_allclose(t, v["times_ms"], atol=1e-9)
        np.testing.assert_array_equal(v_py, v["data"])
        self.assertLessEqual(v["data"].max(), -50.0 + 1e-4)

    def test_neo_block_holds_the_same_spikes_and_reports(self):
        config, out = network_run()
        run = snnft.io.load(out)
        block = snnft.io.neo_block(out)
        segment = block.segments[0]
        self.assertEqual(len(segment.spiketrains), 3200 + 800)
        for pop in ("exc", "inh"):
            trains = [st for st in segment.spiketrains if st.annotations["source_population"] == pop]
            self.assertEqual(sum(len(st) for st in trains), len(run["spikes"][pop]["times_ms"]))
            first = run["spikes"][pop]["node_ids"][0]
            self.assertIn(float(run["spikes"][pop]["times_ms"][0]), trains[first].magnitude.tolist())
        self.assertTrue(all(float(st.t_stop) == 200.0 for st in segment.spiketrains))
        (v,) = segment.analogsignals
        self.assertEqual(v.name, "v_mv")
        self.assertEqual(v.shape, (400, 3))
        self.assertEqual(float(v.t_start), 0.5)
        self.assertEqual(float(v.sampling_period), 0.5)
        np.testing.assert_array_equal(v.magnitude, run["reports"]["exc.v_mv"]["data"])
        self.assertEqual(list(v.array_annotations["channel_index"]), [0, 7, 9])

    def test_health_events_and_campaign(self):
        run = snnft.io.load(columns_run())
        h = run["health"]
        self.assertEqual(h["ladder_levels"][0], "Normal")
        self.assertEqual(h["column_state"].shape[1], 3)
        np.testing.assert_allclose(np.mean(h["answer"] == h["label"]), run["attributes"]["summary"]["test_accuracy"])
        self.assertIn("fault", set(run["events"]["kind"]))
        c = snnft.io.campaign(campaign_run())
        self.assertEqual(set(c["fraction"]), {0.0, 0.5})
        self.assertEqual(set(c["protection"]), {0, 1})
        self.assertTrue(np.all((c["test_accuracy"] > 0) & (c["test_accuracy"] <= 1)))


class Plots(unittest.TestCase):
    def render(self, name, draw):
        path = os.path.join(TMP.name, name + ".png")
        fig, ax = plt.subplots(figsize=(6, 4))
        draw(ax)
        fig.savefig(path, dpi=80)
        plt.close(fig)
        assert_non_trivial_png(self, path)

    def test_every_plot(self):
        _, net_file = network_run()
        run = snnft.io.load(net_file)
        self.render("raster", lambda ax: snnft.plot.raster(run, ax))
        self.render("rate", lambda ax: snnft.plot.population_rate(run, ax))
        self.render("traces", lambda ax: snnft.plot.state_traces(run, ax))
        self.render("isi", lambda ax: snnft.plot.isi_histogram(run, ax))
        self.render("cv", lambda ax: snnft.plot.cv_histogram(run, ax))
        self.render("campaign", lambda ax: snnft.plot.campaign_accuracy(campaign_run(), ax))
        self.render("stdp", lambda ax: snnft.plot.weight_histogram(stdp_run(), ax))
        fig, axes = plt.subplots(2, 1)
        snnft.plot.health_timeline(columns_run(), axes)
        path = os.path.join(TMP.name, "health.png")
        fig.savefig(path, dpi=80)
        assert_non_trivial_png(self, path)

    def test_command_line_picks_panels(self):
        for make in (lambda: network_run()[1], columns_run, campaign_run, stdp_run):
            h5 = make()
            png = h5 + ".png"
            if make is stdp_run:  # once through a real `python3 -m snnft.plot`
                done = subprocess.run([sys.executable, "-m", "snnft.plot", h5, "-o", png, "--dpi", "50"],
                                      capture_output=True, text=True)
                self.assertEqual(done.returncode, 0, done.stderr)
            else:
                self.assertEqual(snnft.plot.main([h5, "-o", png, "--dpi", "50"]), 0)
            plt.close("all")
            assert_non_trivial_png(self, png)
        bad = os.path.join(TMP.name, "not_h5.h5")
        with open(bad, "w") as f:
            f.write("text")
        done = subprocess.run([sys.executable, "-m", "snnft.plot", bad, "-o", bad + ".png"], capture_output=True, text=True)
        self.assertEqual(done.returncode, 2)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1)
        self.assertFalse(os.path.exists(bad + ".png"))


if __name__ == "__main__":
    unittest.main()
