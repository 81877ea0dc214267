"""The references a table keeps in a list cell, one row each, so that each is a foreign key.

``checks.csv`` names its figures in ``figure_ids``, ``estimates.csv`` its inputs in
``inputs``, ``triangulation.csv`` a report figure in ``record_id`` and
``tip_enforcement.csv`` its breaks in ``breaks`` and ``straddles``, ``denominators.csv`` its
population accounts in ``population_ids``: lists and mixed
columns that no Table Schema can check. ``figure_references`` and ``tip_breaks`` give
each reference its own row; ``datapackage.json`` declares them as foreign keys, the build
refuses a dangling one and frictionless checks them.
"""
from __future__ import annotations

import pandas as pd
from ..inputs import frames


def _ids(cell) -> list[str]:
    return cell.split() if isinstance(cell, str) else []


def figure_references(built: dict[str, pd.DataFrame], source_ids: set[str]) -> pd.DataFrame:
    """(record_kind, record_id, figure_id) for every figure a check, an estimate or a triangulation row names.

    An estimate input that is a declared source's row id is not a figure and is left out.

    Parameters
    ----------
    built : dict of str to pandas.DataFrame
        The built tables by name (``checks``, ``estimates``, ``triangulation``).
    source_ids : set of str
        The row ids of declared sources, which are not figures.

    Returns
    -------
    pandas.DataFrame
    """
    rows = [("check", r.check_id, f) for r in frames.rows(built["checks"]) for f in _ids(r.figure_ids)]
    rows += [("estimate", r.estimate_id, f) for r in frames.rows(built["estimates"])
             for f in _ids(r.inputs) if f not in source_ids]
    report = built["triangulation"][built["triangulation"]["origin"] == "report"]
    rows += [("triangulation", r, r) for r in report["record_id"]]
    frame = pd.DataFrame(rows, columns=["record_kind", "record_id", "figure_id"]).drop_duplicates()
    return frame.reset_index(drop=True)


def tip_breaks(tip: pd.DataFrame) -> pd.DataFrame:
    """(tip_id, break_id, relation) for every break a TIP figure lies inside or straddles.

    Parameters
    ----------
    tip : pandas.DataFrame
        The ``tip_enforcement`` table (its ``tip_id``, ``breaks`` and ``straddles`` columns).

    Returns
    -------
    pandas.DataFrame
    """
    rows = [(r.tip_id, b, relation) for r in frames.rows(tip)
            for relation, cell in (("inside", r.breaks), ("straddles", r.straddles)) for b in _ids(cell)]
    return pd.DataFrame(rows, columns=["tip_id", "break_id", "relation"])


def denominator_accounts(denominators: pd.DataFrame) -> pd.DataFrame:
    """(denominator_id, population_id) for every population account a denominator uses.

    Parameters
    ----------
    denominators : pandas.DataFrame
        The ``denominators`` table.

    Returns
    -------
    pandas.DataFrame
    """
    rows = [(r.denominator_id, p) for r in frames.rows(denominators) for p in _ids(r.population_ids)]
    return pd.DataFrame(rows, columns=["denominator_id", "population_id"]).drop_duplicates().reset_index(drop=True)
