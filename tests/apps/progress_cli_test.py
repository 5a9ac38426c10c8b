#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The run as a person sees it: on a terminal (a pseudo-terminal here) a progress line redrawn
# in place and the ladder's moves logged as they happen; nothing of that with --quiet or when
# the output goes to a pipe (unless --log-level asks); --log-level checked; --json-summary
# still exactly one JSON line.
# usage: progress_cli_test.py SNNFT_BINARY DATA_DIR
import json
import os
import pty
import subprocess
import sys

snnft, data = sys.argv[1], os.path.abspath(sys.argv[2])
demo = os.path.join(data, "configs", "digits_ladder_demo.json")
failures = []


def check(name, ok, detail=""):
    if not ok:
        failures.append(name)
        print("FAIL:", name, str(detail)[-1500:])


def on_terminal(*args):
    """Runs snnft with stdout and stderr on a pseudo-terminal; returns everything it wrote."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([snnft, *args], stdout=slave, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        out += chunk
    proc.wait()
    os.close(master)
    return proc.returncode, out.decode(errors="replace")


# On a terminal: progress redrawn in place, with trials, rate, ETA and rung; ladder moves logged.
code, text = on_terminal("run", demo, "--trial-rate", "200")
check("terminal run exits 0", code == 0, text)
progress = [p for p in text.split("\r\x1b[K") if p.startswith("columns testing | trial ")]
check("progress line redrawn in place", len(progress) >= 5, text[:2000])
check("progress line has rate, ETA and rung",
      any("trials/s | ETA " in p and "| rung " in p for p in progress), progress[:3])
check("progress line while training", "columns training | " in text)
check("ladder moves logged as they happen", "ladder Normal -> " in text and "-> Normal" in text, text[-3000:])
check("columns isolated and readmitted logged", "closed -> open" in text and "half_open -> closed" in text)
check("probes only at debug", "open -> half_open" not in text)
check("the summary follows a cleared line", "snnft columns run: " in text)

# --quiet on a terminal: neither progress nor info lines.
code, text = on_terminal("run", demo, "--quiet")
check("--quiet: no progress line", "columns testing" not in text and "\x1b[K" not in text, text[:500])
check("--quiet: no info lines", "ladder Normal" not in text, text[:500])

# A pipe: stderr stays empty, stdout is the one JSON line.
r = subprocess.run([snnft, "run", demo, "--json-summary"], capture_output=True, text=True)
check("pipe: nothing on stderr", r.returncode == 0 and r.stderr == "", r.stderr[:500])
lines = r.stdout.splitlines()
check("pipe: one JSON line", len(lines) == 1 and json.loads(lines[0])["ladder_min_level"] == "Emergency", r.stdout[:300])
summary = json.loads(lines[0])

# --log-level info on a pipe: the moves as plain lines, no progress line, same summary.
r = subprocess.run([snnft, "run", demo, "--json-summary", "--log-level", "info"], capture_output=True, text=True)
moves = [l for l in r.stderr.splitlines() if ": ladder " in l]
check("--log-level info: ladder moves on stderr", len(moves) >= 2 and all(l.startswith("info: trial ") for l in moves),
      r.stderr[:1000])
check("--log-level info: no progress line", "\r" not in r.stderr and "\x1b[K" not in r.stderr)
check("--log-level info: the same results", json.loads(r.stdout.splitlines()[0])["test_accuracy"] ==
      summary["test_accuracy"])
r = subprocess.run([snnft, "run", demo, "--json-summary", "--log-level", "debug"], capture_output=True, text=True)
check("--log-level debug: probes and detections too", "open -> half_open" in r.stderr and "detection in column" in r.stderr)

# Bad --log-level: one line, exit 2.
for cmd in (["run", demo], ["campaign", demo, "--fault-kind", "dead", "--fractions", "0.1"]):
    r = subprocess.run([snnft, *cmd, "--log-level", "loud"], capture_output=True, text=True)
    check(f"{cmd[0]} --log-level loud", r.returncode == 2 and r.stderr.strip().splitlines() ==
          ['error: --log-level: "loud": expected trace, debug, info, warn, error, critical or off'], r.stderr)

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
