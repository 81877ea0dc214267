"""An estimate speaks of what its inputs speak of: its geography, definition and measures are those of the figures
and rows it reads, and its period starts within theirs.

A curator who moves an estimate of Phnom Penh's sex workers to Cambodia, calls it brothel-based or a measure of
detection, or dates it years after every number it rests on, is refused, naming file, estimate and field. An
estimate may speak of one of its inputs' places (a national share applied to Phnom Penh is Phnom Penh's), never of
a place none of them is about. An estimate with a number typed as a judgement (not read from a figure or row)
is held to its inputs' measures only: the typed number may be of its own place, definition and time.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..inputs.errors import Problem, brief
from .declarations import Context, Estimate

TERMS = ("geography", "definition", "measures")


def coherence_problems(estimates: Iterable[Estimate], context: Context, where: str) -> list[Problem]:
    """Each estimate's (and scenario's) geography, definition and measures against those of its inputs, and its
    period's start against theirs.

    Parameters
    ----------
    estimates : iterable of Estimate
        Every estimate and scenario, inputs resolved.
    context : Context
        The figures and external rows the inputs resolve against.
    where : str
        The estimates file, named in each problem.

    Returns
    -------
    list of Problem
    """
    problems = []
    for est in estimates:
        rows = [_row(context, ref) for ref in dict.fromkeys(est.refs)]
        rows = [r for r in rows if r is not None]
        if not rows:
            continue
        typed = any(a.typed for a in est.assumptions)  # a number typed as a judgement speaks of the estimate itself
        for term in ("measures",) if typed else TERMS:
            said = est.spec.get(term)
            theirs = sorted({str(r[term]) for r in rows if isinstance(r.get(term), str)})
            if isinstance(said, str) and theirs and said not in theirs:
                problems.append(Problem(where, est.key, term, f"{brief(said, 40)}: its inputs' are "
                                                              f"{_listed(theirs)}"))
        message = None if typed else _period_problem(est.period[0], rows)
        if message:
            problems.append(Problem(where, est.key, "period", message))
    return problems


def _listed(values: list[str]) -> str:
    """Two values by name, more by their count (a message stays one short line)."""
    return " and ".join(brief(v, 30)[1:-1] for v in values) if len(values) <= 2 else f"{len(values)} others"


def _row(context: Context, ref: str) -> dict | None:
    """The figure or external row an input names, as a dict (None if it has no row)."""
    base = ref.split(".", 1)[0]
    if base.startswith("external:"):
        key = base.removeprefix("external:")
        return context.external.loc[key].to_dict() if key in context.external.index else None
    return context.figures.loc[base].to_dict() if base in context.figures.index else None


def _period_problem(start, rows: list[dict]) -> str | None:
    """An estimate's period starts no earlier than its inputs' first and no later than their last day."""
    starts = [pd.Timestamp(r["period_start"]) for r in rows if pd.notna(r.get("period_start"))]
    ends = [pd.Timestamp(r["period_end"]) for r in rows if pd.notna(r.get("period_end"))]
    if start is None or pd.isna(start) or not starts or not ends:
        return None
    start = pd.Timestamp(start)
    first, last = min(starts), max(ends)
    if first <= start <= last:
        return None
    return (f"starts {start.date()}, outside the periods of its inputs ({first.date()} to {last.date()}): an "
            "estimate speaks of the time its numbers speak of")
