"""Figures drawn over the period they cover, joined only within one comparable series.

A figure is a marker at the middle of its period and a thin bar across the whole
period (so a count for April 2008-March 2009 is seen to differ from one for
calendar 2008). Joins are decided here, not by the caller: two figures are joined
only when they share every column of ``JOIN`` (indicator, form, unit, definition,
comparability segment) and the caller's ``series`` columns, are both stated values
(a lower bound is never a point on a line), and no declared break lies between
them. Lower bounds are open markers with an upward arrow.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from csecstats.charts.style import GREY, NOTE_GID

JOIN = ("indicator", "form", "unit", "definition", "segment")
JOINABLE = ("exact",)
LOWER = ("lower_bound",)
REQUIRED = ("x", "x_start", "x_end", "value", "qualifier") + JOIN


def join_key(row: pd.Series, series: tuple[str, ...] = ()) -> tuple:
    """What two figures must share to be joined: every ``JOIN`` column and the caller's series columns."""
    return tuple(row[c] for c in JOIN + tuple(series))


def segments(frame: pd.DataFrame, *, series: tuple[str, ...] = (), breaks: tuple[float, ...] = ()) -> list[pd.DataFrame]:
    """The runs of figures a line may join: same key, in period order, stated values only (a bound or a
    figure of overlapping period ends the run), split at every break position."""
    missing = [c for c in REQUIRED + tuple(series) if c not in frame]
    if missing:
        raise ValueError(f"period_points needs the columns {', '.join(missing)}")
    runs: list[pd.DataFrame] = []
    keys = frame.apply(join_key, axis=1, series=tuple(series))
    for _, group in frame.groupby(keys, sort=False):
        group = group.sort_values("x", kind="stable")
        run: list = []
        for i, row in group.iterrows():
            prev = group.loc[run[-1]] if run else None
            if row["qualifier"] not in JOINABLE:
                runs.append(group.loc[run])
                run = []
                continue
            if prev is not None and (row["x_start"] < prev["x_end"] or any(prev["x"] < b < row["x"] for b in breaks)):
                runs.append(group.loc[run])
                run = []
            run.append(i)
        runs.append(group.loc[run])
    return [r for r in runs if len(r) >= 2]


def period_points(frame: pd.DataFrame, *, colour: str, palette: dict, series: tuple[str, ...] = (),
                  breaks: tuple[float, ...] = (), label: str | None = None, label_offset: str | None = None,
                  marker: str | None = None, ax: Axes | None = None) -> Axes:
    """Each figure across its period; lines only within ``segments`` (see the module docstring).

    ``marker`` names a column of matplotlib marker symbols (indicators sharing a panel); default a circle.
    ``label_offset`` names a column of vertical label offsets in points, so neighbouring labels do not overlap.
    """
    ax = ax if ax is not None else plt.figure().add_subplot()
    labels = []
    for run in segments(frame, series=series, breaks=breaks):
        (line,) = ax.plot(run["x"], run["value"], color=palette[run[colour].iloc[0]], lw=1.1, zorder=2)
        line.set_gid("join:" + "|".join(map(str, join_key(run.iloc[0], series))))
    for _, row in frame.iterrows():
        c, shape = palette[row[colour]], (row[marker] if marker else "o")
        ax.plot([row["x_start"], row["x_end"]], [row["value"]] * 2, color=c, lw=2.4, alpha=0.35,
                solid_capstyle="butt", zorder=3)
        if row["qualifier"] in LOWER:
            ax.plot([row["x"]], [row["value"]], marker=shape, ms=5, mfc="white", mec=c, mew=1.3, ls="none", zorder=4)
            ax.annotate("", xy=(row["x"], row["value"]), xytext=(0, 12), textcoords="offset points",
                        arrowprops={"arrowstyle": "<-", "color": c, "lw": 1.1}, zorder=4)
        else:
            ax.plot([row["x"]], [row["value"]], marker=shape, ms=4.5, color=c, ls="none", zorder=4)
        if label and isinstance(row[label], str) and row[label]:
            dy = float(row[label_offset]) if label_offset else 3.0
            labels.append(ax.annotate(row[label], (row["x"], row["value"]), xytext=(4, dy),
                                      textcoords="offset points", fontsize="xx-small", color=c, va="bottom",
                                      gid=NOTE_GID))
    unclutter(ax, labels)
    return ax


# Where a label may sit beside its point, in order of preference: (dx, dy) in points, alignment.
PLACES = ((4, 2, "left", "bottom"), (4, -2, "left", "top"), (-4, 2, "right", "bottom"), (-4, -2, "right", "top"),
          (0, 5, "center", "bottom"), (0, -5, "center", "top"), (4, 9, "left", "bottom"), (4, -9, "left", "top"),
          (-4, 9, "right", "bottom"), (-4, -9, "right", "top"), (4, 16, "left", "bottom"), (-4, 16, "right", "bottom"))


def unclutter(ax: Axes, labels: list) -> None:
    """Put each label at the first place beside its point (PLACES) where it overlaps no text placed before it
    and stays inside the axes; if there is none, at the first place (every label stays next to its point)."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed = [t.get_window_extent(renderer) for t in ax.texts if t not in labels and t.get_text()]
    for text in labels:
        for dx, dy, ha, va in PLACES + (PLACES[0],):
            text.xyann = (dx, dy)
            text.set_ha(ha)
            text.set_va(va)
            box = text.get_window_extent(renderer)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in placed):
                break
        placed.append(box)


def mark_breaks(axes: list[Axes], positions: pd.DataFrame, *, key: str = "number", x: str = "x") -> list[Axes]:
    """A dotted vertical line at each break on every panel, numbered at the top of the first
    (``lift``: how many numbers already stand at the same place, set side by side)."""
    for ax in axes:
        for _, brk in positions.iterrows():
            ax.axvline(brk[x], color=GREY, ls=":", lw=0.9, zorder=1)
    top = axes[0]
    for _, brk in positions.iterrows():  # inside the top of the first panel, right of the line
        top.annotate(str(brk[key]), (brk[x], 1.0), xycoords=("data", "axes fraction"),
                     xytext=(2 + brk.get("lift", 0) * plt.rcParams["font.size"] * 0.75, -2),
                     textcoords="offset points", ha="left", va="top",
                     fontsize="x-small", color=GREY)
    return axes
