# SPDX-License-Identifier: MIT
# Helpers for the --serve tests: start snnft with --serve on a free loopback port, read the
# address it prints, fetch its endpoints, parse Prometheus text.
import json
import re
import subprocess
import time
import urllib.error
import urllib.request


class Served:
    """A running `snnft ... --serve 127.0.0.1:0`; .url is where it serves."""

    def __init__(self, argv, stdout_path, stderr_path):
        self.stdout = open(stdout_path, "w")
        self.stderr_path = stderr_path
        self.proc = subprocess.Popen(argv, stdout=self.stdout, stderr=open(stderr_path, "w"))
        self.url = None
        deadline = time.time() + 20
        while self.url is None and time.time() < deadline and self.proc.poll() is None:
            m = re.search(r"serving (http://\S+)/metrics", open(stderr_path).read())
            if m:
                self.url = m.group(1)
            else:
                time.sleep(0.02)
        if self.url is None:
            raise RuntimeError("snnft did not start serving: " + open(stderr_path).read())

    def get(self, path):
        """(HTTP status, body text)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as r:
                return r.status, r.read().decode(), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(), dict(e.headers)

    def health(self):
        code, body, _ = self.get("/health")
        return code, json.loads(body)

    def metrics(self):
        return parse_metrics(self.get("/metrics")[1])


def parse_metrics(text):
    """{'name{labels}': value} for every sample line."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, value = line.rsplit(" ", 1)
        out[key] = float(value)
    return out
