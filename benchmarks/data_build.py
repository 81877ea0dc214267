"""Data rebuild wall time as a ratio to its import floor, measured side by side.

The floor is a process that imports the libraries the build requires (pandas, yaml,
pandera, scipy.stats) and does nothing else. Target: the rebuild <= 1.3x its floor.
Both are whole processes (interpreter start included), alternated, best of N, so
machine load affects both alike; `import pandas` alone is shown for reference.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEATS = 7
TARGET = 1.3


def best_of(cmd: list[str], repeats: int = REPEATS) -> float:
    """Fastest wall time of ``cmd`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    exe = Path(sys.executable)
    with tempfile.TemporaryDirectory() as out:
        build = [str(exe.parent / "csecstats"), "build", "--out", out]
        baseline = [str(exe), "-c", "import pandas"]
        # What the build cannot go below: the libraries the design requires (pandera guards the
        # tables, scipy.stats gives the Wilson intervals), imported and nothing else done.
        floor = [str(exe), "-c", "import pandas, yaml, pandera.pandas, scipy.stats"]
        best_of(build, 1)  # warm the file cache once for all
        base, libraries, rebuild = best_of(baseline), best_of(floor), best_of(build)
    ratio = rebuild / libraries
    verdict = "OK" if ratio <= TARGET else "over target"
    print(f"data rebuild: {rebuild:.3f} s; import floor (pandas, yaml, pandera, scipy.stats): {libraries:.3f} s; "
          f"ratio {ratio:.2f}x (target <= {TARGET}x) {verdict}")
    print(f"  import pandas alone: {base:.3f} s; the project's own work: {rebuild - libraries:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
