"""A quantity's declared tolerance rests on a revision the data shows (``tolerance_evidence_problems``).

``triangulation.yml`` may give a quantity its own ``tolerance`` (how far apart two independent accounts may be and
still agree) with a ``tolerance_reason``; ``register.qualifiers.tolerance_words_problem`` holds the tolerance to
the shares its reason prints. Here the reason is held to the rows: the revision it rests on ('the 2019 provisional
and final totals differ by 1.7%') is measured between two rows the quantity gathers, accounts of one count (one
origin, indicator, place and year) at two stages (described otherwise: provisional and final), to the precision it
prints. A tolerance widened on a difference the rows do not show, or on two accounts of different origins, would
turn a disagreement into agreement.
"""
from __future__ import annotations

import itertools
import re

import pandas as pd

from ..inputs.errors import Problem, brief

DIFFER_BY = re.compile(r"differ by (\d+(?:\.\d+)?)%")
ONE_COUNT = ("origin_id", "indicator", "geography", "year")  # what two stages of one count share


def revisions(frame: pd.DataFrame, quantity: str) -> list[tuple[str, str, float, float]]:
    """Each pair of rows of ``quantity`` that are two stages of one count (``ONE_COUNT`` alike, ``described_as``
    not), with their difference relative to the smaller and to the larger value.

    Parameters
    ----------
    frame : pandas.DataFrame
        The triangulation table.
    quantity : str
        A quantity's id.

    Returns
    -------
    list of (str, str, float, float)
    """
    rows = frame[frame["quantity"] == quantity].drop_duplicates("record_id")
    groups: dict[tuple, list[dict]] = {}
    for row in rows[["record_id", "value", "described_as", *ONE_COUNT]].to_dict("records"):
        if not pd.isna(row["value"]):
            groups.setdefault(tuple(str(row[c]) for c in ONE_COUNT), []).append(row)
    found = []
    for group in groups.values():
        for a, b in itertools.combinations(group, 2):
            if a["described_as"] == b["described_as"]:
                continue
            low, high = sorted((abs(float(a["value"])), abs(float(b["value"]))))
            if low > 0:
                found.append((a["record_id"], b["record_id"], (high - low) / low, (high - low) / high))
    return found


def tolerance_evidence_problems(frame: pd.DataFrame, reasons, where: str) -> list[Problem]:
    """Every declared tolerance's reason prints the revision it rests on ('differ by 1.7%'), and each such
    difference is that of two stages of one count the quantity gathers (``revisions``), to the decimals printed.

    Parameters
    ----------
    frame : pandas.DataFrame
        The triangulation table (``quantity``, ``record_id``, ``value``, ``described_as`` and ``ONE_COUNT``).
    reasons : mapping of str to str
        Each quantity with a declared tolerance, and its ``tolerance_reason``.
    where : str
        The triangulation file, named in each problem.

    Returns
    -------
    list of Problem
    """
    problems = []
    for quantity, reason in reasons.items():
        reason = str(reason or "")
        printed = DIFFER_BY.findall(reason)
        if not printed:
            problems.append(Problem(where, quantity, "tolerance_reason", (
                f"{brief(reason, 50)} prints no revision it rests on ('... differ by 1.7%'): a tolerance is measured "
                "between two stages of one count")))
            continue
        measured = revisions(frame, quantity)
        for share in printed:
            places = len(share.partition(".")[2])
            if not any(round(100 * d, places) == float(share) for *_, lo, hi in measured for d in (lo, hi)):
                seen = ", ".join(f"{a} and {b} {100 * lo:.1f}%" for a, b, lo, _ in measured[:3]) or "none"
                problems.append(Problem(where, quantity, "tolerance_reason", (
                    f"'differ by {share}%', but no two stages of one count it gathers (one origin, indicator, place "
                    f"and year) differ so (measured: {seen})")))
    return problems
