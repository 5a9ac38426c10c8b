#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# End-to-end checks of `snnft run|campaign --serve`: the endpoints follow a live run of the
# ladder demo (paced with --trial-rate so there is time to watch), /health goes unhealthy
# (503) on the Emergency rung and healthy again, counters never go down, /events holds the
# same events as the run's HDF5 file, the final /metrics agree with the summary, Ctrl-C ends
# --serve-linger, and bad --serve input is one line and exit code 2.
# usage: serve_cli_test.py SNNFT_BINARY DATA_DIR
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_helpers import Served  # noqa: E402

snnft, data = sys.argv[1], os.path.abspath(sys.argv[2])
work = tempfile.mkdtemp()
failures = []


def check(name, ok, detail=""):
    if not ok:
        failures.append(name)
        print("FAIL:", name, str(detail)[:800])


def expect_error(name, expected_prefix, *args):
    r = subprocess.run([snnft, *args], capture_output=True, text=True)
    lines = r.stderr.strip().splitlines()
    check(name, r.returncode == 2 and len(lines) == 1 and lines[0].startswith(expected_prefix),
          f"exit {r.returncode}, stderr {r.stderr!r}")
    check(name + ": no output file", not os.path.exists(os.path.join(work, "bad.h5")))


demo = os.path.join(data, "configs", "digits_ladder_demo.json")
cuba = os.path.join(data, "configs", "cuba.json")
bad_out = ["--out", os.path.join(work, "bad.h5")]

# ---- bad input ----
expect_error("--serve text", "error: --serve:", "run", cuba, "--serve", "nine", *bad_out)
expect_error("--serve port range", "error: --serve:", "run", cuba, "--serve", "127.0.0.1:70000", *bad_out)
expect_error("--serve-linger alone", "error: --serve-linger: needs --serve", "run", cuba, "--serve-linger", "5", *bad_out)
expect_error("--serve-linger negative", "error: --serve-linger:", "run", cuba, "--serve", "0", "--serve-linger", "-1", *bad_out)
expect_error("--trial-rate zero", "error: --trial-rate:", "run", demo, "--trial-rate", "0", *bad_out)
expect_error("--trial-rate on a network", "error: --trial-rate:", "run", cuba, "--trial-rate", "10", *bad_out)
busy = socket.socket()
busy.bind(("127.0.0.1", 0))
busy.listen()
expect_error("--serve busy port", "error: --serve: cannot listen on 127.0.0.1:" + str(busy.getsockname()[1]),
             "run", cuba, "--serve", str(busy.getsockname()[1]), *bad_out)
busy.close()

# ---- a live columns run: the ladder steps down to Emergency and back ----
h5 = os.path.join(work, "ladder.h5")
run = Served([snnft, "run", demo, "--serve", "127.0.0.1:0", "--serve-linger", "60", "--trial-rate", "150",
              "--json-summary", "--out", h5], os.path.join(work, "out.json"), os.path.join(work, "err.txt"))
statuses, codes, levels, previous, regressions, scrapes = [], {}, set(), {}, [], 0
while True:
    code, health = run.health()
    statuses.append(health["status"])
    codes[health["status"]] = code
    m = run.metrics()
    scrapes += 1
    levels.add(m["snnft_ladder_level"])
    for key, value in m.items():
        if "_total" in key and value < previous.get(key, 0):
            regressions.append((key, previous[key], value))
    previous = m
    if health["phase"] == "finished":
        break
    time.sleep(0.05)

check("scraped during the run", scrapes >= 20, scrapes)
check("healthy, unhealthy and degraded were all seen", {"healthy", "unhealthy", "degraded"} <= set(statuses),
      set(statuses))
check("/health answers 503 when unhealthy, 200 otherwise",
      codes.get("unhealthy") == 503 and all(c == 200 for s, c in codes.items() if s != "unhealthy"), codes)
check("the ladder was seen at Normal and at Emergency", {0.0, 4.0} <= levels, levels)
check("counters never went down", not regressions, regressions)
check("healthy again at the end", statuses[-1] == "healthy", statuses[-5:])

code, text, headers = run.get("/metrics")
promtool = shutil.which("promtool")
if promtool:
    lint = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True)
    check("promtool check metrics", lint.returncode == 0, lint.stdout + lint.stderr)
check("metrics content type", headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), headers)

# The run itself is over; the summary is on stdout (one line) and the HDF5 file is complete.
deadline = time.time() + 10
while not os.path.exists(h5) and time.time() < deadline:
    time.sleep(0.05)
time.sleep(0.2)
summary = json.loads(open(os.path.join(work, "out.json")).read().strip())
m = run.metrics()
for source, n in summary["answer_sources"].items():
    check(f"answers from {source}: /metrics = summary", m[f'snnft_answers_total{{source="{source}"}}'] == n,
          (m.get(f'snnft_answers_total{{source="{source}"}}'), n))
check("trials done = test samples", m['snnft_run_progress_total{unit="trial"}'] == summary["test_samples"])
check("faults injected: /metrics = summary", m['snnft_fault_events_total{to="injected"}'] == summary["faults_injected"])

# /events: the same events as the HDF5 file, in order; offsets page through them.
events = [json.loads(line) for line in run.get("/events")[1].splitlines()]
f = h5py.File(h5, "r")
e = f["events"]
stored = sorted(zip(e["trial"][:].tolist(), e["kind"].asstr()[:], e["source"].asstr()[:], e["from"].asstr()[:],
                    e["to"].asstr()[:]))
served = sorted((x["trial"], x["kind"], x["source"], x["from"], x["to"]) for x in events)
check("/events = the HDF5 /events", served == stored, (len(served), len(stored)))
check("the ladder reached Emergency and came back to Normal",
      any(x["kind"] == "ladder" and x["to"] == "Emergency" for x in events) and
      [x["to"] for x in events if x["kind"] == "ladder"][-1] == "Normal")
code, tail, headers = run.get("/events?offset=5")
check("/events?offset=5", tail.splitlines() == run.get("/events")[1].splitlines()[5:] and
      headers.get("X-Next-Offset") == str(len(events)), headers)

# Ctrl-C ends the linger at once; the run's exit code stands.
t0 = time.time()
run.proc.send_signal(signal.SIGINT)
rc = run.proc.wait(timeout=10)
check("Ctrl-C ends --serve-linger", rc == 0 and time.time() - t0 < 3, (rc, time.time() - t0))

# ---- a network run: steps and spikes ----
net = Served([snnft, "run", cuba, "--duration", "200", "--serve", "0", "--serve-linger", "30", "--json-summary"],
             os.path.join(work, "net.json"), os.path.join(work, "net_err.txt"))
while net.health()[1]["phase"] != "finished":
    time.sleep(0.05)
m = net.metrics()
time.sleep(0.2)
net_summary = json.loads(open(os.path.join(work, "net.json")).read().strip())
check("network: steps", m['snnft_run_progress_total{unit="step"}'] == 2000 == m['snnft_run_planned{unit="step"}'], m)
check("network: spikes = summary", m["snnft_run_spikes_total"] == net_summary["spikes"],
      (m["snnft_run_spikes_total"], net_summary["spikes"]))
check("network: healthy, no protection", net.health() == (200, net.health()[1]) and
      net.health()[1]["status"] == "healthy" and m["snnft_protection_enabled"] == 0)
net.proc.send_signal(signal.SIGINT)
net.proc.wait(timeout=10)

# ---- a campaign: progress over its test phases ----
camp = Served([snnft, "campaign", demo.replace("digits_ladder_demo", "digits_columns"), "--fault-kind", "dead",
               "--fractions", "0.2", "--maps", "1", "--serve", "0", "--serve-linger", "30", "--json-summary"],
              os.path.join(work, "camp.json"), os.path.join(work, "camp_err.txt"))
while camp.health()[1]["phase"] != "finished":
    time.sleep(0.1)
m = camp.metrics()
check("campaign: 4 test phases", m["snnft_campaign_runs_completed_total"] == 4 == m["snnft_campaign_runs_planned"], m)
check("campaign: every trial of every phase", m['snnft_run_progress_total{unit="trial"}'] ==
      m['snnft_run_planned{unit="trial"}'] > 0)
camp.proc.send_signal(signal.SIGINT)
camp.proc.wait(timeout=10)

shutil.rmtree(work)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
