"""The enforcement series (notebook 04): cases, arrests and rescues 2003-2024 as each release gives them.

One module holds the chart: its data selection (``enforcement_series``, from the ``triangulation``
table and the tables its rows come from), label maps (``QUANTITIES``, ``SAME_REPORTER``,
``CASE_WORDS``), drawing (``draw_enforcement_series``), alt text (``describe_series``) and
declaration (``CHART``). Releases for the same year sit side by side; lines join only one
reporter's one definition and period kind.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes

from . import plots
from ..register.caveats import rank_of
from .chart import Chart

# The label maps: each panel's quantity in words; one department named two ways (the report's and the
# releases'), so one reporter has one colour; the report's 2003 cases by the kind the report names.
QUANTITIES = {"police_cases": "Cases (suspected, confirmed, dealt with, to court)",
              "arrests": "Arrests (perpetrators, traffickers, suspects; suspects to court)",
              "victims_rescued": "Victims rescued"}
SAME_REPORTER = {"Department of Anti-Human Trafficking and Juvenile Protection":
                 "Anti-Human Trafficking and Juvenile Protection Department"}
CASE_WORDS = {"suspected_cases": "suspected", "confirmed_cases": "confirmed"}


def release_caveats(release: pd.Series, year: int) -> tuple[str | None, str | None]:
    """A release's note as caveat cells: each part a caveat.

    Parameters
    ----------
    release : pandas.Series
        A row of ``external_enforcement`` (reporter, note).
    year : int
        The year the release counts.

    Returns
    -------
    tuple[str | None, str | None]
        The caveat texts and their priorities, ' | '-joined, most important first: 'first ... only' (drawn as
        an open square) qualifies the count, anything else (a conflict, a definition, a breakdown) changes
        how it is read. ``(None, None)`` for a release without a note.
    """
    if not isinstance(release["note"], str):
        return None, None
    parts = [p.strip() for p in release["note"].split(";") if p.strip()]
    texts = [f"{release['reporter']}, {year}: {p}" for p in parts]
    ranks = ["qualifies" if p.startswith("first ") and p.endswith(" only") else "reading" for p in parts]
    order = sorted(range(len(parts)), key=lambda k: rank_of(ranks[k]))
    return " | ".join(texts[k] for k in order), " | ".join(ranks[k] for k in order)


def period_note(start: str, end: str, kind: str) -> str:
    """A period's mark in words.

    Parameters
    ----------
    start, end : str
        The period's first and last day.
    kind : str
        'calendar_year', 'part_year' or 'non_calendar_year'.

    Returns
    -------
    str
        'Jan-Jun only' for a part year, 'Dec-Dec' for a non-calendar year, '' for a calendar year.
    """
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if kind == "part_year":
        return f"{s:%b}-{e:%b} only"
    return f"{s:%b}-{e:%b}" if kind == "non_calendar_year" else ""


def _sources(rows: pd.DataFrame, t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Each row's reporter, source, citation, date, address, caveats and qualifier, from the table it comes from."""
    ext = t["external_enforcement"].set_index("external_id")
    figures = t["figures"].set_index("figure_id")
    is_ext = rows["origin"] == "external"
    rows["reporter"] = [ext.loc[i, "reporter"] if x else SAME_REPORTER.get(figures.loc[i, "actor"], figures.loc[i, "actor"])
                        for i, x in zip(rows["figure_id"], is_ext)]
    rows["source_id"] = [ext.loc[i, "source"] if x else figures.loc[i, "source_id"]
                         for i, x in zip(rows["figure_id"], is_ext)]
    rows["citation"] = [f"{ext.loc[i, 'source']}, {ext.loc[i, 'url']}" if x else None
                        for i, x in zip(rows["figure_id"], is_ext)]
    rows["published"] = [ext.loc[i, "published"] if x else None for i, x in zip(rows["figure_id"], is_ext)]
    rows["url"] = [ext.loc[i, "url"] if x else None for i, x in zip(rows["figure_id"], is_ext)]
    # External caveats are the table's notes (part-year marks, conflicts named); the frame keeps `disagrees`.
    notes = [release_caveats(ext.loc[i], y) if x else (figures.loc[i, "caveat"], figures.loc[i, "caveat_priority"])
             for i, x, y in zip(rows["figure_id"], is_ext, rows["year"])]
    rows["caveat"], rows["caveat_priority"] = [n[0] for n in notes], [n[1] for n in notes]
    # A release's derived figure (296 = 85 + 211 the article prints) stays derived on the chart, as in its table.
    derived = [x and ext.loc[i, "qualifier"] == "derived" for i, x in zip(rows["figure_id"], is_ext)]
    rows["qualifier"] = ["derived" if d else "exact" if k == "calendar_year" else plots.PART_PERIOD
                         for d, k in zip(derived, rows["period_kind"])]
    return rows


def enforcement_series(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Cases, arrests and rescues 2003-2024, report and external, one row per release, reporters side by side.

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables (``triangulation``, ``figures``, ``external_enforcement``).

    Returns
    -------
    pandas.DataFrame
        One row per release and quantity (TIP figures have a chart of their own): panel, year, x (releases
        for one year side by side), reporter, series key, value, qualifier, note, disagreement, source, caveat.
    """
    tri = t["triangulation"]
    # TIP figures have a chart of their own (tip_enforcement), drawn by period with their breaks.
    rows = tri[tri["quantity"].isin(list(QUANTITIES)) & (tri["origin"] != "external (TIP)")]
    rows = _sources(rows.rename(columns={"record_id": "figure_id"}).copy(), t)
    rows["note"] = [period_note(s, e, k) for s, e, k in zip(rows["period_start"], rows["period_end"],
                                                            rows["period_kind"])]
    # The report's 2003 cases are 'suspected' or 'confirmed' cases of human trafficking: named on the chart,
    # so they are not read as the same series as later releases' cases.
    named = (rows["origin"] != "external") & rows["indicator"].isin(CASE_WORDS)
    rows.loc[named, "note"] = rows.loc[named, "indicator"].map(CASE_WORDS)
    rows["panel"] = rows["quantity"].map(QUANTITIES)
    rows["panel_order"] = rows["quantity"].map(list(QUANTITIES).index)
    # Releases for the same year sit side by side (reporters offset), so disagreement is seen, not averaged.
    rank = rows.groupby(["quantity", "year"]).cumcount()
    size = rows.groupby(["quantity", "year"])["figure_id"].transform("size")
    rows["x"] = rows["year"].astype(float) + 0.5 + (rank - (size - 1) / 2) * 0.3
    rows["series_key"] = rows["quantity"] + " | " + rows["indicator"] + " | " + rows["reporter"] + " | " + \
        rows["period_kind"] + " | " + rows["origin"]
    columns = ["figure_id", "origin", "panel", "quantity", "indicator", "year", "x", "period_start", "period_end",
               "period_kind", "reporter", "series_key", "value", "low", "high", "qualifier", "note",
               "disagrees", "evidence_grade", "source_id", "citation", "published", "url", "caveat", "caveat_priority"]
    rows = rows.sort_values(["panel_order", "x"], kind="stable")
    return rows.reindex(columns=columns).reset_index(drop=True)


def draw_enforcement_series(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """One panel per quantity; colour = reporter; lines only within one reporter, indicator and period kind.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``enforcement_series``).
    axes : list[matplotlib.axes.Axes]
        One plot per quantity, top to bottom.
    t : Mapping[str, pandas.DataFrame]
        The built tables (unused: every mark is in ``data``).

    Returns
    -------
    list[matplotlib.axes.Axes]
        ``axes``, drawn; the reporters' legend on the first.
    """
    colours = plots._colours(data, "reporter")
    for ax, (panel, rows) in zip(axes, data.groupby("panel", sort=False)):
        plots.estimates_over_time(rows, x="x", series_key="series_key", colour="reporter", note="note",
                                  palette=colours, ax=ax)
        ax.set_title(panel, loc="left", fontsize="medium")
        ax.set_xlim(math.floor(data["x"].min()) - 0.5, math.ceil(data["x"].max()) + 2)  # room for the last note
        ax.set_ylim(0, rows["value"].max() * 1.2)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    plots.legend_for(axes[0], data, label="reporter", colours=colours, column="reporter")
    return axes


def describe_series(data: pd.DataFrame) -> str:
    """Alt text: every release by panel, with reporter and period marks.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``enforcement_series``).

    Returns
    -------
    str
        One sentence per panel: each value, its year, its period mark and its reporter.
    """
    parts = []
    for panel, rows in data.groupby("panel", sort=False):
        items = ", ".join(f"{r['value']:,.0f} in {r['year']}" + (f" ({r['note']})" if r["note"] else "")
                          + f" by {r['reporter']}" for _, r in rows.iterrows())
        parts.append(f"{panel}: {items}")
    return "Three panels of enforcement figures over time, releases for the same year side by side: " + \
        "; ".join(parts) + "."


CHART = Chart("enforcement_series", "Trafficking cases, arrests and victims rescued reported by the police, {years}",
              "Releases after the report count different things over different periods and sometimes disagree "
              "for the same year, so they do not form a trend.",
              "notebooks/04_enforcement_and_hotline.ipynb", enforcement_series, draw_enforcement_series,
              describe_series, {"plot_height": 4.6, "nrows": 3},
              subtitle="Counts, Cambodia, as each release gives them; colour = reporter. Each definition is its own "
                       "series and is never joined to another; open squares are part-year or non-calendar periods. "
                       "Counts measure detection, not prevalence.")
