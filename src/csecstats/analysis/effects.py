"""Declared effects are true: each assumption's ``effect`` checked against its formula. Stage 11.

An assumption in ``estimates.yml`` may declare that raising it ``increases`` or ``decreases`` the
estimate. The declaration is what a reader of the assumptions table trusts, so the build checks it
numerically: the formula, every other assumption at its central point, is evaluated at the
assumption's lowest value, its central point and its highest value, and must move the declared way
(strictly from end to end, never back between them). An assumption fixed at one value has no
direction to check.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..inputs.errors import Problem
from .declarations import Assumption, Estimate
from .estimates import central


def effect_problem(est: Estimate, assumption: Assumption) -> str | None:
    """Why an assumption's declared effect is not what its formula does, or None.

    Parameters
    ----------
    est : Estimate
        The estimate whose formula is evaluated.
    assumption : Assumption
        One of its assumptions.

    Returns
    -------
    str or None
        The message, or None when the effect holds or there is nothing to check.
    """
    if assumption.effect not in ("increases", "decreases") or est.formula is None:
        return None
    low, high = assumption.ends()
    if low == high:
        return None
    points = [low, assumption.central(), high]
    values = [central(est, **{assumption.name: x}) for x in points]
    if any(v != v for v in values):  # NaN: the formula's own problem, reported by the estimate
        return None
    rising = values[0] < values[2] and values[0] <= values[1] <= values[2]
    falling = values[0] > values[2] and values[0] >= values[1] >= values[2]
    if (assumption.effect == "increases" and rising) or (assumption.effect == "decreases" and falling):
        return None
    shown = ", ".join(f"{v:.6g}" for v in values)
    return (f"declared to {assumption.effect[:-1]} the estimate, but the formula gives {shown} at "
            f"{', '.join(f'{x:.6g}' for x in points)} (every other assumption at its central point)")


def effect_problems(estimates: Iterable[Estimate], where: str) -> list[Problem]:
    """The declared effects their formulas contradict, as problems.

    ``effect_problem`` for every assumption of every estimate and scenario, each named
    ``PATH: ESTIMATE_ID: assumptions[N].effect`` (the scenario named in the entry when there is one).

    Parameters
    ----------
    estimates : iterable of Estimate
        Every estimate and scenario.
    where : str
        The file, named in each problem.

    Returns
    -------
    list of Problem
    """
    problems = []
    for est in estimates:
        for i, assumption in enumerate(est.assumptions, start=1):
            message = effect_problem(est, assumption)
            if message:
                problems.append(Problem(where, est.key, f"assumptions[{i}].effect", message))
    return problems
