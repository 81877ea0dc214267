"""Wall time of the whole test suite (`make test`), serial and in parallel on every core, side by side,
and the ten slowest tests (pytest --durations, from the serial run). Each run's CPU time (user + system of
pytest, its workers and what they start) is printed beside its wall time: it moves far less than wall time
when other work shares the machine, and the parallel run within 45 s on 2 cores needs it under about 90 s.

The parallel run is `make test`'s command (`pytest -n auto`; the configuration adds `--dist loadscope`, each
module and each notebook one unit of work, the longest first); the serial one is the same with `-n 0` (xdist
loaded but no worker: `-p no:xdist` would refuse the configuration's xdist options). One run each, serial
first. Goal: the parallel run within 45 s on 2 cores.
"""
from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _goals import GOALS, record  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SLOWEST = 10


def _children_cpu() -> float:
    """User + system seconds of every finished child process of this one (and of theirs) so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed_pytest(args: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds and CPU seconds taken by ``pytest ARGS`` in the project folder, its exit code and its
    output."""
    start, cpu = time.perf_counter(), _children_cpu()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                         cwd=ROOT, check=False, capture_output=True, text=True)
    return time.perf_counter() - start, _children_cpu() - cpu, run.returncode, run.stdout


def slowest(output: str) -> list[str]:
    """The lines of pytest's durations section."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if "slowest" in line and "durations" in line), None)
    if start is None:
        return []
    return [line for line in lines[start + 1:start + 1 + SLOWEST] if re.match(r"\d+\.\d+s ", line)]


def failures(output: str) -> list[str]:
    """The lines of pytest's short summary naming a failed test or an error."""
    return [line for line in output.splitlines() if line.startswith(("FAILED ", "ERROR "))]


def main() -> int:
    serial, serial_cpu, code_serial, output = timed_pytest(["-n", "0", f"--durations={SLOWEST}"])
    parallel, parallel_cpu, code_parallel, parallel_output = timed_pytest(["-n", "auto"])
    target = GOALS["suite"][1]
    print(f"test suite: serial {serial:.1f} s (CPU {serial_cpu:.1f} s); parallel on {os.cpu_count()} cores "
          f"{parallel:.1f} s (CPU {parallel_cpu:.1f} s; target <= {target:g} s) "
          f"{'OK' if parallel <= target else 'SLOW'}; speed-up {serial / parallel:.2f}x; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"the {SLOWEST} slowest (serial run):")
    print("\n".join(f"  {line}" for line in slowest(output)))
    if code_serial or code_parallel:
        print(f"test suite failed (exit {code_serial} serial, {code_parallel} parallel)")
        for line in [f"  {run}: {line}" for run, out in (("serial", output), ("parallel", parallel_output))
                     for line in failures(out)]:
            print(line)
    record("suite", parallel)
    return code_serial or code_parallel


if __name__ == "__main__":
    sys.exit(main())
