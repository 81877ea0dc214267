"""The people-reached chart (notebook 05): people trained or sensitised, and apart from them who delivers the work.

One module holds the chart: its data selection (``people_reached``), label maps (``ROLES``,
``LABELS``), drawing (``draw_outreach``), alt text (``describe_outreach``) and declaration
(``CHART``). Its bars are the materials chart's (``prevention_materials``), one panel per role.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes

from .chart import Chart
from .prevention_materials import describe_bars, draw_bars, outreach_rows

REACH_TOPICS = ("awareness", "training")

# Who carries the work out rather than receives it: never counted among the people reached.
DELIVERERS = ("activists", "trainers_invited", "trainers_trained")

# The label maps: each role's panel title, and declared labels where the indicator's words would mislead (the
# report counts these people trained, but not in anything to do with sexual exploitation: '1903 people were
# trained on food production').
ROLES = {"reached": "People trained or sensitised", "deliver": "Activists and trainers, who deliver the work"}
LABELS = {"wathnakpheap_people_trained_food_production": "People trained on food production"}


def people_reached(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """People trained or sensitised, and apart from them the activists and trainers who deliver (unit: persons).

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables.

    Returns
    -------
    pandas.DataFrame
        The rows of ``outreach_rows`` with their ``role`` (a key of ``ROLES``), people reached first.
    """
    rows = outreach_rows(t, lambda f: (f["unit"] == "persons") & f["topic"].isin(REACH_TOPICS), LABELS)
    rows.insert(2, "role", ["deliver" if i in DELIVERERS else "reached" for i in rows["indicator"]])
    return rows.sort_values("role", key=lambda r: r.map(list(ROLES).index), kind="stable").reset_index(drop=True)


def draw_outreach(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """One panel per role (people reached, people who deliver), on one scale so bars compare.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``people_reached``).
    axes : list[matplotlib.axes.Axes]
        One plot per role, top to bottom.
    t : Mapping[str, pandas.DataFrame]
        The built tables.

    Returns
    -------
    list[matplotlib.axes.Axes]
        ``axes``, drawn.
    """
    for ax, (role, rows) in zip(axes, data.groupby("role", sort=False)):
        draw_bars(rows, ax, t)
        ax.set_xlim(0, data["value"].max() * 1.15)
        ax.set_title(ROLES[role], loc="left", fontsize="medium")
    return axes


def describe_outreach(data: pd.DataFrame) -> str:
    """Alt text listing every bar with its actor, as the materials chart's (``describe_bars``).

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``people_reached``).

    Returns
    -------
    str
        Each bar's label, value and actor.
    """
    return describe_bars(data)


CHART = Chart("prevention_people_reached", "People trained or sensitised, and the activists and trainers who do the work",
              "The report counts people trained or sensitised by each actor, and separately the activists and "
              "trainers who deliver the work; neither count is a number of distinct people reached.",
              "notebooks/05_prevention_and_outreach.ipynb", people_reached, draw_outreach, describe_outreach,
              {"plot_height": 3.0, "nrows": 2},
              subtitle="Persons, Cambodia, as the report gives them, by actor; mostly undated. Counts from different "
                       "activities may include the same people and are not added up.")
