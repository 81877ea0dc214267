"""What the charts' data selections share: rows from the built tables in the charts' shape.

Each chart's own selection lives in its module (``charts.sex_worker_estimates``, ``charts.tip``...);
here are the pieces several use: the report's figures, this project's estimates and the external
tables as chart rows (``_report_rows``, ``estimate_rows``, ``estimate_points``, ``external_points``),
evidence grades by id (``grade_of``), dates as decimal years and words, side-by-side offsets (``dodge``).
Nothing here draws.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping

import pandas as pd

QUALIFIER_WORDS = {"exact": "", "approximate": "about ", "lower_bound": "over ", "upper_bound": "up to ",
                   "range": "", "relative": ""}


def decimal_year(date: str) -> float:
    """'YYYY-MM-DD' as a decimal year (day of year / days in year)."""
    ts = pd.Timestamp(date)
    return ts.year + (ts.dayofyear - 1) / (366 if ts.is_leap_year else 365)


def month_year(date: str) -> str:
    """'1992-03-01' -> 'Mar 1992'."""
    return pd.Timestamp(date).strftime("%b %Y")


def period_midpoint(start: str, end: str) -> float:
    """The middle of a period as a decimal year; a whole year 'YYYY' sits at YYYY.5."""
    return (decimal_year(start) + decimal_year(end) + 1 / 365) / 2


def _report_rows(figures: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    rows = figures[mask].copy()
    rows["origin"] = "report"
    return rows


def external_points(external: pd.DataFrame) -> pd.DataFrame:
    """External rows as chart rows (qualifier as declared in external_rows.yml, never guessed from text)."""
    rows = external.rename(columns={"external_id": "figure_id"}).copy()
    rows["origin"] = "external"
    rows["source_id"] = rows["source"]
    rows["citation"] = rows["source"] + ", " + rows["url"]
    rows["caveat"] = "External: " + rows["described_as"] + "."
    rows["caveat_priority"] = "reading"  # what another publication counted changes how its point is read
    return rows


def estimate_points(t: Mapping[str, pd.DataFrame], ids: list[str]) -> pd.DataFrame:
    """Derived estimates as chart rows: drawn as intervals, sourced to the report, caveat from the table."""
    rows = t["estimates"][t["estimates"]["estimate_id"].isin(ids)].rename(columns={"estimate_id": "figure_id"})
    rows = rows.assign(origin="estimate", qualifier="derived", source_id="report_2004", citation=None,
                       indicator="sex_workers")
    return rows


def grade_of(t: Mapping[str, pd.DataFrame], ids: pd.Series) -> pd.Series:
    """Evidence grade of each figure, external or estimate id (figure grades, then the triangulation table)."""
    grades = pd.concat([t["figures"].set_index("figure_id")["evidence_grade"],
                        t["triangulation"].set_index("record_id")["evidence_grade"],
                        t["estimates"].set_index("estimate_id")["evidence_grade"]])
    return ids.map(grades[~grades.index.duplicated()])


def dodge(frame: pd.DataFrame, by: list[str], width: float = 0.35) -> pd.Series:
    """Horizontal offsets that set points sharing ``by`` (e.g. place and year) side by side, not on top."""
    rank = frame.groupby(by, sort=False).cumcount()
    size = frame.groupby(by, sort=False)[by[0]].transform("size")
    return (rank - (size - 1) / 2) * width


def humanise(indicator: str) -> str:
    """'booklets_distributed' -> 'Booklets distributed'."""
    return indicator.replace("_", " ").capitalize()


def estimate_rows(t: Mapping[str, pd.DataFrame], mask: Callable[[pd.DataFrame], pd.Series]) -> pd.DataFrame:
    """Estimates selected by ``mask`` as chart rows: label (quantity and scenario), grade, caveat."""
    est = t["estimates"]
    rows = est[mask(est)].rename(columns={"estimate_id": "figure_id"}).copy()
    rows["origin"] = "estimate"
    rows["label"] = [textwrap.fill(q, 44) for q in rows["quantity"]]  # a scenario's quantity names its base
    rows["source_id"] = "report_2004"
    rows["note"] = "[" + rows["evidence_grade"] + "]"
    return rows.reset_index(drop=True)


def period_label(start: str, end: str, *, calendar: str = "") -> str:
    """'2013' (``calendar`` in front, e.g. 'calendar 2013') for a calendar year, 'Apr 2008-Mar 2009' otherwise."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        return f"{calendar}{s.year}"
    return f"{s:%b %Y}-{e:%b %Y}"
