"""A chart's declaration: id, title, caption, notebook, data selection, drawing, description and layout.

Each chart is one module of ``csecstats.charts`` holding its data selection, drawing, description
and label map, and declaring its ``CHART``; the registry (``charts.catalogue``) lists them and
draws them on the house page. Adding a chart is one module and one line in the registry. The ids a
chart picks by name are declared once, in its ``selects``, and its data selection reads them there.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.axes import Axes


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
    layout: dict  # plot_height (A4 plot region, inches), nrows, ncols (slide_ncols), grades (print the grade key)
    subtitle: str = ""  # unit, geography, period, definitions; '{years}' is filled from the data
    key: Callable[[pd.DataFrame, Mapping[str, pd.DataFrame]], str] | None = None  # what numbered marks mean
    table: str | None = None  # the processed table every drawn row comes from; None: each row's origin names it
    # The figure, estimate or external ids the chart picks by name, by role ('counts', 'shares'...), in
    # drawing order: declared here once, read by the chart's data selection, never typed in it.
    selects: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
