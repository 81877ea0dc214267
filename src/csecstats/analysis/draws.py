"""The Monte Carlo draws behind each estimate, as a tidy frame.

``estimate_draws()`` gives, for every draw of a ``monte_carlo`` estimate, the value
and every assumption value it was computed from: the same draws the build's
intervals come from (``estimates.simulate`` with the same seed and count), not a
second sampler. It observes what ``simulate`` hands the formula, so whatever the
declarations say (distributions, scenarios, inputs drawn at random) the frame says too.

Memory: ``value`` and each assumption are float64 (8 bytes a draw), ``draw`` is int32,
``estimate_id`` and ``scenario`` are categoricals (1 byte a draw each): one estimate with k
assumptions takes 14 + 8k bytes a draw, and building it peaks at about twice the frame (one
estimate's draws are held while copied in; no consolidation copy). Several estimates share
the union of their assumption columns, empty (NaN) where an estimate has no such assumption,
so at 10^6 draws select one estimate at a time. ``benchmarks/draws.py`` (``make bench``)
prints bytes per draw, peak memory and time beside the estimates' own computation.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..inputs import paths
from ..inputs.errors import raise_if_any
from ..register.lineage import load_lineage
from .declarations import Context, Estimate, declared_estimates, default_context
from .external import declared_sources
from .estimates import DRAWS, SEED, quantile_interval, simulate

KEYS = ["estimate_id", "scenario", "draw", "value"]
# Quantile pairs (0.5%-99.5%, 2.5%-97.5%, 5%-95%, 10%-90%, 25%-75%) and the median (level 0).
LEVELS = (0.99, 0.95, 0.9, 0.8, 0.5, 0.0)


def whole(name: str, given: object, minimum: int) -> int:
    """``given`` as an int if it is a whole number (``10_000``, ``np.int64(10_000)``, ``1e4``) of at least
    ``minimum``; otherwise a ``TypeError``/``ValueError`` naming the argument and what it got."""
    if isinstance(given, bool) or not isinstance(given, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a whole number, not {given!r}")
    if not float(given).is_integer():
        raise ValueError(f"{name} must be a whole number, not {given!r}")
    if int(given) < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {given!r}")
    return int(given)


def joint_draws(est: Estimate, draws: int, seed: int = SEED) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(values, {name: values}) of one estimate: the formula's result and each name it was evaluated on.

    Names are the declared assumptions (a fixed one repeated) followed by any other name
    ``simulate`` drew at random; inputs that stay one number are left out.
    """
    seen: dict[str, object] = {}

    def observed(env: dict) -> object:
        seen.update(env)
        return est.formula(env)

    values = simulate(dataclasses.replace(est, formula=observed), draws, seed)
    names = [a.name for a in est.assumptions]
    names += [k for k, v in seen.items() if np.ndim(v) and k not in names]
    return values, {k: np.broadcast_to(np.asarray(seen[k], dtype=float), (draws,)) for k in names}


def monte_carlo(estimates: list[Estimate], estimate_id: str | None = None,
                scenario: str | None = None) -> list[Estimate]:
    """The Monte Carlo estimates selected by id and scenario; ``ValueError`` naming what exists if none match."""
    chosen = [e for e in estimates if e.spec["method"] == "monte_carlo"
              and estimate_id in (None, e.spec["id"]) and scenario in (None, e.scenario)]
    if not chosen:
        known = sorted({e.key for e in estimates if e.spec["method"] == "monte_carlo"})
        asked = "/".join(str(x) for x in (estimate_id, scenario) if x is not None)
        raise ValueError(f"no Monte Carlo estimate {asked!r}; Monte Carlo estimates: {', '.join(known)}")
    return chosen


def estimate_draws(estimate_id: str | None = None, *, scenario: str | None = None, draws: int = DRAWS,
                   seed: int = SEED, path: Path | None = None, context: Context | None = None) -> pd.DataFrame:
    """Every draw of the selected Monte Carlo estimates (all of them by default), one row per draw.

    Columns: ``estimate_id``, ``scenario`` (categoricals; scenario empty when the estimate
    has one reading), ``draw`` (0 to draws-1), ``value``, then one float column per
    assumption. With the build's ``draws`` and ``seed`` the (1-level)/2 and (1+level)/2
    quantiles of ``value`` are the interval in ``estimates.csv``.

    Parameters
    ----------
    estimate_id : str, optional
        One Monte Carlo estimate (default: every one).
    scenario : str, optional
        One scenario of it (default: every scenario).
    draws : int, default 100_000
        Draws per estimate and scenario; a whole float such as ``1e4`` is accepted.
    seed : int, default 20041108
        The random seed; the build's seed reproduces its intervals.
    path : Path, optional
        The estimate declarations (default: the project's ``estimates.yml``).
    context : Context, optional
        The figures, sources and external tables the declarations resolve against; when none is given
        this front door reads the current project's (``declarations.default_context``).

    Returns
    -------
    pandas.DataFrame
        One row per draw.

    Raises
    ------
    TypeError, ValueError
        For an argument of the wrong type or out of range, naming it; ``ValueError`` listing the
        Monte Carlo estimates when ``estimate_id``/``scenario`` match none.
    """
    draws, seed = whole("draws", draws, minimum=1), whole("seed", seed, minimum=0)
    for name, given in (("estimate_id", estimate_id), ("scenario", scenario)):
        if given is not None and not isinstance(given, str):
            raise TypeError(f"{name} must be a string (an id from estimates.csv) or None, not {given!r}")
    if context is None:  # the front door used alone: it reads the project's tables itself
        context = default_context()
    chosen = monte_carlo(declared_estimates(path, context), estimate_id, scenario)
    rows = draws * len(chosen)
    value, named_columns = np.empty(rows), {}
    for i, est in enumerate(chosen):  # one estimate's draws at a time: peak memory is the frame plus one estimate
        values, named = joint_draws(est, draws, seed)
        at = slice(i * draws, (i + 1) * draws)
        value[at] = values
        for name, column in named.items():
            if name not in named_columns:  # an assumption's column made once, where it first appears
                named_columns[name] = np.full(rows, np.nan)
            named_columns[name][at] = column
    columns = {"estimate_id": _repeated([e.spec["id"] for e in chosen], draws),
               "scenario": _repeated([e.scenario for e in chosen], draws),
               "draw": np.tile(np.arange(draws, dtype=np.int32), len(chosen)), "value": value, **named_columns}
    return pd.DataFrame(columns, copy=False)  # no consolidation copy: each column stays its own array


def built_context(t: Mapping[str, pd.DataFrame]) -> Context:
    """The context the built tables give: their figures, sources and declared external tables, with the
    project's lineage. A reader of the built tables (a chart, a notebook) resolves the declarations against what
    it reads instead of reading and checking the register again; with the build's seed and count the draws are
    the build's.

    Parameters
    ----------
    t : mapping of str to pandas.DataFrame
        The built tables (``csecstats.built_tables()``).

    Returns
    -------
    Context
    """
    sources, problems = declared_sources(Path(paths.EXTERNAL), None)
    lineage, more = load_lineage()
    raise_if_any(problems + more)
    return Context(t["figures"], t["sources"], [t[s.name].set_index(s.id_column) for s in sources.declared], lineage)


def _repeated(labels: list[str | None], draws: int) -> pd.Categorical:
    """Each label ``draws`` times, as a categorical in first-seen order (missing scenarios stay missing)."""
    categories = [x for x in dict.fromkeys(labels) if x is not None]
    width = np.int8 if len(categories) < 127 else np.int32  # one byte a draw for up to 126 estimates
    codes = np.repeat(np.array([categories.index(x) if x is not None else -1 for x in labels], dtype=width), draws)
    return pd.Categorical.from_codes(codes, categories=categories)


def draw_quantiles(frame: pd.DataFrame, central: pd.DataFrame | None = None,
                   levels: tuple[float, ...] = LEVELS) -> pd.DataFrame:
    """One row per estimate and scenario: the draws' quantiles, and where the central value falls.

    Each ``level`` gives the pair of quantiles (1-level)/2 and (1+level)/2 by the build's own rule
    (``estimates.quantile_interval``), so at the build's level they are exactly its interval;
    level 0 gives the median. ``central`` (``estimate_id``, ``scenario``, ``value``, e.g.
    estimates.csv) adds ``value`` and ``central_percentile``: the percentage of draws below it,
    ties counted half; and ``reading`` with ``reading_percentile``, the same for the plain reading
    of the words (``plain_reading``, every printed number as it stands) where the table gives one,
    else for the central value: where the number a reader would quote falls among the draws.
    """
    rows = []
    every = frame["value"].to_numpy()
    for (estimate_id, scenario), at in groups(frame):
        values = every[at]
        row = {"estimate_id": estimate_id, "scenario": None if pd.isna(scenario) else scenario, "draws": values.size}
        ends = {level: quantile_interval(values, level) for level in levels}
        row.update({quantile_column((1 - level) / 2): ends[level][0] for level in levels})
        row.update({quantile_column((1 + level) / 2): ends[level][1] for level in reversed(levels) if level})
        if central is not None:
            value = _central(central, estimate_id, row["scenario"], "value")
            plain = _central(central, estimate_id, row["scenario"], "plain_reading") if "plain_reading" in central \
                else float("nan")
            reading = value if np.isnan(plain) else plain
            if "unit" in central:
                row["unit"] = central.loc[central["estimate_id"] == estimate_id, "unit"].iloc[0]
            row.update({"value": value, "central_percentile": percentile(values, value),
                        "reading": reading, "reading_percentile": percentile(values, reading)})
        rows.append(row)
    return pd.DataFrame(rows)


def percentile(values: np.ndarray, x: float) -> float:
    """Percentage of ``values`` below ``x``, values equal to it counted half."""
    return float(100 * ((values < x).sum() + (values == x).sum() / 2) / values.size)


def _central(table: pd.DataFrame, estimate_id: str, scenario: str | None, column: str) -> float:
    """``column`` (the central value, or the plain reading) of one estimate and scenario in an estimates table."""
    rows = table[(table["estimate_id"] == estimate_id)
                 & (table["scenario"].isna() if scenario is None else table["scenario"] == scenario)]
    if len(rows) != 1:
        raise ValueError(f"expected one row for {estimate_id} {scenario or ''} in the estimates table, found {len(rows)}")
    return float(rows[column].iloc[0])


def quantile_column(p: float) -> str:
    """0.025 -> 'q2.5', 0.5 -> 'q50': the column holding that quantile, named in percent."""
    return f"q{p * 100:g}"


def influence(frame: pd.DataFrame) -> pd.DataFrame:
    """How strongly each assumption drives each estimate across the joint draws.

    ``rank_correlation``: Spearman correlation of the assumption with the value; its square
    is roughly the share of the value's spread that assumption explains when the formula
    is monotone in it. Fixed assumptions (no spread) are left out. Strongest first.
    """
    columns = {c: frame[c].to_numpy(dtype=float) for c in frame.columns if c not in KEYS}
    every = frame["value"].to_numpy(dtype=float)
    rows = []
    for (estimate_id, scenario), at in groups(frame):
        value_rank = None
        for name, column in columns.items():
            drawn = column[at]
            present = drawn[~np.isnan(drawn)]
            if not present.size or present.min() == present.max():  # no draws, or one value: no spread
                continue
            value_rank = ranks(every[at]) if value_rank is None else value_rank
            rho = float(np.corrcoef(ranks(drawn), value_rank)[0, 1])
            rows.append({"estimate_id": estimate_id, "scenario": None if pd.isna(scenario) else scenario,
                         "assumption": name, "rank_correlation": rho, "explained": rho * rho})
    out = pd.DataFrame(rows, columns=["estimate_id", "scenario", "assumption", "rank_correlation", "explained"])
    return out.sort_values(["estimate_id", "scenario", "explained"], ascending=[True, True, False],
                           kind="stable", na_position="first").reset_index(drop=True)


def groups(frame: pd.DataFrame) -> list[tuple[tuple[object, object], slice | np.ndarray]]:
    """((estimate_id, scenario), rows) of each estimate and scenario in first-seen order (a missing scenario
    NaN), the rows as positions: one column at a time is read from them, never every column of the frame
    copied group by group. A group in one run of rows, as ``estimate_draws`` lays them out, is a slice."""
    ids, scenarios = frame["estimate_id"], frame["scenario"]
    if isinstance(ids.dtype, pd.CategoricalDtype) and isinstance(scenarios.dtype, pd.CategoricalDtype):
        number = (ids.cat.codes.to_numpy(np.int64) * (len(scenarios.cat.categories) + 1)
                  + scenarios.cat.codes.to_numpy(np.int64) + 1)
    else:
        number = frame.groupby(["estimate_id", "scenario"], sort=False, dropna=False).ngroup().to_numpy()
    if not number.size:
        return []
    starts = np.flatnonzero(np.r_[True, number[1:] != number[:-1]])
    if np.unique(number[starts]).size == starts.size:  # each group one run of rows
        firsts, rows = starts, [slice(a, b) for a, b in zip(starts, [*starts[1:], number.size])]
    else:
        _, firsts, inverse = np.unique(number, return_index=True, return_inverse=True)
        seen = np.argsort(firsts)
        firsts, rows = firsts[seen], [np.flatnonzero(inverse == k) for k in seen]
    return [((ids.iloc[f], scenarios.iloc[f]), at) for f, at in zip(firsts, rows)]


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties given their average rank and missing values none: pandas' ``Series.rank()``, with
    one sort when no two values tie."""
    order = np.argsort(values)
    ordered = values[order]
    if not values.size or np.isnan(ordered[-1]) or not (ordered[1:] > ordered[:-1]).all():  # ties, missing
        return pd.Series(values).rank().to_numpy()
    out = np.empty(values.size)
    out[order] = np.arange(1.0, values.size + 1.0)
    return out


def beside_sensitivity(strength: pd.DataFrame, sensitivity: pd.DataFrame) -> pd.DataFrame:
    """``influence()`` beside the one-at-a-time sensitivity table, with each assumption's rank in both.

    ``rank_in_draws`` orders by the share of the draws' spread explained (jointly, every assumption
    drawn); ``rank_by_swing`` by the swing when the assumption alone moves end to end (others central).
    The two can disagree when a wide assumption is unlikely at its ends (a triangular one) or when
    assumptions interact in the formula.
    """
    keys = ["estimate_id", "scenario", "assumption"]
    swing = sensitivity[keys + ["swing"]].astype({"scenario": object})
    swing = swing.assign(scenario=swing["scenario"].where(swing["scenario"].notna(), None))
    out = strength.merge(swing, on=keys, how="left", validate="one_to_one")
    group = out.groupby(["estimate_id", "scenario"], dropna=False, sort=False)
    out["rank_in_draws"] = group["explained"].rank(ascending=False, method="min").astype(int)
    out["rank_by_swing"] = group["swing"].rank(ascending=False, method="min").astype("Int64")
    return out
