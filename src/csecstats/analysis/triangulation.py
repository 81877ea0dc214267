"""Every published value for a quantity, report and external, side by side, with a status. Stage 9.

Rows are compared only within one quantity, definition, place and year, never across a
part-year and a full-year period (the compare key). Each pair of rows gets a status,
comparing spans (exact value, rounding interval, bound or range), not exact values:

- ``same_origin``: both rest on one origin and their spans meet: a repeat, never corroboration;
- ``agree``: independent origins whose central values differ by at most ``TOLERANCE``;
- ``overlap``: independent origins whose spans share values but whose central values differ more
  (or one has none: a bound or a range);
- ``disagree``: spans apart beyond the tolerance, or two accounts of one origin that cannot both
  be right (their spans do not meet).

A row's status is the most serious of its pairs (disagree, overlap, agree, same_origin).
Disagreement is shown, not resolved: no row is dropped or averaged.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..register.caveats import caveats_table
from ..register.grades import DERIVED_RULE, RUBRIC, figure_grades
from ..register.lineage import LINEAGE_FIELDS
from ..tables.figures import load_tables
from .estimates import Context, assumptions_table, load_estimates, sensitivity
from .external import load_external_enforcement, load_external_estimates

# Independent counts of one quantity differ by cut-off dates, revisions and counting rules: central
# values within 10% of the larger are read as agreeing (151 and 159 cases), not as a conflict.
TOLERANCE = 0.10
STATUSES = ("disagree", "overlap", "agree", "same_origin")  # most serious first

# quantity -> (report indicators, external indicators, geography or None for any)
QUANTITIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None]] = {
    "sex_workers_phnom_penh": (("sex_workers",), ("sex_workers", "sex_workers_counted", "sex_workers_claimed"),
                               "Phnom Penh"),
    "sex_workers_cambodia": (("sex_workers",), ("sex_workers", "direct_sex_workers", "indirect_sex_workers",
                                                "sex_workers_and_trafficked_claimed"), "Cambodia"),
    "trafficked_sex_workers": ((), ("trafficked_sex_workers",), None),
    "police_cases": (("suspected_cases", "confirmed_cases"), ("cases", "cases_to_court"), None),
    "arrests": (("perpetrators_arrested",), ("suspects_arrested", "traffickers_arrested", "suspects_to_court"), None),
    "victims_rescued": (("victims_rescued",), ("victims_rescued",), None),
}
COLUMNS = ["quantity", "indicator", "year", "period_start", "period_end", "period_kind", "geography", "origin",
           "record_id", "value", "low", "high", "unit", "qualifier", "source", "described_as", "definition",
           "measures", "origin_id", "evidence_grade", "compare_key", "status", "disagrees", "compared_with"]


def _report_rows(figures: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """Report figures of each quantity, plus the report's trafficked share applied to its national total."""
    authors = dict(zip(sources["source_id"], sources["author"] + " " + sources["year"].astype(str)))
    rows = []
    for quantity, (report_indicators, _, geography) in QUANTITIES.items():
        chosen = figures[figures["indicator"].isin(report_indicators)
                         & ((figures["geography"] == geography) if geography else True)]
        for fig in chosen.to_dict("records"):
            rows.append(_row(quantity, fig, "report", fig["figure_id"],
                             f"Report 2004 citing {authors.get(fig['source_id'], fig['source_id'])}", fig["indicator"]))
    by_id = figures.set_index("figure_id")
    share, total = by_id.loc["share_trafficked_sex_workers_cambodia_2003"], by_id.loc["sex_workers_cambodia_2003"]
    derived = {**share.to_dict(), "indicator": "trafficked_sex_workers", "unit": "persons", "qualifier": "derived",
               "value": share["value"] * total["value"], "low": share["low"] * total["value"],
               "high": share["high"] * total["value"]}
    rows.append(_row("trafficked_sex_workers", derived, "report (derived)",
                     "share_trafficked_sex_workers_cambodia_2003 x sex_workers_cambodia_2003",
                     f"Report 2004 citing {authors.get(share['source_id'], share['source_id'])}",
                     f"The report's 20% (with its rounding) applied to its 18,256 sex workers; {DERIVED_RULE} "
                     "by this project."))
    return rows


def _external_rows(estimates: pd.DataFrame, enforcement: pd.DataFrame) -> list[dict]:
    rows = []
    for quantity, (_, indicators, geography) in QUANTITIES.items():
        for table, frame in (("estimates", estimates), ("enforcement", enforcement)):
            chosen = frame[frame["indicator"].isin(indicators) & ((frame["geography"] == geography) if geography else True)]
            for r in chosen.to_dict("records"):
                described = r.get("described_as") or "; ".join(filter(None, [r.get("reporter"), r.get("note")]))
                source = r["source"] if table == "estimates" else f"{r['reporter']} ({r['source']})"
                rows.append(_row(quantity, {"low": np.nan, "high": np.nan, **r}, "external", r["external_id"],
                                 source, described))
    return rows


def _row(quantity: str, r: dict, kind: str, record_id: str, source: str, described: str) -> dict:
    start, end = r["period_start"], r["period_end"]
    year = int(end[:4]) if isinstance(end, str) else None
    period_kind = r.get("period_kind") or (
        "calendar_year" if isinstance(start, str) and start[5:] == "01-01" and end[5:] == "12-31"
        and start[:4] == end[:4] else ("none" if start is None else "stated_period"))
    key = f"{quantity}|{r['definition']}|{r['geography']}|{year}" + ("|part_year" if period_kind == "part_year" else "")
    return {"quantity": quantity, "indicator": r["indicator"], "year": year, "period_start": start, "period_end": end,
            "period_kind": period_kind, "geography": r["geography"], "origin": kind, "record_id": record_id,
            "value": float(r["value"]), "low": float(r["low"]), "high": float(r["high"]), "unit": r["unit"],
            "qualifier": r["qualifier"], "source": source, "described_as": described, "definition": r["definition"],
            "measures": r["measures"], "origin_id": r["origin_id"], "evidence_grade": r["evidence_grade"],
            "compare_key": key}


def interval(row: pd.Series) -> tuple[float, float]:
    """A row's span: [low or value, high or value]; a lower bound without a high reaches to infinity."""
    lo = row["low"] if not math.isnan(row["low"]) else row["value"]
    hi = row["high"] if not math.isnan(row["high"]) else (math.inf if not math.isnan(row["low"]) else row["value"])
    return lo, hi


def _central(row: pd.Series) -> float:
    return row["value"] if not math.isnan(row["value"]) else math.nan


def pair_status(row: pd.Series, other: pd.Series, tolerance: float = TOLERANCE) -> str:
    """The status of one pair of rows with the same compare key (module docstring)."""
    lo, hi = interval(row)
    olo, ohi = interval(other)
    meet = not (ohi < lo or olo > hi)
    if set(str(row["origin_id"]).split()) & set(str(other["origin_id"]).split()):
        return "same_origin" if meet else "disagree"
    a, b = _central(row), _central(other)
    if not (math.isnan(a) or math.isnan(b)) and abs(a - b) <= tolerance * max(abs(a), abs(b)):
        return "agree"
    return "overlap" if meet else "disagree"


def compare(frame: pd.DataFrame, tolerance: float = TOLERANCE) -> pd.DataFrame:
    """Each row's status against every other row of its compare key, and what it was compared with."""
    frame = frame.copy()
    frame["status"], frame["compared_with"] = None, None
    for _, group in frame.groupby("compare_key", sort=False):
        for i, row in group.iterrows():
            pairs = [(pair_status(row, other, tolerance), other) for j, other in group.iterrows() if j != i]
            if not pairs:
                continue
            frame.at[i, "status"] = min((s for s, _ in pairs), key=STATUSES.index)
            frame.at[i, "compared_with"] = "; ".join(f"{status}: {o['record_id']} = {_shown(o)} ({o['source']})"
                                                     for status, o in pairs)
    frame["disagrees"] = frame["status"] == "disagree"
    return frame


def _shown(row: pd.Series) -> str:
    lo, hi = interval(row)
    centre = f"{row['value']:,.0f}" if not math.isnan(row["value"]) else "no central value"
    return centre if lo == hi else f"{centre} [{lo:,.0f} to {'no upper end' if math.isinf(hi) else f'{hi:,.0f}'}]"


# Estimates that turn a report figure into a value comparable with external counts: id -> (quantity, indicator).
ESTIMATE_ROWS = {"sex_workers_phnom_penh_after_untac": ("sex_workers_phnom_penh", "sex_workers")}


def _estimate_rows(estimates: pd.DataFrame) -> list[dict]:
    rows = []
    for est in estimates[estimates["estimate_id"].isin(list(ESTIMATE_ROWS))].to_dict("records"):
        quantity, indicator = ESTIMATE_ROWS[est["estimate_id"]]
        record = {**est, "indicator": indicator, "qualifier": "derived", "origin_id": est["origin_ids"]}
        rows.append(_row(quantity, record, "report (estimate)", est["estimate_id"],
                         "Report 2004, read by this project (estimates.csv)", est["quantity"]))
    return rows


def load_triangulation(tables: dict[str, pd.DataFrame] | None = None,
                       estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every value for each quantity and year, report and external, with disagreement flagged."""
    tables = tables or load_tables()
    estimates = load_estimates() if estimates is None else estimates
    rows = (_report_rows(tables["figures"], tables["sources"]) + _estimate_rows(estimates)
            + _external_rows(load_external_estimates(), load_external_enforcement()))
    frame = pd.DataFrame(rows).astype({"year": "Int64"})
    frame = frame.sort_values(["quantity", "geography", "year", "indicator", "origin", "record_id"],
                              kind="stable").reset_index(drop=True)
    return compare(frame)[COLUMNS]


RESOURCES = {
    "triangulation": ("Every published value for each quantity, side by side",
                      "Report figures, this project's readings and external figures for sex workers, trafficked sex "
                      "workers, police cases, arrests and rescues; rows of one quantity, definition, place and year "
                      "compared, each with a status (agree, overlap, disagree, same_origin).", {
        "quantity": ("string", "The quantity compared (sex_workers_phnom_penh, sex_workers_cambodia, trafficked_sex_workers, police_cases, arrests, victims_rescued)."),
        "indicator": ("string", "What the row's table calls the number."),
        "year": ("integer", "Reference year (the year the period ends); empty when no period is given."),
        "period_start": ("date", "First day of the period."),
        "period_end": ("date", "Last day of the period."),
        "period_kind": ("string", "calendar_year, part_year, non_calendar_year, stated_period (report, not a calendar year) or none."),
        "geography": ("string", "Place the value refers to."),
        "origin": ("string", "Kind of record: report, report (derived: arithmetic on report figures), report (estimate: estimates.csv) or external."),
        "record_id": ("string", "figure_id (figures.csv), external_id (external tables), estimate_id, or the figures a derived value multiplies."),
        "value": ("number", "The value (empty for a range)."),
        "low": ("number", "Lower end of its span: a published bound, the rounding of an approximate value, or an interval."),
        "high": ("number", "Upper end of its span, likewise; empty for a lower bound (open above)."),
        "unit": ("string", "persons or cases."),
        "qualifier": ("string", "exact, approximate, lower_bound, upper_bound, range, relative, or derived (computed, never stated)."),
        "source": ("string", "Who published it (for the report: the work it cites)."),
        "described_as": ("string", "What the source counts, in its words or the vocabulary's."),
        "definition": LINEAGE_FIELDS["definition"], "measures": LINEAGE_FIELDS["measures"],
        "origin_id": ("string", "The origin(s) the row rests on (origins.csv), separated by spaces; rows sharing one are never corroboration."),
        "evidence_grade": ("string", "A-D (grades.csv)."),
        "compare_key": ("string", "Rows with the same key are compared: quantity|definition|geography|year (|part_year)."),
        "status": ("string", "agree (independent, central values within 10%), overlap (spans meet, centres differ more), disagree (apart beyond 10%, or accounts of one origin that cannot both be right), same_origin (a repeat of one origin); empty when nothing else shares the key."),
        "disagrees": ("boolean", "True when the status is disagree."),
        "compared_with": ("string", "Every other row of the key with the pair's status, value, span and source."),
    }),
}


def analysis_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables this stage and the ones before it add to ``data/processed`` (built from the checked figures)."""
    external_estimates, external_enforcement = load_external_estimates(), load_external_enforcement()
    context = Context(tables["figures"], tables["sources"], external_estimates, external_enforcement)
    estimates = load_estimates(context=context)
    return {"grades": RUBRIC, "figure_grades": figure_grades(tables["figures"], tables["sources"]),
            "external_estimates": external_estimates, "external_enforcement": external_enforcement,
            "estimates": estimates, "assumptions": assumptions_table(context=context),
            "sensitivity": sensitivity(context=context), "triangulation": load_triangulation(tables, estimates),
            "caveats": caveats_table(tables["figures"], estimates)}
