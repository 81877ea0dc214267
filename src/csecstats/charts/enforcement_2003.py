"""The 2003 enforcement chart (notebook 04): the report's police counts, and the shares derived from them.

One module holds the chart: its data selection (``enforcement_2003``), label map (``UNIT_WORDS``),
drawing (``draw_enforcement_2003``), alt text (``describe_enforcement_2003``) and declaration
(``CHART``, with the ids it picks by name: the counts in the order of the police process, and the
two shares). Counts measure what the police detected, not how much trafficking there was.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes

from . import plots
from .chart import Chart
from .data import _report_rows, estimate_rows, grade_of, humanise
from .style import GRADE_COLOURS

# The label map: a unit in words where the table gives a code ('noun_unstated': the report's number has no noun).
UNIT_WORDS = {"noun_unstated": "noun not stated"}


def same_number(counts: pd.DataFrame) -> list[str]:
    """Beside a count printed with the same number as an earlier one ('257' reports received, '257' suspected
    cases): the caveat that they may count the same thing, so no reader adds them up.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts in drawing order (value, label).

    Returns
    -------
    list[str]
        One note per count: '' or 'the same number as <earlier label>: perhaps the same cases'.
    """
    seen: dict[float, str] = {}
    out = []
    for value, label in zip(counts["value"], counts["label"]):
        out.append(f"the same number as {seen[value].lower()}: perhaps the same cases" if value in seen else "")
        seen.setdefault(value, label)
    return out


def enforcement_2003(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The report's 2003 counts (in the order of the police process) and the two shares with intervals.

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables; the counts are the figures ``selects['counts']``, the shares the estimates
        ``selects['shares']``.

    Returns
    -------
    pandas.DataFrame
        The counts (panel 'count') then the shares (panel 'share'): label, value, bounds, unit, grade, note.
    """
    figures = t["figures"]
    order = list(CHART.selects["counts"])
    counts = _report_rows(figures, figures["figure_id"].isin(order))
    counts = counts.set_index("figure_id").loc[order].reset_index()
    counts["label"], counts["panel"] = counts["indicator"].map(humanise), "count"
    counts["note"] = same_number(counts)
    shares = estimate_rows(t, lambda e: e["estimate_id"].isin(CHART.selects["shares"]))
    shares["label"] = [textwrap.fill(q, 34) for q in shares["quantity"]]
    shares["panel"], shares["qualifier"] = "share", "derived"
    shares["note"] = [f"{v:.1%} [{g}]" for v, g in zip(shares["value"], shares["evidence_grade"])]
    counts["evidence_grade"] = grade_of(t, counts["figure_id"])
    columns = ["figure_id", "origin", "panel", "label", "value", "low", "high", "qualifier", "unit", "period_start",
               "period_end", "evidence_grade", "note", "actor", "source_id", "caveat", "caveat_priority"]
    return pd.concat([counts, shares], ignore_index=True).reindex(columns=columns)


def draw_enforcement_2003(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """Counts as bars above; the shares derived from them, with their 95% intervals, below.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``enforcement_2003``).
    axes : list[matplotlib.axes.Axes]
        Two plots: counts, shares.
    t : Mapping[str, pandas.DataFrame]
        The built tables (unused: every mark is in ``data``).

    Returns
    -------
    list[matplotlib.axes.Axes]
        ``axes``, drawn.
    """
    counts = data[data["panel"] == "count"].assign(kind=lambda d: d["unit"].map(lambda u: UNIT_WORDS.get(u, u)))
    plots.labelled_bars(counts, label="label", value="value", group="kind", note="note", ax=axes[0])
    axes[0].set_xlim(0, counts["value"].max() * 2.4)  # room for a note after a value
    axes[0].set_xlabel("2003, as the report gives them")
    shares = data[data["panel"] == "share"]
    plots.intervals(shares, label="label", group="evidence_grade", colours=GRADE_COLOURS, note="note", ax=axes[1])
    axes[1].set_xlim(0, 1)
    axes[1].xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    axes[1].set_xlabel("share; bar = 95% Wilson interval")
    return axes


def describe_enforcement_2003(data: pd.DataFrame) -> str:
    """Alt text: the counts, then the shares with intervals.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``enforcement_2003``).

    Returns
    -------
    str
        Every count with its value, then every share with its interval.
    """
    counts = "; ".join(f"{r['label']}: {r['value']:,.0f}" for _, r in data[data["panel"] == "count"].iterrows())
    shares = "; ".join(f"{' '.join(r['label'].split())}: {r['value']:.1%} ({r['low']:.1%} to {r['high']:.1%})"
                       for _, r in data[data["panel"] == "share"].iterrows())
    return f"Bar chart of the report's 2003 enforcement counts: {counts}. Below, the shares derived: {shares}."


CHART = Chart("enforcement_2003", "Police enforcement in {years}: cases, arrests, rescues and hotline reports",
              "These are what the police detected and recorded in the report's year, not how much trafficking "
              "there was.",
              "notebooks/04_enforcement_and_hotline.ipynb", enforcement_2003, draw_enforcement_2003,
              describe_enforcement_2003, {"plot_height": 3.9, "nrows": 2, "grades": True},
              subtitle="Cambodia. Above: counts as the report gives them (cases, persons, reports). Below: shares "
                       "derived from them, bar = 95% Wilson interval. ",
              selects={"counts": ("suspected_cases_2003", "confirmed_cases_2003", "perpetrators_arrested_2003",
                                  "victims_rescued_2003", "reports_received_2003", "hotline_reports_2003"),
                       "shares": ("confirmed_share_of_suspected_cases_2003", "hotline_share_of_reports_2003")})
