#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A real Prometheus scrapes a live `snnft run ... --serve` of the ladder demo (faults worsen,
# then clear) and its query API must show what happened: the ladder stepping down to the
# Emergency rung and back up to Normal, the alert rules of deploy/prometheus/alerts.yml loaded
# and SnnftEmergency firing on the way.
# usage: prometheus_scrape_test.py SNNFT_BINARY SOURCE_DIR
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

snnft, root = sys.argv[1], os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.join(root, "tests", "apps"))
from serve_helpers import Served  # noqa: E402

prometheus = shutil.which("prometheus")
if prometheus is None:
    sys.exit("FAIL: prometheus is not installed (scripts/setup.sh installs Debian's package)")
work = tempfile.mkdtemp()
failures = []


def check(name, ok, detail=""):
    if not ok:
        failures.append(name)
        print("FAIL:", name, str(detail)[:1000])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Prometheus first, scraping a port the run will take: it is ready before the run starts, so
# it sees the whole run (training takes a couple of seconds, and at 40 trials/s the faults
# begin 1.5 s into the test phase, the Emergency rung after 5 s).
target = f"127.0.0.1:{free_port()}"
prom_port = free_port()
shutil.copy(os.path.join(root, "deploy", "prometheus", "alerts.yml"), work)
with open(os.path.join(work, "prometheus.yml"), "w") as f:
    f.write(f"""global:
  scrape_interval: 100ms
  scrape_timeout: 100ms
  evaluation_interval: 100ms
rule_files: [alerts.yml]
scrape_configs:
  - job_name: snnft
    static_configs:
      - targets: ["{target}"]
""")
prom = subprocess.Popen([prometheus, "--config.file", os.path.join(work, "prometheus.yml"),
                         "--storage.tsdb.path", os.path.join(work, "tsdb"),
                         "--web.listen-address", f"127.0.0.1:{prom_port}"],
                        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "prometheus.log"), "w"))
api = f"http://127.0.0.1:{prom_port}/api/v1/"
run = None


def query(expr, at=None):
    params = {"query": expr}
    if at is not None:
        params["time"] = at
    with urllib.request.urlopen(api + "query?" + urllib.parse.urlencode(params), timeout=5) as r:
        return json.load(r)["data"]["result"]


def scalar(expr):
    result = query(expr)
    return float(result[0]["value"][1]) if result else None


try:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{prom_port}/-/ready", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    # Prometheus applies discovered targets in batches (every few seconds), so /-/ready comes
    # before the first scrape. Wait until it has tried the (not yet listening) target once:
    # from then on it scrapes every 100 ms and sees the run from its first trial.
    deadline = time.time() + 30
    while time.time() < deadline:
        with urllib.request.urlopen(api + "targets?state=active", timeout=5) as r:
            active = json.load(r)["data"]["activeTargets"]
        if any(t["health"] != "unknown" for t in active):
            break
        time.sleep(0.1)
    start = time.time()
    run = Served([snnft, "run", os.path.join(root, "data", "configs", "digits_ladder_demo.json"),
                  "--serve", target, "--trial-rate", "40", "--serve-linger", "60", "--json-summary"],
                 os.path.join(work, "summary.json"), os.path.join(work, "snnft.err"))
    # Until the run is over and Prometheus has scraped its final state.
    deadline = time.time() + 60
    while time.time() < deadline and scalar('snnft_run_phase{phase="finished"}') != 1:
        time.sleep(0.2)
    end = time.time()
    check("Prometheus scraped the run to its end", scalar('snnft_run_phase{phase="finished"}') == 1,
          open(os.path.join(work, "prometheus.log")).read()[-2000:])
    check("the target is up", scalar('up{job="snnft"}') == 1)

    # The rung over time, as Prometheus stored it.
    params = urllib.parse.urlencode({"query": "snnft_ladder_level", "start": start - 5, "end": end, "step": "0.1"})
    with urllib.request.urlopen(api + "query_range?" + params, timeout=5) as r:
        series = json.load(r)["data"]["result"]
    levels = [int(float(v)) for _, v in series[0]["values"]] if series else []
    # Consecutive repeats collapsed: the path the ladder took.
    path = [x for i, x in enumerate(levels) if i == 0 or x != levels[i - 1]]
    print("ladder path scraped:", path)
    check("scraped at Normal before the faults", path[:1] == [0], path)
    check("scraped on the Emergency rung", 4 in path, path)
    # Which rungs lie between depends on which ones calibration found worth standing on, and a
    # rung held for a few trials may fall between two scrapes: only the ends are asserted.
    check("stepped back up to Normal after Emergency", 4 in path and path[-1:] == [0], path)
    check("moved onto Emergency per the counters", scalar('snnft_ladder_transitions_total{to="Emergency"}') >= 1)
    check("back to Normal per the counters", scalar('snnft_ladder_transitions_total{to="Normal"}') >= 1)
    check("max_over_time sees Emergency", scalar("max_over_time(snnft_ladder_level[5m])") == 4)

    with urllib.request.urlopen(api + "rules", timeout=5) as r:
        rules = [rule["name"] for g in json.load(r)["data"]["groups"] for rule in g["rules"]]
    check("alerts.yml loaded", {"SnnftBreakerOpen", "SnnftFailureRateHigh", "SnnftSystemDegraded",
                                "SnnftColumnIsolated", "SnnftEmergency"} <= set(rules), rules)
    check("SnnftEmergency fired",
          scalar('max_over_time(ALERTS{alertname="SnnftEmergency",alertstate="firing"}[5m])') == 1)
    check("SnnftColumnIsolated fired",
          scalar('max_over_time(ALERTS{alertname="SnnftColumnIsolated",alertstate="firing"}[5m])') == 1)
finally:
    prom.send_signal(signal.SIGTERM)
    prom.wait(timeout=20)
    if run is not None:
        run.proc.send_signal(signal.SIGINT)
        run.proc.wait(timeout=20)
    shutil.rmtree(work, ignore_errors=True)

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
