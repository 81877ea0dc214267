"""Derived estimates computed: Monte Carlo propagation, exact intervals, sensitivity.

The declarations (``data/raw/estimates.yml``) are read and checked by
``analysis.declarations``; their formulas are compiled by ``analysis.formulas``. Draws
come from ``np.random.default_rng``, one stream per assumption seeded by ``SEED`` and what
the assumption is (``Assumption.identity``: name, distribution, parameters as written), so an
assumption shared by several estimates or scenarios has the same draw i in each (common random
numbers: sums and differences of estimates get the right spread) and adding an estimate never
changes another. Every draw, the central value and both ends of the
interval must be finite and within the unit's domain (``result_problems``).
"""
from __future__ import annotations

import dataclasses
import hashlib
import math
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special

from ..inputs.errors import InputWarning, Problem, ValidationFailed, raise_if_any
from ..register.caveats import joined, read_caveats
from ..tables.declared import columns
from . import declarations
from ..inputs import paths
from .declarations import Assumption, Context, DOMAINS, Estimate, _ids, declared_estimates
from .order_statistics import median, quantile_interval, selected, summary_of  # noqa: F401  # read from here too

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


def assumption_draws(assumption: Assumption, draws: int, seed: int = SEED) -> np.ndarray | float:
    """``draws`` draws of one assumption from its own stream: the same wherever it is declared alike."""
    return assumption.draw(np.random.default_rng(estimate_seed(seed, assumption.identity)), draws)


def simulate(est: Estimate, draws: int, seed: int = SEED, *, drawn: dict | None = None) -> np.ndarray:
    """The formula on ``draws`` joint draws of the assumptions (each from its own stream). ``drawn`` keeps the
    assumptions' draws already made (filled as it goes; a context's ``drawn``), so an assumption met again
    (another estimate, scenario or table, another assumption pinned) is drawn once: the same stream gives the
    same draws."""
    env = dict(est.inputs)
    for assumption in est.assumptions:
        if drawn is None:
            env[assumption.name] = assumption_draws(assumption, draws, seed)
            continue
        key = (assumption.identity, tuple(sorted(assumption.parameters.items())), draws, seed)
        if key not in drawn:
            drawn[key] = assumption_draws(assumption, draws, seed)
        env[assumption.name] = drawn[key]
    with np.errstate(all="ignore"):
        return np.broadcast_to(est.formula(env), (draws,))


def central(est: Estimate, **override: float) -> float:
    """The formula with every assumption at its central point (or at an overridden value)."""
    env = {**est.inputs, **{a.name: a.central() for a in est.assumptions}, **override}
    with np.errstate(all="ignore"):  # inf or nan come back as such; compute() refuses them
        return float(est.formula(env))


def wilson_interval(successes: float, trials: float, level: float) -> tuple[float, float]:
    """Wilson score interval (Newcombe 1998), two-sided, without continuity correction.

    The same operations in the same order as ``scipy.stats.binomtest(k, n).proportion_ci(level, "wilson")``, so
    the same bits, from ``scipy.special.ndtri`` alone: importing ``scipy.stats`` costs every process that computes
    an estimate about a second here (``tests/test_estimates.py`` holds the two equal over random counts)."""
    k, n = int(successes), int(trials)
    if n < 1 or not 0 <= k <= n:
        raise ValueError(f"a Wilson interval needs 0 <= successes <= trials and trials >= 1, not {k} of {n}")
    p = k / n
    z = special.ndtri(0.5 + 0.5 * level)
    denom = 2 * (n + z**2)
    center = (2 * n * p + z**2) / denom
    delta = z / denom * math.sqrt(4 * n * p * (1 - p) + z**2)
    return float(0.0 if k == 0 else center - delta), float(1.0 if k == n else center + delta)


def poisson_exact_interval(count: float, level: float) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson mean given one observed count, via chi-square quantiles."""
    alpha = 1 - level
    low = _chi2_ppf(alpha / 2, 2 * count) / 2 if count > 0 else 0.0
    return float(low), float(_chi2_ppf(1 - alpha / 2, 2 * count + 2) / 2)


def _chi2_ppf(q: float, df: float) -> float:
    """The chi-square quantile as ``scipy.stats.chi2.ppf`` computes it for 0 < q < 1 (``2 * gammaincinv(df / 2, q)``):
    the same bits without importing ``scipy.stats``."""
    return 2 * special.gammaincinv(df / 2, q)


def wilson_deff(successes: float, trials: float, deff: float, level: float = LEVEL) -> tuple[float, float]:
    """Wilson score interval on the effective sample ``trials / deff`` (same observed share; Kish)."""
    n, p = trials / deff, successes / trials
    z = special.ndtri(1 - (1 - level) / 2)  # scipy.stats.norm.ppf's own computation
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def poisson_deff(count: float, deff: float, level: float = LEVEL) -> tuple[float, float]:
    """Exact (Garwood) interval on ``count / deff``, scaled back by ``deff``: variance ``deff`` times the mean."""
    low, high = poisson_exact_interval(count / deff, level)
    return low * deff, high * deff


def design_effect(est: Estimate) -> float:
    """The declared design effect of a Wilson or Poisson estimate (1 when none is declared)."""
    return float((est.spec.get("design_effect") or {}).get("value", 1.0))


def compute(est: Estimate, draws: int, seed: int, level: float) -> tuple[float, float, float, int]:
    """(value, low, high, draws used) for one estimate by its method; ``ValidationFailed`` when a result is
    not finite or leaves the unit's domain (``DOMAINS``), at the central point, an end or any draw."""
    return _checked(est, draws, seed, level)[:4]


def _checked(est: Estimate, draws: int, seed: int, level: float, drawn: dict | None = None):
    """``compute`` and the draws it rests on (None without Monte Carlo), so the draws are made once."""
    with np.errstate(all="ignore"):  # a division by zero gives inf here and a Problem below
        value, low, high, used, samples = _compute(est, draws, seed, level, drawn)
    raise_if_any(result_problems(est, value, low, high, samples))
    return value, low, high, used, samples


def _compute(est: Estimate, draws: int, seed: int, level: float, drawn: dict | None = None):
    method, s, nan = est.spec["method"], est.spec, float("nan")
    if method == "monte_carlo":
        samples = simulate(est, draws, seed, drawn=drawn)
        finite = all(map(math.isfinite, _extremes(samples)))  # a NaN or an infinity is the least or the greatest
        low, high, value = summary_of(samples, level) if finite else (nan, nan, nan)  # CENTRAL_RULE: the median
        return value, low, high, draws, samples
    if method == "deterministic":
        return central(est), nan, nan, 0, None
    if method == "wilson":  # on the effective sample when units cluster (a declared design effect)
        k, n, deff = est.inputs[s["successes"]], est.inputs[s["trials"]], design_effect(est)
        return k / n, *(wilson_interval(k, n, level) if deff == 1 else wilson_deff(k, n, deff, level)), 0, None
    if method == "poisson_exact":
        k, base, deff = est.inputs[s["count"]], est.inputs[s["per"]], design_effect(est)
        low, high = poisson_exact_interval(k, level) if deff == 1 else poisson_deff(k, deff, level)
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
    if samples is not None and not _within(_extremes(samples), bottom, top):
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


def _extremes(samples: np.ndarray) -> tuple[float, float]:
    """The least and the greatest draw, each NaN when any draw is: two passes without a temporary array."""
    return float(np.min(samples)), float(np.max(samples))


def _within(extremes: tuple[float, float], bottom: float, top: float) -> bool:
    """Every draw finite and in [bottom, top], from the least and the greatest alone."""
    least, greatest = extremes
    return math.isfinite(least) and math.isfinite(greatest) and bottom <= least and greatest <= top


def monte_carlo_summary(est: Estimate, draws: int, seed: int, level: float,
                        samples: np.ndarray | None = None) -> tuple[float, float, float, float, float]:
    """(median, low, high, plain reading, share of the draws below the plain reading, ties counted half);
    ``samples``: the estimate's draws when already made (``simulate`` with the same draws and seed, in any
    order)."""
    samples = simulate(est, draws, seed) if samples is None else samples
    low, high, middle = summary_of(samples, level)
    return middle, low, high, *plain_reading(est, samples)


def plain_reading(est: Estimate, samples: np.ndarray) -> tuple[float, float]:
    """(the formula with every assumption at its central point, the share of the draws below it, ties counted
    half)."""
    plain = central(est)
    tie = 1e-9 * abs(plain)
    n = samples.size  # np.mean of the comparisons to the bit: a count over n, without summing them as floats
    below, ties = np.count_nonzero(samples < plain - tie) / n, np.count_nonzero(np.abs(samples - plain) <= tie) / n
    return plain, float(below + ties / 2)  # ties count half


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


class JudgementWarning(InputWarning):
    """A modelling judgement a researcher may change: reported by the build, never refused."""


def judgement_warnings(estimates: list[Estimate]) -> list[tuple[str, str, str]]:
    """(entry, field, message), one per assumption (shared ones once, named at the first estimate declaring it)
    whose parameters are typed numbers rather than read from a figure or external row: a researcher's
    judgement, allowed, named so a reader can find it and its reason."""
    users: dict[str, list[str]] = {}
    chosen: dict[str, Assumption] = {}
    for est in estimates:
        for a in est.assumptions:
            if a.typed:
                users.setdefault(a.identity, []).append(est.key)
                chosen[a.identity] = a
    return [(users[k][0], f"assumptions.{a.name}", f"judgement: assumption '{a.name}' ({', '.join(users[k])}): "
            f"{', '.join(f'{p}={a.parameters[p]:g}' for p in a.typed)} typed, not read from a figure or external row"
            + (f" ({a.judgement})" if a.judgement else "") + "; a modelling judgement, not refused: its reason says why")
            for k, a in chosen.items()]


def _assumption_text(a: Assumption) -> str:
    return f"{a.name} ~ {a.distribution}({a.parameters_text()})"


def load_estimates(draws: int = DRAWS, seed: int = SEED, level: float = LEVEL, *, path: Path | None = None,
                   context: Context | None = None) -> pd.DataFrame:
    """Every declared estimate (one row per scenario): central value, interval at ``level``, grade, caveat.

    Parameters
    ----------
    draws : int, default 100_000
        Monte Carlo draws per estimate and scenario.
    seed : int, default 20041108
        The random seed; the build's seed reproduces ``estimates.csv``.
    level : float, default 0.95
        The interval's coverage, strictly between 0 and 1.
    path : Path, optional
        The estimate declarations (default: the project's ``estimates.yml``).
    context : Context, optional
        The figures, sources and external tables the declarations resolve against; when none is given
        this front door reads the current project's (``declarations.default_context``).

    Returns
    -------
    pandas.DataFrame
        The rows of ``estimates.csv``, its period's dates as ``datetime64`` like every table the API returns
        (``estimates_table`` gives the build's form, ISO 8601 text).

    Raises
    ------
    ValueError
        When ``level`` or ``draws`` is out of range.
    csecstats.inputs.errors.ValidationFailed
        Listing every estimate that cannot be computed, all at once.
    """
    from ..tables.built import as_declared
    if context is None:  # a caller outside the build: this door reads the project itself
        context = declarations.default_context()
    return as_declared("estimates", estimates_table(context, path=path, draws=draws, seed=seed, level=level))


def estimates_table(context: Context, *, path: Path | None = None, draws: int = DRAWS, seed: int = SEED,
                    level: float = LEVEL) -> pd.DataFrame:
    """Every declared estimate (one row per scenario): central value, interval at ``level``, grade, caveat;
    the declarations resolved against ``context`` (no other input is read)."""
    if not 0 < level < 1 or draws < 1:
        raise ValueError("level must lie strictly between 0 and 1 and draws must be positive")
    rows, problems, where = [], [], str(path or paths.ESTIMATES_FILE)
    declared = declared_estimates(path, context)
    for entry, field, message in judgement_warnings(declared):
        warnings.warn(JudgementWarning(where, entry, field, message), stacklevel=2)
    # Two at a time: their draws, formulas and selections are numpy's, which releases the interpreter; each
    # result depends only on its own seeded streams, and the rows are put together below in declared order.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda est: _result(est, context, draws, seed, level), declared))
    for est, (result, summary, found) in zip(declared, results):
        if found:  # every estimate is computed; all problems reported at once
            problems += found
            continue
        if summary is not None:
            context.medians[(est.where, est.key, draws, seed)] = result[0]  # the value sensitivity measures from
        rows.append(_row(est, context, where, result, level, summary))
    raise_if_any(problems)
    return pd.DataFrame(rows, columns=columns("estimates"))


def _result(est: Estimate, context: Context, draws: int, seed: int, level: float) -> tuple:
    """((value, low, high, draws used), the plain reading and its percentile for Monte Carlo, problems)."""
    try:
        value, low, high, used, samples = _checked(est, draws, seed, level, context.drawn)
    except ValidationFailed as failed:
        return None, None, failed.problems
    summary = plain_reading(est, samples) if est.spec["method"] == "monte_carlo" else None
    return (value, low, high, used), summary, []


def _row(est: Estimate, context: Context, where: str, result: tuple, level: float, summary: tuple | None) -> dict:
    """One row of estimates.csv: the result with its lineage, definition, plain reading and caveats."""
    (value, low, high, used), s = result, est.spec
    has_interval = np.isfinite(value) and np.isfinite(low) and low < high
    return {"estimate_id": s["id"], "scenario": est.scenario, "quantity": s["quantity"], "value": value,
            "low": low, "high": high, "level": level if has_interval else np.nan,
            **_design_effect_cells(est), "unit": s["unit"], "period_start": est.period[0], "period_end": est.period[1],
            "geography": s["geography"], "definition": s["definition"], "measures": s["measures"],
            "method": s["method"], "inputs": _ids(r.removeprefix("external:") for r in est.refs),
            "origin_ids": _ids(context.origin(r) for r in est.refs),
            "accounts": "; ".join(dict.fromkeys(context.account(r) for r in est.refs)) or None,
            "assumptions": " | ".join(map(_assumption_text, est.assumptions)) or None, **_plain(summary),
            "shown": shown(value, low, high, s["unit"]),
            "evidence_grade": s["evidence_grade"], **_caveat_cells(where, s), "draws": used}


# Why no design effect applies, by method: the interval is not the sampling error of clustered units.
NO_DESIGN_EFFECT = {
    "monte_carlo": "none: the interval comes from the declared assumptions' draws, not from sampling units",
    "deterministic": "none: no interval is claimed", "as_published": "none: no interval is claimed",
    "range": "none: a range of readings, not a sampling interval"}


def _design_effect_cells(est: Estimate) -> dict:
    """``design_effect`` and its note: the declared one (Wilson, Poisson), or why none applies."""
    method = est.spec["method"]
    if method in NO_DESIGN_EFFECT:
        return {"design_effect": np.nan, "design_effect_note": NO_DESIGN_EFFECT[method]}
    declared = est.spec.get("design_effect") or {}
    return {"design_effect": design_effect(est),
            "design_effect_note": declared.get("reason", "1: units treated as independent (no clustering declared)")}


def _plain(summary: tuple | None) -> dict:
    """For Monte Carlo: the rule, the plain reading and its percentile in the draws; empty otherwise."""
    if summary is None:
        return {"central_rule": None, "plain_reading": np.nan, "plain_reading_percentile": np.nan}
    plain, percentile = summary
    # 0-100, the scale of reading_percentile and central_percentile (analysis.draws)
    return {"central_rule": CENTRAL_RULE, "plain_reading": plain, "plain_reading_percentile": 100 * percentile}


def _caveat_cells(where: str, spec: dict) -> dict:
    """The ``caveat`` and ``caveat_priority`` cells: texts and priorities in rank order, ' | '-joined."""
    caveats = read_caveats(where, spec["id"], "caveats", spec["caveats"])[0]
    return {"caveat": joined(caveats), "caveat_priority": joined(caveats, "priority")}


def assumptions_table(*, path: Path | None = None, context: Context) -> pd.DataFrame:
    """Every assumption as a row a non-programmer can read: estimate, assumption, distribution, parameters, reason."""
    rows = []
    for est in declared_estimates(path, context):
        for a in est.assumptions:
            lo, hi = a.ends()
            rows.append({"estimate_id": est.spec["id"], "scenario": est.scenario, "assumption": a.name,
                         "distribution": a.distribution,
                         "parameters": a.parameters_text(),
                         "low_end": lo, "central": a.central(), "high_end": hi, "effect": a.effect, "reason": a.reason})
    return pd.DataFrame(rows, columns=columns("assumptions"))


def _pinned(est: Estimate, name: str, value: float) -> Estimate:
    """The estimate with one assumption fixed at ``value``; the others keep their own streams."""
    fixed = [Assumption(a.name, "fixed", {"value": value}, {"value": value}, a.reason, a.effect) if a.name == name
             else a for a in est.assumptions]
    return dataclasses.replace(est, assumptions=fixed)


def _shown_value(est: Estimate, draws: int, seed: int, drawn: dict | None = None, **pinned: float) -> float:
    """The value a reader sees: the median of the draws for Monte Carlo (with any assumption pinned), else the
    formula at the central points; ``drawn`` as for ``simulate``."""
    if est.spec["method"] != "monte_carlo":
        return central(est, **pinned)
    for name, value in pinned.items():
        est = _pinned(est, name, value)
    with np.errstate(all="ignore"):
        return median(simulate(est, draws, seed, drawn=drawn))


def sensitivity(*, path: Path | None = None, context: Context, draws: int = DRAWS,
                seed: int = SEED) -> pd.DataFrame:
    """Tornado data, measured from the value shown: for a Monte Carlo estimate the median of its draws, and the
    median again with one assumption alone pinned at its low end and at its high end (the others drawn as in the
    build, from the same streams); for a formula without draws, the formula with the others central."""
    rows, drawn = [], context.drawn  # each assumption drawn once, whichever estimate, table or pinned variant meets it
    for est in declared_estimates(path, context):
        if est.formula is None:
            continue
        value = context.medians.get((est.where, est.key, draws, seed))  # estimates_table's, when it ran on this context
        value = _shown_value(est, draws, seed, drawn) if value is None else value
        for a in est.assumptions:
            lo, hi = a.ends()
            if lo == hi:
                continue
            at_low, at_high = (_shown_value(est, draws, seed, drawn, **{a.name: lo}),
                               _shown_value(est, draws, seed, drawn, **{a.name: hi}))
            rows.append({"estimate_id": est.spec["id"], "scenario": est.scenario, "assumption": a.name,
                         "assumption_low": lo, "assumption_high": hi, "value": value,
                         "value_at_low": at_low, "value_at_high": at_high, "swing": abs(at_high - at_low),
                         "swing_percent": abs(at_high - at_low) / abs(value) if value else np.nan,
                         "effect": "increases" if at_high > at_low else "decreases"})
    frame = pd.DataFrame(rows, columns=columns("sensitivity"))
    return frame.sort_values(["estimate_id", "scenario", "swing"], ascending=[True, True, False],
                             kind="stable", na_position="first").reset_index(drop=True)
