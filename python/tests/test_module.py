# SPDX-License-Identifier: MIT
"""The snnft module: analytic LIF behaviour, config runs, state and weight access, errors."""
import json
import math
import os
import signal
import tempfile
import threading
import time
import unittest

import numpy as np

import snnft

SOURCE = os.environ.get("SNNFT_SOURCE_DIR", os.getcwd())
CONFIGS = os.path.join(SOURCE, "data", "configs")


def constant_drive_network(bias_mv, neurons=4):
    net = snnft.Network(dt_ms=0.1, seed=3)
    net.add_population("lif", neurons, tau_m_ms=10.0, v_rest_mv=-70.0, v_reset_mv=-70.0, v_th_mv=-50.0,
                       t_ref_ms=2.0, bias_mv=bias_mv, initial={"v_mv": -70.0})
    return net


class AnalyticLif(unittest.TestCase):
    def test_isi_matches_closed_form(self):
        # tau_m dv/dt = -(v - v_rest) + bias: ISI = t_ref + tau_m ln(bias / (bias - (v_th - v_reset))).
        net = constant_drive_network(bias_mv=30.0)
        net.run(500.0)
        times, ids = net.spikes("lif")
        self.assertEqual(times.dtype, np.float64)
        isi = np.diff(times[ids == 0])
        expected = 2.0 + 10.0 * math.log(30.0 / 10.0)
        self.assertGreater(len(isi), 10)
        self.assertLess(abs(isi.mean() - expected), 0.1 + 1e-9)

    def test_recorded_membrane_follows_exponential(self):
        net = constant_drive_network(bias_mv=10.0)  # v_inf = v_th: never spikes
        net.record_state("lif", "v_mv", neurons=[2, 0], interval_ms=1.0)
        net.run(50.0)
        t, v, ids = net.recorded_state("lif", "v_mv")
        self.assertEqual(v.shape, (50, 2))
        self.assertEqual(list(ids), [0, 2])
        np.testing.assert_allclose(t, np.arange(1.0, 51.0), atol=1e-9)  # as NEST: first sample at t = interval
        expected = -70.0 + 10.0 * (1.0 - np.exp(-t / 10.0))
        np.testing.assert_allclose(v[:, 0], expected, atol=2e-4)
        self.assertEqual(len(net.spikes("lif")[0]), 0)

    def test_reset_repeats_the_run(self):
        net = snnft.Network.from_config(os.path.join(CONFIGS, "cuba.json"))
        net.run(100.0)
        first = net.spikes("exc")
        self.assertAlmostEqual(net.t_ms, 100.0)
        net.reset()
        self.assertEqual(net.t_ms, 0.0)
        self.assertEqual(len(net.spikes("exc")[0]), 0)
        net.run_until(100.0)
        second = net.spikes("exc")
        np.testing.assert_array_equal(first[0], second[0])
        np.testing.assert_array_equal(first[1], second[1])

    def test_run_in_pieces_equals_one_run(self):
        a = snnft.Network.from_config(os.path.join(CONFIGS, "cuba.json"))
        a.run(60.0)
        b = snnft.Network.from_config(os.path.join(CONFIGS, "cuba.json"))
        b.run(13.0)
        b.run_until(41.0)
        b.run(19.0)
        np.testing.assert_array_equal(a.spikes("inh")[1], b.spikes("inh")[1])


class Connectivity(unittest.TestCase):
    def test_explicit_arrays_and_weights(self):
        net = snnft.Network(dt_ms=0.1, seed=1)
        net.add_population("src", 3, model="spike_source")
        net.add_population("dst", 2, tau_m_ms=10.0, v_rest_mv=-70.0, v_reset_mv=-70.0, v_th_mv=-50.0,
                           initial={"v_mv": -70.0})
        net.connect_arrays("src", "dst", [0, 1, 2], [1, 0, 1], [5.0, 6.0, 7.0], delays_ms=[0.0, 1.0, 2.0], name="p")
        pre, post = net.connections("p")
        self.assertEqual(sorted(zip(pre.tolist(), post.tolist())), [(0, 1), (1, 0), (2, 1)])
        w = net.weights("p")
        self.assertEqual(sorted(w.tolist()), [5.0, 6.0, 7.0])
        np.testing.assert_allclose(sorted(net.delays_ms("p")), [0.0, 1.0, 2.0])
        net.set_weights("p", w * 2)
        np.testing.assert_allclose(net.weights("p"), w * 2)

    def test_spike_source_drives_a_jump(self):
        # One input spike at 5 ms raises v by the weight (current-based, tau_e decay): the
        # recorded v peaks and then decays back; no spikes.
        net = snnft.Network(dt_ms=0.1, seed=1)
        net.add_population("src", 1, model="spike_source")
        net.add_population("dst", 1, tau_m_ms=10.0, tau_e_ms=5.0, v_rest_mv=-70.0, v_reset_mv=-70.0,
                           v_th_mv=-50.0, initial={"v_mv": -70.0})
        net.connect("src", "dst", weight=3.0)
        net.set_spike_times("src", [0], [5.0])
        net.record_state("dst", "ge", interval_ms=0.1)
        net.run(20.0)
        t, ge, _ = net.recorded_state("dst", "ge")
        self.assertEqual(list(net.spikes("src")[0]), [5.0])
        first = np.argmax(ge[:, 0] > 0)
        self.assertAlmostEqual(t[first], 5.1, places=6)
        self.assertAlmostEqual(float(ge[first, 0]), 3.0, places=5)
        later = first + 50  # 5 ms = tau_e later
        self.assertAlmostEqual(float(ge[later, 0]), 3.0 * math.exp(-1.0), places=4)


class Inputs(unittest.TestCase):
    def test_dc_current_source_gives_the_analytic_rate(self):
        # DC amplitude I (R·I in mV) from 100 ms: v_inf = v_rest + I, so the rate is
        # 1 / (t_ref + tau_m ln(I / (I - (v_th - v_reset)))) and zero before the onset.
        config = {"kind": "network", "dt_ms": 0.1, "seed": 1, "duration_ms": 1100.0,
                  "populations": [{"name": "lif", "size": 3, "tau_m_ms": 20.0, "v_rest_mv": -65.0,
                                   "v_reset_mv": -65.0, "v_th_mv": -50.0, "t_ref_ms": 2.0,
                                   "initial": {"v_mv": -65.0}}],
                  "current_sources": [{"population": "lif", "type": "dc", "amplitude_mv": 25.0,
                                       "start_ms": 100.0}]}
        net = snnft.Network.from_config(config)
        net.run()
        times, ids = net.spikes("lif")
        self.assertEqual(np.sum(times < 100.0), 0)
        rate = np.sum(times >= 100.0) / 3 / 1.0
        expected = 1000.0 / (2.0 + 20.0 * math.log(25.0 / 10.0))
        self.assertLess(abs(rate - expected), 1.5)  # whole ISIs in one second: within one spike
        net.reset()
        net.run()
        np.testing.assert_array_equal(net.spikes("lif")[0], times)

    def test_config_spike_times_replay_after_reset(self):
        config = {"kind": "network", "dt_ms": 0.1, "seed": 1, "duration_ms": 30.0,
                  "populations": [{"name": "src", "size": 2, "model": "spike_source",
                                   "spike_times_ms": [[1.0, 12.5], [20.0]]}]}
        net = snnft.Network.from_config(config)
        net.run()
        first = net.spikes("src")
        np.testing.assert_allclose(np.sort(first[0]), [1.0, 12.5, 20.0])
        net.reset()
        net.run()
        np.testing.assert_array_equal(net.spikes("src")[0], first[0])


class Errors(unittest.TestCase):
    def test_config_errors_carry_the_cli_message(self):
        net = snnft.Network()
        net.add_population("a", 10, v_reset_mv=-40.0, v_th_mv=-50.0)
        with self.assertRaises(snnft.ConfigError) as e:
            net.build()
        self.assertEqual(str(e.exception), "/populations/0/v_reset_mv: must be below v_th_mv")
        self.assertIsInstance(e.exception, ValueError)

    def test_unknown_names_and_bad_values(self):
        net = constant_drive_network(1.0)
        with self.assertRaises(KeyError):
            net.spikes("nope")
        with self.assertRaises(KeyError):
            net.get_state("lif", "nope")
        with self.assertRaises(ValueError):
            net.run(-1.0)
        with self.assertRaises(snnft.ConfigError):
            snnft.validate({"kind": "network", "populations": []})

    def test_bad_fault_spec(self):
        net = constant_drive_network(1.0)
        net.add_fault("dead:fraction=2")
        with self.assertRaises(snnft.ConfigError) as e:
            net.build()
        self.assertIn("--fault dead:fraction=2", str(e.exception))


class State(unittest.TestCase):
    def test_set_state_and_parameters(self):
        net = constant_drive_network(30.0, neurons=2)
        net.set_state("lif", "v_th", np.array([-50.0, 100.0]))  # neuron 1 can no longer fire
        net.run(100.0)
        _, ids = net.spikes("lif")
        self.assertGreater(np.sum(ids == 0), 5)
        self.assertEqual(np.sum(ids == 1), 0)
        self.assertIn("v", net.variable_names("lif"))

    def test_faults_from_python(self):
        net = snnft.Network.from_config(os.path.join(CONFIGS, "cuba.json"), faults=["dead:fraction=1,at=50ms"])
        net.run(100.0)
        times, _ = net.spikes("exc")
        self.assertGreater(np.sum(times < 50.0), 0)
        self.assertEqual(np.sum(times > 51.0), 0)
        self.assertGreater(net.faults_injected(), 0)
        self.assertEqual(net.events()[0]["kind"], "fault_injected")


class Interrupts(unittest.TestCase):
    def test_gil_released_and_ctrl_c(self):
        net = snnft.Network.from_config(os.path.join(CONFIGS, "cuba.json"))
        ticks = []
        stop = threading.Event()

        def tick():
            while not stop.is_set():
                ticks.append(time.monotonic())
                time.sleep(0.005)

        ticker = threading.Thread(target=tick)
        ticker.start()
        timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
        timer.start()
        t0 = time.monotonic()
        with self.assertRaises(KeyboardInterrupt):
            net.run(1e7)
        stop.set()
        ticker.join()
        # Stopped soon after the signal, and another Python thread ran meanwhile.
        self.assertLess(time.monotonic() - t0, 10.0)
        self.assertGreater(net.t_ms, 0.0)
        self.assertGreater(len(ticks), 10)


class Applications(unittest.TestCase):
    def test_same_spikes_as_the_cli(self):
        # snnft.run_config is `snnft run`; a Network built from the same config and seed and run
        # step by step from Python must spike identically, neuron by neuron, step by step.
        import h5py
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "cuba.h5")
            summary = snnft.run_config(os.path.join(CONFIGS, "cuba.json"), out=out, duration_ms=200.0, seed=7)
            self.assertEqual(summary["neurons"], 4000)
            self.assertEqual(summary["output"], out)
            self.assertAlmostEqual(summary["duration_ms"], 200.0)
            with h5py.File(out, "r") as f:
                cli = {p: (f[f"spikes/{p}/timestamps"][:], f[f"spikes/{p}/node_ids"][:]) for p in ("exc", "inh")}
        config = snnft.load_config(os.path.join(CONFIGS, "cuba.json"))[0]
        config["seed"] = 7
        net = snnft.Network.from_config(config)
        net.run(120.0)
        net.run_until(200.0)
        total = 0
        for p, (t_cli, id_cli) in cli.items():
            t, ids = net.spikes(p)
            total += len(t)
            order_cli = np.lexsort((id_cli, t_cli))
            order = np.lexsort((ids, t))
            np.testing.assert_allclose(t[order], t_cli[order_cli], atol=1e-9)
            np.testing.assert_array_equal(ids[order], id_cli[order_cli].astype(np.int64))
        self.assertEqual(total, summary["spikes"])
        self.assertGreater(total, 1000)

    def test_kinds(self):
        kinds = snnft.app_kinds()
        self.assertIn("network", kinds)
        self.assertIn("columns", kinds)
        self.assertEqual(snnft.validate(os.path.join(CONFIGS, "digits_columns.json")), "columns")


class Breaker(unittest.TestCase):
    def test_trips_and_rejects(self):
        b = snnft.CircuitBreaker("db", {"window_kind": "count", "window_size": 4, "minimum_calls": 4,
                                        "failure_rate_threshold": 0.5, "break_duration_ms": 60000})
        self.assertEqual(b.state, "closed")

        def fail():
            raise IOError("down")

        for _ in range(4):
            with self.assertRaises(IOError):
                b.call(fail)
        self.assertEqual(b.state, "open")
        with self.assertRaises(snnft.BreakerOpenError):
            b.call(lambda: 1)
        self.assertEqual(b.call(lambda: 1, fallback=lambda: "cached"), "cached")
        m = b.metrics()
        self.assertEqual((m["failed"], m["rejected"], m["fallbacks"]), (4, 2, 1))
        self.assertIn('snnft_breaker_state{name="db"} 1', b.prometheus_text())

    def test_bad_config_names_the_key(self):
        with self.assertRaises(snnft.ConfigError) as e:
            snnft.CircuitBreaker("x", {"break_duration_ms": -5})
        self.assertIn("/break_duration_ms", str(e.exception))


if __name__ == "__main__":
    unittest.main()
