"""The TIP chart, one room: its data (``tip_series``), breaks and years read twice, drawing
(``draw_tip_series``: small multiples, one indicator per panel, breaks as shaded segments), key and alt text.

The US Trafficking in Persons (TIP) reports' enforcement figures, each placed at the period it covers,
with the 2004 country report's 2003 figures beside them; lines only within a comparable series
(``charts.periods``).
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import periods
from .chart import Chart
from .data import QUALIFIER_WORDS, _report_rows, decimal_year, dodge, humanise, period_label
from .style import GRADE_COLOURS, smallest


# indicator -> (panel, marker): one indicator per panel, each on its own scale; prosecutions counted as
# defendants (circles) or as cases (squares) share theirs, told apart by the marker.
TIP_PANELS = {"investigations_cases": ("Investigations (cases)", "o"),
              "prosecutions_defendants": ("Prosecutions: ● defendants, ■ cases", "o"),
              "prosecutions_cases": ("Prosecutions: ● defendants, ■ cases", "s"),
              "convictions": ("Convictions", "o"), "victims_identified": ("Victims identified", "o"),
              "arrests": ("Arrests", "o")}


# The report's 2003 figures set beside the TIP panels: figure id -> the TIP indicator whose panel and marker it takes.
REPORT_BESIDE_TIP = {"suspected_cases_2003": "investigations_cases", "confirmed_cases_2003": "investigations_cases",
                     "victims_rescued_2003": "victims_identified", "perpetrators_arrested_2003": "arrests"}


ACCOUNTS = {"report_text": "TIP report text", "press": "press account of a TIP report", "report": "2004 country report"}


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


def same_period_read_twice(data: pd.DataFrame) -> pd.DataFrame:
    """Pairs of figures of one indicator from different reports whose periods overlap by at least half of each."""
    pairs = []
    for _, rows in data[data["origin"] == "external"].groupby(["panel", "indicator", "form"], sort=False):
        figures = list(rows.itertuples(index=False))
        for a in figures:
            for b in figures:
                overlap = min(a.x_end, b.x_end) - max(a.x_start, b.x_start)
                if (a.report_year < b.report_year and (a.period_start, a.period_end) != (b.period_start, b.period_end)
                        and overlap >= 0.5 * max(a.x_end - a.x_start, b.x_end - b.x_start)):
                    pairs.append({"first": a.figure_id, "second": b.figure_id, "panel": a.panel, "note":
                                  f"{a.value:g} for {period_label(a.period_start, a.period_end, calendar='calendar ')} "
                                  f"({a.report_year} report) and {b.value:g} for "
                                  f"{period_label(b.period_start, b.period_end, calendar='calendar ')} "
                                  f"({b.report_year} report): the same year counted over different months",
                                  "short": f"{a.value:g} and {b.value:g}: one year counted over different months "
                                           f"({a.report_year} and {b.report_year} reports)"})
    return pd.DataFrame(pairs, columns=["first", "second", "panel", "note", "short"])


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


def tip_key(data: pd.DataFrame, t: Mapping[str, pd.DataFrame]) -> str:
    """The numbered breaks, in words, for the key."""
    positions = break_positions(t, data)
    return "Breaks: " + "; ".join(f"{n} {lab}" for n, lab in zip(positions["number"], positions["label"])) + "."


def draw_tip_series(data: pd.DataFrame, axes: list[Axes], t: Mapping[str, pd.DataFrame]) -> list[Axes]:
    """Small multiples: one indicator per panel on its own scale; breaks as shaded segments; lines only
    within a comparable series (charts.periods)."""
    colours = dict(zip(ACCOUNTS.values(), (GRADE_COLOURS["A"], GRADE_COLOURS["C"], "#000000")))
    positions = break_positions(t, data)
    first, last = math.floor(data["x_start"].min()), math.ceil(data["x_end"].max())
    panels = list(data.groupby("panel", sort=False))
    for ax, (panel, rows) in zip(axes, panels):
        # Limits first: labels are placed in display space, which the limits fix.
        ax.set_ylim(0, rows["value"].max() * 1.3)
        ax.set_xlim(first - 0.5, last + 0.5)
        ax.set_xticks(range(first + 2, last + 1, 4))  # none at the corner, where the value axis starts
        ax.set_title(panel, loc="left")  # wrapped to the panel's width by the page (settle.wrap_axis_labels)
        periods.period_points(rows, colour="group", palette=colours, series=("account",), label="label",
                              marker="marker", breaks=tuple(positions["x"]), ax=ax)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    periods.mark_breaks(list(axes[:len(panels)]), positions, end=last + 0.5)
    handles = [Line2D([], [], color=c, marker="o", ls="none", label=g) for g, c in colours.items()]
    handles += [Line2D([], [], color="#777777", lw=2.4, alpha=0.35, label="period covered"),
                Patch(color=periods.BREAK_SHADE, label="shade changes at a break")]
    handles += [Line2D([], [], ls="none", label=textwrap.fill(f"{pair.panel}: {pair.short}", 30))
                for pair in same_period_read_twice(data).itertuples(index=False)]
    spare = axes[len(panels)] if len(axes) > len(panels) else None
    if spare is not None:  # the grid's empty cell holds the legend
        spare.set_axis_off()
        spare.legend(handles=handles, loc="upper left", borderaxespad=0, fontsize=smallest(), labelspacing=0.3)
    else:
        axes[0].figure.legend(handles=handles, loc="lower left", borderaxespad=0)
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


CHART = Chart("tip_enforcement", "Trafficking enforcement in the US Trafficking in Persons (TIP) reports, {years}: "
              "not one series",
              "The annual US Trafficking in Persons reports count investigations, prosecutions, convictions, victims "
              "and arrests over changing periods and definitions, so their figures do not form one series.",
              "notebooks/04_enforcement_and_hotline.ipynb", tip_series, draw_tip_series, describe_tip_series,
              {"plot_height": 5.4, "nrows": 6, "ncols": 2},
              subtitle="Counts, Cambodia, as each TIP report gives them; each panel on its own scale. A bar spans the "
                       "period a figure covers, not the report year; black: the 2004 country report's 2003 figures. "
                       "Shading changes at each declared break. Counts measure detection, not prevalence.", key=tip_key)
