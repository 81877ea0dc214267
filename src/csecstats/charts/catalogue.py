"""Every exported chart, declared once: its id, title, data, drawing, alt text and notebook.

A chart's data is a tidy frame built from the library's tables; its caveats are the
caveat cells of those rows and its source line is built from their source ids, so
nothing printed under a chart is typed here. Notebooks call ``build`` too: what
researchers see is what policy staff get.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import distributions, page, plots, rates, tip
from .chart import Chart
from .tip import break_positions, same_period_read_twice
from ..register.caveats import PRIORITIES, rank_of
from ..register.grades import RUBRIC
from ..tables.built import tables
from .rows import chart_rows
from .data import (
    ROLES, UNIT_WORDS, caveated_estimates, decimal_year, enforcement_2003, enforcement_series, materials, month_year,
    people_reached, sex_worker_points, share_trafficked, tornado_rows,
)
from .describe import (
    describe_bars, describe_enforcement_2003, describe_intervals, describe_points, describe_series, describe_tornado,
)
from .style import GRADE_COLOURS, house_style

__all__ = ["CHARTS", "Built", "Chart", "break_positions", "build", "same_period_read_twice", "source_line"]

UNTAC_FIGURE = "untac_staff_cambodia_1992_1993"


@dataclass(frozen=True)
class Built:
    """A chart drawn: the figure plus the exact data, caveats and sources behind it."""

    chart: Chart
    data: pd.DataFrame
    figure: Figure
    caveats: list[str]
    sources: list[dict]
    alt_text: str
    title: str = ""
    subtitle: str = ""
    key: str | None = None  # what the brackets or marks mean, printed under the source line
    priorities: list[str] | None = None  # each caveat's priority, in the caveats' (rank) order
    dropped: tuple[str, ...] = ()  # data labels left off the image (no free spot by their point; in the CSV)
    rows: tuple[dict, ...] = ()  # every processed-table row the chart draws (``charts.rows.chart_rows``)


# ---------------------------------------------------------------- helpers


def caveats_of(data: pd.DataFrame) -> list[str]:
    """Every distinct caveat text of the rows behind a chart, most important first (``ranked_caveats``)."""
    return [c["text"] for c in ranked_caveats(data)]


def ranked_caveats(data: pd.DataFrame) -> list[dict]:
    """Every distinct caveat of the rows behind a chart (``{priority, text}``), most important first.

    Ranked by priority (``caveat_priority``; none counts as 'qualifies'), then by how many of the chart's
    rows it concerns, then by its place within its row (each row's first caveat before any row's second),
    then the report's rows before others, in first-seen order.
    """
    keys: dict[str, list] = {}
    about: dict[str, set] = {}  # the rows each caveat concerns
    first = data.sort_values("origin", key=lambda o: o != "report", kind="stable")
    priorities = first["caveat_priority"] if "caveat_priority" in first else pd.Series(None, index=first.index)
    for at, cell, ranks in zip(first.index, first["caveat"], priorities):
        if not isinstance(cell, str):
            continue
        texts = [c.strip() for c in cell.split(" | ")]
        ranks = ranks.split(" | ") if isinstance(ranks, str) else ["qualifies"] * len(texts)
        for place, (caveat, priority) in enumerate(zip(texts, ranks)):
            if caveat:
                rank, rows, best, seen = keys.get(caveat, (9, 0, place, len(keys)))
                keys[caveat] = [min(rank, rank_of(priority.strip())), rows + 1, min(best, place), seen]
                about.setdefault(caveat, set()).add(at)
    order = sorted(keys, key=lambda c: (keys[c][0], -keys[c][1], keys[c][2], keys[c][3]))
    # A caveat about one point of several names it, unless it begins with the point's name already.
    named = {c: point_name(data.loc[next(iter(about[c]))]) if len(about[c]) == 1 < len(data) else "" for c in order}
    return [{"priority": list(PRIORITIES)[keys[c][0] - 1],
             "text": f"{named[c]}: {c}" if named[c] and not c.lower().startswith(named[c].lower()) else c}
            for c in order]


def point_name(row: pd.Series) -> str:
    """A drawn point in the words the chart shows it by: its label, else its panel or group (without its
    parenthesis), year and value ('Arrests, 2003, 271'); '' when the row carries none of them."""
    label = row.get("label")
    if isinstance(label, str) and label.strip():
        return " ".join(label.split())
    where = next((row[c].split(" (")[0] for c in ("panel", "group") if isinstance(row.get(c), str)), "")
    start = row.get("period_start")
    year = str(start)[:4] if start is not None and pd.notna(start) else ""
    value = row.get("value")
    shown = f"{value:,.0f}" if isinstance(value, (int, float)) and pd.notna(value) else ""
    return ", ".join(p for p in (where, year, shown) if p)


def accounts_drawn(data: pd.DataFrame, t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per account a drawn estimate rests on (``estimates.csv``'s ``accounts``): 'the report (id)' is a
    work the report cites; anything else a publication ('Publisher: Title, date'), linked where the external
    table reads it. Credits follow lineage: derived from the rows drawn, never declared per chart."""
    columns = ["origin", "source_id", "citation", "published", "url"]
    if "origin" not in data:
        return pd.DataFrame(columns=columns)
    est = t["estimates"]
    ids = data.loc[data["origin"] == "estimate", "figure_id"].unique()
    ext = t["external_estimates"]
    urls = ext.dropna(subset=["url"]).drop_duplicates("source").set_index("source")["url"]
    rows = []
    for cell in est.loc[est["estimate_id"].isin(ids), "accounts"].dropna():
        for account in (a.strip() for a in cell.split("; ") if a.strip()):
            cited = re.fullmatch(r"the report \((.+)\)", account)
            if cited:
                rows.append({"origin": "report", "source_id": cited.group(1)})
                continue
            name, _, date = account.rpartition(", ")
            name, date = (name, date) if name and re.fullmatch(r"\d{4}(-\d\d-\d\d)?", date) else (account, "")
            rows.append({"origin": "external", "source_id": name, "citation": account, "published": date,
                         "url": urls.get(name)})
    return pd.DataFrame(rows, columns=columns).drop_duplicates()


def sources_of(data: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """Every source behind a chart, the report's first: id, full citation, short credit, publisher, date, link."""
    by_id = sources.set_index("source_id")
    out = []
    first = data.sort_values("origin", key=lambda o: o != "report", kind="stable")
    for source_id in pd.unique(pd.concat([pd.Series(["report_2004"]), first["source_id"]])):
        if source_id in by_id.index:
            row = by_id.loc[source_id]
            out.append({"source_id": source_id, "citation": row["citation"], "short": f"{row['author']} ({row['year']})",
                        "publisher": row["author"], "date": str(row["year"]), "url": None})
        else:  # an external table's row carries its own citation, publication date and address
            rows = data.loc[data["source_id"] == source_id]
            row = rows.iloc[0]
            urls = rows["url"].dropna() if "url" in rows else pd.Series(dtype=str)
            published = row.get("published") if isinstance(row.get("published"), str) else ""
            if not published and pd.notna(row.get("report_year")):  # a TIP report is known by its year
                published = str(int(row["report_year"]))
            url = urls.iloc[0] if len(urls) else None  # a source read on several pages links its first
            out.append({"source_id": source_id, "citation": row["citation"], "short": publisher_of(source_id),
                        "publisher": publisher_of(source_id), "date": published, "years": years_of(rows),
                        "url": url if url is None or "://" in url else f"https://{url}", "external": True})
    return out


def years_of(rows: pd.DataFrame) -> list[str]:
    """Every year of publication among the rows drawn from one source (a TIP report by its report year)."""
    found = set()
    for _, row in rows.iterrows():
        published = row.get("published")
        if isinstance(published, str) and published:
            found.add(published[:4])
        elif pd.notna(row.get("report_year")):
            found.add(str(int(row["report_year"])))
    return sorted(found) or ["n.d."]


def publisher_of(source: str) -> str:
    """'Phnom Penh Post: Sex Trade ...' -> 'Phnom Penh Post'; 'Steinfatt, T. M. (2012) Calculating ...' -> 'Steinfatt, T. M.'."""
    name = source.split(": ", 1)[0]
    return name.split(" (", 1)[0].strip()


def source_line(sources: list[dict], *, compact: bool = False) -> str:
    """'Source: ...': the report, the works it cites, and every other publication drawn (publisher and years).
    ``compact`` (a slide's): a cited body by its acronym where it has one, and years as ranges."""
    cited = [_acronym(s["short"]) if compact else s["short"] for s in sources
             if s["source_id"] != "report_2004" and not s.get("external")]
    years: dict[str, list[str]] = {}
    for s in sources:
        if s.get("external"):
            years.setdefault(s["publisher"], []).extend(s.get("years") or [s["date"][:4] or "n.d."])
    ordered = {name: sorted(set(ys), key=lambda y: (y == "n.d.", y)) for name, ys in years.items()}
    other = [f"{name} {year_ranges(ys)}" if compact else f"{name} ({', '.join(ys)})" for name, ys in ordered.items()]
    report = next((s for s in sources if s["source_id"] == "report_2004"), None)
    author = f"{report['publisher']} ({report['date']})" if report else "Kingdom of Cambodia (2004)"
    line = f"Source: {author}, Country Progress Report" + ("" if compact else ", Post-Yokohama Mid-Term Review")
    line += f", citing {'; '.join(cited)}." if cited else "."
    return line + (f" {'Also' if compact else 'Other publications'}: {'; '.join(other)}." if other else "")


def year_ranges(years: list[str]) -> str:
    """['2004', '2016', '2017', '2018', 'n.d.'] -> '2004, 2016-2018, n.d.': every year, runs as ranges."""
    numbers = sorted(int(y) for y in years if y.isdigit())
    runs: list[list[int]] = []
    for y in numbers:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    said = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return ", ".join(said + [y for y in years if not y.isdigit()])


def _acronym(name: str) -> str:
    """'United Nations Inter-Agency Project ... (UNIAP) (2004)' -> 'UNIAP (2004)'; a name without one unchanged."""
    found = re.search(r"\(([A-Z]{2,})\)", name)
    return name if not found else f"{found.group(1)}{name[found.end():]}"


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


# ---------------------------------------------------------------- prevention and outreach (notebook 05)


def draw_bars(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """One bar per figure, coloured by the actor the report credits."""
    plots.labelled_bars(data, label="label", value="value", group="actor", ax=ax)
    ax.set_xlabel(data["unit"].iloc[0])
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.set_xlim(0, data["value"].max() * 1.15)
    return ax


def draw_outreach(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """One panel per role (people reached, people who deliver), on one scale so bars compare."""
    for ax, (role, rows) in zip(axes, data.groupby("role", sort=False)):
        draw_bars(rows, ax, t)
        ax.set_xlim(0, data["value"].max() * 1.15)
        ax.set_title(ROLES[role], loc="left", fontsize="medium")
    return axes


# ---------------------------------------------------------------- shares and caveated estimates (notebook 03)


def draw_intervals(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """Dots and intervals coloured by evidence grade; counts on a log axis so 180 and 12,000 both read."""
    plots.intervals(data, label="label", group="evidence_grade", colours=GRADE_COLOURS, note="note",
                    kind="kind" if "kind" in data else None, block="block" if "block" in data else None, ax=ax)
    if (data["unit"] == "persons").all() if "unit" in data else False:
        ax.set_xscale("log")
        ax.set_xlabel("persons (log scale); bar = 95% interval; band = range of readings")
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
    return ax


# ---------------------------------------------------------------- enforcement and hotline (notebook 04)


def draw_enforcement_2003(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """Counts as bars above; the shares derived from them, with their 95% intervals, below."""
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


def draw_enforcement_series(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """One panel per quantity; colour = reporter; lines only within one reporter, indicator and period kind."""
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


BAR_LAYOUT = {"plot_height": 2.3}

CHARTS: dict[str, Chart] = {c.chart_id: c for c in (
    Chart("sex_worker_estimates", "Published estimates of the number of sex workers, Cambodia and Phnom Penh, {years}",
          "Published figures for the number of sex workers disagree widely, and they count different things: "
          "all sex workers, brothel-based only, or claims without a method.",
          "notebooks/02_sex_worker_estimates.ipynb", sex_worker_points, draw_sex_workers, describe_points,
          {"plot_height": 3.1, "grades": True},
          subtitle="Persons, log scale; Phnom Penh and all Cambodia. Each point is one published figure; definitions "
                   "differ (all sex workers, brothel-based, outside brothels, claims), so points from different "
                   "sources are never joined. The UNTAC period is shaded. "),
    Chart("prevention_materials", "Awareness materials produced and distributed, by the actor the report credits",
          "The report credits most awareness materials to a few actors; it gives no dates, so these are totals, "
          "not yearly rates.",
          "notebooks/05_prevention_and_outreach.ipynb", materials, draw_bars, describe_bars, BAR_LAYOUT,
          subtitle="Copies (booklets, pamphlets, books), Cambodia, as the report gives them; produced and "
                   "distributed copies are different counts and are not added up."),
    Chart("prevention_people_reached", "People trained or sensitised, and the activists and trainers who do the work",
          "The report counts people trained or sensitised by each actor, and separately the activists and "
          "trainers who deliver the work; neither count is a number of distinct people reached.",
          "notebooks/05_prevention_and_outreach.ipynb", people_reached, draw_outreach, describe_bars,
          {"plot_height": 3.0, "nrows": 2},
          subtitle="Persons, Cambodia, as the report gives them, by actor; mostly undated. Counts from different "
                   "activities may include the same people and are not added up."),
    Chart("caveated_estimates", "Derived estimates of groups of sex workers, with 95% intervals",
          "Each derived count rests on one of the report's figures and an assumption; trafficked and "
          "'forced or tricked' are different definitions and are shown apart.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", caveated_estimates, draw_intervals,
          describe_intervals, {"plot_height": 3.6, "grades": True, "slide_rows": 8,
                                  "slide_keeps": "the first {n}"},
          subtitle="Persons, log scale; derived by this project from the report's figures under declared "
                   "assumptions (Monte Carlo, seeded). Rows are grouped by what is counted. A pale band is the "
                   "range of published readings, not an interval. "),
    distributions.CHART,
    Chart("share_trafficked", "Share of sex workers trafficked, {years}: the report's figure beside the study's own counts",
          "As press accounts of the study read it, the report's national 20% is the share judged trafficked among "
          "those counted in Phnom Penh, and the study's own national estimate gives a lower share: one reading of "
          "news reports, not the study's published tables.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", share_trafficked, draw_intervals,
          describe_intervals, {"plot_height": 2.7, "grades": True},
          subtitle="Share of sex workers; trafficked means in debt bondage or under age 16 (the study's definition). "
                   "Shown side by side, not reconciled. "),
    Chart("sensitivity_tornado", "Which assumption moves each derived estimate most",
          "The longest bars show where a reader who doubts an assumption would most change an estimate.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", tornado_rows, draw_tornado, describe_tornado,
          {"plot_height": 4.2, "slide_rows": 9, "slide_keeps": "the {n} widest swings"}, table="sensitivity",
          subtitle="Change of each estimate, in percent, when one assumption moves from its low to its high end "
                   "and the others stay at their central values; widest swing on top."),
    Chart("enforcement_2003", "Police enforcement in {years}: cases, arrests, rescues and hotline reports",
          "These are what the police detected and recorded in the report's year, not how much trafficking "
          "there was.",
          "notebooks/04_enforcement_and_hotline.ipynb", enforcement_2003, draw_enforcement_2003,
          describe_enforcement_2003, {"plot_height": 3.9, "nrows": 2, "grades": True},
          subtitle="Cambodia. Above: counts as the report gives them (cases, persons, reports). Below: shares "
                   "derived from them, bar = 95% Wilson interval. "),
    Chart("enforcement_series", "Trafficking cases, arrests and victims rescued reported by the police, {years}",
          "Releases after the report count different things over different periods and sometimes disagree "
          "for the same year, so they do not form a trend.",
          "notebooks/04_enforcement_and_hotline.ipynb", enforcement_series, draw_enforcement_series,
          describe_series, {"plot_height": 4.6, "nrows": 3},
          subtitle="Counts, Cambodia, as each release gives them; colour = reporter. Each definition is its own "
                   "series and is never joined to another; open squares are part-year or non-calendar periods. "
                   "Counts measure detection, not prevalence."),
    tip.CHART,
    rates.CHART,
)}


def years(data: pd.DataFrame) -> str:
    """'1990-2008' (or '2003') from the periods of the rows behind a chart; '' when they carry none."""
    found = [str(v)[:4] for col in ("period_start", "period_end") if col in data for v in data[col].dropna()]
    if "year" in data and not found:
        found = [str(int(v)) for v in data["year"].dropna()]
    if not found:
        return ""
    first, last = min(found), max(found)
    return first if first == last else f"{first}-{last}"


def plot_height(layout: dict) -> float | None:
    """The A4 plot region's height (inches): declared, or from the older per-Axes height."""
    if "plot_height" in layout:
        return layout["plot_height"]
    return layout["axes_height"] * layout.get("nrows", 1) + 0.5 if "axes_height" in layout else None


def slide_rows(chart: Chart, data: pd.DataFrame, subtitle: str) -> tuple[pd.DataFrame, str]:
    """The rows a slide draws: a chart of more rows than a slide can hold legibly (``slide_rows``, and which
    ones: ``slide_keeps``) draws its first ones, and its subtitle says so and where the rest are."""
    most = chart.layout.get("slide_rows")
    if most is None or len(data) <= most:
        return data, subtitle
    said = (f"This slide shows {chart.layout['slide_keeps'].format(n=most)} of {len(data)} rows; all are in "
            "the A4 chart and the CSV beside it.")
    return data.iloc[:most], f"{subtitle} {said}"


def build(chart_id: str, t: Mapping[str, pd.DataFrame] | None = None, *, size: str = "report") -> Built:
    """Draw one chart (``size`` 'report' or 'slide'): title, subtitle, plot, source line and top-ranked caveats."""
    chart = CHARTS[chart_id]
    t = t if t is not None else tables()
    data = chart.data(t)
    ranked = ranked_caveats(data)
    sources = sources_of(pd.concat([data, accounts_drawn(data, t)], ignore_index=True), t["sources"])
    caveats = [c["text"] for c in ranked]
    keys = ([rubric_caveat()] if chart.layout.get("grades") else []) + ([chart.key(data, t)] if chart.key else [])
    key = " ".join(keys) or None
    if "{years}" in chart.title + chart.subtitle and not years(data):
        raise ValueError(f"{chart_id}: the title or subtitle names {{years}} but the chart's rows carry no period")
    title, subtitle = (text.format(years=years(data)).strip() for text in (chart.title, chart.subtitle))
    drawn, subtitle = slide_rows(chart, data, subtitle) if size == "slide" else (data, subtitle)
    with house_style(size):
        pg = page.page(size, title=title, subtitle=subtitle, source=source_line(sources, compact=size == "slide"),
                       caveats=caveats, key=key,
                       more=f"ranked in the gallery and {chart_id}.json",
                       nrows=chart.layout.get("nrows", 1),
                       ncols=chart.layout.get(f"{size}_ncols", chart.layout.get("ncols", 1)),
                       plot_height=plot_height(chart.layout))
        chart.draw(drawn, pg.axes[0] if len(pg.axes) == 1 else pg.axes, t)
        page.settle(pg)
    return Built(chart, data, pg.figure, caveats, sources, chart.describe(data), title, subtitle, key,
                 [c["priority"] for c in ranked], tuple(pg.dropped), tuple(chart_rows(chart_id, data, t, chart.table)))
