"""The sensitivity tornado (notebook 03): which assumption moves each derived estimate most.

One module holds the chart: its data selection (``tornado_rows``, from the ``sensitivity`` table),
label map (``ASSUMPTION_WORDS``: each assumption in words, never its code name), drawing
(``draw_tornado``), alt text (``describe_tornado``) and declaration (``CHART``).
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes

from . import plots
from .chart import Chart
from .style import GRADE_COLOURS

# The label map: what each assumption is, in words, for the chart's labels (never its code name).
ASSUMPTION_WORDS = {
    "national_total_factor": "if the national total were another base",
    "share_forced_or_tricked": "the share who said they were forced or tricked",
    "sex_workers": "the number of sex workers it applies to",
    "share_khmer": "the share who are ethnic Khmer",
    "share_vietnamese": "the share who are ethnic Vietnamese",
    "before": "the count before UNTAC left",
    "ratio_after_before": "the ratio of the count after UNTAC left to before",
    "trafficked_national": "the study's national count of trafficked sex workers",
    "share_trafficked": "the share trafficked (its rounding)",
    "sex_workers_phnom_penh_1997": "the 1997 Phnom Penh count it applies to",
    "share_aged_12_17": "the share aged 12-17",
}


def assumption_words(name: str) -> str:
    """An assumption in words.

    Parameters
    ----------
    name : str
        The assumption's name in the estimate declarations.

    Returns
    -------
    str
        Its words in ``ASSUMPTION_WORDS``, else its name with spaces for underscores.
    """
    return ASSUMPTION_WORDS.get(name, name.replace("_", " "))


def tornado_rows(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Sensitivity rows as the change of each estimate, in percent, when one assumption moves end to end.

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables (``sensitivity``, ``estimates``).

    Returns
    -------
    pandas.DataFrame
        One row per estimate, scenario and assumption: change at the low and high end, label, span;
        widest swing first.
    """
    sens = t["sensitivity"].merge(t["estimates"][["estimate_id", "scenario", "quantity", "evidence_grade",
                                                  "caveat", "caveat_priority"]], on=["estimate_id", "scenario"], how="left")
    sens = sens.rename(columns={"estimate_id": "figure_id"})
    sens["origin"], sens["source_id"] = "estimate", "report_2004"
    sens["change_at_low"] = sens["value_at_low"] / sens["value"] - 1
    sens["change_at_high"] = sens["value_at_high"] / sens["value"] - 1
    sens["label"] = [f"{q}: {assumption_words(a)}" for q, a in zip(sens["quantity"], sens["assumption"])]
    sens["span"] = (sens["change_at_high"] - sens["change_at_low"]).abs()
    return sens.sort_values(["span", "figure_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def draw_tornado(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """Widest swing on top; the axis is the change of the estimate, so estimates of any size compare.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``tornado_rows``), or the widest of them on a slide.
    ax : matplotlib.axes.Axes
        The plot the page gives the chart.
    t : Mapping[str, pandas.DataFrame]
        The built tables (unused: every bar is in ``data``).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn.
    """
    plots.tornado(data, label="label", left="change_at_low", right="change_at_high", colour=GRADE_COLOURS["C"],
                  ax=ax)
    ax.set_xlabel("change of the estimate, assumption low to high")
    reach = max(data["change_at_low"].abs().max(), data["change_at_high"].abs().max()) * 1.1
    ax.set_xlim(-reach, reach)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:+.0%}")
    return ax


def describe_tornado(data: pd.DataFrame) -> str:
    """Alt text: each assumption's swing in percent.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``tornado_rows``).

    Returns
    -------
    str
        Each row's label and its change from the low to the high end.
    """
    items = "; ".join(f"{' '.join(r['label'].split())}: {r['change_at_low']:+.0%} to {r['change_at_high']:+.0%}"
                      for _, r in data.iterrows())
    return "Tornado chart of one-at-a-time sensitivity: " + items + "."


CHART = Chart("sensitivity_tornado", "Which assumption moves each derived estimate most",
              "The longest bars show where a reader who doubts an assumption would most change an estimate.",
              "notebooks/03_shares_and_caveated_estimates.ipynb", tornado_rows, draw_tornado, describe_tornado,
              {"plot_height": 4.2, "slide_rows": 9, "slide_keeps": "the {n} widest swings"}, table="sensitivity",
              subtitle="Change of each estimate, in percent, when one assumption moves from its low to its high end "
                       "and the others stay at their central values; widest swing on top.")
