"""Draws as data at 10^6 draws: time as a ratio to the estimates' own computation, bytes per draw, peak memory.

Side by side in one process, alternated, best of N: ``estimate_draws`` for every Monte Carlo
estimate against ``compute`` (draws, formula and interval) for the same estimates, declarations
read once beforehand for both. Memory: the frame's bytes per draw (``memory_usage(deep=True)``)
and the peak traced by ``tracemalloc`` (numpy and pandas report their buffers to it) while the
frame is built, for one estimate and for all at once. Target: ratio <= 3x; one estimate's peak
<= 3x its frame.
"""
from __future__ import annotations

import sys
import time
import tracemalloc

from csecstats.analysis.draws import estimate_draws
from csecstats.analysis.declarations import declared_estimates, default_context
from csecstats.analysis.estimates import LEVEL, SEED, compute

DRAWS = 1_000_000
REPEATS = 3
TARGET = 3.0
ONE = "under_age_sex_workers_phnom_penh_1997"


def measured(fn):
    """(seconds, peak bytes traced, result) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, result


def main() -> int:
    context = default_context()
    monte_carlo = [e for e in declared_estimates(context=context) if e.spec["method"] == "monte_carlo"]
    compute_all = lambda: [compute(e, DRAWS, SEED, LEVEL) for e in monte_carlo]  # noqa: E731
    frame_all = lambda: estimate_draws(draws=DRAWS, context=context)  # noqa: E731
    ours, theirs = [], []
    for _ in range(REPEATS):  # alternate so drift in machine load hits both sides
        start = time.perf_counter()
        compute_all()
        theirs.append(time.perf_counter() - start)
        start = time.perf_counter()
        frame = frame_all()
        ours.append(time.perf_counter() - start)
        del frame
    ratio = min(ours) / min(theirs)
    print(f"draws as data: {len(monte_carlo)} Monte Carlo estimates x {DRAWS:,} draws in {min(ours):.3f} s; "
          f"computing their intervals {min(theirs):.3f} s; ratio {ratio:.2f}x (target <= {TARGET}x) "
          f"{'OK' if ratio <= TARGET else 'over target'}")
    for name, fn in ((ONE, lambda: estimate_draws(ONE, draws=DRAWS, context=context)), ("all", frame_all)):
        seconds, peak, frame = measured(fn)
        size = frame.memory_usage(deep=True, index=False).sum()
        print(f"  {name}: {len(frame):,} rows x {frame.shape[1]} columns, {size / 1e6:,.0f} MB = "
              f"{size / len(frame):.1f} bytes per draw; peak {peak / 1e6:,.0f} MB ({peak / size:.2f}x the frame); "
              f"{seconds:.2f} s under tracemalloc")
        del frame
    return 0


if __name__ == "__main__":
    sys.exit(main())
