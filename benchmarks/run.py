"""Run the benchmarks in this folder one after another, then show the three goals side by side.

    python benchmarks/run.py                    # every benchmark (`make bench`)
    python benchmarks/run.py data_build imports # some of them

The goals (``_goals.GOALS``): the test suite in parallel, the build against its import floor and
the notebooks against as many empty notebooks. Each is measured by its own benchmark in this run;
the summary names the load average before and after, since other work on the machine slows
every measure (the ratios are taken side by side, so they suffer least).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _goals import GOALS  # noqa: E402


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def summary(results: Path, before: str, after: str) -> list[str]:
    """One line per goal: measured, target, met or not (or not measured in this run)."""
    found = {}
    if results.exists():
        for line in results.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            found[entry["goal"]] = entry["measured"]
    lines = [f"goals, side by side (load average 1/5/15 min before: {before}; after: {after}; "
             f"{os.cpu_count()} cores):"]
    for name, (what, target, unit) in GOALS.items():
        if name not in found:
            lines.append(f"  {what:40s} not measured in this run")
            continue
        value = found[name]
        shown = f"{value:.1f} s" if unit == "s" else f"{value:.2f}x"
        goal = f"{target:g} s" if unit == "s" else f"{target:g}x"
        lines.append(f"  {what:40s} {shown:>8s}   target <= {goal:6s} {'met' if value <= target else 'NOT MET'}")
    return lines


def main(argv: list[str]) -> int:
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))
    unknown = set(argv) - {p.stem for p in scripts}
    if unknown:
        sys.exit(f"no benchmark {', '.join(sorted(unknown))}; benchmarks: {', '.join(p.stem for p in scripts)}")
    chosen = [p for p in scripts if not argv or p.stem in argv]
    failed = 0
    before = load()
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp, "goals.jsonl")
        env = {**os.environ, "BENCH_GOALS": str(results)}
        for script in chosen:
            print(f"== {script.name}", flush=True)
            failed |= subprocess.run([sys.executable, str(script)], env=env, check=False).returncode
        print("\n".join(summary(results, before, load())))
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
