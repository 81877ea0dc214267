"""Figures drawn over the period they cover, joined only within one comparable series.

A figure is a marker at the middle of its period and a thin bar across the whole
period (so a count for April 2008-March 2009 is seen to differ from one for
calendar 2008). Joins are decided here, not by the caller: two figures are joined
only when they share every column of ``JOIN`` (indicator, form, unit, definition,
comparability segment) and the caller's ``series`` columns, are both stated values
(a lower bound is never a point on a line), and no declared break lies between
them. Lower bounds are open markers with an upward arrow. Breaks are shaded segments
(``mark_breaks``).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from csecstats.charts.labels import LABEL_GID, REFERENCE_GID, SHADE_GID, TAG_GID
from csecstats.charts.style import GREY, small

BREAK_SHADE = "#EBEBEB"

JOIN = ("indicator", "form", "unit", "definition", "segment")
JOINABLE = ("exact",)
LOWER = ("lower_bound",)
REQUIRED = ("x", "x_start", "x_end", "value", "qualifier") + JOIN
GAP = 0.1  # years between one figure's period and the next beyond which they are not joined (a missing year)


def join_key(row: pd.Series, series: tuple[str, ...] = ()) -> tuple:
    """What two figures must share to be joined: every ``JOIN`` column and the caller's series columns."""
    return tuple(row[c] for c in JOIN + tuple(series))


def segments(frame: pd.DataFrame, *, series: tuple[str, ...] = (), breaks: tuple[float, ...] = ()) -> list[pd.DataFrame]:
    """The runs of figures a line may join: same key, in period order, stated values only (a bound, a
    figure of overlapping period or one after a missing period ends the run), split at every break position."""
    missing = [c for c in REQUIRED + tuple(series) if c not in frame]
    if missing:
        raise ValueError(f"period_points needs the columns {', '.join(missing)}")
    runs: list[pd.DataFrame] = []
    columns = JOIN + tuple(series)
    keys = pd.Series(list(zip(*(frame[c] for c in columns))), index=frame.index, dtype=object)  # join_key by row
    for _, group in frame.groupby(keys, sort=False):
        group = group.sort_values("x", kind="stable")
        # The run is decided on plain lists (a row's pandas lookup cost more than the rest of the chart's data).
        at, joinable = list(group.index), [q in JOINABLE for q in group["qualifier"]]
        x, start, end = group["x"].tolist(), group["x_start"].tolist(), group["x_end"].tolist()
        run: list = []
        for i in range(len(at)):
            if not joinable[i]:
                runs.append(group.loc[[at[j] for j in run]])
                run = []
                continue
            if run and (start[i] < end[run[-1]] or start[i] - end[run[-1]] > GAP
                        or any(x[run[-1]] < b < x[i] for b in breaks)):
                runs.append(group.loc[[at[j] for j in run]])
                run = []
            run.append(i)
        runs.append(group.loc[[at[j] for j in run]])
    return [r for r in runs if len(r) >= 2]


def period_points(frame: pd.DataFrame, *, colour: str, palette: dict, series: tuple[str, ...] = (),
                  breaks: tuple[float, ...] = (), label: str | None = None,
                  marker: str | None = None, ax: Axes | None = None) -> Axes:
    """Each figure across its period; lines only within ``segments`` (see the module docstring).

    ``marker`` names a column of matplotlib marker symbols (indicators sharing a panel); default a circle.
    ``label`` names a column of data labels; the page places them (``charts.labels.place``).
    """
    ax = ax if ax is not None else plt.figure().add_subplot()
    for run in segments(frame, series=series, breaks=breaks):
        (line,) = ax.plot(run["x"], run["value"], color=palette[run[colour].iloc[0]], lw=1.1, zorder=2)
        line.set_gid("join:" + "|".join(map(str, join_key(run.iloc[0], series))))
    names = {"x": "x", "x_start": "x_start", "x_end": "x_end", "value": "value", "qualifier": "qualifier",
             "colour": colour, "marker": marker, "label": label}
    rows = [dict(zip(names, values)) for values in zip(*(frame[c].tolist() if c else [None] * len(frame)
                                                          for c in names.values()))]  # plain rows: no pandas per row
    for row in rows:
        c, shape = palette[row["colour"]], (row["marker"] if marker else "o")
        ax.plot([row["x_start"], row["x_end"]], [row["value"]] * 2, color=c, lw=2.4, alpha=0.35,
                solid_capstyle="butt", zorder=3)
        if row["qualifier"] in LOWER:
            ax.plot([row["x"]], [row["value"]], marker=shape, ms=5, mfc="white", mec=c, mew=1.3, ls="none", zorder=4)
            ax.annotate("", xy=(row["x"], row["value"]), xytext=(0, 12), textcoords="offset points",
                        arrowprops={"arrowstyle": "<-", "color": c, "lw": 1.1}, zorder=4)
        else:
            ax.plot([row["x"]], [row["value"]], marker=shape, ms=4.5, color=c, ls="none", zorder=4)
        if label and isinstance(row["label"], str) and row["label"]:
            ax.annotate(row["label"], (row["x"], row["value"]), xytext=(0, 0), textcoords="offset points",
                        fontsize=small(), color=c, gid=LABEL_GID, in_layout=False)
    return ax


TAG_ZORDER = 1.5  # a break tag: above the breaks' lines and shading (1 and 0), under the data (2 and up)


def mark_breaks(axes: list[Axes], positions: pd.DataFrame, *, key: str = "number", x: str = "x",
                end: float | None = None, near: float = 1.5) -> list[Axes]:
    """Declared breaks as shaded segments on every panel: the stretch from one break to the next is shaded
    and unshaded in turn, so figures on different shades are never read as one series; a dotted line at
    each break, and the breaks numbered at the top left of their segment, on a white ground the lines pass
    under (breaks within ``near`` years of the one before share one number tag: '5, 6, 7')."""
    starts = positions.groupby(x, sort=True)[key].apply(list)
    edges = list(starts.index) + [end if end is not None else axes[0].get_xlim()[1]]
    tags: list[tuple[float, list]] = []
    for start, numbers in starts.items():
        if tags and start - tags[-1][2] < near:
            tags[-1] = (tags[-1][0], tags[-1][1] + numbers, start)
        else:
            tags.append((start, numbers, start))
    for ax in axes:
        for i, start in enumerate(starts.index):
            if i % 2 == 0:
                ax.axvspan(start, edges[i + 1], color=BREAK_SHADE, lw=0, zorder=0, gid=SHADE_GID)
            ax.axvline(start, color=GREY, ls=":", lw=0.8, zorder=1, gid=REFERENCE_GID)
        for start, numbers, _ in tags:
            # On a white ground above the dotted lines, which would otherwise strike through its digits.
            ax.annotate(", ".join(map(str, sorted(numbers))), (start, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(2, -2), textcoords="offset points", ha="left", va="top", fontsize=small(),
                        color=GREY, in_layout=False, gid=TAG_GID, zorder=TAG_ZORDER,
                        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    return axes
