"""`csecstats build` wall time as a ratio to its import floor, measured side by side.

The floor is what the build cannot go below: starting Python and importing the libraries the design
requires (pandas; yaml reads the inputs; pandera guards the tables; scipy.stats gives the Wilson and
Poisson intervals) and doing nothing else. Goal: build <= 1.3x the floor. Both are whole processes
(interpreter start included), alternated, best of N, so machine load affects both alike.
Also shown: the same ratio in CPU time (user + system of each process, steadier than wall time while
other work shares the machine), the ratio to `python -c "import pandas"`, the load average, and where
the build's own time goes (cProfile, one run, the functions of csecstats with the most cumulative time).
"""
from __future__ import annotations

import cProfile
import io
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _goals import GOALS, record  # noqa: E402

REPEATS = 7
PROFILED = 8


def wall(cmd: list[str]) -> float:
    return timed(cmd)[0]


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one run of ``cmd``."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    elapsed, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def where_time_goes(out: str) -> list[str]:
    """The csecstats functions with the most cumulative time in one build (in this process, profiled)."""
    from csecstats import build

    profile = cProfile.Profile()
    profile.runcall(build.run, Path(out))
    stats = pstats.Stats(profile, stream=io.StringIO())
    rows = [(cumulative, func) for func, (_, _, _, cumulative, _) in stats.stats.items()
            if "/csecstats/" in func[0] and func[2] not in ("run", "tables", "<module>")]
    total = max(cumulative for func, (_, _, _, cumulative, _) in stats.stats.items())
    return [f"{seconds:6.2f} s  {Path(file).parent.name}/{Path(file).name}:{name}"
            for seconds, (file, _, name) in sorted(rows, reverse=True)[:PROFILED]] + [f"{total:6.2f} s  in all (profiled)"]


def main() -> int:
    exe = Path(sys.executable)
    with tempfile.TemporaryDirectory() as out:
        commands = {
            "build": [str(exe.parent / "csecstats"), "build", "--out", out],
            "floor": [str(exe), "-c", "import pandas, yaml, pandera.pandas, scipy.stats"],
            "pandas": [str(exe), "-c", "import pandas"],
        }
        wall(commands["build"])  # warm the file cache once for all
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(REPEATS):  # alternate so drift in machine load hits every command
            for name, cmd in commands.items():
                elapsed, used = timed(cmd)
                times[name].append(elapsed)
                cpu[name].append(used)
        profiled = where_time_goes(out)
    build, floor, pandas = (min(times[name]) for name in commands)
    build_cpu, floor_cpu = min(cpu["build"]), min(cpu["floor"])
    ratio, target = build / floor, GOALS["build"][1]
    print(f"data rebuild: {build:.3f} s; import floor (pandas, yaml, pandera, scipy.stats): {floor:.3f} s; "
          f"ratio {ratio:.2f}x (target <= {target:g}x) {'OK' if ratio <= target else 'over target'}")
    print(f"  CPU (user + system): build {build_cpu:.3f} s, floor {floor_cpu:.3f} s, ratio {build_cpu / floor_cpu:.2f}x; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  import pandas alone: {pandas:.3f} s (build {build / pandas:.2f}x); the project's own work: "
          f"{build - floor:.3f} s")
    print("  where the build's time goes (cumulative):")
    print("\n".join(f"    {line}" for line in profiled))
    record("build", ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())
