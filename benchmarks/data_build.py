"""`csecstats build` wall time as a ratio to its import floor, measured side by side.

The floor is what the build cannot go below: starting Python and importing the libraries the design
requires (pandas; yaml reads the inputs; pandera guards the tables; scipy.special gives the Wilson and
Poisson intervals: the build no longer imports scipy.stats, about 0.6 s more, so the floor no longer does either,
and the ratio to the former floor is printed beside), doing nothing else, and shutting down as the command does (its objects set aside from the
garbage collector first, ``csecstats.cli.entry``; a plain ``python -c "import ..."`` spends ~0.45 s more CPU
shutting down here, and that ratio is printed beside). Goal: build <= 1.3x the floor. Both are whole processes
(interpreter start included), alternated, best of N, so machine load affects both alike, and both run with
the numerical libraries on one thread, as the command runs itself (no thread pools started: the floor's
imports take less time and ~0.2 s less CPU so).
Also shown: the same ratio in CPU time (user + system of each process, steadier than wall time while
other work shares the machine), the ratio to `python -c "import pandas"`, the load average, and where
the build's own time goes: the CPU time of each step ``build`` calls, in a fresh process's first build, counted
in the thread that runs it (the declared sources, and the assumption, sensitivity and rate tables, are made in
forked children on the other core, ``inputs.beside``: their CPU is in neither these lines nor the whole build's line, which
counts the parent only, but it is in the CPU ratio above; the estimates are drawn two at a time in a pool: their
numpy work is in the whole build's CPU, not in ``estimates_table``'s line; a profiler's per-call overhead misleads here: it makes Python-heavy steps such as YAML parsing look
several times dearer than they are).

The package's bytecode is compiled first, as installing a package does: the libraries of the floor were
compiled when pip installed them, while an editable install under ``PYTHONDONTWRITEBYTECODE=1`` leaves the
project's own modules to be compiled from source in every process (~0.05 s; shown beside the ratio).
"""
from __future__ import annotations

import compileall
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _goals import GOALS, record  # noqa: E402

from csecstats.inputs.threads import ONE_THREAD  # noqa: E402

REPEATS = 7
PROFILED = 8


def wall(cmd: list[str]) -> float:
    return timed(cmd)[0]


# The environment the command gives itself (numerical libraries on one thread, ``csecstats.cli.entry``), given to
# every process timed here, so the floor's libraries load as the build's do.
ENV = {**os.environ, **{name: os.environ.get(name, value) for name, value in ONE_THREAD.items()}}


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one run of ``cmd``."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=ENV)
    elapsed, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


# Timed in a fresh process: every function ``build`` calls by name from another csecstats module (its steps).
_STEPS = """
import functools, inspect, json, sys, time
from pathlib import Path
from csecstats import build
spent = {}
def timed(name, f):
    @functools.wraps(f)
    def step(*args, **kwargs):
        start = time.thread_time()
        try:
            return f(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.thread_time() - start
    return step
for name, f in list(vars(build).items()):
    if inspect.isfunction(f) and f.__module__.startswith("csecstats.") and f.__module__ != build.__name__:
        setattr(build, name, timed(name, f))
start = time.process_time()
build.run(Path(sys.argv[1]))
spent["(whole build)"] = time.process_time() - start  # both threads (the rates are drawn in a second one)
loaded = [m.__file__ for name, m in sys.modules.items() if name.startswith("csecstats") and getattr(m, "__file__", None)]
print(json.dumps({"spent": spent, "loaded": loaded}))
"""


def where_time_goes(out: str) -> tuple[list[str], float]:
    """The CPU time of each step of a fresh process's first build, the dearest first; and the CPU seconds a
    process spends compiling the modules the build loads when it finds no bytecode."""
    done = subprocess.run([sys.executable, "-c", _STEPS, out], check=True, capture_output=True, text=True)
    found = json.loads(done.stdout.splitlines()[-1])
    spent, whole = found["spent"], found["spent"].pop("(whole build)")
    start = time.process_time()
    for source in found["loaded"]:
        compile(Path(source).read_text(encoding="utf-8"), source, "exec")
    return ([f"{seconds:6.3f} s  {name}" for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:PROFILED]]
            + [f"{whole:6.3f} s  the whole build (CPU, after imports)"]), time.process_time() - start


def compile_package() -> None:
    """Compile the package's bytecode where the interpreter keeps it (``__pycache__``, ignored by git), as
    installing it does."""
    import csecstats
    compileall.compile_dir(str(Path(csecstats.__file__).parent), quiet=1)


def main() -> int:
    exe = Path(sys.executable)
    compile_package()
    with tempfile.TemporaryDirectory() as out:
        commands = {
            "build": [str(exe.parent / "csecstats"), "build", "--out", out],
            # Like for like: the command sets its objects aside from the collector before the interpreter shuts
            # down (``cli.entry``), which spares it the full collections of shutting down (~0.45 s of CPU after
            # these imports alone), so the floor does too. The plain import's exit is shown beside it.
            "floor": [str(exe), "-c", "import pandas, yaml, pandera.pandas, scipy.special, gc; gc.freeze()"],
            "plain floor": [str(exe), "-c", "import pandas, yaml, pandera.pandas, scipy.special"],
            "former floor": [str(exe), "-c", "import pandas, yaml, pandera.pandas, scipy.stats, gc; gc.freeze()"],
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
        profiled, compiling = where_time_goes(out)
    build, floor, plain, former, pandas = (min(times[name]) for name in commands)
    build_cpu, floor_cpu = min(cpu["build"]), min(cpu["floor"])
    ratio, target = build / floor, GOALS["build"][1]
    print(f"data rebuild: {build:.3f} s; import floor (pandas, yaml, pandera, scipy.special): {floor:.3f} s; "
          f"ratio {ratio:.2f}x (target <= {target:g}x) {'OK' if ratio <= target else 'over target'}")
    print(f"  the former floor (scipy.stats in place of scipy.special, as the build imported until 2026-12-07): "
          f"{former:.3f} s; the build against it: {build / former:.2f}x")
    print(f"  CPU (user + system): build {build_cpu:.3f} s, floor {floor_cpu:.3f} s, ratio {build_cpu / floor_cpu:.2f}x; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  import pandas alone: {pandas:.3f} s (build {build / pandas:.2f}x); the project's own work: "
          f"{build - floor:.3f} s")
    print(f"  the same imports shutting down with every object collected (a plain `python -c`): {plain:.3f} s, "
          f"CPU {min(cpu['plain floor']):.3f} s; the build against that: {build / plain:.2f}x (not the goal's "
          f"measure: the build does not pay that shutdown, so neither does its floor)")
    print(f"  the package's bytecode compiled first (as an install does); compiling the modules the build loads "
          f"costs {compiling:.3f} s CPU a process that finds none (an editable install, PYTHONDONTWRITEBYTECODE=1)")
    print("  where the build's time goes (CPU of each step, a fresh process's first build):")
    print("\n".join(f"    {line}" for line in profiled))
    record("build", ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())
