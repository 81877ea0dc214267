"""Alt text: each chart described in words from its data.

Every exported chart carries a description a screen reader can speak: what is drawn,
each value as the report states it (``stated``), and what is not joined or compared.
"""
from __future__ import annotations

import pandas as pd

from .data import QUALIFIER_WORDS

def stated(row: pd.Series) -> str:
    """A value in the report's own terms: 'over 14,000', 'about 18,256', '200-999'; a derived estimate as
    shown (rounded to what its interval supports: '11,000 (8,100 to 14,000)')."""
    if isinstance(row.get("shown"), str) and row["shown"] and row.get("origin") == "estimate":
        return row["shown"]
    if row["qualifier"] == "derived" and pd.notna(row["value"]):
        return f"{row['value']:,.0f} ({row['low']:,.0f}-{row['high']:,.0f})"
    if pd.notna(row["low"]) and pd.notna(row["high"]) and row["low"] != row["high"]:
        return f"{row['low']:,.0f}-{row['high']:,.0f}"
    return f"{QUALIFIER_WORDS.get(row['qualifier'], '')}{row['value']:,.0f}"


def describe_points(data: pd.DataFrame) -> str:
    """Alt text listing every point by group, in the report's words."""
    parts = []
    for group, rows in data.groupby("group", sort=False):
        points = ", ".join(f"{stated(r)} in {pd.Timestamp(r['period_start']).year} ({r['note']})" for _, r in rows.iterrows())
        parts.append(f"{group}: {points}")
    return ("Estimates of the number of sex workers over time, each geography a separate series "
            "and points from different sources not joined. " + "; ".join(parts) + ".")


def describe_bars(data: pd.DataFrame) -> str:
    """Alt text listing every bar with its actor."""
    items = "; ".join(f"{' '.join(r['label'].split())}: {stated(r)} ({r['actor']})" for _, r in data.iterrows())
    return f"Bar chart, one bar per figure in the report, {data['unit'].iloc[0]}: {items}."


def describe_intervals(data: pd.DataFrame) -> str:
    """Alt text listing every estimate with its interval and grade."""
    fmt = (lambda v: f"{v:.1%}") if data["value"].dropna().max() <= 1 else (lambda v: f"{v:,.0f}")
    items = []
    for _, r in data.iterrows():
        value = fmt(r["value"]) if pd.notna(r["value"]) else "no central value"
        span = f" ({fmt(r['low'])} to {fmt(r['high'])})" if pd.notna(r["low"]) and pd.notna(r["high"]) else ""
        if isinstance(r.get("shown"), str) and r["shown"] and r.get("origin") == "estimate":
            value, span = r["shown"], ""  # as shown: rounded to the precision its interval supports
        items.append(f"{' '.join(r['label'].split())}: {value}{span}, grade {r['evidence_grade']}")
    return "Dot-and-interval chart, one row per estimate: " + "; ".join(items) + "."


def describe_tornado(data: pd.DataFrame) -> str:
    """Alt text: each assumption's swing in percent."""
    items = "; ".join(f"{' '.join(r['label'].split())}: {r['change_at_low']:+.0%} to {r['change_at_high']:+.0%}"
                      for _, r in data.iterrows())
    return "Tornado chart of one-at-a-time sensitivity: " + items + "."


def describe_enforcement_2003(data: pd.DataFrame) -> str:
    """Alt text: the counts, then the shares with intervals."""
    counts = "; ".join(f"{r['label']}: {r['value']:,.0f}" for _, r in data[data["panel"] == "count"].iterrows())
    shares = "; ".join(f"{' '.join(r['label'].split())}: {r['value']:.1%} ({r['low']:.1%} to {r['high']:.1%})"
                       for _, r in data[data["panel"] == "share"].iterrows())
    return f"Bar chart of the report's 2003 enforcement counts: {counts}. Below, the shares derived: {shares}."


def describe_series(data: pd.DataFrame) -> str:
    """Alt text: every release by panel, with reporter and period marks."""
    parts = []
    for panel, rows in data.groupby("panel", sort=False):
        items = ", ".join(f"{r['value']:,.0f} in {r['year']}" + (f" ({r['note']})" if r["note"] else "")
                          + f" by {r['reporter']}" for _, r in rows.iterrows())
        parts.append(f"{panel}: {items}")
    return "Three panels of enforcement figures over time, releases for the same year side by side: " + \
        "; ".join(parts) + "."
