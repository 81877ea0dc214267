"""The rates chart: every count over the population of its year, one panel per kind of rate. Stage 14.

Self-contained: its data (``rate_points``, from the built ``rates`` table and the tables its
numerators come from), its drawing (``draw_rates``) and its alt text (``describe_rates``); the
registry (``charts.catalogue``) declares it once. Nothing is joined: each point is one count
of one definition and comparability segment, with its 95% interval (numerator and
denominator together); a lower bound is an upward triangle with no upper end, a range with
no central value a bar alone, and a rate over an extrapolated population an open marker.
Beside the chart, notebook 06 reads how much of each interval's width is the population's
(``interval_parts``, ``interval_summary``): read from the built table, with none of the Monte
Carlo machinery that made it loaded.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from .chart import Chart
from .labels import LABEL_GID
from .style import GREY, PALETTE, small

# numerator table -> (who published it, as the legend says; the chart's origin kind)
GROUPS = {"figures": ("2004 country report", "report"), "tip_enforcement": ("US TIP reports", "external"),
          "external_enforcement": ("police and NCCT releases", "external"),
          "external_estimates": ("published estimates", "external"),
          "estimates": ("this project's readings of the 2003 study", "estimate")}
COLOURS = dict(zip((g for g, _ in GROUPS.values()), PALETTE))
PANEL_TITLES = {"enforcement_per_million": "Enforcement counts per million people (log scale)",
                "sex_workers_per_1000_women": "Sex workers per 1,000 women (all ages), national estimates",
                "trafficked_per_100000_women": "Sex workers judged trafficked per 100,000 women (all ages), 2003 readings"}
DETECTION = ("Counts of what the authorities detected, per person: a rising rate can mean more effort or wider "
             "counting, not more trafficking.")
DEFINITION_WORDS = {"all_sex_workers": "all sex workers", "brothel_based": "brothel-based",
                    "outside_brothels": "outside brothels"}
EXTRAPOLATED = "A rate over a population extrapolated beyond the censuses (open marker): its interval widens with distance."


def _decimal_year(start: str, end: str) -> float:
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    middle = a + (b - a) / 2
    return middle.year + (middle.dayofyear - 0.5) / (366 if middle.is_leap_year else 365)


def _numerator_details(t: Mapping[str, pd.DataFrame], rates: pd.DataFrame) -> pd.DataFrame:
    """source_id, citation, url, published and the numerator's own caveats, by numerator id."""
    figures = t["figures"].set_index("figure_id")
    tip = t["tip_enforcement"].set_index("tip_id")
    estimates = t["estimates"].assign(key=lambda e: e["estimate_id"] + e["scenario"].map(
        lambda s: f"/{s}" if isinstance(s, str) else "")).set_index("key")
    external = pd.concat([t["external_enforcement"], t["external_estimates"]]).set_index("external_id")
    rows = []
    for table, key in zip(rates["numerator_table"], rates["numerator_id"]):
        if table == "figures":
            r = figures.loc[key]
            rows.append((r["source_id"], None, None, None, r["caveat"], r["caveat_priority"]))
        elif table == "estimates":
            r = estimates.loc[key]
            rows.append(("report_2004", None, None, None, r["caveat"], r["caveat_priority"]))
        elif table == "tip_enforcement":
            r = tip.loc[key]
            name = "US Department of State: Trafficking in Persons Reports" if r["account"] == "report_text" \
                else f"{r['publisher']}: accounts of the Trafficking in Persons Reports"
            rows.append((name, f"{name}: {r['url']}", r["url"], str(r["report_year"]), r["caveat"], r["caveat_priority"]))
        else:
            r = external.loc[key]
            rows.append((r["source"], f"{r['source']}, {r['url']}", r["url"], r["published"], None, None))
    return pd.DataFrame(rows, index=rates.index,
                        columns=["source_id", "citation", "url", "published", "own_caveat", "own_priority"])


def _caveats(rates: pd.DataFrame, details: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Each row's caveats, most important first: what a rate of detection is, the base, an extrapolated
    population, then the numerator's own caveats."""
    texts, priorities = [], []
    for row, own, rank in zip(rates.itertuples(), details["own_caveat"], details["own_priority"]):
        pairs = [(DETECTION, "reading")] if row.measures == "detection" else []
        pairs += [(row.base[0].upper() + row.base[1:] + ".", "reading")] if isinstance(row.base, str) else []
        pairs += [(EXTRAPOLATED, "qualifies")] if row.denominator_kind == "extrapolated" else []
        if isinstance(own, str):
            pairs += list(zip(own.split(" | "), rank.split(" | ") if isinstance(rank, str) else ["qualifies"] * 99))
        texts.append(" | ".join(p[0] for p in pairs))
        priorities.append(" | ".join(p[1] for p in pairs))
    return texts, priorities


def _amount(value, low, high) -> str:
    """What a rate's label prints of its count: the count, or the range printed where there is no central value
    ('7,000-8,000 brothel-based', as the sex-worker chart prints it)."""
    if pd.notna(value):
        return f"{value:,.0f}"
    return f"{low:,.0f}-{high:,.0f}" if pd.notna(low) and pd.notna(high) else "as printed"


def rate_points(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per rate, placed at the middle of its period (points of one panel and year side by side)."""
    rates = t["rates"].reset_index(drop=True)
    details = _numerator_details(t, rates)
    rows = pd.concat([rates, details], axis=1).rename(columns={"numerator_id": "figure_id"})
    rows["origin"] = rows["numerator_table"].map(lambda n: GROUPS[n][1])
    rows["group"] = rows["numerator_table"].map(lambda n: GROUPS[n][0])
    rows["panel"] = rows["rate_of"].map(PANEL_TITLES)
    rows["caveat"], rows["caveat_priority"] = _caveats(rates, details)
    rows["note"] = [None if r == "enforcement_per_million" else _amount(n, lo, hi) + (
                    f" {DEFINITION_WORDS[d]}" if d in DEFINITION_WORDS else "")
                    for r, n, lo, hi, d in zip(rows["rate_of"], rows["numerator"], rows["numerator_low"],
                                               rows["numerator_high"], rows["definition"])]
    rows["x"] = [_decimal_year(s, e) for s, e in zip(rows["period_start"], rows["period_end"])]
    place = rows.groupby(["rate_of", "year"]).cumcount()
    size = rows.groupby(["rate_of", "year"])["year"].transform("size")
    rows["x"] += (place - (size - 1) / 2) * (0.8 / size.clip(lower=2))
    columns = ["figure_id", "origin", "group", "panel", "rate_of", "indicator", "definition", "segment", "qualifier",
               "numerator", "denominator", "denominator_kind", "per", "rate", "rate_low", "rate_high", "year",
               "period_start", "period_end", "x", "source_id", "citation", "url", "published", "caveat",
               "caveat_priority", "note"]
    return rows[columns]


def _point(ax: Axes, row, colour: str) -> None:
    """One rate: its interval as a bar, its central value as a marker (none for a range)."""
    top = row.rate_high if pd.notna(row.rate_high) else row.rate * 1.6
    ax.plot([row.x, row.x], [row.rate_low, top], color=colour, lw=1.1, alpha=0.8 if pd.notna(row.rate) else 0.45,
            solid_capstyle="butt")
    if pd.isna(row.rate):
        if isinstance(row.note, str):
            ax.annotate(row.note, (row.x, top), xytext=(0, 0), textcoords="offset points", fontsize=small(),
                        color="#333333", gid=LABEL_GID, in_layout=False)
        return
    marker = "^" if row.qualifier == "lower_bound" else "o"
    face = "white" if row.denominator_kind == "extrapolated" else colour
    ax.plot([row.x], [row.rate], marker=marker, ms=3.6, mfc=face, mec=colour, mew=0.9, ls="none", zorder=3)
    if isinstance(row.note, str):
        ax.annotate(row.note, (row.x, row.rate), xytext=(0, 0), textcoords="offset points", fontsize=small(),
                    color="#333333", gid=LABEL_GID, in_layout=False)


def draw_rates(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """One panel per kind of rate; points only, never a line: every point is its own count and definition."""
    first, last = math.floor(data["x"].min()) - 1, math.ceil(data["x"].max()) + 1
    for ax, (rate_of, rows) in zip(axes, data.groupby("rate_of", sort=False)):
        for row in rows.itertuples():
            _point(ax, row, COLOURS[row.group])
        ax.set_title(PANEL_TITLES[rate_of], loc="left")
        ax.set_xlim(first, last)
        if rate_of == "enforcement_per_million":
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}")
        else:
            ax.set_ylim(0, rows[["rate", "rate_high"]].max().max() * 1.25)
    groups = list(dict.fromkeys(data["group"]))
    handles = [Line2D([], [], color=COLOURS[g], marker="o", ls="none", label=g) for g in groups]
    handles += [Line2D([], [], color=GREY, marker="o", mfc="white", ls="none", label="population extrapolated"),
                Line2D([], [], color=GREY, marker="^", ls="none", label="lower bound"),
                Line2D([], [], color=GREY, lw=1.1, label="95% interval")]
    axes[-1].figure.legend(handles=handles, loc="lower left", borderaxespad=0)  # the page sets it below the plot
    axes[-1].set_xlabel("middle of the period each count covers")
    return axes


def describe_rates(data: pd.DataFrame) -> str:
    """Alt text: every rate with its interval, panel by panel; nothing joined."""
    parts = []
    for rate_of, rows in data.groupby("rate_of", sort=False):
        items = []
        for r in rows.itertuples():
            value = f"{r.rate:,.3g}" if pd.notna(r.rate) else "no central value"
            upper = f"{r.rate_high:,.3g}" if pd.notna(r.rate_high) else "no upper end"
            items.append(f"{r.indicator.replace('_', ' ')} {pd.Timestamp(r.period_start).year} ({r.group}): {value} "
                         f"({r.rate_low:,.3g} to {upper})")
        parts.append(f"{PANEL_TITLES[rate_of]}: " + "; ".join(items))
    return ("Points with 95% intervals, one panel per kind of rate, never joined: " + ". ".join(parts) + ".")


CHART = Chart("rates", "Enforcement counts and sex-worker estimates per population, {years}",
              "Divided by the population of their year, enforcement counts are still counts of what was detected, and "
              "each estimate keeps its own definition; the population's uncertainty is small beside the numerators'.",
              "notebooks/06_rates.ipynb", rate_points, draw_rates, describe_rates,
              {"plot_height": 5.2, "nrows": 3},
              subtitle="Per million people (enforcement counts); per 1,000 or 100,000 women of all ages (no account gives "
                       "women aged 15-49). Denominator: Cambodia's population from the census accounts, log-linear "
                       "between censuses, extrapolated beyond them at the inter-censal growth rate (open markers). "
                       "Bars: 95% interval of numerator and denominator together. Nothing is joined.", table="rates")


# ---------------------------------------------------------------- what notebook 06 reads beside the chart

def interval_parts(rates: pd.DataFrame) -> pd.DataFrame:
    """The built rates table with the width of each interval (``both``), its width with the population held at
    its central value (``numerator_alone``) and the share of the width the population contributes
    (``from_population``, 0-1; Monte Carlo noise that makes the numerator-alone interval a hair wider than both
    reads as none)."""
    rates = rates.copy()
    rates["both"] = rates["rate_high"] - rates["rate_low"]
    rates["numerator_alone"] = rates["rate_high_fixed_denominator"] - rates["rate_low_fixed_denominator"]
    rates["from_population"] = (1 - rates["numerator_alone"] / rates["both"]).clip(lower=0)
    return rates


def interval_summary(parts: pd.DataFrame) -> pd.DataFrame:
    """By qualifier: how many rates have an interval, the median share of its width from the population, and
    the median width relative to the rate (a range, which has no centre, gives no relative width)."""
    return parts.dropna(subset=["both"]).groupby("qualifier").agg(
        rates=("numerator_id", "size"), share_from_population=("from_population", "median"),
        relative_width=("both", lambda w: (w / parts.loc[w.index, "rate"]).dropna().median()))
