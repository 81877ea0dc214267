"""Derived estimates computed: Monte Carlo propagation, exact intervals, sensitivity.

The declarations (``data/raw/estimates.yml``) are read and checked by
``analysis.declarations``; their formulas are compiled by ``analysis.formulas``. Draws
come from ``np.random.default_rng`` seeded by ``SEED`` and the estimate's id, so adding
an estimate never changes another. Every draw, the central value and both ends of the
interval must be finite and within the unit's domain (``result_problems``).
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..inputs.errors import Problem, ValidationFailed, raise_if_any
from ..register.caveats import joined, read_caveats
from ..tables.declared import columns
from . import declarations
from ..inputs import paths
from .declarations import Assumption, Context, DOMAINS, Estimate, _ids, declared_estimates

SEED = 20041108
DRAWS = 100_000
LEVEL = 0.95
# The one rule for a Monte Carlo central value: the median of the draws. The plain reading (every
# assumption at its central point) is shown beside it with the percentile it falls at in the draws.
CENTRAL_RULE = "median of the draws"


# ---------------------------------------------------------------- computation

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
    with np.errstate(all="ignore"):
        return np.broadcast_to(est.formula(env), (draws,))


def central(est: Estimate, **override: float) -> float:
    """The formula with every assumption at its central point (or at an overridden value)."""
    env = {**est.inputs, **{a.name: a.central() for a in est.assumptions}, **override}
    with np.errstate(all="ignore"):  # inf or nan come back as such; compute() refuses them
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
    """(value, low, high, draws used) for one estimate by its method; ``ValidationFailed`` when a result is
    not finite or leaves the unit's domain (``DOMAINS``), at the central point, an end or any draw."""
    with np.errstate(all="ignore"):  # a division by zero gives inf here and a Problem below
        value, low, high, used, samples = _compute(est, draws, seed, level)
    raise_if_any(result_problems(est, value, low, high, samples))
    return value, low, high, used


def _compute(est: Estimate, draws: int, seed: int, level: float):
    method, s, nan = est.spec["method"], est.spec, float("nan")
    if method == "monte_carlo":
        samples = simulate(est, draws, seed)
        finite = bool(np.isfinite(samples).all())
        ends = quantile_interval(samples, level) if finite else (nan, nan)
        value = float(np.median(samples)) if finite else nan  # CENTRAL_RULE: the median of the draws
        return value, *ends, draws, samples
    if method == "deterministic":
        return central(est), nan, nan, 0, None
    if method == "wilson":
        k, n = est.inputs[s["successes"]], est.inputs[s["trials"]]
        return k / n, *wilson_interval(k, n, level), 0, None
    if method == "poisson_exact":
        k, base = est.inputs[s["count"]], est.inputs[s["per"]]
        low, high = poisson_exact_interval(k, level)
        return k / base, low / base, high / base, 0, None
    if method == "range":
        env = dict(est.inputs)
        return nan, float(est.bounds[0](env)), float(est.bounds[1](env)), 0, None
    return next(iter(est.inputs.values())), nan, nan, 0, None


# Which of value, low, high each method must give (the others are left empty).
GIVES = {"monte_carlo": ("value", "low", "high"), "deterministic": ("value",), "wilson": ("value", "low", "high"),
         "poisson_exact": ("value", "low", "high"), "range": ("low", "high"), "as_published": ("value",)}


def result_problems(est: Estimate, value: float, low: float, high: float,
                    samples: np.ndarray | None = None) -> list[Problem]:
    """Results are finite and within the unit's domain (persons >= 0, shares 0-1) at every draw; low <= high."""
    unit, method = est.spec["unit"], est.spec["method"]
    bottom, top = DOMAINS[unit]
    label = est.spec["id"] + (f" ({est.scenario})" if est.scenario else "")
    field = {"monte_carlo": "formula", "deterministic": "formula", "range": "low/high"}.get(method, "inputs")
    problems = []
    p = lambda msg: problems.append(Problem(est.where, label, field, msg))  # noqa: E731
    results = {"value": value, "low": low, "high": high}
    for name in GIVES[method]:
        x = results[name]
        if not math.isfinite(x):
            p(f"the {name} is {x} (not a finite number: a division by zero or an overflow?)")
        elif not bottom <= x <= top:
            p(f"the {name} {x:g} lies outside what {unit} can be ({bottom:g} to {top:g})")
    if samples is not None:
        bad = int(np.count_nonzero(~np.isfinite(samples)))
        outside = int(np.count_nonzero((samples < bottom) | (samples > top)))
        if bad:
            p(f"{bad} of {samples.size} draws are not finite numbers (a division by zero or an overflow?)")
        elif outside:
            p(f"{outside} of {samples.size} draws lie outside what {unit} can be ({bottom:g} to {top:g}); "
              "narrow the assumptions")
    if not problems and "low" in GIVES[method] and "high" in GIVES[method] and low > high:
        p(f"the interval is reversed (low {low:g} > high {high:g})")
    return problems


def monte_carlo_summary(est: Estimate, draws: int, seed: int, level: float) -> tuple[float, float, float, float, float]:
    """(median, low, high, plain reading, percentile of the plain reading) from one set of draws."""
    samples = simulate(est, draws, seed)
    low, high = quantile_interval(samples, level)
    plain = central(est)
    return float(np.median(samples)), low, high, plain, float(np.mean(samples <= plain + 1e-9 * abs(plain)))


def shown(value: float, low: float, high: float, unit: str) -> str:
    """The estimate as a reader should see it: counts of people rounded to the precision their interval
    supports (never 3,651.2), shares in whole percent, ratios to two decimals."""
    if unit == "share":
        fmt = lambda v: f"{v:.0%}"  # noqa: E731
    elif unit == "ratio":
        fmt = lambda v: f"{v:.2f}"  # noqa: E731
    else:
        spread = (high - low) if np.isfinite(low) and np.isfinite(high) else abs(value if np.isfinite(value) else low)
        step = 10 ** max(0, int(math.floor(math.log10(max(spread, 1.0)))) - 1)
        fmt = lambda v: f"{round(v / step) * step:,.0f}"  # noqa: E731
    centre = fmt(value) if np.isfinite(value) else "no central value"
    span = f" ({fmt(low)} to {fmt(high)})" if np.isfinite(low) and np.isfinite(high) and low < high else ""
    return centre + span


def _assumption_text(a: Assumption) -> str:
    params = ", ".join(f"{k}={v}" for k, v in a.written.items())
    return f"{a.name} ~ {a.distribution}({params})"


def load_estimates(draws: int = DRAWS, seed: int = SEED, level: float = LEVEL, *, path: Path | None = None,
                   context: Context | None = None) -> pd.DataFrame:
    """Every declared estimate (one row per scenario): central value, interval at ``level``, grade, caveat."""
    if not 0 < level < 1 or draws < 1:
        raise ValueError("level must lie strictly between 0 and 1 and draws must be positive")
    rows, problems, where = [], [], str(path or paths.ESTIMATES_FILE)
    context = context or declarations.default_context()
    for est in declared_estimates(path, context):
        try:
            value, low, high, used = compute(est, draws, seed, level)
        except ValidationFailed as failed:  # every estimate is computed; all problems reported at once
            problems += failed.problems
            continue
        summary = monte_carlo_summary(est, draws, seed, level) if est.spec["method"] == "monte_carlo" else None
        rows.append(_row(est, context, where, (value, low, high, used), level, summary))
    raise_if_any(problems)
    return pd.DataFrame(rows, columns=columns("estimates"))


def _row(est: Estimate, context: Context, where: str, result: tuple, level: float, summary: tuple | None) -> dict:
    """One row of estimates.csv: the result with its lineage, definition, plain reading and caveats."""
    (value, low, high, used), s = result, est.spec
    has_interval = np.isfinite(value) and np.isfinite(low) and low < high
    return {"estimate_id": s["id"], "scenario": est.scenario, "quantity": s["quantity"], "value": value,
            "low": low, "high": high, "level": level if has_interval else np.nan,
            "unit": s["unit"], "period_start": est.period[0], "period_end": est.period[1],
            "geography": s["geography"], "definition": s["definition"], "measures": s["measures"],
            "method": s["method"], "inputs": _ids(r.removeprefix("external:") for r in est.refs),
            "origin_ids": _ids(context.origin(r) for r in est.refs),
            "accounts": "; ".join(dict.fromkeys(context.account(r) for r in est.refs)) or None,
            "assumptions": " | ".join(map(_assumption_text, est.assumptions)) or None, **_plain(summary),
            "shown": shown(value, low, high, s["unit"]),
            "evidence_grade": s["evidence_grade"], **_caveat_cells(where, s), "draws": used}


def _plain(summary: tuple | None) -> dict:
    """For Monte Carlo: the rule, the plain reading and its percentile in the draws; empty otherwise."""
    if summary is None:
        return {"central_rule": None, "plain_reading": np.nan, "plain_reading_percentile": np.nan}
    *_, plain, percentile = summary
    return {"central_rule": CENTRAL_RULE, "plain_reading": plain, "plain_reading_percentile": percentile}


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
                         "swing_percent": abs(at_high - at_low) / abs(central(est)) if central(est) else np.nan,
                         "effect": "increases" if at_high > at_low else "decreases"})
    frame = pd.DataFrame(rows, columns=columns("sensitivity"))
    return frame.sort_values(["estimate_id", "scenario", "swing"], ascending=[True, True, False],
                             kind="stable", na_position="first").reset_index(drop=True)
