"""Thin plot functions: tidy frame in, Axes out; no aggregation inside.

Encoding (the legend of every chart says the same):
- filled marker: a stated value; pale marker and dashed joins: an approximate value (a thin pale line: its rounding);
- open marker with an upward caret: a lower bound ("over 14,000"), downward for an upper bound;
- a vertical bar: a range or a derived value with its interval.
Lines join points only within one ``series_key``: a change of geography, definition
or source method starts a new series, and points of different series are never joined.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from .labels import LABEL_GID, REFERENCE_GID, ROW_GID, SHADE_GID
from .style import GREY, PALETTE, UNTAC_SHADE, small, smallest

POINT_QUALIFIERS = ("exact", "approximate")
PART_PERIOD = "part_period"  # a count over part of a year or a non-calendar year: never joined to full years
LOWER = ("lower_bound", "relative")
UPPER = ("upper_bound",)


def _axes(ax: Axes | None) -> Axes:
    return ax if ax is not None else plt.figure().add_subplot()


def _is_interval(row: pd.Series) -> bool:
    """A row is drawn as an interval when it has both ends and they differ."""
    return pd.notna(row["low"]) and pd.notna(row["high"]) and row["low"] != row["high"]


def _is_range(row: pd.Series) -> bool:
    """A published range ('80,000-100,000'): both ends and no central value, whatever a table put in ``value``."""
    return _is_interval(row) and (pd.isna(row["value"]) or row["qualifier"] == "range")


def _centre(row: pd.Series) -> float:
    """Where a point's note is anchored: the value, else the top of a range (a range has no middle), else the bound."""
    if pd.notna(row["value"]) and row["qualifier"] != "range":
        return float(row["value"])
    return float(row["high"] if pd.notna(row["high"]) else row["low"])


def _draw_point(ax: Axes, x: float, row: pd.Series, colour: str) -> None:
    """One point, encoded by its qualifier (see the module docstring)."""
    y = _centre(row)
    qualifier = row["qualifier"]
    if _is_range(row):  # a published range: both ends, no invented middle
        ax.plot([x, x], [row["low"], row["high"]], color=colour, lw=3.2, alpha=0.35, solid_capstyle="butt", zorder=3)
        ax.plot([x, x], [row["low"], row["high"]], marker="_", ms=7, mew=1.6, color=colour, ls="none", zorder=3)
        return
    if _is_interval(row) and qualifier != "approximate":  # a derived value with its interval
        ax.errorbar([x], [y], yerr=[[y - row["low"]], [row["high"] - y]], fmt="none", ecolor=colour,
                    elinewidth=1.2, capsize=3, zorder=3)
        ax.plot([x], [y], marker="D", ms=4, color=colour, mfc="white", ls="none", zorder=4)
        return
    if qualifier in LOWER or qualifier in UPPER:
        ax.plot([x], [y], marker="o", ms=6, mfc="white", mec=colour, mew=1.4, ls="none", zorder=4)
        arrow = "<-" if qualifier in LOWER else "->"
        offset = 14 if qualifier in LOWER else -14
        ax.annotate("", xy=(x, y), xytext=(0, offset), textcoords="offset points",
                    arrowprops={"arrowstyle": arrow, "color": colour, "lw": 1.2}, zorder=4)
        return
    if qualifier == PART_PERIOD:
        ax.plot([x], [y], marker="s", ms=5.5, mfc="white", mec=colour, mew=1.4, ls="none", zorder=4)
        return
    if qualifier == "derived":  # derived from printed parts (e.g. a sum) with no interval: the diamond alone
        ax.plot([x], [y], marker="D", ms=5, color=colour, mfc="white", mec=colour, mew=1.4, ls="none", zorder=4)
        return
    alpha = 0.45 if qualifier == "approximate" else 1.0
    if _is_interval(row):  # what 'about' may mean (its rounding), never drawn like a 95% interval
        ax.plot([x, x], [row["low"], row["high"]], color=colour, lw=1, alpha=alpha, zorder=3)
    ax.plot([x], [y], marker="o", ms=6, color=colour, alpha=alpha, mec=colour, ls="none", zorder=4)


def estimates_over_time(frame: pd.DataFrame, *, x: str, series_key: str, label: str | None = None,
                        colour: str | None = None, note: str | None = None,
                        palette: dict | None = None, ax: Axes | None = None) -> Axes:
    """Points over time (``value``, ``low``, ``high``, ``qualifier``), joined only within a series.

    ``note`` names a column of data labels; the page places them (``charts.labels.place``).
    """
    ax = _axes(ax)
    colours = palette or _colours(frame, colour or series_key)
    for key, group in frame.groupby(series_key, sort=False):
        group = group.sort_values(x)
        c = colours[group[colour or series_key].iloc[0]]
        joinable = group[group["qualifier"].isin(POINT_QUALIFIERS) & ~group.apply(_is_interval, axis=1)]
        for _, run in joinable.groupby(gaps_before(joinable[x]).cumsum(), sort=False):
            if len(run) >= 2:
                dashed = (run["qualifier"] == "approximate").any()
                (line,) = ax.plot(run[x], run["value"], color=c, lw=1.2, ls="--" if dashed else "-", zorder=2)
                line.set_gid(f"series:{key}")
        for _, row in group.iterrows():
            _draw_point(ax, float(row[x]), row, c)
            if note and row[note]:
                ax.annotate(row[note], (float(row[x]), _centre(row)), xytext=(0, 0), textcoords="offset points",
                            fontsize=small(), color=c, gid=LABEL_GID, in_layout=False)
    if label:
        legend_for(ax, frame, label=label, colours=colours, column=colour or series_key)
    return ax


def gaps_before(xs: pd.Series, step: float = 1.0) -> pd.Series:
    """Whether each point (sorted by x) follows a missing step: a line never joins 2009 to 2011 across 2010.

    Returns True for the first point after a gap wider than ``step`` plus a half; the caller starts a new line there.
    """
    return xs.diff().fillna(0) > step * 1.5


def _colours(frame: pd.DataFrame, column: str) -> dict:
    """One palette colour per distinct value of ``column``, in order of first appearance."""
    return {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(pd.unique(frame[column]))}


ENCODING = {  # qualifier -> legend entry, drawn the way the points are
    "exact": dict(marker="o", ls="none", label="stated value"),
    "approximate": dict(marker="o", alpha=0.45, ls="--", label="approximate ('about'; thin line: its rounding)"),
    "lower_bound": dict(marker="$\\uparrow$", mfc="white", ms=8, ls="none", label="lower bound ('over')"),
    "range": dict(marker="|", ms=12, mew=3.2, alpha=0.35, ls="none", label="range as published (no central value)"),
    "derived": dict(marker="D", mfc="white", ms=4, ls="none", label="derived value (bar, where drawn: 95% interval)"),
    PART_PERIOD: dict(marker="s", mfc="white", ls="none", label="part-year or non-calendar period"),
}


def legend_for(ax: Axes, frame: pd.DataFrame, *, label: str, colours: dict, column: str) -> Axes:
    """Colour = series group; shape = qualifier, listed only for qualifiers the chart shows.

    The legend belongs to the figure: the page sets it below the plot (``charts.settle.fit``).
    """
    handles = [Line2D([], [], color=colours[v], marker="s", ls="none", ms=6,
                      label=textwrap.fill(str(frame.loc[frame[column] == v, label].iloc[0]), 30))
               for v in colours if (frame[column] == v).any()]
    spans = frame.apply(_is_interval, axis=1)
    ranges = frame.apply(_is_range, axis=1)
    shown = set(frame["qualifier"]) | ({"range"} if ranges.any() else set())
    shown |= {"derived"} if (spans & ~ranges & (frame["qualifier"] != "approximate")).any() else set()
    shown |= {"lower_bound"} if shown & set(LOWER) else set()
    handles += [Line2D([], [], color=GREY, **ENCODING[q]) for q in ENCODING if q in shown]
    ax.figure.legend(handles=handles, loc="lower left", borderaxespad=0)
    return ax


def shade_period(ax: Axes, start: float, end: float, label: str) -> Axes:
    """Shade a period (decimal years) behind the data, labelled at the top."""
    ax.axvspan(start, end, color=UNTAC_SHADE, zorder=0, lw=0, gid=SHADE_GID)
    ax.text((start + end) / 2, 0.98, label, transform=ax.get_xaxis_transform(), ha="center", va="top",
            fontsize=small(), color=GREY)
    return ax


def labelled_bars(frame: pd.DataFrame, *, label: str, value: str, group: str, note: str | None = None,
                  ax: Axes | None = None) -> Axes:
    """Horizontal bars, one per row, coloured by ``group``: each row's label, with its group where the label
    does not already say it, set above its bar (``row_labels``), its value at the bar's end. No legend to
    match colours against, and no text inside a bar to outgrow it. A row's ``note`` (a caveat about that bar)
    follows its value, so the caveat stands by the mark it concerns."""
    ax = _axes(ax)
    colours = _colours(frame, group)
    positions = np.arange(len(frame))[::-1]
    ax.barh(positions, frame[value], color=[colours[g] for g in frame[group]], height=0.4)
    notes = frame[note] if note else pd.Series("", index=frame.index)
    for pos, v, g, n in zip(positions, frame[value], frame[group], notes):
        ax.text(v, pos + 0.12, f" {v:,.0f}" + (f"  ({n})" if isinstance(n, str) and n else ""), va="top",
                fontsize=small(), color=colours[g])  # its top below the row label over the bar
    ax.set_ylim(-0.45, len(frame) - 0.15)
    row_labels(ax, positions, [" ".join(str(t).split()) + ("" if str(g).lower() in str(t).lower() else f" ({g})")
                               for t, g in zip(frame[label], frame[group])])
    ax.grid(axis="y", visible=False)
    return ax


RANGE_KIND = "range"  # an interval-chart row whose span is the range of published readings, not a 95% interval


def intervals(frame: pd.DataFrame, *, label: str, group: str, colours: dict, note: str | None = None,
              kind: str | None = None, block: str | None = None, ax: Axes | None = None) -> Axes:
    """One row per estimate, top to bottom: a dot at ``value`` and a bar from ``low`` to ``high``.

    A row whose ``kind`` is ``RANGE_KIND`` (the range of published readings) is drawn as a pale band with
    end ticks and no dot, so it never reads as a 95% interval. Rows sharing a ``block`` (what is counted)
    stand together under a bold heading row, so different definitions are never read as one list.
    """
    ax = _axes(ax)
    rows: list[tuple[str, pd.Series | None]] = []
    for name, part in (frame.groupby(block, sort=False) if block else [(None, frame)]):
        rows += ([(str(name), None)] if block else []) + [(r[label], r) for _, r in part.iterrows()]
    positions = np.arange(len(rows))[::-1]
    for pos, (_, row) in zip(positions, rows):
        if row is not None:
            _interval_row(ax, pos, row, colours[row[group]], note, kind)
    ax.set_ylim(-0.45, len(rows) - 0.15)
    row_labels(ax, positions, [text for text, _ in rows], bold={text for text, row in rows if row is None})
    ax.grid(axis="y", visible=False)
    return ax


def row_labels(ax: Axes, positions, texts: list[str], *, bold: set[str] = frozenset(), gap: float = 0.18) -> Axes:
    """Each row's label inside the plot, left-aligned just above its row, on one line: the plot spans the
    page's width instead of sharing it with a column of labels (Our World in Data's bar charts do the same).

    A label is anchored at its row; the page lifts it clear of its row's marks, in pixels, and makes room
    for it (``settle.rows_fit``). ``gap`` is kept for callers and no longer used: the lift is measured."""
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    where = blended_transform_factory(ax.transAxes, ax.transData)
    for pos, text in zip(positions, texts):
        ax.text(0.004, pos, " ".join(str(text).split()), transform=where, ha="left",
                va="bottom", fontsize=smallest(), color="#1a1a1a", gid=ROW_GID,
                weight="bold" if text in bold else "normal", in_layout=False)
    return ax


def zero_line(ax: Axes, positions, half: float, **style) -> Axes:
    """The zero reference drawn through each row's marks only (``half`` a row either side), never through
    the row labels set between the rows."""
    ax.vlines([0.0] * len(positions), [p - half for p in positions], [p + half for p in positions],
              gid=REFERENCE_GID, **({"color": "black", "lw": 0.8} | style))
    return ax


def _interval_row(ax: Axes, pos: float, row: pd.Series, c: str, note: str | None, kind: str | None) -> None:
    if kind and row[kind] == RANGE_KIND:
        band = ax.fill_betweenx([pos - 0.12, pos + 0.12], row["low"], row["high"], color=c, alpha=0.25, lw=0,
                                zorder=3)
        band.sticky_edges.x[:] = []  # a band at the data's edge keeps the axis margin beside it
        ax.plot([row["low"], row["high"]], [pos, pos], marker="|", ms=7, mew=1.6, color=c, ls="none", zorder=3)
    elif pd.notna(row["low"]) and pd.notna(row["high"]):
        ax.plot([row["low"], row["high"]], [pos, pos], color=c, lw=2.2, solid_capstyle="butt", zorder=3)
    if pd.notna(row["value"]):
        ax.plot([row["value"]], [pos], marker="o", ms=6, color=c, mec="white", ls="none", zorder=4)
    if note:
        end = row["high"] if pd.notna(row["high"]) else row["value"]
        ax.annotate(row[note], (end, pos), xytext=(0, 0), textcoords="offset points", fontsize=small(), color=c,
                    gid=LABEL_GID, in_layout=False)


def tornado(frame: pd.DataFrame, *, label: str, left: str, right: str, colour: str = GREY,
            ax: Axes | None = None) -> Axes:
    """Horizontal bars from ``left`` to ``right`` per row (one assumption moved at a time), zero line drawn."""
    ax = _axes(ax)
    positions = np.arange(len(frame))[::-1]
    lo = np.minimum(frame[left], frame[right])
    ax.barh(positions, np.abs(frame[right] - frame[left]), left=lo, color=colour, height=0.3)
    zero_line(ax, positions, 0.15)
    ax.set_ylim(-0.45, len(frame) - 0.15)
    row_labels(ax, positions, list(frame[label]))
    ax.grid(axis="y", visible=False)
    return ax
