"""The rows each chart draws, as references into the processed tables.

A chart's manifest entry lists every row behind its marks by table and key (``chart_rows``), so a
reader can go from a point to the row, its quote and its lineage. The table a row comes from is
declared: a chart that draws rows of one table (rates, sensitivity) says so; otherwise a row's origin
names it (the report's figures, this project's estimates, or one of the external tables). A reference
that does not resolve to exactly one row stops the export, naming chart, row and table.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

# Each table's key columns, in the order a reference gives them (the chart frames call the first 'figure_id').
KEYS = {
    "figures": ("figure_id",), "estimates": ("estimate_id", "scenario"),
    "sensitivity": ("estimate_id", "scenario", "assumption"), "rates": ("numerator_id",),
    "external_estimates": ("external_id",), "external_enforcement": ("external_id",), "tip_enforcement": ("tip_id",),
}
BY_ORIGIN = {"report": ("figures",), "estimate": ("estimates",),
             "external": ("external_estimates", "external_enforcement", "tip_enforcement")}


def _key(row: pd.Series, columns: tuple[str, ...]) -> tuple:
    """A row's key in a table's columns: 'figure_id' for the first, the row's own column for the rest."""
    values = [row["figure_id"]] + [row.get(c) for c in columns[1:]]
    return tuple(None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values)


def _index(table: pd.DataFrame, columns: tuple[str, ...]) -> dict[tuple, int]:
    """How many rows of ``table`` have each key (missing cells as None)."""
    keys = table[list(columns)].astype(object).where(table[list(columns)].notna(), None)
    counts: dict[tuple, int] = {}
    for key in keys.itertuples(index=False, name=None):
        key = tuple(None if v is None else str(v) for v in key)
        counts[key] = counts.get(key, 0) + 1
    return counts


def chart_rows(chart_id: str, data: pd.DataFrame, t: Mapping[str, pd.DataFrame], table: str | None = None) -> list[dict]:
    """``{'table', <key columns>}`` for every distinct row a chart draws, in drawing order.

    Raises ValueError listing every row that resolves to no row, or to more than one, of its table.
    """
    origins = set(data["origin"]) if "origin" in data else {None}
    needed = {table} if table else {name for origin in origins for name in BY_ORIGIN.get(origin, ())}
    indexes = {name: _index(t[name], KEYS[name]) for name in KEYS if name in t and name in needed}
    out: list[dict] = []
    problems = []
    for _, row in data.iterrows():
        candidates = (table,) if table else BY_ORIGIN.get(row.get("origin"), ())
        found = [(name, key) for name in candidates if name in indexes
                 for key in [_key(row, KEYS[name])] for _ in range(indexes[name].get(key, 0))]
        if len(found) != 1:
            problems.append(f"{chart_id}: row {row['figure_id']}: resolves to {len(found)} rows of "
                            f"{' or '.join(candidates) or 'no declared table'}, expected 1")
            continue
        name, key = found[0]
        ref = {"table": name, **{c: v for c, v in zip(KEYS[name], key) if v is not None}}
        if ref not in out:
            out.append(ref)
    if problems:
        raise ValueError("; ".join(problems))
    return out
