"""The three goals `make bench` shows side by side: each goal benchmark records its measure here.

``record`` appends one JSON line to the file named by ``BENCH_GOALS`` (set by ``run.py``); run on
its own, a benchmark records nothing and only prints.
"""
from __future__ import annotations

import json
import os

# name -> (what is measured, target, unit)
GOALS = {
    "suite": ("test suite in parallel (make test)", 45.0, "s"),
    "build": ("csecstats build / its import floor", 1.3, "x"),
    "notebooks": ("notebooks / as many empty notebooks", 1.5, "x"),
}


def record(name: str, measured: float) -> None:
    """Note one goal's measure for run.py's summary."""
    path = os.environ.get("BENCH_GOALS")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"goal": name, "measured": measured}) + "\n")
