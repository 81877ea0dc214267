"""Thin plot functions: tidy frame in, Axes out; no aggregation inside. Stage 14.

Encoding (the legend of every chart says the same):
- filled marker: a stated value; pale marker and dashed joins: an approximate value;
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
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .style import GREY, PALETTE, UNTAC_SHADE, SIZES

POINT_QUALIFIERS = ("exact", "approximate")
PART_PERIOD = "part_period"  # a count over part of a year or a non-calendar year: never joined to full years
LOWER = ("lower_bound", "relative")
UPPER = ("upper_bound",)


def _axes(ax: Axes | None) -> Axes:
    return ax if ax is not None else plt.figure().add_subplot()


def _is_interval(row: pd.Series) -> bool:
    """A row is drawn as an interval when it has both ends and they differ."""
    return pd.notna(row["low"]) and pd.notna(row["high"]) and row["low"] != row["high"]


def _centre(row: pd.Series) -> float:
    """The point to place a marker at: the value, else the middle of the range, else the bound."""
    if pd.notna(row["value"]):
        return float(row["value"])
    if pd.notna(row["low"]) and pd.notna(row["high"]):
        return (float(row["low"]) + float(row["high"])) / 2
    return float(row["low"] if pd.notna(row["low"]) else row["high"])


def _draw_point(ax: Axes, x: float, row: pd.Series, colour: str) -> None:
    """One point, encoded by its qualifier (see the module docstring)."""
    y = _centre(row)
    qualifier = row["qualifier"]
    if _is_interval(row):
        ax.errorbar([x], [y], yerr=[[y - row["low"]], [row["high"] - y]], fmt="none", ecolor=colour,
                    elinewidth=1.6, capsize=3, zorder=3)
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
    alpha = 0.45 if qualifier == "approximate" else 1.0
    ax.plot([x], [y], marker="o", ms=6, color=colour, alpha=alpha, mec=colour, ls="none", zorder=4)


def estimates_over_time(frame: pd.DataFrame, *, x: str, series_key: str, label: str | None = None,
                        colour: str | None = None, note: str | None = None, note_offset: str | None = None,
                        palette: dict | None = None, ax: Axes | None = None) -> Axes:
    """Points over time (``value``, ``low``, ``high``, ``qualifier``), joined only within a series.

    ``note_offset`` names a column of vertical note offsets in points (see ``charts.data.stagger``),
    so notes of neighbouring points do not print over each other.
    """
    ax = _axes(ax)
    colours = palette or _colours(frame, colour or series_key)
    for key, group in frame.groupby(series_key, sort=False):
        group = group.sort_values(x)
        c = colours[group[colour or series_key].iloc[0]]
        joinable = group[group["qualifier"].isin(POINT_QUALIFIERS) & ~group.apply(_is_interval, axis=1)]
        if len(joinable) >= 2:
            dashed = (joinable["qualifier"] == "approximate").any()
            (line,) = ax.plot(joinable[x], joinable["value"], color=c, lw=1.2,
                              ls="--" if dashed else "-", zorder=2)
            line.set_gid(f"series:{key}")
        for _, row in group.iterrows():
            _draw_point(ax, float(row[x]), row, c)
            if note and row[note]:
                dy = float(row[note_offset]) if note_offset else -2.0
                ax.annotate(row[note], (float(row[x]), _centre(row)), xytext=(5, dy), textcoords="offset points",
                            fontsize="x-small", color=c, va="top")
    if label:
        legend_for(ax, frame, label=label, colours=colours, column=colour or series_key)
    return ax


def _colours(frame: pd.DataFrame, column: str) -> dict:
    """One palette colour per distinct value of ``column``, in order of first appearance."""
    return {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(pd.unique(frame[column]))}


ENCODING = {  # qualifier -> legend entry, drawn the way the points are
    "exact": dict(marker="o", ls="none", label="stated value"),
    "approximate": dict(marker="o", alpha=0.45, ls="--", label="approximate ('about')"),
    "lower_bound": dict(marker="$\\uparrow$", mfc="white", ms=8, ls="none", label="lower bound ('over')"),
    "range": dict(marker="|", ms=10, mew=1.6, ls="none", label="range or derived interval"),
    PART_PERIOD: dict(marker="s", mfc="white", ls="none", label="part-year or non-calendar period"),
}


def legend_for(ax: Axes, frame: pd.DataFrame, *, label: str, colours: dict, column: str) -> Axes:
    """Colour = series group; shape = qualifier, listed only for qualifiers the chart shows."""
    handles = [Line2D([], [], color=colours[v], marker="s", ls="none", ms=6,
                      label=textwrap.fill(str(frame.loc[frame[column] == v, label].iloc[0]), 30))
               for v in colours if (frame[column] == v).any()]
    shown = set(frame["qualifier"]) | ({"range"} if frame.apply(_is_interval, axis=1).any() else set())
    shown |= {"lower_bound"} if shown & set(LOWER) else set()
    handles += [Line2D([], [], color=GREY, **ENCODING[q]) for q in ENCODING if q in shown]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return ax


def shade_period(ax: Axes, start: float, end: float, label: str) -> Axes:
    """Shade a period (decimal years) behind the data, labelled at the top."""
    ax.axvspan(start, end, color=UNTAC_SHADE, zorder=0, lw=0)
    ax.text((start + end) / 2, 0.98, label, transform=ax.get_xaxis_transform(), ha="center", va="top",
            fontsize="small", color=GREY)
    return ax


def labelled_bars(frame: pd.DataFrame, *, label: str, value: str, group: str,
                  ax: Axes | None = None) -> Axes:
    """Horizontal bars, one per row, coloured by ``group`` and labelled directly with value and group.

    No legend to match colours against: a long bar carries its group inside, a short one after its
    value, so no label can sit on another bar.
    """
    ax = _axes(ax)
    colours = _colours(frame, group)
    positions = np.arange(len(frame))[::-1]
    ax.barh(positions, frame[value], color=[colours[g] for g in frame[group]], height=0.7)
    ax.set_yticks(positions, frame[label])
    longest = float(frame[value].max())
    for pos, v, g in zip(positions, frame[value], frame[group]):
        if v >= longest / 2:
            ax.text(v, pos, f" {v:,.0f}", va="center", fontsize="small")
            ax.text(longest * 0.01, pos, f" {g}", va="center", fontsize="small", color="white", weight="bold")
        else:
            ax.text(v, pos, f" {v:,.0f}  {g}", va="center", fontsize="small", color=colours[g])
    ax.grid(axis="y", visible=False)
    return ax


def intervals(frame: pd.DataFrame, *, label: str, group: str, colours: dict, note: str | None = None,
              ax: Axes | None = None) -> Axes:
    """One row per estimate, top to bottom: a dot at ``value`` and a bar from ``low`` to ``high``."""
    ax = _axes(ax)
    positions = np.arange(len(frame))[::-1]
    for pos, (_, row) in zip(positions, frame.iterrows()):
        c = colours[row[group]]
        if pd.notna(row["low"]) and pd.notna(row["high"]):
            ax.plot([row["low"], row["high"]], [pos, pos], color=c, lw=2.2, solid_capstyle="butt", zorder=3)
        if pd.notna(row["value"]):
            ax.plot([row["value"]], [pos], marker="o", ms=6, color=c, mec="white", ls="none", zorder=4)
        if note:
            end = row["high"] if pd.notna(row["high"]) else row["value"]
            ax.annotate(row[note], (end, pos), xytext=(5, 0), textcoords="offset points", va="center",
                        fontsize="small", color=c)
    ax.set_yticks(positions, frame[label])
    ax.set_ylim(-0.7, len(frame) - 0.3)
    ax.grid(axis="y", visible=False)
    return ax


def tornado(frame: pd.DataFrame, *, label: str, left: str, right: str, colour: str = GREY,
            ax: Axes | None = None) -> Axes:
    """Horizontal bars from ``left`` to ``right`` per row (one assumption moved at a time), zero line drawn."""
    ax = _axes(ax)
    positions = np.arange(len(frame))[::-1]
    lo = np.minimum(frame[left], frame[right])
    ax.barh(positions, np.abs(frame[right] - frame[left]), left=lo, color=colour, height=0.6)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(positions, frame[label])
    ax.grid(axis="y", visible=False)
    return ax


def footer_lines(source_line: str, caveats: list[str], width: int) -> list[str]:
    """The wrapped source line, then one wrapped bullet per caveat."""
    # No breaks at hyphens: '40-60%' must stay whole.
    lines = textwrap.wrap(source_line, width, break_on_hyphens=False)
    for caveat in caveats:
        lines += textwrap.wrap(caveat, width, initial_indent="• ", subsequent_indent="  ", break_on_hyphens=False)
    return lines


def slide_footer(source_line: str, caveats: list[str], *, chars: int, max_lines: int,
                 more: str) -> tuple[list[str], list[str], list[str]]:
    """Source lines across the slide, then whole caveat bullets in two columns of at most ``max_lines``.

    Bullets that do not fit are counted in a last line pointing to where they all are (``more``):
    a slide keeps every caveat it shows whole rather than shrinking them out of legibility.
    """
    source = textwrap.wrap(source_line, chars * 2, break_on_hyphens=False)
    bullets = [textwrap.wrap(c, chars, initial_indent="• ", subsequent_indent="  ", break_on_hyphens=False)
               for c in caveats]
    columns: list[list[str]] = [[], []]
    placed = 0
    for bullet in bullets:
        target = next((col for col in columns if len(col) + len(bullet) <= max_lines - 1), None)
        if target is None:
            break
        target.extend(bullet)
        placed += 1
    if placed < len(bullets):
        columns[1].append(f"• {len(bullets) - placed} more caveat(s): {more}")
    return source, columns[0], columns[1]


def slide_figure(title: str, source_line: str, caveats: list[str], *, more: str, left: float = 1.3,
                 right: float = 3.5, nrows: int = 1, between: float = 0.6,
                 size: tuple[float, float] = SIZES["slide"],
                 footer_size: float = 9.0, max_lines: int = 9) -> tuple[Figure, Axes | list[Axes]]:
    """A 16:9 slide: title, the Axes filling what the footer (source line, caveats in two columns) leaves."""
    width, height = size
    chars = int((width / 2 - 0.25) * 72 / (footer_size * 0.56))
    source, first, second = slide_footer(source_line, caveats, chars=chars, max_lines=max_lines, more=more)
    line_h = footer_size * 1.3 * 1.12 / 72
    footer = (len(source) + max(len(first), len(second))) * line_h + 0.15
    header, gap = 0.75, 0.7
    axes_height = (height - header - gap - footer - (nrows - 1) * between) / nrows
    fig = plt.figure(figsize=size)
    axes = [fig.add_axes((left / width, (gap + footer + (nrows - 1 - i) * (axes_height + between)) / height,
                          (width - left - right) / width, axes_height / height)) for i in range(nrows)]
    fig.text(0.2 / width, 1 - 0.15 / height, title, ha="left", va="top", fontsize="x-large", weight="bold")
    text = dict(va="top", fontsize=footer_size, color="#333333", linespacing=1.3)
    top = (footer - 0.05) / height
    fig.text(0.2 / width, top, "\n".join(source), ha="left", **text)
    below = top - len(source) * line_h / height
    fig.text(0.2 / width, below, "\n".join(first), ha="left", **text)
    fig.text(0.5 + 0.05 / width, below, "\n".join(second), ha="left", **text)
    return fig, (axes[0] if nrows == 1 else axes)


def chart_figure(title: str, source_line: str, caveats: list[str], *, width: float = SIZES["report"][0],
                 axes_height: float = 2.8, right: float = 2.0, left: float = 0.75, nrows: int = 1,
                 between: float = 0.35, footer_size: float = 6.0) -> tuple[Figure, Axes | list[Axes]]:
    """A figure with the title on top, the Axes (``nrows`` stacked), and the source line and caveats under them."""
    lines = footer_lines(source_line, caveats, int(width * 72 / (footer_size * 0.56)))
    line_h = footer_size * 1.3 * 1.12 / 72  # matplotlib's line height is ~1.1 x the font size
    header, gap = 0.45, 0.45
    footer = len(lines) * line_h + 0.1
    height = header + nrows * axes_height + (nrows - 1) * between + gap + footer
    fig = plt.figure(figsize=(width, height))
    axes = []
    for i in range(nrows):
        bottom = gap + footer + (nrows - 1 - i) * (axes_height + between)
        axes.append(fig.add_axes((left / width, bottom / height, (width - left - right) / width,
                                  axes_height / height)))
    fig.text(0.1 / width, 1 - 0.12 / height, title, ha="left", va="top", fontsize="large", weight="bold")
    fig.text(0.1 / width, (footer - 0.05) / height, "\n".join(lines), ha="left", va="top",
             fontsize=footer_size, color="#333333", linespacing=1.3)
    return fig, (axes[0] if nrows == 1 else axes)

