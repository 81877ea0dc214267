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

import re

import pandas as pd

from ..inputs.errors import Problem
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


# What a design effect's reason may say of its units: that none is declared (they do not cluster), that they
# cluster ('come in groups', 'cluster by establishment', 'confirmed or not together'), and that its value is the
# middle of the range the design-effects table shows (``DEFFS``).
SAYS_NONE = re.compile(r"\b(?:none declared|no grouping|do not cluster|independent of one another)\b", re.IGNORECASE)
SAYS_CLUSTERED = re.compile(r"\b(?:cluster(?:s|ed)? by|come in groups|in groups|grouped|together)\b", re.IGNORECASE)
SAYS_MIDDLE = re.compile(r"\bmiddle of the range\b", re.IGNORECASE)


def design_effect_problems(estimates: list[Estimate], where: str) -> list[Problem]:
    """A declared design effect is what its reason says (once per estimate): 1 where the reason declares none or
    says no grouping; more than 1 where it says units come in groups or cluster; the middle of ``DEFFS`` where it
    says it is the middle of the range the design-effects table shows. Victims rescued in groups from one raid are
    never given 1; the hotline's contacts, 'none declared', never 2.

    Parameters
    ----------
    estimates : list of Estimate
        The declared estimates (``declarations.declared_estimates``).
    where : str
        The estimates file, named in each problem.

    Returns
    -------
    list of Problem
    """
    found, seen = [], set()
    for est in estimates:
        deff = est.spec.get("design_effect")
        if not isinstance(deff, dict) or est.spec["id"] in seen or not isinstance(deff.get("reason"), str):
            continue
        seen.add(est.spec["id"])
        value, reason, messages = deff.get("value"), deff["reason"], []
        if none := SAYS_NONE.search(reason):
            messages += [f"{value}, but its reason declares none ({none.group(0)!r}): 1"] if value != 1 else []
        elif (clustered := SAYS_CLUSTERED.search(reason)) and value == 1:
            messages.append(f"1, but its reason says its units cluster ({clustered.group(0)!r})")
        middle = DEFFS[len(DEFFS) // 2]
        if SAYS_MIDDLE.search(reason) and value != middle:
            messages.append(f"{value}, but its reason calls it the middle of the range the design-effects table shows "
                            f"({', '.join(f'{d:g}' for d in DEFFS)}): {middle:g}")
        found += [Problem(where, est.spec["id"], "design_effect.value", m) for m in messages]
    return found
