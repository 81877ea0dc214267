"""What the charts' alt texts share: a value as the report states it, and rows of estimates with intervals.

Every exported chart carries a description a screen reader can speak: what is drawn, each value
as the report states it (``stated``), and what is not joined or compared. Each chart's own
description lives in its module, beside its data and drawing; here are the pieces several use.
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
