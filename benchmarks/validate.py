"""Time `csecstats validate` on every input of the project, against the same command at an earlier commit.

The rules every input obeys (csecstats.register.rules: the audit's accounting, periods, places,
ids, duplicates, free text) run inside validate and build. Target: validate on the real project
stays within 1.5x its time before those rules (commit BASE, checked out into a temporary git
worktree with the inputs it had then, and run with the same interpreter). Both are timed side by side in one run, each the
median of ROUNDS fresh processes, alternating so machine load hits both alike.

    python benchmarks/validate.py [BASE]     # BASE defaults to the commit before the rules
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = "6dac77e"  # the last commit before the input rules
ROUNDS = 5
TARGET = 1.5


def inputs(root: Path = ROOT) -> list[str]:
    """Every input file of a project: the YAML inputs, the report and the external tables."""
    raw, external = root / "data" / "raw", root / "data" / "external"
    return [str(p) for p in sorted(raw.glob("*.yml")) + sorted(raw.glob("*.txt")) + sorted(external.glob("*.csv"))]


def timed(source: Path) -> float:
    """Seconds of one `csecstats validate` of every input of the checkout ``source``, with the package and
    the inputs of that checkout (the code at BASE cannot read inputs added since)."""
    env = {**os.environ, "PYTHONPATH": str(source / "src"), "CSECSTATS_ROOT": str(source)}
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "csecstats.cli", "validate", *inputs(source)], env=env, cwd=source,
                         capture_output=True, text=True, timeout=600, check=False)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"validate at {source} exited {run.returncode}: {run.stdout[-500:]}{run.stderr[-500:]}")
    return seconds


def main(base: str = BASE) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), base], check=True)
        try:
            now, before = [], []
            for _ in range(ROUNDS):
                before.append(timed(old))
                now.append(timed(ROOT))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    ratio = statistics.median(now) / statistics.median(before)
    print(f"validate, every input ({len(inputs())} files), median of {ROUNDS} fresh processes:")
    print(f"  at {base} (before the input rules): {statistics.median(before):6.2f} s")
    print(f"  now:                               {statistics.median(now):6.2f} s")
    print(f"  ratio {ratio:.2f}x (target <= {TARGET}x)")
    return int(ratio > TARGET)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
