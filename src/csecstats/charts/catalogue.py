"""Every exported chart, declared once: its id, title, data, drawing, alt text and notebook. Stage 14.

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

from ..tables.built import tables
from ..register.caveats import PRIORITIES, rank_of
from ..register.grades import RUBRIC
from . import distributions, page, periods, plots
from .style import GRADE_COLOURS, NOTE_GID, house_style

UNTAC_FIGURE = "untac_staff_cambodia_1992_1993"
QUALIFIER_WORDS = {"exact": "", "approximate": "about ", "lower_bound": "over ", "upper_bound": "up to ",
                   "range": "", "relative": ""}


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
    layout: dict  # plot_height (A4 plot region, inches), nrows, grades (print the evidence-grade key)
    subtitle: str = ""  # unit, geography, period, definitions; '{years}' is filled from the data


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


# ---------------------------------------------------------------- helpers

def decimal_year(date: str) -> float:
    """'YYYY-MM-DD' as a decimal year (day of year / days in year)."""
    ts = pd.Timestamp(date)
    return ts.year + (ts.dayofyear - 1) / (366 if ts.is_leap_year else 365)


def month_year(date: str) -> str:
    """'1992-03-01' -> 'Mar 1992'."""
    return pd.Timestamp(date).strftime("%b %Y")


def period_midpoint(start: str, end: str) -> float:
    """The middle of a period as a decimal year; a whole year 'YYYY' sits at YYYY.5."""
    return (decimal_year(start) + decimal_year(end) + 1 / 365) / 2


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
    first = data.sort_values("origin", key=lambda o: o != "report", kind="stable")
    priorities = first["caveat_priority"] if "caveat_priority" in first else pd.Series(None, index=first.index)
    for cell, ranks in zip(first["caveat"], priorities):
        if not isinstance(cell, str):
            continue
        texts = [c.strip() for c in cell.split(" | ")]
        ranks = ranks.split(" | ") if isinstance(ranks, str) else ["qualifies"] * len(texts)
        for place, (caveat, priority) in enumerate(zip(texts, ranks)):
            if caveat:
                rank, rows, best, seen = keys.get(caveat, (9, 0, place, len(keys)))
                keys[caveat] = [min(rank, rank_of(priority.strip())), rows + 1, min(best, place), seen]
    order = sorted(keys, key=lambda c: (keys[c][0], -keys[c][1], keys[c][2], keys[c][3]))
    return [{"priority": list(PRIORITIES)[keys[c][0] - 1], "text": c} for c in order]


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
                        "publisher": publisher_of(source_id), "date": published,
                        "url": url if url is None or "://" in url else f"https://{url}", "external": True})
    return out


def publisher_of(source: str) -> str:
    """'Phnom Penh Post: Sex Trade ...' -> 'Phnom Penh Post'; 'Steinfatt, T. M. (2012) Calculating ...' -> 'Steinfatt, T. M.'."""
    name = source.split(": ", 1)[0]
    return name.split(" (", 1)[0].strip()


def source_line(sources: list[dict]) -> str:
    """'Source: ...': the report, the works it cites, and every other publication drawn (publisher and years)."""
    cited = [s["short"] for s in sources if s["source_id"] != "report_2004" and not s.get("external")]
    years: dict[str, list[str]] = {}
    for s in sources:
        if s.get("external"):
            years.setdefault(s["publisher"], []).append(s["date"][:4] or "n.d.")
    other = [f"{name} ({', '.join(sorted(set(ys), key=lambda y: (y == 'n.d.', y)))})" for name, ys in years.items()]
    line = "Source: Kingdom of Cambodia (2004), Country Progress Report, Post-Yokohama Mid-Term Review"
    line += f", citing {'; '.join(cited)}." if cited else "."
    return line + (f" Other publications: {'; '.join(other)}." if other else "")


def stated(row: pd.Series) -> str:
    """A value in the report's own terms: 'over 14,000', 'about 18,256', '200-999'."""
    if row["qualifier"] == "derived" and pd.notna(row["value"]):
        return f"{row['value']:,.0f} ({row['low']:,.0f}-{row['high']:,.0f})"
    if pd.notna(row["low"]) and pd.notna(row["high"]) and row["low"] != row["high"]:
        return f"{row['low']:,.0f}-{row['high']:,.0f}"
    return f"{QUALIFIER_WORDS.get(row['qualifier'], '')}{row['value']:,.0f}"


def _report_rows(figures: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    rows = figures[mask].copy()
    rows["origin"] = "report"
    return rows


# ---------------------------------------------------------------- sex-worker estimates (notebook 02)

SEX_WORK_INDICATORS = ("sex_workers", "sex_workers_counted", "sex_workers_claimed",
                       "sex_workers_and_trafficked_claimed", "direct_sex_workers", "indirect_sex_workers")
SHORT_LABELS = {"sex_workers_counted": "counted", "sex_workers_claimed": "claimed",
                "sex_workers_and_trafficked_claimed": "claimed, incl. trafficked",
                "direct_sex_workers": "brothel-based", "indirect_sex_workers": "outside brothels"}


def external_qualifier(row: pd.Series) -> str:
    """The external table's bounds in the report's terms: both ends a range, low = value a lower bound."""
    if pd.notna(row["low"]) and pd.notna(row["high"]):
        return "range"
    if pd.notna(row["low"]) and row["low"] == row["value"]:
        return "lower_bound"
    # The curator marks "about" figures in the definition, the only place the table has for it.
    return "approximate" if "approximate" in row["definition"] else "exact"


def external_points(external: pd.DataFrame) -> pd.DataFrame:
    """External estimates as chart rows: their source is a citation, their caveat their definition."""
    rows = external.rename(columns={"external_id": "figure_id"}).copy()
    rows["origin"] = "external"
    rows["qualifier"] = rows.apply(external_qualifier, axis=1)
    rows["source_id"] = rows["source"]
    rows["citation"] = rows["source"] + ", " + rows["url"]
    rows["caveat"] = "External: " + rows["definition"] + "."
    rows["caveat_priority"] = "reading"  # what another publication counted changes how its point is read
    return rows


def estimate_points(t: Mapping[str, pd.DataFrame], ids: list[str]) -> pd.DataFrame:
    """Derived estimates as chart rows: drawn as intervals, sourced to the report, caveat from the table."""
    rows = t["estimates"][t["estimates"]["estimate_id"].isin(ids)].rename(columns={"estimate_id": "figure_id"})
    rows = rows.assign(origin="estimate", qualifier="derived", source_id="report_2004", citation=None,
                       indicator="sex_workers")
    return rows


def grade_of(t: Mapping[str, pd.DataFrame], ids: pd.Series) -> pd.Series:
    """Evidence grade of each figure, external or estimate id (figure grades, then the triangulation table)."""
    grades = pd.concat([t["figures"].set_index("figure_id")["evidence_grade"],
                        t["triangulation"].set_index("record_id")["evidence_grade"],
                        t["estimates"].set_index("estimate_id")["evidence_grade"]])
    return ids.map(grades[~grades.index.duplicated()])


AFTER_UNTAC = "sex_workers_phnom_penh_after_untac"


def sex_worker_points(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Sex-worker counts over time, report, derived and external, one row per figure, with its series."""
    figures = t["figures"]
    report = _report_rows(figures, figures["indicator"] == "sex_workers")
    report["citation"] = None
    external = external_points(t["external_estimates"])
    rows = pd.concat([report, estimate_points(t, [AFTER_UNTAC]),
                      external[external["indicator"].isin(SEX_WORK_INDICATORS)]], ignore_index=True)
    rows["year"] = [period_midpoint(s, e) for s, e in zip(rows["period_start"], rows["period_end"])]
    # Two sources for the same place and year stand side by side, so both are seen.
    rows["year"] += dodge(rows, ["geography", "year"])
    # A series is one geography, one definition and one source method: never joined across them.
    rows["series_key"] = (rows["geography"] + " | " + rows["indicator"] + " | " + rows["source_id"] + " | "
                          + rows["origin"])
    rows["group"] = rows["geography"]
    rows["evidence_grade"] = grade_of(t, rows["figure_id"])
    rows["note"] = [" ".join(filter(None, (SHORT_LABELS.get(i, ""), f"[{g}]")))
                    for i, g in zip(rows["indicator"], rows["evidence_grade"])]
    columns = ["figure_id", "origin", "indicator", "geography", "group", "series_key", "note", "note_offset",
               "year", "period_start", "period_end", "value", "low", "high", "qualifier", "evidence_grade",
               "source_id", "citation", "published", "url", "caveat", "caveat_priority"]
    rows = rows.sort_values(["year", "group", "figure_id"], kind="stable").reset_index(drop=True)
    centre = rows["value"].fillna(rows["low"]).fillna(rows["high"])
    rows["note_offset"] = stagger(rows.assign(centre=centre), x="year", y="centre", note="note", near_x=1.2, near_y=0.08,
                                  log=True)
    return rows[columns].sort_values(["group", "year", "figure_id"], kind="stable").reset_index(drop=True)


def dodge(frame: pd.DataFrame, by: list[str], width: float = 0.35) -> pd.Series:
    """Horizontal offsets that set points sharing ``by`` (e.g. place and year) side by side, not on top."""
    rank = frame.groupby(by, sort=False).cumcount()
    size = frame.groupby(by, sort=False)[by[0]].transform("size")
    return (rank - (size - 1) / 2) * width


def stagger(frame: pd.DataFrame, *, x: str, y: str, note: str, near_x: float, near_y: float,
            log: bool = False, step: float = 9.0) -> pd.Series:
    """Vertical note offsets (points): a note near an earlier one (within ``near_x`` and ``near_y``) moves down."""
    ys = frame[y].astype(float)
    ys = ys.where(ys > 0).map(math.log10) if log else ys
    placed: list[tuple[float, float, float]] = []
    offsets = []
    for xv, yv, text in zip(frame[x].astype(float), ys, frame[note]):
        dy = -2.0
        if not text:
            offsets.append(dy)
            continue
        while any(abs(xv - px) < near_x and abs(yv - py) < near_y and dy == pdy for px, py, pdy in placed):
            dy -= step
        placed.append((xv, yv, dy))
        offsets.append(dy)
    return pd.Series(offsets, index=frame.index)


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


def describe_points(data: pd.DataFrame) -> str:
    """Alt text listing every point by group, in the report's words."""
    parts = []
    for group, rows in data.groupby("group", sort=False):
        points = ", ".join(f"{stated(r)} in {r['period_start'][:4]} ({r['note']})" for _, r in rows.iterrows())
        parts.append(f"{group}: {points}")
    return ("Estimates of the number of sex workers over time, each geography a separate series "
            "and points from different sources not joined. " + "; ".join(parts) + ".")


# ---------------------------------------------------------------- prevention and outreach (notebook 05)

def humanise(indicator: str) -> str:
    """'booklets_distributed' -> 'Booklets distributed'."""
    return indicator.replace("_", " ").capitalize()


def outreach_rows(t: Mapping[str, pd.DataFrame], mask: Callable[[pd.DataFrame], pd.Series]) -> pd.DataFrame:
    """Figures selected by ``mask``, labelled by what was counted, largest first."""
    figures = t["figures"]
    rows = _report_rows(figures, mask(figures))
    rows["label"] = [outreach_label(r) for _, r in rows.iterrows()]
    columns = ["figure_id", "origin", "label", "indicator", "actor", "geography", "value", "low", "high",
               "qualifier", "unit", "source_id", "caveat", "caveat_priority"]
    return rows[columns].sort_values(["value", "figure_id"], ascending=[False, True]).reset_index(drop=True)


def outreach_label(row: pd.Series) -> str:
    """What a count is: the row's own definition where the table has one, else its indicator in words."""
    definition = row.get("definition")
    text = definition if isinstance(definition, str) and definition.strip() else humanise(row["indicator"])
    return textwrap.fill(text[:1].upper() + text[1:], 30)


def materials(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Awareness materials produced or distributed (unit: copies)."""
    return outreach_rows(t, lambda f: f["unit"] == "copies")


REACH_TOPICS = ("awareness", "training")
# Who carries the work out rather than receives it: never counted among the people reached.
DELIVERERS = ("activists", "trainers_invited", "trainers_trained")
ROLES = {"reached": "People trained or sensitised", "deliver": "Activists and trainers, who deliver the work"}


def people_reached(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """People trained or sensitised, and apart from them the activists and trainers who deliver (unit: persons)."""
    rows = outreach_rows(t, lambda f: (f["unit"] == "persons") & f["topic"].isin(REACH_TOPICS))
    rows.insert(2, "role", ["deliver" if i in DELIVERERS else "reached" for i in rows["indicator"]])
    return rows.sort_values("role", key=lambda r: r.map(list(ROLES).index), kind="stable").reset_index(drop=True)


def figures_by_actor(t: Mapping[str, pd.DataFrame]) -> pd.Series:
    """How many figures the report credits to each actor, most first (ties by name): what it describes, not what was done."""
    counts = t["figures"].dropna(subset=["actor"]).groupby("actor").size().rename("figures")
    return counts.reset_index().sort_values(["figures", "actor"], ascending=[False, True],
                                            kind="stable").set_index("actor")["figures"]


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


def describe_bars(data: pd.DataFrame) -> str:
    """Alt text listing every bar with its actor."""
    items = "; ".join(f"{' '.join(r['label'].split())}: {stated(r)} ({r['actor']})" for _, r in data.iterrows())
    return f"Bar chart, one bar per figure in the report, {data['unit'].iloc[0]}: {items}."


# ---------------------------------------------------------------- shares and caveated estimates (notebook 03)

def estimate_rows(t: Mapping[str, pd.DataFrame], mask: Callable[[pd.DataFrame], pd.Series]) -> pd.DataFrame:
    """Estimates selected by ``mask`` as chart rows: label (quantity and scenario), grade, caveat."""
    est = t["estimates"]
    rows = est[mask(est)].rename(columns={"estimate_id": "figure_id"}).copy()
    rows["origin"] = "estimate"
    rows["label"] = [textwrap.fill(q, 44) for q in rows["quantity"]]  # a scenario's quantity names its base
    rows["source_id"] = "report_2004"
    rows["note"] = "[" + rows["evidence_grade"] + "]"
    return rows.reset_index(drop=True)


# What a derived count counts, from the share it applies (figure indicator); anything else counts sex workers.
BLOCKS = {"share_trafficked": "Trafficked (debt bondage or under 16, the study's definition)",
          "share_forced_or_tricked": "Said they were forced or tricked (self-reported)"}
ALL_SEX_WORKERS = "Sex workers, all or by age or ethnicity"


def block_of(inputs: str, indicators: Mapping[str, str]) -> str:
    """The block of an estimate: the definition of the share it applies, if it applies one of ``BLOCKS``."""
    found = [indicators.get(ref.split(".")[0]) for ref in str(inputs).split()]
    return next((BLOCKS[i] for i in BLOCKS if i in found), ALL_SEX_WORKERS)


def caveated_estimates(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every derived count of persons with its interval, grouped by what it counts; a range of readings marked."""
    rows = estimate_rows(t, lambda e: (e["unit"] == "persons") & (e["method"] != "as_published"))
    indicators = t["figures"].set_index("figure_id")["indicator"].to_dict()
    rows["block"] = [block_of(i, indicators) for i in rows["inputs"]]
    # Under a block's heading a scenario needs only its own words ('If the share applies to ...').
    scenario = rows["scenario"].notna() & rows["quantity"].str.contains(", ")
    rows.loc[scenario, "label"] = [textwrap.fill(q.split(", ", 1)[1][:1].upper() + q.split(", ", 1)[1][1:], 44)
                                   for q in rows.loc[scenario, "quantity"]]
    rows["kind"] = ["range" if m == "range" else "interval" for m in rows["method"]]
    order = [ALL_SEX_WORKERS, *BLOCKS.values()]
    rows = rows.sort_values("block", key=lambda b: b.map(order.index), kind="stable").reset_index(drop=True)
    return rows[["figure_id", "origin", "block", "label", "scenario", "value", "low", "high", "kind", "level",
                 "unit", "geography", "period_start", "method", "evidence_grade", "note", "source_id", "inputs",
                 "caveat", "caveat_priority"]]


SHARE_TRAFFICKED = "share_trafficked_sex_workers_cambodia_2003"
SHARE_STUDY_IDS = ("share_trafficked_phnom_penh_2003_study", "share_trafficked_cambodia_2003_study")


def share_trafficked(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The report's share trafficked, in its own words, beside the shares the study's own counts give."""
    figures = t["figures"]
    report = _report_rows(figures, figures["figure_id"] == SHARE_TRAFFICKED)
    phrase = figures.set_index("figure_id").loc[SHARE_TRAFFICKED, "phrase"]
    report["label"] = textwrap.fill(f"The report: '{phrase}' of sex workers trafficked", 44)
    report["evidence_grade"] = grade_of(t, report["figure_id"])
    report["note"] = f"{phrase} [" + report["evidence_grade"] + "]"
    study = estimate_rows(t, lambda e: e["estimate_id"].isin(SHARE_STUDY_IDS))
    study["note"] = [f"{v:.1%} [{g}]" for v, g in zip(study["value"], study["evidence_grade"])]
    columns = ["figure_id", "origin", "label", "value", "low", "high", "qualifier", "period_start", "period_end",
               "evidence_grade", "note", "source_id", "caveat", "caveat_priority"]
    return pd.concat([report, study], ignore_index=True).reindex(columns=columns)


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


def describe_intervals(data: pd.DataFrame) -> str:
    """Alt text listing every estimate with its interval and grade."""
    fmt = (lambda v: f"{v:.1%}") if data["value"].dropna().max() <= 1 else (lambda v: f"{v:,.0f}")
    items = []
    for _, r in data.iterrows():
        value = fmt(r["value"]) if pd.notna(r["value"]) else "no central value"
        span = f" ({fmt(r['low'])} to {fmt(r['high'])})" if pd.notna(r["low"]) and pd.notna(r["high"]) else ""
        items.append(f"{' '.join(r['label'].split())}: {value}{span}, grade {r['evidence_grade']}")
    return "Dot-and-interval chart, one row per estimate: " + "; ".join(items) + "."


def tornado_rows(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Sensitivity rows as the change of each estimate, in percent, when one assumption moves end to end."""
    sens = t["sensitivity"].merge(t["estimates"][["estimate_id", "scenario", "quantity", "evidence_grade",
                                                  "caveat", "caveat_priority"]], on=["estimate_id", "scenario"], how="left")
    sens = sens.rename(columns={"estimate_id": "figure_id"})
    sens["origin"], sens["source_id"] = "estimate", "report_2004"
    sens["change_at_low"] = sens["value_at_low"] / sens["value"] - 1
    sens["change_at_high"] = sens["value_at_high"] / sens["value"] - 1
    sens["label"] = [textwrap.fill(f"{a.replace('_', ' ')} -> {q}", 58)
                     for q, a in zip(sens["quantity"], sens["assumption"])]
    sens["span"] = (sens["change_at_high"] - sens["change_at_low"]).abs()
    return sens.sort_values(["span", "figure_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


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


def describe_tornado(data: pd.DataFrame) -> str:
    """Alt text: each assumption's swing in percent."""
    items = "; ".join(f"{' '.join(r['label'].split())}: {r['change_at_low']:+.0%} to {r['change_at_high']:+.0%}"
                      for _, r in data.iterrows())
    return "Tornado chart of one-at-a-time sensitivity: " + items + "."


# ---------------------------------------------------------------- enforcement and hotline (notebook 04)

ENFORCEMENT_2003 = ("suspected_cases_2003", "confirmed_cases_2003", "perpetrators_arrested_2003",
                    "victims_rescued_2003", "reports_received_2003", "hotline_reports_2003")
SHARES_2003 = ("confirmed_share_of_suspected_cases_2003", "hotline_share_of_reports_2003")


def enforcement_2003(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The report's 2003 counts (in the order of the police process) and the two shares with intervals."""
    figures = t["figures"]
    counts = _report_rows(figures, figures["figure_id"].isin(ENFORCEMENT_2003))
    counts = counts.set_index("figure_id").loc[list(ENFORCEMENT_2003)].reset_index()
    counts["label"], counts["panel"] = counts["indicator"].map(humanise), "count"
    shares = estimate_rows(t, lambda e: e["estimate_id"].isin(SHARES_2003))
    shares["label"] = [textwrap.fill(q, 34) for q in shares["quantity"]]
    shares["panel"], shares["qualifier"] = "share", "derived"
    shares["note"] = [f"{v:.1%} [{g}]" for v, g in zip(shares["value"], shares["evidence_grade"])]
    counts["evidence_grade"] = grade_of(t, counts["figure_id"])
    columns = ["figure_id", "origin", "panel", "label", "value", "low", "high", "qualifier", "unit", "period_start",
               "period_end", "evidence_grade", "note", "actor", "source_id", "caveat", "caveat_priority"]
    return pd.concat([counts, shares], ignore_index=True).reindex(columns=columns)


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


def describe_enforcement_2003(data: pd.DataFrame) -> str:
    """Alt text: the counts, then the shares with intervals."""
    counts = "; ".join(f"{r['label']}: {r['value']:,.0f}" for _, r in data[data["panel"] == "count"].iterrows())
    shares = "; ".join(f"{' '.join(r['label'].split())}: {r['value']:.1%} ({r['low']:.1%} to {r['high']:.1%})"
                       for _, r in data[data["panel"] == "share"].iterrows())
    return f"Bar chart of the report's 2003 enforcement counts: {counts}. Below, the shares derived: {shares}."


QUANTITIES = {"police_cases": "Cases (suspected, confirmed, dealt with, to court)",
              "arrests": "Arrests (perpetrators, traffickers, suspects; suspects to court)",
              "victims_rescued": "Victims rescued"}


def release_caveats(release: pd.Series, year: int) -> tuple[str | None, str | None]:
    """A release's note as caveat cells: each part a caveat; 'first ... only' (drawn as an open square)
    qualifies the count, anything else (a conflict, a definition, a breakdown) changes how it is read."""
    if not isinstance(release["note"], str):
        return None, None
    parts = [p.strip() for p in release["note"].split(";") if p.strip()]
    texts = [f"{release['reporter']}, {year}: {p}" for p in parts]
    ranks = ["qualifies" if p.startswith("first ") and p.endswith(" only") else "reading" for p in parts]
    order = sorted(range(len(parts)), key=lambda k: rank_of(ranks[k]))
    return " | ".join(texts[k] for k in order), " | ".join(ranks[k] for k in order)


CASE_WORDS = {"suspected_cases": "suspected", "confirmed_cases": "confirmed"}


def period_note(start: str, end: str, kind: str) -> str:
    """'Jan-Jun only' for a part year, '25 Dec-25 Dec' for a non-calendar year, '' for a calendar year."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if kind == "part_year":
        return f"{s:%b}-{e:%b} only"
    return f"{s:%b}-{e:%b}" if kind == "non_calendar_year" else ""


def enforcement_series(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Cases, arrests and rescues 2003-2024, report and external, one row per release, reporters side by side."""
    tri = t["triangulation"]
    # TIP figures have a chart of their own (tip_enforcement), drawn by period with their breaks.
    rows = tri[tri["quantity"].isin(list(QUANTITIES)) & (tri["origin"] != "external (TIP)")]
    rows = rows.rename(columns={"record_id": "figure_id"}).copy()
    ext = t["external_enforcement"].set_index("external_id")
    figures = t["figures"].set_index("figure_id")
    is_ext = rows["origin"] == "external"
    rows["reporter"] = [ext.loc[i, "reporter"] if x else f"Report 2004 ({figures.loc[i, 'actor']})"
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
    rows["qualifier"] = ["exact" if k == "calendar_year" else plots.PART_PERIOD for k in rows["period_kind"]]
    rows["note"] = [period_note(s, e, k) for s, e, k in zip(rows["period_start"], rows["period_end"],
                                                            rows["period_kind"])]
    # The report's 2003 cases are 'suspected' or 'confirmed' cases of human trafficking: named on the chart,
    # so they are not read as the same series as later releases' cases.
    named = ~is_ext & rows["indicator"].isin(CASE_WORDS)
    rows.loc[named, "note"] = rows.loc[named, "indicator"].map(CASE_WORDS)
    rows["panel"] = rows["quantity"].map(QUANTITIES)
    rows["panel_order"] = rows["quantity"].map(list(QUANTITIES).index)
    # Releases for the same year sit side by side (reporters offset), so disagreement is seen, not averaged.
    rank = rows.groupby(["quantity", "year"]).cumcount()
    size = rows.groupby(["quantity", "year"])["figure_id"].transform("size")
    rows["x"] = rows["year"].astype(float) + 0.5 + (rank - (size - 1) / 2) * 0.3
    rows["series_key"] = rows["quantity"] + " | " + rows["indicator"] + " | " + rows["reporter"] + " | " + \
        rows["period_kind"]
    columns = ["figure_id", "origin", "panel", "quantity", "indicator", "year", "x", "period_start", "period_end",
               "period_kind", "reporter", "series_key", "value", "low", "high", "qualifier", "note", "note_offset",
               "disagrees", "evidence_grade", "source_id", "citation", "published", "url", "caveat", "caveat_priority"]
    rows = rows.sort_values(["panel_order", "x"], kind="stable")
    rows["note_offset"] = pd.concat([
        stagger(panel.assign(share=panel["value"] / panel["value"].max()), x="x", y="share", note="note", near_x=1.6,
                near_y=0.12)
        for _, panel in rows.groupby("panel_order", sort=False)])
    return rows.reindex(columns=columns).reset_index(drop=True)


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
    plots.legend_for(axes[0], data, label="reporter", colours=colours, column="reporter", figure=True)
    return axes


def describe_series(data: pd.DataFrame) -> str:
    """Alt text: every release by panel, with reporter and period marks."""
    parts = []
    for panel, rows in data.groupby("panel", sort=False):
        items = ", ".join(f"{r['value']:,.0f} in {r['year']}" + (f" ({r['note']})" if r["note"] else "")
                          + f" by {r['reporter']}" for _, r in rows.iterrows())
        parts.append(f"{panel}: {items}")
    return "Three panels of enforcement figures over time, releases for the same year side by side: " + \
        "; ".join(parts) + "."


# ---------------------------------------------------------------- TIP enforcement over twenty years (notebook 04)

# indicator -> (panel, marker): two indicators of similar size share a panel, told apart by the marker.
INVESTIGATED = "Investigations (circles) and prosecutions (squares)"
FOUND = "Victims identified (circles) and arrests (squares)"
TIP_PANELS = {"investigations_cases": (INVESTIGATED, "o"), "prosecutions_defendants": (INVESTIGATED, "s"),
              "prosecutions_cases": (INVESTIGATED, "s"), "convictions": ("Convictions", "o"),
              "victims_identified": (FOUND, "o"), "arrests": (FOUND, "s")}
# The report's 2003 figures set beside the TIP panels: figure id -> the TIP indicator whose panel and marker it takes.
REPORT_BESIDE_TIP = {"suspected_cases_2003": "investigations_cases", "confirmed_cases_2003": "investigations_cases",
                     "victims_rescued_2003": "victims_identified", "perpetrators_arrested_2003": "arrests"}
ACCOUNTS = {"report_text": "TIP report text", "press": "press account of a TIP report", "report": "2004 country report"}


def period_label(start: str, end: str, *, calendar: str = "") -> str:
    """'2013' (``calendar`` in front, e.g. 'calendar 2013') for a calendar year, 'Apr 2008-Mar 2009' otherwise."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        return f"{calendar}{s.year}"
    return f"{s:%b %Y}-{e:%b %Y}"


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


def tip_series(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """TIP figures with a known period, placed at that period, and the report's 2003 figures beside them."""
    tip = t["tip_enforcement"]
    tip = tip[tip["period_start"].notna()].rename(columns={"tip_id": "figure_id"}).assign(origin="external")
    tip["beside"] = tip["indicator"]
    publishers = tip["publisher"].where(tip["account"] == "press", "US Department of State")
    for account, rows in tip.groupby("account"):  # one source entry per publisher, citing every page used
        for publisher, pages in rows.groupby(publishers[rows.index]):
            name = (f"{publisher}: Trafficking in Persons Reports" if account == "report_text"
                    else f"{publisher}: accounts of the Trafficking in Persons Reports")
            years = ", ".join(map(str, sorted(pages["report_year"].unique())))
            tip.loc[pages.index, "source_id"] = name
            tip.loc[pages.index, "citation"] = f"{name} ({years}): " + "; ".join(pd.unique(pages["url"]))
    figures = t["figures"]
    report = _report_rows(figures, figures["figure_id"].isin(list(REPORT_BESIDE_TIP)))
    published = t["sources"].set_index("source_id").loc["report_2004", "year"]
    report = report.assign(beside=report["figure_id"].map(REPORT_BESIDE_TIP), form="all", segment="report_2003",
                           account="report", report_year=published, citation=None,
                           definition=report["indicator"].map(humanise))
    # The series caveats every TIP row carries apply to the report's counts beside them too (detection, breaks).
    shared = [set(c.split(" | ")) for c in tip["caveat"]]
    common = [c for c in tip["caveat"].iloc[0].split(" | ") if all(c in s for s in shared)]
    report["caveat"] = [" | ".join(common + ([own] if isinstance(own, str) else [])) for own in report["caveat"]]
    report["caveat_priority"] = [" | ".join(["reading"] * len(common) + ([p] if isinstance(p, str) else []))
                                 for p in report["caveat_priority"]]
    rows = pd.concat([tip, report], ignore_index=True)
    rows["panel"] = rows["beside"].map(lambda i: TIP_PANELS[i][0])
    rows["marker"] = rows["beside"].map(lambda i: TIP_PANELS[i][1])
    rows["x_start"] = rows["period_start"].map(decimal_year)
    rows["x_end"] = rows["period_end"].map(decimal_year) + 1 / 365
    rows["x"] = (rows["x_start"] + rows["x_end"]) / 2
    # Figures for the same period in one panel sit side by side, so each account is seen.
    rows["x"] += dodge(rows, ["panel", "period_start", "period_end"], width=0.22)
    rows["group"] = rows["account"].map(ACCOUNTS)
    rows["label"] = [f"{QUALIFIER_WORDS.get(q, '')}{v:,.0f}" + ("" if f == "all" else f" {f.replace('_', ' ')}")
                     + ("" if u in ("persons", "cases") else f" ({u})")
                     for q, v, f, u in zip(rows["qualifier"], rows["value"], rows["form"], rows["unit"])]
    rows["panel_order"] = rows["panel"].map(list(dict.fromkeys(p for p, _ in TIP_PANELS.values())).index)
    columns = ["figure_id", "origin", "panel", "marker", "indicator", "form", "unit", "definition", "segment", "account",
               "group", "report_year", "period_start", "period_end", "x_start", "x_end", "x", "value", "low", "high",
               "qualifier", "label", "evidence_grade", "source_id", "citation", "url", "caveat", "caveat_priority"]
    rows = rows.sort_values(["panel_order", "x", "figure_id"], kind="stable")
    return rows.reindex(columns=columns).reset_index(drop=True)


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
            ax.annotate(pair.note, (0.0, 1.0), xycoords="axes fraction", xytext=(5, -2), textcoords="offset points",
                        fontsize="xx-small", va="top", color="#333333", gid=NOTE_GID)
        periods.period_points(rows, colour="group", palette=colours, series=("account",), label="label",
                              marker="marker", breaks=tuple(positions["x"]), ax=ax)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    periods.mark_breaks(list(axes), positions)
    handles = [Line2D([], [], color=c, marker="o", ls="none", label=g) for g, c in colours.items()]
    handles += [Line2D([], [], color="#777777", lw=2.4, alpha=0.35, label="period covered")]
    handles += [Line2D([], [], color="#777777", ls=":", label=textwrap.fill(f"{n} {lab}", 28))
                for n, lab in zip(positions["number"], positions["label"])]
    axes[0].figure.legend(handles=handles, loc="upper right", borderaxespad=0, fontsize="x-small")
    axes[-1].set_xlabel("period the figure covers (not the year of the report)")
    return axes


def describe_tip_series(data: pd.DataFrame) -> str:
    """Alt text: every figure by panel with its period and account."""
    parts = []
    for panel, rows in data.groupby("panel", sort=False):
        items = ", ".join(f"{r['label']} for {period_label(r['period_start'], r['period_end'])} ({r['group']}, "
                          f"{r['report_year']})" for _, r in rows.iterrows())
        parts.append(f"{panel}: {items}")
    return ("Panels of enforcement figures from the US Trafficking in Persons reports, each drawn at the period it "
            "covers, with the 2004 country report's 2003 figures beside them; lines join only figures of one "
            "comparable series. " + "; ".join(parts) + ".")


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
          describe_intervals, {"plot_height": 3.6, "grades": True},
          subtitle="Persons, log scale; derived by this project from the report's figures under declared "
                   "assumptions (Monte Carlo, seeded). Rows are grouped by what is counted. A pale band is the "
                   "range of published readings, not an interval. "),
    Chart("estimate_distributions", "How the Monte Carlo draws of each derived estimate are spread",
          "Each shape shows how one estimate's draws spread around its central value, so skew, and where the "
          "central value falls, can be seen.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", distributions.distribution_rows,
          distributions.draw_distributions, distributions.describe_distributions,
          {"plot_height": 4.6},
          subtitle="Change from each estimate's central value, in percent; the shape is the spread of its seeded "
                   "Monte Carlo draws (central 99%), drawn from the declared assumptions; the dot is the central "
                   "value and the bar the 95% interval."),
    Chart("share_trafficked", "Share of sex workers trafficked, {years}: the report's figure beside the study's own counts",
          "The report's national share equals the share judged trafficked among those counted in Phnom Penh; "
          "the study's own national estimate gives a lower share.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", share_trafficked, draw_intervals,
          describe_intervals, {"plot_height": 2.5, "grades": True},
          subtitle="Share of sex workers; trafficked means in debt bondage or under age 16 (the study's definition). "
                   "Shown side by side, not reconciled. "),
    Chart("sensitivity_tornado", "Which assumption moves each derived estimate most",
          "The longest bars show where a reader who doubts an assumption would most change an estimate.",
          "notebooks/03_shares_and_caveated_estimates.ipynb", tornado_rows, draw_tornado, describe_tornado,
          {"plot_height": 4.2},
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
    Chart("tip_enforcement", "Trafficking enforcement in the US TIP reports, {years}: not one series",
          "The annual US Trafficking in Persons reports count investigations, prosecutions, convictions, victims "
          "and arrests over changing periods and definitions, so their figures do not form one series.",
          "notebooks/04_enforcement_and_hotline.ipynb", tip_series, draw_tip_series, describe_tip_series,
          {"plot_height": 4.6, "nrows": 3},
          subtitle="Counts, Cambodia, as each TIP report gives them, drawn across the period each covers (bar), not "
                   "the report year, with the 2004 country report's 2003 figures beside them. Numbered dotted lines "
                   "are declared breaks; lines join only figures of one comparable series. Counts measure "
                   "detection, not prevalence."),
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


def build(chart_id: str, t: Mapping[str, pd.DataFrame] | None = None, *, size: str = "report") -> Built:
    """Draw one chart (``size`` 'report' or 'slide'): title, subtitle, plot, source line and top-ranked caveats."""
    chart = CHARTS[chart_id]
    t = t if t is not None else tables()
    data = chart.data(t)
    ranked, sources = ranked_caveats(data), sources_of(data, t["sources"])
    caveats = [c["text"] for c in ranked]
    key = rubric_caveat() if chart.layout.get("grades") else None
    if "{years}" in chart.title + chart.subtitle and not years(data):
        raise ValueError(f"{chart_id}: the title or subtitle names {{years}} but the chart's rows carry no period")
    title, subtitle = (text.format(years=years(data)).strip() for text in (chart.title, chart.subtitle))
    with house_style(size):
        pg = page.page(size, title=title, subtitle=subtitle, source=source_line(sources), caveats=caveats, key=key,
                       more=f"all are listed, in rank order, in the gallery and in {chart_id}.json",
                       nrows=chart.layout.get("nrows", 1), plot_height=plot_height(chart.layout))
        chart.draw(data, pg.axes[0] if len(pg.axes) == 1 else pg.axes, t)
        page.settle(pg)
    return Built(chart, data, pg.figure, caveats, sources, chart.describe(data), title, subtitle, key,
                 [c["priority"] for c in ranked])
