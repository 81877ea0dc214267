"""Design-effect sensitivity of the Wilson and Poisson intervals.

Both intervals assume independent units. Sex workers are counted by establishment and
victims come in groups from one raid, so units cluster and the intervals are too
narrow. With a design effect ``deff`` (the variance inflation from clustering) the
information in ``n`` clustered units is that of ``n / deff`` independent ones (Kish's
effective sample size): the Wilson interval is recomputed on the effective sample, the
Poisson interval on the count divided by ``deff`` and scaled back (a quasi-Poisson
reading). ``deff = 1`` gives the estimates table's intervals exactly.
"""
from __future__ import annotations

import pandas as pd

from ..tables.declared import columns
from .estimates import LEVEL, Estimate, declared_estimates, poisson_deff, wilson_deff  # noqa: F401 (re-exported)

DEFFS = (1.0, 2.0, 4.0)


def _rows(est: Estimate, level: float) -> list[dict]:
    s, rows = est.spec, []
    for deff in DEFFS:
        if s["method"] == "wilson":
            k, n = est.inputs[s["successes"]], est.inputs[s["trials"]]
            (low, high), value, units = wilson_deff(k, n, deff, level), k / n, n
        else:
            k, base = est.inputs[s["count"]], est.inputs[s["per"]]
            low, high = (b / base for b in poisson_deff(k, deff, level))
            value, units = k / base, k
        rows.append({"estimate_id": s["id"], "scenario": est.scenario, "method": s["method"], "deff": deff,
                     "units": units, "effective_units": units / deff, "value": value, "low": low, "high": high,
                     "level": level})
    return rows


def design_effects(estimates: list[Estimate], level: float = LEVEL) -> pd.DataFrame:
    """One row per Wilson or Poisson estimate (``declarations.declared_estimates``) and design effect (1, 2, 4).

    The interval if units cluster.

    Parameters
    ----------
    estimates : list of Estimate
        The estimates (``declarations.declared_estimates``); only Wilson and Poisson ones are used.
    level : float, default LEVEL
        The intervals' confidence level.

    Returns
    -------
    pandas.DataFrame
        The ``design_effects`` table.
    """
    chosen = [e for e in estimates if e.spec["method"] in ("wilson", "poisson_exact")]
    return pd.DataFrame([r for e in chosen for r in _rows(e, level)], columns=columns("design_effects"))
