#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Draws docs/img/ladder_demo.png from the HDF5 output of
#   snnft run data/configs/digits_ladder_demo.json --out ladder.h5
# usage: /usr/bin/python3 docs/img/ladder_demo.py ladder.h5 docs/img/ladder_demo.png
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

f = h5py.File(sys.argv[1])
h = f["health"]
trial = h["trial"][:]
levels = h.attrs["ladder_levels"]
levels = (levels.decode() if isinstance(levels, bytes) else levels).split(",")
fig, (a, b) = plt.subplots(2, 1, sharex=True, figsize=(8, 4.2), height_ratios=[1, 1.2])
a.plot(trial, h["system_health"][:], lw=1, color="tab:blue")
a.axhline(0.7, ls="--", lw=0.8, color="gray")
a.axhline(0.9, ls=":", lw=0.8, color="gray")
a.set_ylabel("system health")  # no reading (a gap) while every column is isolated
a.set_ylim(-0.05, 1.05)
b.step(trial, h["ladder_level"][:], where="post", color="tab:red")
b.set_yticks(range(len(levels)), levels)
b.invert_yaxis()
b.set_xlabel("test trial")
e = f["events"]
for t, k, to in zip(e["trial"][:], e["kind"].asstr()[:], e["to"].asstr()[:]):
    if k == "fault":
        for ax in (a, b):
            ax.axvline(t, lw=0.8, color="black" if to == "injected" else "tab:green", alpha=0.6)
a.set_title("digits_ladder_demo.json: faults injected (black), cleared (green)", fontsize=10)
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=90)
