# SPDX-License-Identifier: MIT
"""snnft from Python: build and run spiking networks, run configs and campaigns, and use
the circuit breakers. See docs/python.md.

    import snnft
    net = snnft.Network(dt_ms=0.1, seed=1)
    net.add_population("in", 100, model="poisson", rate_hz=20.0)
    net.add_population("out", 10, tau_m_ms=20.0, v_rest_mv=-70.0, v_th_mv=-50.0)
    net.connect("in", "out", weight=2.0, connectivity={"rule": "all_to_all"})
    net.run(1000.0)
    times_ms, ids = net.spikes("out")
"""
import json as _json
import os as _os

from . import _core
from ._core import BreakerOpenError, CircuitBreaker, ConfigError, Simulator, __version__
from .network import Network

__all__ = ["Network", "Simulator", "CircuitBreaker", "BreakerOpenError", "ConfigError", "run_config",
           "validate", "run_campaign", "load_config", "app_kinds", "__version__"]


def load_config(config):
    """A config as (dict, source name, folder): from a dict, a JSON string or a file path."""
    if isinstance(config, dict):
        return config, "config", _os.getcwd()
    if isinstance(config, (str, _os.PathLike)) and _os.path.exists(config):
        path = _os.fspath(config)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return _json.loads(text) if text.strip() else text, path, _os.path.dirname(_os.path.abspath(path))
    raise FileNotFoundError(f"{config}: no such config file")


def _config_text(config):
    data, source, _ = load_config(config)
    return (data if isinstance(data, str) else _json.dumps(data)), source


def run_config(config, out=None, seed=None, threads=1, duration_ms=None, simd=None, faults=(), protection=None):
    """Runs a config of any kind (network, columns, cascor, ...) exactly as `snnft run` does.

    config: a path, or a dict. Keyword arguments are the CLI flags (--out, --seed, --threads,
    --duration, --simd, --fault (a list of specs), --protection (columns runs: True/False)). Returns the run's summary as
    a dict (the keys of --json-summary). Ctrl-C stops the run at a step boundary, closes the
    output file and raises KeyboardInterrupt. Bad input raises ConfigError with the CLI's message.
    """
    text, source = _config_text(config)
    summary = _core._run_config(text, source, None if out is None else _os.fspath(out), seed, threads,
                                duration_ms, simd, list(faults), protection)
    return _json.loads(summary)


def validate(config):
    """Checks a config without running it (like `snnft validate`); returns its kind."""
    text, source = _config_text(config)
    return _core._validate(text, source)


def run_campaign(config, fault_kind=None, fractions=None, maps=None, fault_params=None, seed=None, threads=None,
                 out=None, csv=None):
    """A fault campaign, as `snnft campaign`: a columns config (path) with fault_kind and
    fractions, or a campaign file ("kind": "campaign") whose settings the arguments override.
    Returns the summary dict; the per-run table goes to `out` (HDF5) and `csv`."""
    data, _, folder = load_config(config)
    spec = {"config": _os.fspath(config), "fault_kind": None, "fault_params": "", "fractions": None, "maps": 10,
            "seed": None, "threads": 1, "output": None, "csv": None}
    if isinstance(data, dict) and data.get("kind") == "campaign":
        spec.update(_json.loads(_core._campaign_file(_json.dumps(data), folder)))
    else:
        if fault_kind is None:
            raise ConfigError("--fault-kind: required with a columns config")
        if fractions is None:
            raise ConfigError("--fractions: required with a columns config")
    overrides = {"fault_kind": fault_kind, "fault_params": fault_params, "fractions": fractions, "maps": maps,
                 "seed": seed, "threads": threads, "output": out, "csv": csv}
    spec.update({k: v for k, v in overrides.items() if v is not None})
    summary = _core._run_campaign(spec["config"], spec["fault_kind"], spec["fault_params"],
                                  [float(f) for f in spec["fractions"]], int(spec["maps"]), spec["seed"],
                                  int(spec["threads"]), spec["output"], spec["csv"])
    return _json.loads(summary)


def app_kinds():
    """{kind: description} for every config kind `snnft run` knows."""
    return dict(_core._app_kinds())
