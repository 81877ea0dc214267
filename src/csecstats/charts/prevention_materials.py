"""The awareness-materials chart (notebook 05): copies produced or distributed, one bar per figure, by actor.

One module holds the chart: its data selection (``materials``, through ``outreach_rows``, which the
people-reached chart shares), drawing (``draw_bars``), alt text (``describe_bars``) and declaration
(``CHART``). The report gives no dates, so these are totals, not yearly rates.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping

import pandas as pd
from matplotlib.axes import Axes

from . import plots
from .chart import Chart
from .data import _report_rows, humanise
from .describe import stated

# A definition that adds nothing to the indicator's own description (data/raw/definitions.yml's convention).
NO_OWN_DEFINITION = ("", "as_described")


def outreach_rows(t: Mapping[str, pd.DataFrame], mask: Callable[[pd.DataFrame], pd.Series],
                  labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Figures selected by ``mask``, labelled by what was counted, largest first.

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables; the rows come from ``figures``.
    mask : Callable[[pandas.DataFrame], pandas.Series]
        Picks the figures drawn (by unit, topic...).
    labels : Mapping[str, str], optional
        A chart's label map: a declared label by figure id, where the row's own words would mislead.

    Returns
    -------
    pandas.DataFrame
        One row per figure: id, label, indicator, actor, value and bounds, unit, source, caveat.
    """
    labels = labels or {}
    figures = t["figures"]
    rows = _report_rows(figures, mask(figures))
    rows["label"] = [labels.get(r["figure_id"]) or outreach_label(r) for _, r in rows.iterrows()]
    columns = ["figure_id", "origin", "label", "indicator", "actor", "geography", "value", "low", "high",
               "qualifier", "unit", "source_id", "caveat", "caveat_priority"]
    return rows[columns].sort_values(["value", "figure_id"], ascending=[False, True]).reset_index(drop=True)


def outreach_label(row: pd.Series) -> str:
    """What a count is, in words.

    Parameters
    ----------
    row : pandas.Series
        A figure (indicator, definition).

    Returns
    -------
    str
        The row's definition where it names one of its own (a code such as 'forced_or_tricked_self_reported'
        put in words), else its indicator ('as_described' adds nothing), wrapped at 30 characters.
    """
    definition = row.get("definition")
    own = isinstance(definition, str) and definition.strip() not in NO_OWN_DEFINITION
    text = humanise(definition.strip()) if own and " " not in definition.strip() else definition if own else None
    text = text or humanise(row["indicator"])
    return textwrap.fill(text[:1].upper() + text[1:], 30)


def materials(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Awareness materials produced or distributed (unit: copies).

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables.

    Returns
    -------
    pandas.DataFrame
        The chart's rows (``outreach_rows``), largest first.
    """
    return outreach_rows(t, lambda f: f["unit"] == "copies")


def figures_by_actor(t: Mapping[str, pd.DataFrame]) -> pd.Series:
    """How many figures the report credits to each actor: what it describes, not what was done.

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables.

    Returns
    -------
    pandas.Series
        Figures per actor, most first (ties by name), indexed by actor.
    """
    counts = t["figures"].dropna(subset=["actor"]).groupby("actor").size().rename("figures")
    return counts.reset_index().sort_values(["figures", "actor"], ascending=[False, True],
                                            kind="stable").set_index("actor")["figures"]


def draw_bars(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """One bar per figure, coloured by the actor the report credits.

    Parameters
    ----------
    data : pandas.DataFrame
        Rows of ``outreach_rows`` (label, value, actor, unit).
    ax : matplotlib.axes.Axes
        The plot the page gives the chart.
    t : Mapping[str, pandas.DataFrame]
        The built tables (unused: every bar is in ``data``).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn.
    """
    plots.labelled_bars(data, label="label", value="value", group="actor", ax=ax)
    ax.set_xlabel(data["unit"].iloc[0])
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.set_xlim(0, data["value"].max() * 1.15)
    return ax


def describe_bars(data: pd.DataFrame) -> str:
    """Alt text listing every bar with its actor.

    Parameters
    ----------
    data : pandas.DataFrame
        Rows of ``outreach_rows``.

    Returns
    -------
    str
        'Bar chart, one bar per figure in the report, <unit>: ' and each bar's label, value and actor.
    """
    items = "; ".join(f"{' '.join(r['label'].split())}: {stated(r)} ({r['actor']})" for _, r in data.iterrows())
    return f"Bar chart, one bar per figure in the report, {data['unit'].iloc[0]}: {items}."


CHART = Chart("prevention_materials", "Awareness materials produced and distributed, by the actor the report credits",
              "The report credits most awareness materials to a few actors; it gives no dates, so these are totals, "
              "not yearly rates.",
              "notebooks/05_prevention_and_outreach.ipynb", materials, draw_bars, describe_bars, {"plot_height": 2.3},
              subtitle="Copies (booklets, pamphlets, books), Cambodia, as the report gives them; produced and "
                       "distributed copies are different counts and are not added up.")
