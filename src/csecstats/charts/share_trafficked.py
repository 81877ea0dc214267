"""The share-trafficked chart (notebook 03): the report's share beside the shares the study's own counts give.

One module holds the chart: its data selection (``share_trafficked``), drawing (``draw_shares``),
alt text (``describe_shares``) and declaration (``CHART``, with the ids it picks by name: the
report's figure and the study's estimates). Shown side by side, never reconciled.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes

from . import plots
from .chart import Chart
from .data import _report_rows, estimate_rows, grade_of
from .describe import describe_intervals
from .style import GRADE_COLOURS


def share_trafficked(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The report's share trafficked, in its own words, beside the shares the study's own counts give.

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables; the report's figure (``selects['report']``) and the study's estimates
        (``selects['study']``).

    Returns
    -------
    pandas.DataFrame
        The report's row first (labelled with its phrase), then the study's: value, bounds, grade, note.
    """
    figures = t["figures"]
    report_id = CHART.selects["report"][0]
    report = _report_rows(figures, figures["figure_id"] == report_id)
    phrase = figures.set_index("figure_id").loc[report_id, "phrase"]
    report["label"] = textwrap.fill(f"The report: '{phrase}' of sex workers trafficked", 44)
    report["evidence_grade"] = grade_of(t, report["figure_id"])
    report["note"] = f"{phrase} [" + report["evidence_grade"] + "]"
    study = estimate_rows(t, lambda e: e["estimate_id"].isin(CHART.selects["study"]))
    study["note"] = [f"{v:.1%} [{g}]" for v, g in zip(study["value"], study["evidence_grade"])]
    columns = ["figure_id", "origin", "scenario", "label", "value", "low", "high", "shown", "qualifier", "period_start",
               "period_end", "evidence_grade", "note", "source_id", "caveat", "caveat_priority"]
    return pd.concat([report, study], ignore_index=True).reindex(columns=columns)


def draw_shares(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """Dots and 95% intervals coloured by evidence grade, on a share axis from 0 with room for the notes.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``share_trafficked``).
    ax : matplotlib.axes.Axes
        The plot the page gives the chart.
    t : Mapping[str, pandas.DataFrame]
        The built tables (unused: every mark is in ``data``).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn.
    """
    plots.intervals(data, label="label", group="evidence_grade", colours=GRADE_COLOURS, note="note", ax=ax)
    ax.set_xlim(0, math.ceil(data[["value", "low", "high"]].max().max() * 1.2 * 10) / 10)  # room for notes
    ax.set_xlabel("share of sex workers trafficked; bar = 95% interval")
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    return ax


def describe_shares(data: pd.DataFrame) -> str:
    """Alt text listing every share with its interval and grade (``describe.describe_intervals``).

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``share_trafficked``).

    Returns
    -------
    str
        Each share in percent, its interval and grade.
    """
    return describe_intervals(data)


CHART = Chart("share_trafficked",
              "Share of sex workers trafficked, {years}: the report's figure beside the study's own counts",
              "As press accounts of the study read it, the report's national 20% is the share judged trafficked "
              "among those counted in Phnom Penh, and the study's own national estimate gives a lower share: one "
              "reading of news reports, not the study's published tables.",
              "notebooks/03_shares_and_caveated_estimates.ipynb", share_trafficked, draw_shares, describe_shares,
              {"plot_height": 2.7, "grades": True},
              subtitle="Share of sex workers; trafficked means in debt bondage or under age 16 (the study's "
                       "definition). Shown side by side, not reconciled. ",
              selects={"report": ("share_trafficked_sex_workers_cambodia_2003",),
                       "study": ("share_trafficked_phnom_penh_2003_study", "share_trafficked_cambodia_2003_study")})
