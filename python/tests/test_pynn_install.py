# SPDX-License-Identifier: MIT
"""cmake --install puts pyNN.snnft into PyNN's package folder and it runs a PyNN script.

The install goes to a scratch DESTDIR; the test then imports PyNN with that staged folder
added to its package path, and snnft from the staged prefix.
"""
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = r"""
import sys
import pyNN
pyNN.__path__.append(sys.argv[1])
import pyNN.snnft as sim
import snnft
assert sim.__name__ == "snnft.pynn", sim.__name__
assert snnft.__file__.startswith(sys.argv[2]), snnft.__file__
sim.setup(timestep=0.1)
cells = sim.Population(2, sim.IF_curr_exp(i_offset=[0.0, 1.0], tau_refrac=2.0))
cells.record("spikes")
sim.run(100.0)
print([len(st) for st in cells.get_data().segments[0].spiketrains])
"""


class InstalledBackend(unittest.TestCase):
    def test_pynn_snnft_imports_and_runs_after_cmake_install(self):
        build = os.environ["SNNFT_BUILD_DIR"]
        cmake = os.environ.get("CMAKE_COMMAND", "cmake")
        with tempfile.TemporaryDirectory() as stage:
            prefix = "/opt/snnft-test"
            env = dict(os.environ, DESTDIR=stage)
            subprocess.run([cmake, "--install", build, "--prefix", prefix], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            import pyNN
            pynn_dir = stage + os.path.dirname(pyNN.__file__)
            self.assertTrue(os.path.isfile(os.path.join(pynn_dir, "snnft", "__init__.py")))
            site = [os.path.join(root, "snnft") for root, dirs, _ in os.walk(stage + prefix) if "snnft" in dirs
                    and os.path.isfile(os.path.join(root, "snnft", "pynn", "__init__.py"))]
            self.assertEqual(len(site), 1, site)
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            env["PYTHONPATH"] = os.path.dirname(site[0])
            out = subprocess.run([sys.executable, "-c", SCRIPT, pynn_dir, stage], check=True, env=env,
                                 capture_output=True, text=True).stdout
            self.assertEqual(out.strip().splitlines()[-1], "[0, 3]")   # 1 nA: 3 spikes in 100 ms, as on pyNN.brian2


if __name__ == "__main__":
    unittest.main()
