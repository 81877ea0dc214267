"""The chart registry: every exported chart in gallery order, and ``build``, which draws one on the house page.

Each chart is one module holding its data selection, drawing, alt text and label map and declaring
its ``CHART`` (``charts.sex_worker_estimates``, ``charts.tip``...); ``CHARTS`` lists them, one line
each. A chart's data is a tidy frame built from the library's tables; its caveats are the caveat
cells of those rows and its source line is built from their source ids, so nothing printed under a
chart is typed here. Notebooks call ``build`` too: what researchers see is what policy staff get.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from . import (
    caveated_estimates, distributions, enforcement_2003, enforcement_series, page, prevention_materials,
    prevention_people_reached, rates, sensitivity_tornado, settle, sex_worker_estimates, share_trafficked, tip,
)
from .chart import Chart
from .tip import break_positions, same_period_read_twice
from ..register.caveats import PRIORITIES, rank_of
from ..register.grades import RUBRIC
from ..tables.built import tables
from .rows import chart_rows
from .style import house_style

__all__ = ["CHARTS", "Built", "Chart", "Prepared", "break_positions", "build", "prepare", "same_period_read_twice", "source_line"]

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


def rubric_caveat() -> str:
    """The evidence-grade key, from the rubric table."""
    return "Evidence grade in brackets: " + "; ".join(f"{g} {lab}" for g, lab in zip(RUBRIC["grade"], RUBRIC["label"])) + "."


# ---------------------------------------------------------------- the registry


# Every chart in gallery order, one line each: a chart is its module's ``CHART``.
CHARTS: dict[str, Chart] = {c.chart_id: c for c in (
    sex_worker_estimates.CHART,
    prevention_materials.CHART,
    prevention_people_reached.CHART,
    caveated_estimates.CHART,
    distributions.CHART,
    share_trafficked.CHART,
    sensitivity_tornado.CHART,
    enforcement_2003.CHART,
    enforcement_series.CHART,
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


@dataclass(frozen=True)
class Prepared:
    """What a chart's drawing at either size rests on: its rows and everything said about them (``prepare``)."""

    data: pd.DataFrame
    ranked: list[dict]
    sources: list[dict]
    key: str | None
    title: str
    subtitle: str
    alt_text: str
    rows: tuple[dict, ...]


def prepare(chart_id: str, t: Mapping[str, pd.DataFrame] | None = None) -> Prepared:
    """A chart's rows, ranked caveats, sources, key, title, subtitle, alt text and drawn-row references: the
    same at both sizes, so a chart drawn at both (``export.draw_all``) works them out once.

    Parameters
    ----------
    chart_id : str
        A chart of the catalogue.
    t : Mapping, optional
        The built tables (default: ``tables()``).

    Returns
    -------
    Prepared
        Read by ``build``; drawing never changes its rows.
    """
    chart = CHARTS[chart_id]
    t = t if t is not None else tables()
    data = chart.data(t)
    sources = sources_of(pd.concat([data, accounts_drawn(data, t)], ignore_index=True), t["sources"])
    keys = ([rubric_caveat()] if chart.layout.get("grades") else []) + ([chart.key(data, t)] if chart.key else [])
    if "{years}" in chart.title + chart.subtitle and not years(data):
        raise ValueError(f"{chart_id}: the title or subtitle names {{years}} but the chart's rows carry no period")
    title, subtitle = (text.format(years=years(data)).strip() for text in (chart.title, chart.subtitle))
    return Prepared(data, ranked_caveats(data), sources, " ".join(keys) or None, title, subtitle,
                    chart.describe(data), tuple(chart_rows(chart_id, data, t, chart.table)))


def build(chart_id: str, t: Mapping[str, pd.DataFrame] | None = None, *, size: str = "report",
          prepared: Prepared | None = None) -> Built:
    """Draw one chart (``size`` 'report' or 'slide'): title, subtitle, plot, source line and top-ranked caveats
    (from ``prepared``, this chart's ``prepare``, when given)."""
    chart = CHARTS[chart_id]
    t = t if t is not None else tables()
    p = prepared if prepared is not None else prepare(chart_id, t)
    data, key, title, caveats = p.data, p.key, p.title, [c["text"] for c in p.ranked]
    drawn, subtitle = slide_rows(chart, data, p.subtitle) if size == "slide" else (data, p.subtitle)
    with house_style(size), page.one_renderer_per_dpi():
        pg = page.page(size, title=title, subtitle=subtitle, source=source_line(p.sources, compact=size == "slide"),
                       caveats=caveats, key=key,
                       more=f"ranked in the gallery and {chart_id}.json",
                       nrows=chart.layout.get("nrows", 1),
                       ncols=chart.layout.get(f"{size}_ncols", chart.layout.get("ncols", 1)),
                       plot_height=plot_height(chart.layout))
        chart.draw(drawn, pg.axes[0] if len(pg.axes) == 1 else pg.axes, t)
        settle.settle(pg)
    return Built(chart, data, pg.figure, caveats, p.sources, p.alt_text, title, subtitle, key,
                 [c["priority"] for c in p.ranked], tuple(pg.dropped), p.rows)
