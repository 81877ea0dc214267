"""Every published value for a quantity, report and external, side by side; disagreement flagged. Stage 9.

Rows are compared only within the same quantity, indicator (definition), place and
year, and never across a part-year and a full-year period. A row is flagged when
its value (or its interval: a lower bound reaches to infinity) does not overlap
the value of a row from another source in its group. Disagreement is shown, not
resolved: no row is dropped or averaged.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..inputs import paths
from ..inputs.errors import Problem, raise_if_any
from ..register.caveats import caveats_table
from .estimates import Context, assumptions_table, load_estimates, sensitivity
from .external import load_external_enforcement, load_external_estimates
from ..register.grades import RUBRIC, external_grade, figure_grades
from ..register.load import load_vocabulary
from ..tables.figures import load_tables

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
           "record_id", "value", "low", "high", "unit", "source", "definition", "evidence_grade", "compare_key",
           "disagrees", "disagreement"]


def _report_rows(figures: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """Report figures of each quantity, plus the report's trafficked share applied to its national total."""
    needed = ("share_trafficked_sex_workers_cambodia_2003", "sex_workers_cambodia_2003")
    raise_if_any(Problem(str(paths.REGISTER_FILE), fid, "id", "triangulation needs this figure, which is not in "
                                                             "the register") for fid in needed
                 if fid not in set(figures["figure_id"]))
    descriptions = {k: v["description"] for k, v in load_vocabulary()[0].indicators.items()}
    grades = dict(zip(figures["figure_id"], figures["evidence_grade"]))
    authors = dict(zip(sources["source_id"], sources["author"] + " " + sources["year"].astype(str)))
    rows = []
    for quantity, (report_indicators, _, geography) in QUANTITIES.items():
        chosen = figures[figures["indicator"].isin(report_indicators)
                         & ((figures["geography"] == geography) if geography else True)]
        for fig in chosen.itertuples(index=False):
            rows.append(_row(quantity, fig.indicator, fig.period_start, fig.period_end, fig.geography, "report",
                             fig.figure_id, fig.value, fig.low, fig.high, fig.unit,
                             f"Report 2004 citing {authors.get(fig.source_id, fig.source_id)}",
                             descriptions.get(fig.indicator, ""), grades[fig.figure_id]))
    share = figures.set_index("figure_id").loc["share_trafficked_sex_workers_cambodia_2003"]
    total = figures.set_index("figure_id").loc["sex_workers_cambodia_2003"]
    rows.append(_row("trafficked_sex_workers", "trafficked_sex_workers", share.period_start, share.period_end,
                     share.geography, "report (derived)",
                     "share_trafficked_sex_workers_cambodia_2003 x sex_workers_cambodia_2003",
                     share.value * total.value, np.nan, np.nan, "persons",
                     f"Report 2004 citing {authors.get(share.source_id, share.source_id)}",
                     "The report's 20% trafficked applied to its 18,256 sex workers.",
                     grades["share_trafficked_sex_workers_cambodia_2003"]))
    return rows


def _external_rows(estimates: pd.DataFrame, enforcement: pd.DataFrame) -> list[dict]:
    rows = []
    for quantity, (_, indicators, geography) in QUANTITIES.items():
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


# Estimates that turn a report figure into a value comparable with external counts: id -> (quantity, indicator).
ESTIMATE_ROWS = {"sex_workers_phnom_penh_after_untac": ("sex_workers_phnom_penh", "sex_workers")}


def _estimate_rows(estimates: pd.DataFrame) -> list[dict]:
    rows = []
    for est in estimates[estimates["estimate_id"].isin(list(ESTIMATE_ROWS))].itertuples(index=False):
        quantity, indicator = ESTIMATE_ROWS[est.estimate_id]
        rows.append(_row(quantity, indicator, est.period_start, est.period_end, est.geography,
                         "report (estimate)", est.estimate_id, est.value, est.low, est.high, est.unit,
                         "Report 2004, read by this project (estimates.csv)", est.quantity, est.evidence_grade))
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
    return flag_disagreements(frame)[COLUMNS]


RESOURCES = {
    "triangulation": ("Every published value for each quantity, side by side",
                      "Report figures and external figures for sex workers, trafficked sex workers, police cases, "
                      "arrests and rescues; rows of the same quantity, place and year that disagree are flagged.", {
        "quantity": ("string", "The quantity compared (sex_workers_phnom_penh, sex_workers_cambodia, trafficked_sex_workers, police_cases, arrests, victims_rescued)."),
        "indicator": ("string", "What exactly the row counts; only rows with the same indicator are compared."),
        "year": ("integer", "Reference year (the year the period ends); empty when no period is given."),
        "period_start": ("date", "First day of the period."),
        "period_end": ("date", "Last day of the period."),
        "period_kind": ("string", "calendar_year, part_year, non_calendar_year, stated_period (report, not a calendar year) or none."),
        "geography": ("string", "Place the value refers to."),
        "origin": ("string", "report, report (derived: arithmetic on report figures), report (estimate: estimates.csv) or external."),
        "record_id": ("string", "figure_id (figures.csv), external_id (external tables) or the figures a derived value multiplies."),
        "value": ("number", "The published value (empty for a range)."),
        "low": ("number", "Lower bound where given."),
        "high": ("number", "Upper bound where given."),
        "unit": ("string", "persons or cases."),
        "source": ("string", "Who published it (for the report: the work it cites)."),
        "definition": ("string", "What the source counts, in its words or the vocabulary's."),
        "evidence_grade": ("string", "A-D (grades.csv)."),
        "compare_key": ("string", "Rows with the same key are compared: quantity|indicator|geography|year (|part_year)."),
        "disagrees": ("boolean", "True when the value does not overlap a value from another source with the same key."),
        "disagreement": ("string", "The values it differs from, with their sources and periods."),
    }),
}


def analysis_tables(tables: dict[str, pd.DataFrame], estimates_path=None) -> dict[str, pd.DataFrame]:
    """The tables this stage and the ones before it add to ``data/processed`` (built from the checked figures).

    ``csecstats validate`` runs exactly this, with the estimate declarations it was given, so nothing it
    passes can fail in the build."""
    external_estimates, external_enforcement = load_external_estimates(), load_external_enforcement()
    context = Context(tables["figures"], tables["sources"], external_estimates, external_enforcement)
    estimates = load_estimates(context=context, path=estimates_path)
    return {"grades": RUBRIC, "figure_grades": figure_grades(tables["figures"], tables["sources"]),
            "external_estimates": external_estimates, "external_enforcement": external_enforcement,
            "estimates": estimates, "assumptions": assumptions_table(context=context, path=estimates_path),
            "sensitivity": sensitivity(context=context, path=estimates_path),
            "triangulation": load_triangulation(tables, estimates), "caveats": caveats_table(tables["figures"], estimates)}
