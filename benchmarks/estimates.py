"""All declared estimates at 10^6 draws, as a ratio to numpy drawing as many random values, side by side.

Target: <= 3x. Declarations are read once beforehand (the benchmark times propagation:
drawing, the formula and the quantiles); the baseline draws the same total number of
uniform values with the same generator type. Best of N, alternated.
"""
from __future__ import annotations

import sys
import time

import numpy as np

from csecstats.analysis.declarations import declared_estimates, default_context
from csecstats.analysis.estimates import LEVEL, SEED, compute

DRAWS = 1_000_000
REPEATS = 5
TARGET = 3.0


def best_of(fn, repeats: int = REPEATS) -> float:
    """Fastest wall time of ``fn()`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    declared = declared_estimates(None, default_context())
    values = sum(DRAWS * sum(a.distribution != "fixed" for a in e.assumptions)
                 for e in declared if e.spec["method"] == "monte_carlo")
    run_all = lambda: [compute(e, DRAWS, SEED, LEVEL) for e in declared]  # noqa: E731
    draw_all = lambda: np.random.default_rng(SEED).uniform(0.0, 1.0, values)  # noqa: E731
    run_all(), draw_all()  # warm up both
    ours, numpy = [], []
    for _ in range(REPEATS):
        ours.append(best_of(run_all, 1))
        numpy.append(best_of(draw_all, 1))
    ratio = min(ours) / min(numpy)
    print(f"estimates: {len(declared)} rows, {values:,} random values at {DRAWS:,} draws; "
          f"{min(ours):.3f} s vs numpy drawing them {min(numpy):.3f} s; ratio {ratio:.2f}x (target <= {TARGET}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
