"""Derived estimates computed: Monte Carlo propagation, exact intervals, sensitivity. Stage 10.

The declarations (``data/raw/estimates.yml``) are read and checked by
``analysis.declarations``; their formulas are compiled by ``analysis.formulas``. Draws
come from ``np.random.default_rng`` seeded by ``SEED`` and the estimate's id, so adding
an estimate never changes another.
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..register.caveats import joined, read_caveats
from ..tables.declared import columns
from .declarations import Assumption, Context, ESTIMATES_FILE, Estimate, _ids, declared_estimates

SEED = 20041108
DRAWS = 100_000
LEVEL = 0.95


def estimate_seed(seed: int, key: str) -> np.random.SeedSequence:
    """A seed for one estimate: the named seed and a hash of the estimate's id (stable across machines)."""
    words = np.frombuffer(hashlib.sha256(key.encode("utf-8")).digest()[:16], dtype="<u4")
    return np.random.SeedSequence([seed, *map(int, words)])


def simulate(est: Estimate, draws: int, seed: int = SEED) -> np.ndarray:
    """The formula on ``draws`` joint draws of the assumptions (in declaration order)."""
    rng = np.random.default_rng(estimate_seed(seed, est.key))
    env = dict(est.inputs)
    for assumption in est.assumptions:
        env[assumption.name] = assumption.draw(rng, draws)
    return np.broadcast_to(est.formula(env), (draws,))


def central(est: Estimate, **override: float) -> float:
    """The formula with every assumption at its central point (or at an overridden value)."""
    env = {**est.inputs, **{a.name: a.central() for a in est.assumptions}, **override}
    return float(est.formula(env))


def quantile_interval(samples: np.ndarray, level: float) -> tuple[float, float]:
    """Central interval at ``level``: the (1-level)/2 and (1+level)/2 quantiles, interpolated linearly
    between order statistics (numpy's default 'linear' definition).

    One selection per end: numpy's partition with several kth at once is many times slower.
    """
    part = np.array(samples, dtype=float)  # a private copy, partitioned in place
    n, tail, ends, start = part.size, (1 - level) / 2, [], 0
    for q in (tail, 1 - tail):
        h = q * (n - 1)
        k = int(math.floor(h))
        # After the first selection everything right of k_low is >= it: select the upper end in that slice only.
        part[start:].partition(k - start)
        below = part[k]
        above = part[k + 1:].min() if k + 1 < n else below
        ends.append(float(below + (above - below) * (h - k)))
        start = k
    return ends[0], ends[1]


def wilson_interval(successes: float, trials: float, level: float) -> tuple[float, float]:
    """Wilson score interval, from scipy's binomtest."""
    ci = stats.binomtest(int(successes), int(trials)).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)


def poisson_exact_interval(count: float, level: float) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson mean given one observed count, via chi-square quantiles."""
    alpha = 1 - level
    low = stats.chi2.ppf(alpha / 2, 2 * count) / 2 if count > 0 else 0.0
    return float(low), float(stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2)


def compute(est: Estimate, draws: int, seed: int, level: float) -> tuple[float, float, float, int]:
    """(value, low, high, draws used) for one estimate by its method."""
    method, s, nan = est.spec["method"], est.spec, float("nan")
    if method == "monte_carlo":
        return central(est), *quantile_interval(simulate(est, draws, seed), level), draws
    if method == "deterministic":
        return central(est), nan, nan, 0
    if method == "wilson":
        k, n = est.inputs[s["successes"]], est.inputs[s["trials"]]
        return k / n, *wilson_interval(k, n, level), 0
    if method == "poisson_exact":
        k, base = est.inputs[s["count"]], est.inputs[s["per"]]
        low, high = poisson_exact_interval(k, level)
        return k / base, low / base, high / base, 0
    if method == "range":
        env = dict(est.inputs)
        return nan, float(est.bounds[0](env)), float(est.bounds[1](env)), 0
    return next(iter(est.inputs.values())), nan, nan, 0


def _assumption_text(a: Assumption) -> str:
    params = ", ".join(f"{k}={v}" for k, v in a.written.items())
    return f"{a.name} ~ {a.distribution}({params})"


def load_estimates(draws: int = DRAWS, seed: int = SEED, level: float = LEVEL, *, path: Path | None = None,
                   context: Context | None = None) -> pd.DataFrame:
    """Every declared estimate (one row per scenario): central value, interval at ``level``, grade, caveat."""
    if not 0 < level < 1 or draws < 1:
        raise ValueError("level must lie strictly between 0 and 1 and draws must be positive")
    rows, where = [], str(path or ESTIMATES_FILE)
    for est in declared_estimates(path, context):
        value, low, high, used = compute(est, draws, seed, level)
        s = est.spec
        rows.append({"estimate_id": s["id"], "scenario": est.scenario, "quantity": s["quantity"], "value": value,
                     "low": low, "high": high, "level": level, "unit": s["unit"], "period_start": est.period[0],
                     "period_end": est.period[1], "geography": s["geography"], "method": s["method"],
                     "inputs": _ids(est.refs), "assumptions": " | ".join(map(_assumption_text, est.assumptions)) or None,
                     "evidence_grade": s["evidence_grade"], **_caveat_cells(where, s), "draws": used})
    return pd.DataFrame(rows, columns=columns("estimates"))


def _caveat_cells(where: str, spec: dict) -> dict:
    """The ``caveat`` and ``caveat_priority`` cells: texts and priorities in rank order, ' | '-joined."""
    caveats = read_caveats(where, spec["id"], "caveats", spec["caveats"])[0]
    return {"caveat": joined(caveats), "caveat_priority": joined(caveats, "priority")}


def assumptions_table(*, path: Path | None = None, context: Context | None = None) -> pd.DataFrame:
    """Every assumption as a row a non-programmer can read: estimate, assumption, distribution, parameters, reason."""
    rows = []
    for est in declared_estimates(path, context):
        for a in est.assumptions:
            lo, hi = a.ends()
            rows.append({"estimate_id": est.spec["id"], "scenario": est.scenario, "assumption": a.name,
                         "distribution": a.distribution,
                         "parameters": ", ".join(f"{k}={v}" for k, v in a.written.items()),
                         "low_end": lo, "central": a.central(), "high_end": hi, "effect": a.effect, "reason": a.reason})
    return pd.DataFrame(rows, columns=columns("assumptions"))


def sensitivity(*, path: Path | None = None, context: Context | None = None) -> pd.DataFrame:
    """Tornado data: the estimate when one assumption alone is set to its low end and to its high end."""
    rows = []
    for est in declared_estimates(path, context):
        if est.formula is None:
            continue
        for a in est.assumptions:
            lo, hi = a.ends()
            if lo == hi:
                continue
            at_low, at_high = central(est, **{a.name: lo}), central(est, **{a.name: hi})
            rows.append({"estimate_id": est.spec["id"], "scenario": est.scenario, "assumption": a.name,
                         "assumption_low": lo, "assumption_high": hi, "value": central(est),
                         "value_at_low": at_low, "value_at_high": at_high, "swing": abs(at_high - at_low),
                         "effect": "increases" if at_high > at_low else "decreases"})
    frame = pd.DataFrame(rows, columns=columns("sensitivity"))
    return frame.sort_values(["estimate_id", "scenario", "swing"], ascending=[True, True, False],
                             kind="stable", na_position="first").reset_index(drop=True)
