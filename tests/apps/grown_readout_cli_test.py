#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# End-to-end checks of grown column readouts as a user runs them, on the small wine config:
# the summary's `readout` and `hidden_units` (one per column, zeros for the label readout), each
# grown network under /columns/column<k>/cascor/ with as many hidden units as the summary says,
# save_columns / load_columns answering identically, online growth from test labels staying
# within its unit budget, a grown-readout config refusing saved columns without readouts, the
# label weight (calibrated or fixed, and its keys checked), and a campaign on grown readouts (a
# cascor_nan cell among its faults) leaving no temporary file.
# usage: grown_readout_cli_test.py SNNFT_BINARY DATA_DIR
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

import h5py

snnft, data = sys.argv[1], os.path.abspath(sys.argv[2])
work = tempfile.mkdtemp()
failures = []


def check(name, ok, detail=""):
    if not ok:
        failures.append(f"{name}: {detail}")


def config(name, **changes):
    c = json.load(open(os.path.join(data, "configs", "wine_columns.json")))
    c["dataset"]["csv"] = os.path.join(data, "datasets", "wine.csv")
    c["epochs"] = 2
    # 10 neurons a column: a code the outputs alone cannot fit, so units are recruited.
    c["column"]["neurons"] = 10
    c.update(changes)
    path = os.path.join(work, name + ".json")
    json.dump(c, open(path, "w"))
    return path


def run(path, *flags):
    p = subprocess.run([snnft, "run", path, "--seed", "3", "--json-summary", *flags],
                       capture_output=True, text=True)
    if p.returncode != 0:
        failures.append(f"{os.path.basename(path)}: exit {p.returncode}: {p.stderr.strip()}")
        return None
    summary = json.loads(p.stdout.strip().splitlines()[-1])
    if os.environ.get("VERBOSE"): print(os.path.basename(path), summary["test_accuracy"], summary["hidden_units"])
    return summary


try:
    labels = run(config("labels"))
    if labels:
        check("label readout", labels["readout"] == "labels", labels["readout"])
        check("label hidden_units", labels["hidden_units"] == [0] * 5, labels["hidden_units"])

    saved = os.path.join(work, "saved.h5")
    grown_out = os.path.join(work, "grown.h5")
    grown = run(config("grown", readout={"kind": "cascor", "max_hidden_units": 2}, save_columns=saved),
                "--out", grown_out)
    if grown:
        check("grown readout", grown["readout"] == "cascor", grown["readout"])
        units = grown["hidden_units"]
        check("hidden_units per column", len(units) == 5 and all(0 <= u <= 2 for u in units), units)
        with h5py.File(grown_out, "r") as f:
            for k, u in enumerate(units):
                g = f[f"/columns/column{k}/cascor"]
                # One output per class, fed by the bias, three inputs per neuron (absolute and
                # relative first-spike times, closest approach to threshold) and every hidden unit.
                check(f"column{k} output_weights", g["output_weights"].shape == (3, 31 + u), g["output_weights"].shape)
                check(f"column{k} hidden units", len(g["hidden_fan_in"]) == u, (len(g["hidden_fan_in"]), u))
                check(f"column{k} learning curve", len(g["learning_curve/epoch"]) > 0)

        reloaded = run(config("reloaded", readout={"kind": "cascor", "max_hidden_units": 2}, load_columns=saved))
        if reloaded:
            for key in ("test_accuracy", "column_accuracies", "hidden_units", "confusion"):
                check(f"reloaded {key}", reloaded[key] == grown[key], (reloaded[key], grown[key]))

        # Saved columns without readouts cannot serve a grown-readout config.
        plain = os.path.join(work, "plain.h5")
        run(config("plain", save_columns=plain))
        p = subprocess.run([snnft, "run", config("needs_readouts", readout={"kind": "cascor"}, load_columns=plain)],
                           capture_output=True, text=True)
        check("missing readouts refused", p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1
              and p.stderr.startswith("error: "), (p.returncode, p.stderr))

        # The label readout's weight in the answer: calibrated by default (one per column, with
        # each candidate's held-out vote accuracy), or as given.
        weights = grown["label_weights"]
        check("label_weights per column", len(weights) == 5 and all(w >= 0 for w in weights), weights)
        table = grown.get("label_weight_calibration_accuracy", {})
        check("calibration table", sorted(map(float, table)) == [0, 0.125, 0.25, 0.5, 1, 2, 4]
              and all(0 <= a <= 1 for a in table.values()), table)
        check("one calibrated weight for all columns", all(w == weights[0] for w in weights)
              and weights[0] in (0, 0.125, 0.25, 0.5, 1, 2, 4), weights)
        fixed_saved = os.path.join(work, "fixed.h5")
        fixed = run(config("fixed", readout={"kind": "cascor", "max_hidden_units": 2, "label_weight": 1.5},
                           save_columns=fixed_saved))
        if fixed:
            check("fixed label weight", fixed["label_weights"] == [1.5] * 5, fixed["label_weights"])
            check("no calibration for a fixed weight", "label_weight_calibration_accuracy" not in fixed, fixed.keys())
            # The weight is saved with the readout and answers as it did.
            again = run(config("fixed_reloaded", readout={"kind": "cascor", "max_hidden_units": 2}, load_columns=fixed_saved))
            if again:
                check("reloaded label weight", again["label_weights"] == [1.5] * 5, again["label_weights"])
                check("reloaded fixed answers", again["confusion"] == fixed["confusion"], (again["confusion"], fixed["confusion"]))
        for key, value in (("label_weight", -1), ("label_weight", "labels"), ("calibration_fraction", 0.9),
                           ("label_inputs", "yes")):
            p = subprocess.run([snnft, "run", config("bad_" + key, readout={"kind": "cascor", key: value})],
                               capture_output=True, text=True)
            check(f"bad {key} {value!r} refused", p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1
                  and f"/readout/{key}" in p.stderr, (p.returncode, p.stderr))

        # Labelled test trials keep the readouts growing, one unit at most per batch of 10 and
        # 2 in all; the trained units stay.
        online = run(config("online", test_learning_rate=0.01,
                            readout={"kind": "cascor", "max_hidden_units": 2, "online_units": 2, "online_batch": 10}))
        if online:
            more = [o - u for o, u in zip(online["hidden_units"], units)]
            check("online growth within its budget", all(0 <= m <= 2 for m in more), (online["hidden_units"], units))

        # A campaign trains the grown readouts as `snnft run` does, so cascor_nan can be a cell.
        # Its trained columns live in a temporary file that must be gone after it, on success or error.
        tmp = os.path.join(work, "tmp")
        os.mkdir(tmp)
        cells = os.path.join(work, "cells.txt")
        open(cells, "w").write("cascor_nan:column=1,at=5\ndead:fraction=0.3,column=2\n")
        campaign_csv = os.path.join(work, "campaign.csv")
        grown_cfg = config("campaign", readout={"kind": "cascor", "max_hidden_units": 2})
        p = subprocess.run([snnft, "campaign", grown_cfg, "--seed", "3", "--cells", cells, "--csv", campaign_csv],
                           capture_output=True, text=True, env={**os.environ, "TMPDIR": tmp})
        check("grown campaign runs", p.returncode == 0, (p.returncode, p.stderr))
        if p.returncode == 0:
            rows = list(csv.reader(open(campaign_csv)))
            fault = rows[0].index("fault")
            faults = sorted({r[fault] for r in rows[1:]})
            # Two baselines (no fault) and each cell, every one with protection and without.
            check("grown campaign rows", len(rows) == 1 + 2 * 3, len(rows))
            check("grown campaign cells", "cascor_nan:column=1,at=5" in faults, faults)
            # The NaN bias reaches the grown readout in both runs; the protected one detects it.
            col = {name: i for i, name in enumerate(rows[0])}
            nan_rows = {r[col["protection"]]: r for r in rows[1:] if r[fault].startswith("cascor_nan")}
            check("cascor_nan rows", sorted(nan_rows) == ["off", "on"], nan_rows)
            check("cascor_nan injected", all(r[col["faults_injected"]] == "1" for r in nan_rows.values()), nan_rows)
            check("cascor_nan detected", "on" in nan_rows and int(nan_rows["on"][col["detections"]]) >= 1, nan_rows)
        check("no temporary file after a campaign", os.listdir(tmp) == [], os.listdir(tmp))
        p = subprocess.run([snnft, "campaign", config("campaign_plain", readout={"kind": "cascor"}, load_columns=plain),
                            "--seed", "3", "--cells", cells, "--csv", campaign_csv],
                           capture_output=True, text=True, env={**os.environ, "TMPDIR": tmp})
        check("campaign refuses saved columns without readouts", p.returncode == 2, (p.returncode, p.stderr))
        check("no temporary file after a failed campaign", os.listdir(tmp) == [], os.listdir(tmp))
finally:
    shutil.rmtree(work, ignore_errors=True)

for f in failures:
    print("FAIL:", f)
print(f"{'FAILED' if failures else 'passed'}: grown readout end to end ({len(failures)} failures)")
sys.exit(1 if failures else 0)
