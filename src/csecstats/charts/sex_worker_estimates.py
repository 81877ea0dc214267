"""The sex-worker estimates chart (notebook 02): every published count over time, report, derived and external.

One module holds the chart: its data selection (``sex_worker_points``), label map (``SHORT_LABELS``),
drawing (``draw_sex_workers``), alt text (``describe_points``) and declaration (``CHART``, with the
ids it picks by name). Points from different sources, places or definitions are never joined.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes

from . import plots
from .chart import Chart
from .data import (
    QUALIFIER_WORDS, _report_rows, decimal_year, dodge, estimate_points, external_points, grade_of, month_year,
    period_midpoint,
)
from .describe import stated

SEX_WORK_INDICATORS = ("sex_workers", "sex_workers_counted", "sex_workers_claimed",
                       "sex_workers_and_trafficked_claimed", "direct_sex_workers", "indirect_sex_workers")

# The label map: what each indicator counts, in the words printed beside its point.
SHORT_LABELS = {"sex_workers_counted": "counted", "sex_workers_claimed": "claimed",
                "sex_workers_and_trafficked_claimed": "claimed, incl. trafficked",
                "direct_sex_workers": "brothel-based", "indirect_sex_workers": "outside brothels"}


def sex_worker_points(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Sex-worker counts over time, report, derived and external, one row per figure, with its series.

    Parameters
    ----------
    t : Mapping[str, pandas.DataFrame]
        The built tables (``tables.built.tables``): figures, estimates, external_estimates, triangulation.

    Returns
    -------
    pandas.DataFrame
        One row per mark: id, origin, geography, series key (never joined across it), note, decimal year
        (side by side where two sources share a place and year), value and bounds, grade, source, caveat.
    """
    figures = t["figures"]
    report = _report_rows(figures, figures["indicator"] == "sex_workers")
    external = external_points(t["external_estimates"])
    rows = pd.concat([report, estimate_points(t, list(CHART.selects["derived"])),
                      external[external["indicator"].isin(SEX_WORK_INDICATORS)]], ignore_index=True)
    for col in ("period_start", "period_end"):  # the external table's dates are text: one type, so repeats match
        rows[col] = pd.to_datetime(rows[col], format="%Y-%m-%d")
    rows = one_mark_per_origin(rows)
    rows["year"] = [period_midpoint(s, e) for s, e in zip(rows["period_start"], rows["period_end"])]
    # Two sources for the same place and year stand side by side, so both are seen.
    rows["year"] += dodge(rows, ["geography", "year"])
    # A series is one geography, one definition and one source method: never joined across them.
    rows["series_key"] = (rows["geography"] + " | " + rows["indicator"] + " | " + rows["source_id"] + " | "
                          + rows["origin"])
    rows["group"] = rows["geography"]
    rows["evidence_grade"] = grade_of(t, rows["figure_id"])
    rows["note"] = [" ".join(filter(None, (shown_value(r), SHORT_LABELS.get(r["indicator"], ""),
                                          f"[{r['evidence_grade']}]"))) for _, r in rows.iterrows()]
    columns = ["figure_id", "origin", "indicator", "geography", "group", "series_key", "note", "shown",
               "year", "period_start", "period_end", "value", "low", "high", "qualifier", "evidence_grade",
               "source_id", "citation", "published", "url", "caveat", "caveat_priority"]
    rows = rows.sort_values(["year", "group", "figure_id"], kind="stable").reset_index(drop=True)
    return rows[columns].sort_values(["group", "year", "figure_id"], kind="stable").reset_index(drop=True)


def shown_value(row: pd.Series) -> str:
    """A point's value as a reader should see it.

    Parameters
    ----------
    row : pandas.Series
        One chart row (origin, shown, qualifier, value, low, high).

    Returns
    -------
    str
        A derived estimate's rounded ``shown`` value (its interval left to the bar), a published range as
        its two ends, a bound or an approximate value in words ('over 14,000').
    """
    shown = row.get("shown")
    if isinstance(shown, str) and shown and row.get("origin") == "estimate":
        return shown.split(" (", 1)[0]
    if row["qualifier"] == "range" and pd.notna(row["low"]) and pd.notna(row["high"]):
        return f"{row['low']:,.0f}-{row['high']:,.0f}"
    return f"{QUALIFIER_WORDS.get(row['qualifier'], '')}{row['value']:,.0f}"


def one_mark_per_origin(rows: pd.DataFrame) -> pd.DataFrame:
    """Accounts repeating one study's number are one mark (the report's), all listed in its ``citation``.

    Parameters
    ----------
    rows : pandas.DataFrame
        Chart rows with origin, origin_id, geography, period_start, period_end, value, citation, source_id.

    Returns
    -------
    pandas.DataFrame
        The rows less every repeat of a study's number, in their order; the kept mark cites every account.
    """
    key = ["origin_id", "geography", "period_start", "period_end", "value"]
    rows = rows.sort_values("origin", key=lambda o: o != "report", kind="stable")
    accounts = rows["citation"].fillna(rows["source_id"]).groupby([rows[k].fillna("") for k in key], sort=False)
    rows = rows.assign(citation=accounts.transform(" | ".join).where(rows["origin_id"].notna(), rows["citation"]))
    return rows[~(rows.duplicated(key) & rows["origin_id"].notna())].sort_index()


def log_limits(values: pd.DataFrame) -> tuple[float, float]:
    """Log-axis limits that hold every value.

    Parameters
    ----------
    values : pandas.DataFrame
        The values drawn (value, low, high).

    Returns
    -------
    tuple[float, float]
        Down to the power of ten below the smallest, up to half again above the largest (room for the notes).
    """
    return 10 ** math.floor(math.log10(values.min().min())), values.max().max() * 1.5


def draw_sex_workers(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """Points by geography, UNTAC shaded, on a log axis (counts of 1,500 and claims of 100,000 both readable).

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``sex_worker_points``).
    ax : matplotlib.axes.Axes
        The plot the page gives the chart.
    t : Mapping[str, pandas.DataFrame]
        The built tables; the UNTAC period is read from the figure the chart selects as 'untac'.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, drawn.
    """
    untac = t["figures"].set_index("figure_id").loc[CHART.selects["untac"][0]]
    plots.shade_period(ax, decimal_year(untac["period_start"]), decimal_year(untac["period_end"]) + 1 / 365,
                       f"UNTAC\n({month_year(untac['period_start'])}-\n{month_year(untac['period_end'])})")
    plots.estimates_over_time(data, x="year", series_key="series_key", colour="group", label="group",
                              note="note", ax=ax)
    first, last = math.floor(data["year"].min()), math.ceil(data["year"].max())
    ax.set_xlim(first - 0.5, last)
    ax.set_xticks(range(first, last, 2))
    # Log scale: claims of 80,000-100,000 and counts of 1,500 must both be readable.
    ax.set_yscale("log")
    ax.set_ylim(*log_limits(data[["value", "low", "high"]]))
    ax.set_ylabel("sex workers (persons, log scale)")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    return ax


def describe_points(data: pd.DataFrame) -> str:
    """Alt text listing every point by group, in the report's words.

    Parameters
    ----------
    data : pandas.DataFrame
        The chart's rows (``sex_worker_points``).

    Returns
    -------
    str
        One sentence per geography: each value as stated, its year and its note.
    """
    parts = []
    for group, rows in data.groupby("group", sort=False):
        points = ", ".join(f"{stated(r)} in {pd.Timestamp(r['period_start']).year} ({r['note']})" for _, r in rows.iterrows())
        parts.append(f"{group}: {points}")
    return ("Estimates of the number of sex workers over time, each geography a separate series "
            "and points from different sources not joined. " + "; ".join(parts) + ".")


CHART = Chart("sex_worker_estimates", "Published estimates of the number of sex workers, Cambodia and Phnom Penh, {years}",
              "Published figures for the number of sex workers disagree widely, and they count different things: "
              "all sex workers, brothel-based only, or claims without a method.",
              "notebooks/02_sex_worker_estimates.ipynb", sex_worker_points, draw_sex_workers, describe_points,
              {"plot_height": 3.1, "grades": True},
              subtitle="Persons, log scale; Phnom Penh and all Cambodia. Each point is one published figure; "
                       "definitions differ (all sex workers, brothel-based, outside brothels, claims), so points from "
                       "different sources are never joined. The UNTAC period is shaded. ",
              selects={"untac": ("untac_staff_cambodia_1992_1993",),
                       "derived": ("sex_workers_phnom_penh_after_untac",)})
