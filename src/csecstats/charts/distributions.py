"""The distribution of each Monte Carlo estimate: its draws as a violin, the central value and 95% interval on it.

The chart's data is one row per estimate and scenario: the draws' quantiles and the
percentile at which the central value falls, not the draws themselves. The draws are
regenerated from the declarations, resolved against the built tables the chart reads, with the
build's seed and count (``analysis.draws``), and their interval is checked against ``estimates.csv`` so a stale table is refused.
The marks (``violins``, ``central_marks``) keep the plot functions' contract: tidy frame in,
keyword-only arguments, ``ax=None``, Axes out. Seaborn draws the violins only.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from . import plots
from .chart import Chart
from .style import GRADE_COLOURS

# The violins cover the central 99% of each estimate's draws: the rarest 1% would stretch the shared axis.
SHOWN = 0.99
# Each violin's density is estimated from this many evenly spaced quantiles of its shown draws (the first
# and last are their smallest and largest), with the bandwidth all the draws would give (``bandwidth``): the
# same shape as from every draw, at a fixed cost whatever the draw count, and no randomness.
DENSITY_POINTS = 4_000


def violins(frame: pd.DataFrame, *, value: str, label: str, order: list[str], hue: str, palette: dict,
            bw_method: str | float = "scott", ax: Axes | None = None) -> Axes:
    """One horizontal violin per ``label`` (in ``order``, top to bottom): seaborn's density of ``value``.

    The density is cut at the smallest and largest value given (no tail beyond the data); every
    violin has the same height, so shapes compare. ``bw_method`` is scipy's: a rule, or the factor
    that multiplies the standard deviation (halved, as ``bw_adjust`` 0.5).
    Seaborn draws into ``ax`` under the current rc settings and changes no global state.
    """
    import seaborn as sns  # only the distribution charts need it

    ax = ax if ax is not None else plt.figure().add_subplot()
    sns.violinplot(data=frame, x=value, y=label, order=order, hue=hue, palette=palette, orient="h",
                   cut=0, bw_method=bw_method, bw_adjust=0.5, inner=None, density_norm="width", width=0.45,
                   linewidth=0.5, saturation=1.0, legend=False, ax=ax)
    for body in ax.collections:
        body.set_alpha(0.55)
    return ax


def central_marks(frame: pd.DataFrame, *, value: str, low: str, high: str, reading: str | None = None,
                  colour: str = "black", ax: Axes | None = None) -> Axes:
    """Row ``i`` at height ``i`` (as seaborn places categories): a bar from ``low`` to ``high``, a dot at
    ``value`` and, where the ``reading`` column has one, an open diamond at it."""
    ax = ax if ax is not None else plt.figure().add_subplot()
    for pos, (_, row) in enumerate(frame.iterrows()):
        ax.plot([row[low], row[high]], [pos, pos], color=colour, lw=2.0, solid_capstyle="butt", zorder=4)
        ax.plot([row[value]], [pos], marker="o", ms=5, mfc="white", mec=colour, mew=1.2, ls="none", zorder=5)
        if reading and pd.notna(row[reading]):
            ax.plot([row[reading]], [pos], marker="D", ms=4, mfc="white", mec=colour, mew=1.0, ls="none", zorder=6)
    return ax


_DRAWN: list[tuple[Mapping, int, pd.DataFrame]] = []  # the last two (tables, count, draws)


def _draws(t: Mapping[str, pd.DataFrame], count: int) -> pd.DataFrame:
    """Every Monte Carlo estimate's draws at ``count``, every column, resolved against the tables ``t`` the chart
    is drawn from (``analysis.draws.built_context``): drawn once per tables and count."""
    for held, n, frame in _DRAWN:
        if held is t and n == count:
            return frame
    from ..analysis.draws import built_context, estimate_draws  # scipy and pandera load only when draws are drawn

    frame = estimate_draws(draws=count, context=built_context(t))
    _DRAWN[:] = [*_DRAWN[-1:], (t, count, frame)]
    return frame


def monte_carlo_rows(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every Monte Carlo estimate in estimates.csv, in its order (any unit: the chart's axis is relative)."""
    est = t["estimates"]
    return est[est["method"] == "monte_carlo"].reset_index(drop=True)


def amount(value: float, unit: str) -> str:
    """A value in its unit's terms: a share in percent, a ratio to two decimals, a count in whole units."""
    return f"{value:.1%}" if unit == "share" else f"{value:,.2f}" if unit == "ratio" else f"{value:,.0f}"


def build_draws(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The draws behind ``monte_carlo_rows``, at the count estimates.csv records: ``analysis.draws.estimate_draws``
    with every column (the assumptions too) on the declarations resolved against ``t``, made once per tables and
    count, so the chart and notebook 03 read the same draws without drawing them twice. Shared: read it, never
    change it in place."""
    rows = monte_carlo_rows(t)
    counts = rows["draws"].unique()
    if len(counts) != 1:
        raise ValueError(f"estimates.csv mixes draw counts {sorted(counts)}; expected one count for every estimate")
    frame = _draws(t, int(counts[0]))
    drawn = frame["estimate_id"].isin(rows["estimate_id"])
    return frame if drawn.all() else frame[drawn]


def ordinal(n: int) -> str:
    """1 -> '1st', 7 -> '7th', 22 -> '22nd', 13 -> '13th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def distribution_rows(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per estimate and scenario: central value, 95% interval, the draws' quantiles, central percentile."""
    from ..analysis.draws import draw_quantiles, quantile_column

    rows = monte_carlo_rows(t)
    quantiles = draw_quantiles(build_draws(t), rows).drop(columns="value")
    out = rows.merge(quantiles, on=["estimate_id", "scenario"], how="left", validate="one_to_one",
                     suffixes=("", "_drawn"))
    level = float(out["level"].iloc[0])
    lo, hi = quantile_column((1 - level) / 2), quantile_column((1 + level) / 2)
    stale = ~(np.isclose(out[lo], out["low"], rtol=1e-12) & np.isclose(out[hi], out["high"], rtol=1e-12))
    if stale.any():
        raise ValueError(f"the draws do not reproduce estimates.csv's interval for {', '.join(out.loc[stale, 'estimate_id'])}; "
                         "run `make data` first")
    out = out.rename(columns={"estimate_id": "figure_id"})
    out["origin"], out["source_id"] = "estimate", "report_2004"
    out["label"] = [textwrap.fill(q, 60) for q in out["quantity"]]
    out["note"] = [note(r) for _, r in out.iterrows()]
    columns = ["figure_id", "origin", "label", "scenario", "unit", "value", "low", "high", "level",
               "central_percentile", "reading", "reading_percentile", "draws", *[c for c in quantiles.columns if c.startswith("q")],
               "evidence_grade", "note", "source_id", "inputs", "caveat", "caveat_priority"]
    return out.reindex(columns=columns)


def note(row: pd.Series) -> str:
    """Where the number a reader would quote falls among the draws: the plain reading where it differs
    from the central value (the median rule), else the central value; then the grade."""
    if row["reading"] != row["value"]:
        return (f"plain reading {amount(row['reading'], row['unit'])} at the "
                f"{ordinal(round(row['reading_percentile']))} percentile [{row['evidence_grade']}]")
    return f"central at the {ordinal(round(row['central_percentile']))} percentile [{row['evidence_grade']}]"


def relative_draws(data: pd.DataFrame, draws: pd.DataFrame, shown: float = SHOWN,
                   points: int | None = DENSITY_POINTS) -> pd.DataFrame:
    """The central ``shown`` share of each row's draws as the change from its central value (0.1 = 10% above);
    with ``points``, that many evenly spaced quantiles of them (smallest and largest included) instead."""
    from ..analysis.draws import quantile_column

    low, high = quantile_column((1 - shown) / 2), quantile_column((1 + shown) / 2)
    parts = []
    for _, row in data.iterrows():
        mask = (draws["estimate_id"] == row["figure_id"]) & (
            draws["scenario"].isna() if pd.isna(row["scenario"]) else draws["scenario"] == row["scenario"])
        values = draws.loc[mask, "value"]
        values = values[values.between(row[low], row[high])].to_numpy()
        if points is not None and len(values) > points:  # numpy's linear quantiles, on one sort
            values = np.interp(np.linspace(0.0, len(values) - 1.0, points), np.arange(len(values)), np.sort(values))
        parts.append(pd.DataFrame({"change": values / row["value"] - 1, "label": row["label"],
                                   "evidence_grade": row["evidence_grade"]}))
    return pd.concat(parts, ignore_index=True)


def bandwidth(draws: int, shown: float = SHOWN) -> float:
    """Scott's factor for the shown share of ``draws`` draws (scipy's ``n ** -1/5``): the bandwidth the
    density of every shown draw would have, kept when it is estimated from ``DENSITY_POINTS`` quantiles."""
    return float(round(shown * draws) ** -0.2)


def draw_distributions(data: pd.DataFrame, ax: Axes, t: Mapping[str, pd.DataFrame]) -> Axes:
    """Violins of the draws relative to each central value (so estimates of any size compare), grade colours.

    Dot = central value (at 0), bar = the interval; a shape lying right of its dot is a central value near
    the low end of its draws.
    """
    violins(relative_draws(data, build_draws(t)), value="change", label="label", order=list(data["label"]),
            hue="evidence_grade", palette=GRADE_COLOURS, bw_method=bandwidth(int(data["draws"].iloc[0])), ax=ax)
    marks = pd.DataFrame({"value": 0.0, "low": data["low"] / data["value"] - 1, "high": data["high"] / data["value"] - 1,
                          "reading": (data["reading"] / data["value"] - 1).where(data["reading"] != data["value"])})
    central_marks(marks, value="value", low="low", high="high", reading="reading", ax=ax)
    plots.zero_line(ax, range(len(data)), 0.25, lw=0.6, zorder=1)
    ax.set_ylim(len(data) - 0.6, -0.9)  # room above the top row for its label (seaborn's axis runs top down)
    plots.row_labels(ax, range(len(data)), [f"{' '.join(r['label'].split())}: {amount(r['value'], r['unit'])}; {r['note']}"
                    for _, r in data.iterrows()])
    ax.set_ylabel("")
    plain = "; diamond: plain reading" if marks["reading"].notna().any() else ""
    ax.set_xlabel(f"difference from the central value (dot){plain};\nbar: {data['level'].iloc[0]:.0%} interval; "
                  f"shape: central {SHOWN:.0%} of {int(data['draws'].iloc[0]):,} draws")
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:+.0%}" if v else "0")
    ax.grid(axis="y", visible=False)
    return ax


def describe_distributions(data: pd.DataFrame) -> str:
    """Alt text: each estimate's central value, where it falls among the draws, interval and median."""
    items = []
    for _, r in data.iterrows():
        fmt = lambda v: amount(v, r["unit"])  # noqa: E731
        plain = (f" (plain reading {fmt(r['reading'])} at the {ordinal(round(r['reading_percentile']))} percentile)"
                 if r["reading"] != r["value"] else "")
        items.append(f"{' '.join(r['label'].split())}: central value {fmt(r['value'])} at the "
                     f"{ordinal(round(r['central_percentile']))} percentile of the draws{plain}, {r['level']:.0%} interval "
                     f"{fmt(r['low'])} to {fmt(r['high'])}, median {fmt(r['q50'])}, grade {r['evidence_grade']}")
    return ("Violin chart, one shape per Monte Carlo estimate showing how its draws are spread around its central "
            f"value (in percent of it), with a dot at the central value and a bar for the {data['level'].iloc[0]:.0%} "
            "interval: " + "; ".join(items) + ".")


def joint(frame: pd.DataFrame, *, x: str, y: str, bins: int = 40, ax: Axes | None = None) -> Axes:
    """Seaborn's two-way histogram of ``y`` against ``x``: how one assumption's draws shape the estimate's."""
    import seaborn as sns  # only the distribution marks need it

    ax = ax if ax is not None else plt.figure().add_subplot()
    sns.histplot(data=frame, x=x, y=y, bins=bins, color=GRADE_COLOURS["A"], ax=ax)
    return ax


CHART = Chart("estimate_distributions", "How the Monte Carlo draws of each derived estimate are spread",
              "Each shape shows how one estimate's draws spread around its central value, so skew, and where the "
              "central value falls, can be seen.",
              "notebooks/03_shares_and_caveated_estimates.ipynb", distribution_rows,
              draw_distributions, describe_distributions,
              {"plot_height": 4.6, "slide_rows": 8, "slide_keeps": "the first {n}"},
              subtitle="Change from each estimate's central value, in percent; the shape is the spread of its seeded "
                       "Monte Carlo draws (central 99%), drawn from the declared assumptions; the dot is the central "
                       "value and the bar the 95% interval.")
