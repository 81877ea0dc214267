"""Wall time of the whole test suite (`make test`), serial and in parallel on every core, side by side.

Informational: the parallel run uses pytest-xdist (`-n auto --dist loadscope`, each notebook's
cells kept in one worker, as `make test` runs it). One run each, serial first.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall_time(args: list[str]) -> tuple[float, int]:
    """Seconds taken by ``pytest ARGS`` in the project folder, and its exit code."""
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                         cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, run.returncode


def main() -> int:
    serial, code_serial = wall_time(["-p", "no:xdist"])
    parallel, code_parallel = wall_time(["-n", "auto", "--dist", "loadscope"])
    print(f"test suite: serial {serial:.1f} s; parallel on {os.cpu_count()} cores {parallel:.1f} s; "
          f"speed-up {serial / parallel:.2f}x")
    if code_serial or code_parallel:
        print(f"test suite failed (exit {code_serial} serial, {code_parallel} parallel)")
    return code_serial or code_parallel


if __name__ == "__main__":
    sys.exit(main())
