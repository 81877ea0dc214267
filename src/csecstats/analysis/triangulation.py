"""Every published value for a quantity, report and external, side by side; disagreement flagged. Stage 11.

What is compared is declared in ``data/raw/triangulation.yml``: which report and
external indicators measure each quantity, and which estimates turn report figures
into comparable values (the report's trafficked share of its national total, say).
Rows are compared only within the same quantity, indicator (definition), place and
year, and never across a part-year and a full-year period. A row is flagged when
its value (or its interval: a lower bound reaches to infinity) does not overlap
the value of a row from another source in its group. The TIP reports' figures
(``analysis.tip``) join them; where two accounts read one TIP number as different
indicators or periods, both rows are flagged too. Disagreement is shown, not
resolved: no row is dropped or averaged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .estimates import load_estimates
from .external import load_external_enforcement, load_external_estimates
from .tip import conflicting_readings, load_tip, triangulation_rows
from ..register.grades import external_grade
from ..inputs import paths
from ..inputs.errors import Problem, raise_if_any
from ..register.load import check_fields, entries, load_vocabulary, read_yaml_keys
from ..tables.declared import columns
from ..tables.figures import load_tables

TRIANGULATION_FILE = paths.RAW / "triangulation.yml"
QUANTITY_FIELDS = {"id": (str,), "report_indicators": (list,), "external_indicators": (list,),
                   "geography": (str, type(None))}
ESTIMATE_FIELDS = {"id": (str,), "quantity": (str,), "indicator": (str,)}


@dataclass(frozen=True)
class Comparisons:
    """What is compared (``data/raw/triangulation.yml``): quantity -> (report indicators, external
    indicators, geography or None for any), and estimate id -> (quantity, indicator)."""

    quantities: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None]]
    estimates: dict[str, tuple[str, str]]


def load_comparisons(path: Path | None = None) -> Comparisons:
    """The declared quantities and estimate rows, checked; ``ValidationFailed`` lists every problem."""
    path = Path(path or TRIANGULATION_FILE)
    where = str(path)
    parts, problems = read_yaml_keys(path, ("quantities", "estimates"))
    quantities, estimates = {}, {}
    if parts:
        pairs, problems = entries(where, parts["quantities"])
        for entry_id, entry in pairs:
            found = check_fields(where, entry_id, entry, QUANTITY_FIELDS, {})
            problems += found
            if not found:
                quantities[entry_id] = (tuple(entry["report_indicators"]), tuple(entry["external_indicators"]),
                                        entry["geography"])
        pairs, found = entries(where, parts["estimates"])
        problems += found
        for entry_id, entry in pairs:
            found = check_fields(where, entry_id, entry, ESTIMATE_FIELDS, {})
            if not found and entry["quantity"] not in quantities:
                found = [Problem(where, entry_id, "quantity", f"unknown quantity '{entry['quantity']}'")]
            problems += found
            if not found:
                estimates[entry_id] = (entry["quantity"], entry["indicator"])
    raise_if_any(problems)
    return Comparisons(quantities, estimates)


def _report_rows(figures: pd.DataFrame, sources: pd.DataFrame, quantities: dict) -> list[dict]:
    """Report figures of each quantity."""
    descriptions = {k: v["description"] for k, v in load_vocabulary()[0].indicators.items()}
    grades = dict(zip(figures["figure_id"], figures["evidence_grade"]))
    authors = dict(zip(sources["source_id"], sources["author"] + " " + sources["year"].astype(str)))
    rows = []
    for quantity, (report_indicators, _, geography) in quantities.items():
        chosen = figures[figures["indicator"].isin(report_indicators)
                         & ((figures["geography"] == geography) if geography else True)]
        for fig in chosen.itertuples(index=False):
            rows.append(_row(quantity, fig.indicator, fig.period_start, fig.period_end, fig.geography, "report",
                             fig.figure_id, fig.value, fig.low, fig.high, fig.unit,
                             f"Report 2004 citing {authors.get(fig.source_id, fig.source_id)}",
                             descriptions.get(fig.indicator, ""), grades[fig.figure_id]))
    return rows


def _external_rows(estimates: pd.DataFrame, enforcement: pd.DataFrame, quantities: dict) -> list[dict]:
    rows = []
    for quantity, (_, indicators, geography) in quantities.items():
        for table, frame in (("estimates", estimates), ("enforcement", enforcement)):
            chosen = frame[frame["indicator"].isin(indicators) & ((frame["geography"] == geography) if geography else True)]
            for r in chosen.to_dict("records"):
                definition = r.get("definition") or "; ".join(filter(None, [r.get("reporter"), r.get("note")]))
                source = r["source"] if table == "estimates" else f"{r['reporter']} ({r['source']})"
                rows.append(_row(quantity, r["indicator"], r["period_start"], r["period_end"], r["geography"],
                                 "external", r["external_id"], r["value"], r.get("low", np.nan), r.get("high", np.nan),
                                 r["unit"], source, definition, external_grade(table, r["indicator"], definition),
                                 period_kind=r["period_kind"]))
    return rows


def _row(quantity, indicator, start, end, geography, origin, record_id, value, low, high, unit, source, definition,
         grade, period_kind=None) -> dict:
    year = int(end[:4]) if isinstance(end, str) else None
    kind = period_kind or ("calendar_year" if isinstance(start, str) and start[5:] == "01-01" and end[5:] == "12-31"
                           and start[:4] == end[:4] else ("none" if start is None else "stated_period"))
    key = f"{quantity}|{indicator}|{geography}|{year}" + ("|part_year" if kind == "part_year" else "")
    return {"quantity": quantity, "indicator": indicator, "year": year, "period_start": start, "period_end": end,
            "period_kind": kind, "geography": geography, "origin": origin, "record_id": record_id,
            "value": float(value), "low": float(low), "high": float(high), "unit": unit, "source": source,
            "definition": definition, "evidence_grade": grade, "compare_key": key}


def interval(row: pd.Series) -> tuple[float, float]:
    """A row's span: [low or value, high or value]; a lower bound without a high reaches to infinity."""
    lo = row["low"] if not math.isnan(row["low"]) else row["value"]
    hi = row["high"] if not math.isnan(row["high"]) else (math.inf if not math.isnan(row["low"]) else row["value"])
    return lo, hi


def flag_disagreements(frame: pd.DataFrame) -> pd.DataFrame:
    """Flag rows whose span does not overlap that of a row from another source with the same compare key."""
    frame = frame.copy()
    frame["disagrees"] = False
    frame["disagreement"] = None
    for _, group in frame.groupby("compare_key", sort=False):
        for i, row in group.iterrows():
            lo, hi = interval(row)
            clashes = []
            for j, other in group.iterrows():
                olo, ohi = interval(other)
                if other["source"] != row["source"] and (ohi < lo or olo > hi):
                    period = "" if (other["period_start"], other["period_end"]) == (row["period_start"], row["period_end"]) \
                        else f", period {other['period_start']} to {other['period_end']}"
                    clashes.append(f"{other['record_id']} = {other['value']:g} ({other['source']}{period})")
            if clashes:
                frame.at[i, "disagrees"] = True
                frame.at[i, "disagreement"] = "differs from " + "; ".join(clashes)
    return frame


def _tip_rows(tip: pd.DataFrame) -> list[dict]:
    """TIP report figures; set beside a report figure of another indicator only where tip.BESIDE_REPORT says why."""
    rows = []
    for r in triangulation_rows(tip):
        row = _row(r["quantity"], r["indicator"], r["start"], r["end"], "Cambodia", "external (TIP)", r["record_id"],
                   r["value"], r["low"], r["high"], r["unit"], r["source"], r["definition"], r["grade"],
                   period_kind=r["period_kind"])
        row["compare_key"] = row["compare_key"].replace(f"|{r['indicator']}|", f"|{r['compare_indicator']}|")
        if r["period_kind"] != "calendar_year":  # April-March counts are compared only with the same months
            row["compare_key"] += f"|{r['start']}/{r['end']}"
        rows.append(row)
    return rows


def flag_readings(frame: pd.DataFrame, readings: dict[str, str]) -> pd.DataFrame:
    """Add the conflicting readings of one number (tip.conflicting_readings) to the disagreement flags."""
    frame = frame.copy()
    for i, record_id in frame["record_id"].items():
        if record_id in readings:
            frame.at[i, "disagrees"] = True
            before = frame.at[i, "disagreement"]
            frame.at[i, "disagreement"] = "; ".join(filter(None, [before, readings[record_id]]))
    return frame


def _estimate_rows(estimates: pd.DataFrame, compared: dict[str, tuple[str, str]]) -> list[dict]:
    missing = sorted(set(compared) - set(estimates["estimate_id"]))
    raise_if_any([Problem(str(TRIANGULATION_FILE), m, "id", "no such estimate in estimates.csv") for m in missing])
    rows = []
    for est in estimates[estimates["estimate_id"].isin(list(compared))].itertuples(index=False):
        quantity, indicator = compared[est.estimate_id]
        rows.append(_row(quantity, indicator, est.period_start, est.period_end, est.geography,
                         "report (estimate)", est.estimate_id, est.value, est.low, est.high, est.unit,
                         "Report 2004, read by this project (estimates.csv)", est.quantity, est.evidence_grade))
    return rows


def load_triangulation(tables: dict[str, pd.DataFrame] | None = None, estimates: pd.DataFrame | None = None,
                       comparisons: Comparisons | None = None, tip: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every value for each quantity and year, report and external, with disagreement flagged."""
    tables = tables or load_tables()
    estimates = load_estimates() if estimates is None else estimates
    compare = comparisons or load_comparisons()
    tip = load_tip() if tip is None else tip
    rows = (_report_rows(tables["figures"], tables["sources"], compare.quantities)
            + _estimate_rows(estimates, compare.estimates)
            + _external_rows(load_external_estimates(), load_external_enforcement(), compare.quantities)
            + _tip_rows(tip))
    frame = pd.DataFrame(rows).astype({"year": "Int64"})
    frame = frame.sort_values(["quantity", "geography", "year", "indicator", "origin", "record_id"],
                              kind="stable").reset_index(drop=True)
    return flag_readings(flag_disagreements(frame), conflicting_readings(tip))[columns("triangulation")]
