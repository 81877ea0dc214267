"""Every exported chart, declared once: its id, title, data, drawing, alt text and notebook. Stage 17.

A chart's data is a tidy frame built from the library's tables; its caveats are the
caveat cells of those rows and its source line is built from their source ids, so
nothing printed under a chart is typed here. Notebooks call ``build`` too: what
researchers see is what policy staff get.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import distributions, periods, plots
from ..register.caveats import rank_of
from ..register.grades import RUBRIC
from ..tables.built import tables
from .data import (
    ACCOUNTS, caveated_estimates, decimal_year, enforcement_2003, enforcement_series, materials, month_year,
    people_reached, period_label, sex_worker_points, share_trafficked, tip_series, tornado_rows,
)
from .describe import (
    describe_bars, describe_enforcement_2003, describe_intervals, describe_points, describe_series,
    describe_tip_series, describe_tornado,
)
from .style import GRADE_COLOURS, house_style

UNTAC_FIGURE = "untac_staff_cambodia_1992_1993"


@dataclass(frozen=True)
class Chart:
    """One exported chart: everything but the data is declared here."""

    chart_id: str
    title: str
    caption: str
    notebook: str
    data: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]
    draw: Callable[[pd.DataFrame, Axes | list[Axes], Mapping[str, pd.DataFrame]], Axes | list[Axes]]
    describe: Callable[[pd.DataFrame], str]
    layout: dict


@dataclass(frozen=True)
class Built:
    """A chart drawn: the figure plus the exact data, caveats and sources behind it."""

    chart: Chart
    data: pd.DataFrame
    figure: Figure
    caveats: list[str]
    sources: list[dict]
    alt_text: str


# ---------------------------------------------------------------- helpers


def caveats_of(data: pd.DataFrame) -> list[str]:
    """Every distinct caveat of the rows behind a chart, highest priority first (``caveat_priority``; a
    caveat without one counts as 'qualifies'), then the report's before others, in first-seen order."""
    seen: dict[str, int] = {}
    first = data.sort_values("origin", key=lambda o: o != "report", kind="stable")
    priorities = first["caveat_priority"] if "caveat_priority" in first else pd.Series(None, index=first.index)
    for cell, ranks in zip(first["caveat"], priorities):
        if not isinstance(cell, str):
            continue
        texts = [c.strip() for c in cell.split(" | ")]
        ranks = ranks.split(" | ") if isinstance(ranks, str) else ["qualifies"] * len(texts)
        for caveat, priority in zip(texts, ranks):
            if caveat:
                seen[caveat] = min(seen.get(caveat, 9), rank_of(priority.strip()))
    return sorted(seen, key=seen.__getitem__)


def sources_of(data: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """Full citations of the report and every source id behind a chart, the report's first."""
    by_id = sources.set_index("source_id")
    out = []
    first = data.sort_values("origin", key=lambda o: o != "report", kind="stable")
    for source_id in pd.unique(pd.concat([pd.Series(["report_2004"]), first["source_id"]])):
        if source_id in by_id.index:
            row = by_id.loc[source_id]
            out.append({"source_id": source_id, "citation": row["citation"],
                        "short": f"{row['author']} ({row['year']})"})
        else:  # an external table's row carries its own citation
            citation = data.loc[data["source_id"] == source_id, "citation"].iloc[0]
            out.append({"source_id": source_id, "citation": citation, "short": source_id, "external": True})
    return out


def source_line(sources: list[dict]) -> str:
    """'Source: ...' naming every source: the report and the works it cites, then other publications."""
    cited = [s["short"] for s in sources if s["source_id"] != "report_2004" and not s.get("external")]
    other = [s["short"] for s in sources if s.get("external")]
    line = "Source: Kingdom of Cambodia (2004), Country Progress Report, Post-Yokohama Mid-Term Review"
    line += f", citing {'; '.join(cited)}." if cited else "."
    return line + (f" Other publications: {'; '.join(other)}." if other else "")


# ---------------------------------------------------------------- sex-worker estimates (notebook 02)


def rubric_caveat() -> str:
    """The evidence-grade key, from the rubric table."""
    return "Evidence grade in brackets: " + "; ".join(f"{g} {lab}" for g, lab in zip(RUBRIC["grade"], RUBRIC["label"])) + "."


def log_limits(values: pd.DataFrame) -> tuple[float, float]:
    """Log-axis limits that hold every value: down to the power of ten below the smallest, up to half
    again above the largest (room for the notes)."""
    return 10 ** math.floor(math.log10(values.min().min())), values.max().max() * 1.5


def draw_sex_workers(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """Points by geography, UNTAC shaded, on a log axis (counts of 1,500 and claims of 100,000 both readable)."""
    untac = t["figures"].set_index("figure_id").loc[UNTAC_FIGURE]
    plots.shade_period(ax, decimal_year(untac["period_start"]), decimal_year(untac["period_end"]) + 1 / 365,
                       f"UNTAC\n({month_year(untac['period_start'])}-\n{month_year(untac['period_end'])})")
    plots.estimates_over_time(data, x="year", series_key="series_key", colour="group", label="group",
                              note="note", note_offset="note_offset", ax=ax)
    first, last = math.floor(data["year"].min()), math.ceil(data["year"].max())
    ax.set_xlim(first - 0.5, last)
    ax.set_xticks(range(first, last, 2))
    # Log scale: claims of 80,000-100,000 and counts of 1,500 must both be readable.
    ax.set_yscale("log")
    ax.set_ylim(*log_limits(data[["value", "low", "high"]]))
    ax.set_ylabel("sex workers (persons, log scale)")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    return ax


# ---------------------------------------------------------------- prevention and outreach (notebook 05)


def draw_bars(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """One bar per figure, coloured by the actor the report credits."""
    plots.labelled_bars(data, label="label", value="value", group="actor", ax=ax)
    ax.set_xlabel(data["unit"].iloc[0])
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.set_xlim(0, data["value"].max() * 1.15)
    return ax


# ---------------------------------------------------------------- shares and caveated estimates (notebook 03)


def draw_intervals(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """Dots and intervals coloured by evidence grade; counts on a log axis so 180 and 12,000 both read."""
    plots.intervals(data, label="label", group="evidence_grade", colours=GRADE_COLOURS, note="note", ax=ax)
    if (data["unit"] == "persons").all() if "unit" in data else False:
        ax.set_xscale("log")
        ax.set_xlabel("persons (log scale); bar = 95% interval")
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    else:
        ax.set_xlim(0, math.ceil(data[["value", "low", "high"]].max().max() * 1.2 * 10) / 10)  # room for notes
        ax.set_xlabel("share of sex workers trafficked; bar = 95% interval")
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    return ax


def draw_tornado(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """Widest swing on top; the axis is the change of the estimate, so estimates of any size compare."""
    plots.tornado(data, label="label", left="change_at_low", right="change_at_high", colour=GRADE_COLOURS["C"],
                  ax=ax)
    ax.set_xlabel("change of the estimate, assumption low to high")
    reach = max(data["change_at_low"].abs().max(), data["change_at_high"].abs().max()) * 1.1
    ax.set_xlim(-reach, reach)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:+.0%}")
    # Long labels: three quarters of the style's text size on A4 (6 pt), 9 pt on a slide.
    ax.tick_params(axis="y", labelsize=min(plt.rcParams["font.size"] * 0.75, 9.0))
    return ax


# ---------------------------------------------------------------- enforcement and hotline (notebook 04)


def draw_enforcement_2003(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """Counts as bars above; the shares derived from them, with their 95% intervals, below."""
    counts = data[data["panel"] == "count"].assign(kind=lambda d: d["unit"])
    plots.labelled_bars(counts, label="label", value="value", group="kind", ax=axes[0])
    axes[0].set_xlim(0, counts["value"].max() * 1.6)  # room for the legend right of the bars
    axes[0].set_xlabel("2003, as the report gives them")
    shares = data[data["panel"] == "share"]
    plots.intervals(shares, label="label", group="evidence_grade", colours=GRADE_COLOURS, note="note", ax=axes[1])
    axes[1].set_xlim(0, 1)
    axes[1].xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    axes[1].set_xlabel("share; bar = 95% Wilson interval")
    return axes


def draw_enforcement_series(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """One panel per quantity; colour = reporter; lines only within one reporter, indicator and period kind."""
    colours = plots._colours(data, "reporter")
    for ax, (panel, rows) in zip(axes, data.groupby("panel", sort=False)):
        plots.estimates_over_time(rows, x="x", series_key="series_key", colour="reporter", note="note",
                                  note_offset="note_offset", palette=colours, ax=ax)
        ax.set_title(panel, loc="left", fontsize="medium")
        ax.set_xlim(math.floor(data["x"].min()) - 0.5, math.ceil(data["x"].max()) + 2)  # room for the last note
        ax.set_ylim(0, rows["value"].max() * 1.2)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    plots.legend_for(axes[0], data, label="reporter", colours=colours, column="reporter")
    return axes


# ---------------------------------------------------------------- TIP enforcement over twenty years (notebook 04)


def same_period_read_twice(data: pd.DataFrame) -> pd.DataFrame:
    """Pairs of figures of one indicator from different reports whose periods overlap by at least half of each."""
    pairs = []
    for _, rows in data[data["origin"] == "external"].groupby(["panel", "indicator", "form"], sort=False):
        for a in rows.itertuples(index=False):
            for b in rows.itertuples(index=False):
                overlap = min(a.x_end, b.x_end) - max(a.x_start, b.x_start)
                if (a.report_year < b.report_year and (a.period_start, a.period_end) != (b.period_start, b.period_end)
                        and overlap >= 0.5 * max(a.x_end - a.x_start, b.x_end - b.x_start)):
                    pairs.append({"first": a.figure_id, "second": b.figure_id, "panel": a.panel, "note":
                                  f"{a.value:g} for {period_label(a.period_start, a.period_end, calendar='calendar ')} "
                                  f"({a.report_year} report) and {b.value:g} for "
                                  f"{period_label(b.period_start, b.period_end, calendar='calendar ')} "
                                  f"({b.report_year} report): the same year counted over different months"})
    return pd.DataFrame(pairs, columns=["first", "second", "panel", "note"])


def break_positions(t: Mapping[str, pd.DataFrame], data: pd.DataFrame) -> pd.DataFrame:
    """Where each declared break starts on the period axis: its date, else the first figure inside it."""
    tip = data[data["origin"] == "external"]
    rows = []
    for number, brk in enumerate(t["breaks"].itertuples(index=False), start=1):
        inside = tip[tip["segment"].str.split("+").map(lambda parts, b=brk.break_id: b in parts)]
        x = decimal_year(brk[3]) if brk.scope == "period" else (inside["x_start"].min() if len(inside) else None)
        if x is not None and not pd.isna(x):
            rows.append({"number": number, "break_id": brk.break_id, "label": brk.label, "x": x})
    frame = pd.DataFrame(rows, columns=["number", "break_id", "label", "x"])
    frame["lift"] = frame.groupby("x").cumcount()  # breaks at one place are numbered side by side
    return frame


def draw_tip_series(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """One panel per indicator; breaks numbered; lines only within a comparable series (charts.periods)."""
    colours = dict(zip(ACCOUNTS.values(), (GRADE_COLOURS["A"], GRADE_COLOURS["C"], "#000000")))
    positions = break_positions(t, data)
    for ax, (panel, rows) in zip(axes, data.groupby("panel", sort=False)):
        # Limits first: labels are set apart in display space, which the limits fix.
        ax.set_ylim(0, rows["value"].max() * 1.35)
        ax.set_xlim(math.floor(data["x_start"].min()) - 0.5, math.ceil(data["x_end"].max()) + 1)
        ax.set_xticks(range(math.floor(data["x_start"].min()), math.ceil(data["x_end"].max()) + 1, 2))
        ax.set_title(panel, loc="left", fontsize="medium")
        for pair in same_period_read_twice(data[data["panel"] == panel]).itertuples(index=False):
            ax.text(0.01, 0.97, pair.note, transform=ax.transAxes, fontsize="xx-small", va="top", color="#333333")
        periods.period_points(rows, colour="group", palette=colours, series=("account",), label="label",
                              marker="marker", breaks=tuple(positions["x"]), ax=ax)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    periods.mark_breaks(list(axes), positions)
    handles = [Line2D([], [], color=c, marker="o", ls="none", label=g) for g, c in colours.items()]
    handles += [Line2D([], [], color="#777777", lw=2.4, alpha=0.35, label="period covered")]
    handles += [Line2D([], [], color="#777777", ls=":", label=textwrap.fill(f"{n} {lab}", 28))
                for n, lab in zip(positions["number"], positions["label"])]
    axes[0].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0,
                   fontsize="x-small")
    axes[-1].set_xlabel("period the figure covers (not the year of the report)")
    return axes


BAR_LAYOUT = {"left": 1.55, "right": 0.2, "axes_height": 2.2}

CHARTS: dict[str, Chart] = {c.chart_id: c for c in (
    Chart("sex_worker_estimates", "Estimates of the number of sex workers, 1990-2008",
          "The report's figures set beside those published elsewhere. Each geography, definition and "
          "source is its own series and is never joined to another; lower bounds are drawn as lower "
          "bounds, ranges as bars; the UNTAC period is shaded. Log scale.",
          "notebooks/02_sex_worker_estimates.ipynb", sex_worker_points, draw_sex_workers, describe_points,
          {}),
    Chart("prevention_materials", "Awareness materials produced and distributed, by actor",
          "Copies of booklets, pamphlets and books the report credits to each actor; undated, so not a "
          "yearly rate.",
          "notebooks/05_prevention_and_outreach.ipynb", materials, draw_bars, describe_bars, BAR_LAYOUT),
    Chart("prevention_people_reached", "People reached by awareness-raising and training, by actor",
          "People the report says were trained or sensitised, by actor; counts from different activities "
          "may include the same people and are not added up.",
          "notebooks/05_prevention_and_outreach.ipynb", people_reached, draw_bars, describe_bars, BAR_LAYOUT),
    Chart("caveated_estimates", "Derived estimates of sex workers, with 95% intervals and evidence grades",
          "Counts this project derives from the report's figures under declared assumptions (Monte Carlo, "
          "seeded); each row is one estimate or scenario, not a series. Log scale.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", caveated_estimates, draw_intervals,
          describe_intervals, {"left": 2.9, "right": 0.45, "axes_height": 3.0}),
    Chart("estimate_distributions", "How the Monte Carlo draws of each derived estimate are spread",
          "Each shape is the distribution of one estimate's seeded Monte Carlo draws (the central 99%), drawn from "
          "the declared assumptions; the dot is the central value and the bar the 95% interval, so skew and where "
          "the central value falls can be seen. Each is drawn relative to its central value, so estimates of any "
          "size share one axis.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", distributions.distribution_rows,
          distributions.draw_distributions, distributions.describe_distributions,
          {"left": 2.9, "right": 0.3, "axes_height": 4.6}),
    Chart("share_trafficked", "Share trafficked, 2003: the report's figure and the study's own counts",
          "The report's national share matches the share judged trafficked among those counted in Phnom Penh; "
          "the study's own national estimate gives about half that share. Shown side by side, not reconciled.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", share_trafficked, draw_intervals,
          describe_intervals, {"left": 2.9, "right": 0.45, "axes_height": 1.4}),
    Chart("sensitivity_tornado", "Which assumption moves each estimate most",
          "One assumption at a time moved from its low to its high end, the others held at their central "
          "values; widest swing on top.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", tornado_rows, draw_tornado, describe_tornado,
          {"left": 3.3, "right": 0.3, "axes_height": 4.4}),
    Chart("enforcement_2003", "Police enforcement in 2003: cases, arrests, rescues and the hotline",
          "The report's 2003 counts, and the shares derived from them with 95% Wilson intervals.",
          "notebooks/04_enforcement_and_hotline.ipynb", enforcement_2003, draw_enforcement_2003,
          describe_enforcement_2003, {"left": 2.4, "right": 0.45, "axes_height": 1.7, "nrows": 2}),
    Chart("enforcement_series", "Trafficking cases, arrests and rescues reported, 2003-2024",
          "The report's 2003 figures and later police and NCCT releases. Releases for the same year sit side by "
          "side; part-year and non-calendar periods are open squares and never joined to full years.",
          "notebooks/04_enforcement_and_hotline.ipynb", enforcement_series, draw_enforcement_series,
          describe_series, {"left": 0.75, "right": 2.2, "axes_height": 1.5, "nrows": 3, "between": 0.5}),
    Chart("tip_enforcement", "Trafficking enforcement in the US TIP reports, 2003-2022: not one series",
          "Investigations, prosecutions, convictions, victims identified and arrests as the annual US Trafficking in "
          "Persons reports give them, each at the period it covers (bar) rather than the report year, with the 2004 "
          "country report's 2003 figures beside them. Numbered dotted lines are declared breaks; lines join only "
          "figures of one indicator, unit and definition within one comparable segment. Counts of what was detected, "
          "not of how much trafficking there was.",
          "notebooks/04_enforcement_and_hotline.ipynb", tip_series, draw_tip_series, describe_tip_series,
          {"left": 0.6, "right": 1.9, "axes_height": 1.4, "nrows": 3, "between": 0.42}),
)}


# A slide's text is 1.75 times the report's (14 pt against 8 pt): its margins grow alike.
SLIDE_SCALE = 1.75


def slide_layout(layout: dict) -> dict:
    """The report layout's margins and gaps, scaled for a 16:9 slide (heights follow from the slide)."""
    scaled = {k: v * SLIDE_SCALE for k, v in layout.items() if k in ("left", "right")}
    nrows = layout.get("nrows", 1)
    # Stacked panels need the height: fewer caveat lines on the slide (all of them stay in the sidecar).
    return {"left": 1.3, "right": 3.5, **scaled, "nrows": nrows, "between": 0.55 + 0.1 * nrows,
            "max_lines": 9 if nrows == 1 else 11 - 3 * nrows}


def build(chart_id: str, t: Mapping[str, pd.DataFrame] | None = None, *, size: str = "report") -> Built:
    """Draw one chart in the house style (``size`` 'report' or 'slide') with its title, source line and caveats."""
    chart = CHARTS[chart_id]
    t = t if t is not None else tables()
    data = chart.data(t)
    caveats, sources = caveats_of(data), sources_of(data, t["sources"])
    if "evidence_grade" in data:
        caveats.append(rubric_caveat())
    with house_style(size):
        if size == "slide":
            more = f"every caveat is in {chart_id}.json and the gallery"
            fig, ax = plots.slide_figure(chart.title, source_line(sources), caveats, more=more,
                                         **slide_layout(chart.layout))
        else:
            fig, ax = plots.chart_figure(chart.title, source_line(sources), caveats, **chart.layout)
        chart.draw(data, ax, t)
    return Built(chart, data, fig, caveats, sources, chart.describe(data))
