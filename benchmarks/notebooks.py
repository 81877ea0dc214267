"""All notebooks executed, as a ratio to executing as many empty notebooks (pandas + matplotlib only).

Both sets run the same way (``csecstats.publish.notebooks.run``: fresh kernels, in parallel on
the available cores), side by side in this one process, on copies in a temporary
folder so the committed notebooks are not rewritten. Target: ratio <= 1.5 (wall time).

Beside the wall-time ratio it prints the CPU-time ratio (user + system of the pool workers and
their kernels, every one of them reaped when ``run`` returns): steadier than wall time when
other work shares the cores. A second line gives each notebook's own seconds in the faster round,
slowest first: where the time goes.
"""
from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from csecstats.publish import notebooks

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _goals import GOALS, record  # noqa: E402

ROUNDS = 2
TARGET = GOALS["notebooks"][1]


def empty_notebooks(folder: Path, n: int) -> list[Path]:
    """``n`` notebooks that only import pandas and matplotlib (the floor any notebook pays)."""
    out = []
    for i in range(n):
        nb = new_notebook(cells=[new_code_cell("%matplotlib inline\nimport matplotlib.pyplot as plt\nimport pandas as pd")])
        nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
        path = folder / f"{i:02d}_empty.ipynb"
        nbformat.write(nb, path)
        out.append(path)
    return out


def children_cpu() -> float:
    """User + system seconds of every reaped child process of this one so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(paths: list[Path]) -> tuple[float, float, list[tuple[Path, float]]]:
    """(wall seconds, CPU seconds, each notebook with its own seconds) to execute ``paths``."""
    start, cpu = time.perf_counter(), children_cpu()
    each = list(notebooks.run(paths, report=lambda line: None))
    return time.perf_counter() - start, children_cpu() - cpu, each


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        real_dir, empty_dir = Path(tmp, "real"), Path(tmp, "empty")
        real_dir.mkdir(), empty_dir.mkdir()
        real = [Path(shutil.copy(p, real_dir)) for p in notebooks.notebook_paths()]
        empty = empty_notebooks(empty_dir, len(real))
        timed(empty[:1])  # warm the file cache and the kernel spec lookup for both sets
        real_t, empty_t = [], []
        for _ in range(ROUNDS):  # alternate so drift in machine load hits both sides
            empty_t.append(timed(empty))
            real_t.append(timed(real))
    (real_wall, real_cpu, each), (empty_wall, empty_cpu, _) = min(real_t), min(empty_t)
    ratio = real_wall / empty_wall
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"notebooks: {len(real)} executed in {real_wall:.2f} s; {len(empty)} empty notebooks in "
          f"{empty_wall:.2f} s; ratio {ratio:.2f}x (target <= {TARGET}x) {'OK' if ratio <= TARGET else 'SLOW'}; "
          f"CPU {real_cpu:.1f} s vs {empty_cpu:.1f} s, ratio {real_cpu / empty_cpu:.2f}x; load average {load}")
    print("  each notebook of the faster round, slowest first (wall s): "
          + ", ".join(f"{path.name[:2]} {seconds:.1f}" for path, seconds in sorted(each, key=lambda x: -x[1])))
    record("notebooks", ratio)


if __name__ == "__main__":
    main()
