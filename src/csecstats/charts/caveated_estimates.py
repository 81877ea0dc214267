"""The caveated-estimates chart (notebook 03): every derived count of persons with its 95% interval.

One module holds the chart: its data selection (``caveated_estimates``), label map (``BLOCKS``:
what each definition counts), drawing (``draw_counts``), alt text (``describe_counts``) and
declaration (``CHART``). Rows are grouped by what they count; trafficked and 'forced or tricked'
are different definitions and are shown apart.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes

from . import plots
from .chart import Chart
from .data import estimate_rows
from .describe import describe_intervals
from .style import GRADE_COLOURS

# The label map: what a derived count counts, by the estimate's declared definition (data/raw/definitions.yml);
# any other definition counts sex workers (all of them, or by age or ethnicity).
BLOCKS = {"trafficked_debt_bondage_or_under_16": "Trafficked (debt bondage or under 16, the study's definition)",
          "forced_or_tricked_self_reported": "Said they were forced or tricked (self-reported)"}
ALL_SEX_WORKERS = "Sex workers, all or by age or ethnicity"


def block_of(definition: str) -> str:
    """The block an estimate is drawn under.

    Parameters
    ----------
    definition : str
        The estimate's declared definition.

    Returns
    -------
    str
        Its heading in ``BLOCKS``, else ``ALL_SEX_WORKERS``.
    """
    return BLOCKS.get(definition, ALL_SEX_WORKERS)


def caveated_estimates(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every derived count of persons with its interval, grouped by what it counts; a range of readings marked.

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables; the rows come from ``estimates`` (counts of persons not as published).

    Returns
    -------
    pandas.DataFrame
        One row per estimate and scenario: block, label (no two alike), value, bounds, shown value, kind
        ('interval' or 'range'), grade, inputs, caveat; blocks in ``BLOCKS`` order after all sex workers.
    """
    rows = estimate_rows(t, lambda e: (e["unit"] == "persons") & (e["method"] != "as_published"))
    definitions = t["estimates"].set_index(["estimate_id", "scenario"])["definition"]
    rows["block"] = [block_of(definitions.get((f, s))) for f, s in zip(rows["figure_id"], rows["scenario"])]
    # Under a block's heading a scenario needs only its own words ('If the share applies to ...').
    scenario = rows["scenario"].notna() & rows["quantity"].str.contains(", ")
    rows.loc[scenario, "label"] = [textwrap.fill(q.split(", ", 1)[1][:1].upper() + q.split(", ", 1)[1][1:], 44)
                                   for q in rows.loc[scenario, "quantity"]]
    # No two rows share a label: where the short form repeats, each row keeps its whole quantity (its base).
    repeated = rows["label"].duplicated(keep=False)
    rows.loc[repeated, "label"] = [textwrap.fill(q, 44) for q in rows.loc[repeated, "quantity"]]
    rows["kind"] = ["range" if m == "range" else "interval" for m in rows["method"]]
    order = [ALL_SEX_WORKERS, *BLOCKS.values()]
    rows = rows.sort_values("block", key=lambda b: b.map(order.index), kind="stable").reset_index(drop=True)
    return rows[["figure_id", "origin", "block", "label", "scenario", "value", "low", "high", "shown", "kind", "level",
                 "unit", "geography", "period_start", "method", "evidence_grade", "note", "source_id", "inputs",
                 "caveat", "caveat_priority"]]


def draw_counts(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """Dots and intervals coloured by evidence grade, on a log axis so 180 and 12,000 both read.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``caveated_estimates``), or the first of them on a slide.
    ax : matplotlib.axes.Axes
        The plot the page gives the chart.
    t : Mapping[str, pandas.DataFrame]
        The built tables (unused: every mark is in ``data``).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn.
    """
    plots.intervals(data, label="label", group="evidence_grade", colours=GRADE_COLOURS, note="note", kind="kind",
                    block="block", ax=ax)
    ax.set_xscale("log")
    ax.set_xlabel("persons (log scale); bar = 95% interval; band = range of readings")
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    return ax


def describe_counts(data: pd.DataFrame) -> str:
    """Alt text listing every estimate with its interval and grade (``describe.describe_intervals``).

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``caveated_estimates``).

    Returns
    -------
    str
        Each estimate as shown, with its grade.
    """
    return describe_intervals(data)


CHART = Chart("caveated_estimates", "Derived estimates of groups of sex workers, with 95% intervals",
              "Each derived count rests on one of the report's figures and an assumption; trafficked and "
              "'forced or tricked' are different definitions and are shown apart.",
              "notebooks/03_shares_and_caveated_estimates.ipynb", caveated_estimates, draw_counts, describe_counts,
              {"plot_height": 3.6, "grades": True, "slide_rows": 8, "slide_keeps": "the first {n}"},
              subtitle="Persons, log scale; derived by this project from the report's figures under declared "
                       "assumptions (Monte Carlo, seeded). Rows are grouped by what is counted. A pale band is the "
                       "range of published readings, not an interval. ")
