"""The TIP chart and the plot layer's break rules: no line crosses a break, periods not report years."""
import chart_drawings
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csecstats.charts import catalogue, periods, tip
from csecstats.charts import data as chart_data


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def built():
    return chart_drawings.drawn()["tip_enforcement", "report"]


def frame(**changes) -> pd.DataFrame:
    """Three stated yearly counts of one series; ``changes`` maps a column to its three values."""
    base = {"x": [2009.5, 2010.5, 2011.5], "x_start": [2009.0, 2010.0, 2011.0], "x_end": [2010.0, 2011.0, 2012.0],
            "value": [10.0, 20.0, 30.0], "qualifier": ["exact"] * 3, "indicator": ["convictions"] * 3,
            "form": ["all"] * 3, "unit": ["persons"] * 3, "definition": ["d"] * 3, "segment": ["s"] * 3,
            "group": ["g"] * 3, "account": ["press"] * 3}
    return pd.DataFrame({**base, **changes})


def joined_pairs(data: pd.DataFrame, **kwargs) -> list[tuple[float, float]]:
    return [(a, b) for run in periods.segments(data, **kwargs) for a, b in zip(run["x"], run["x"].iloc[1:])]


def test_one_series_is_joined():
    assert joined_pairs(frame()) == [(2009.5, 2010.5), (2010.5, 2011.5)]


@pytest.mark.parametrize("column, values", [
    ("segment", ["s", "s", "t"]), ("indicator", ["convictions", "convictions", "prosecutions"]),
    ("unit", ["persons", "persons", "not stated"]), ("definition", ["d", "d", "e"]), ("form", ["all", "all", "sex"]),
])
def test_never_joined_across_a_segment_indicator_unit_or_definition(column, values):
    assert joined_pairs(frame(**{column: values})) == [(2009.5, 2010.5)]


def test_never_joined_across_a_break_position_even_within_one_segment():
    assert joined_pairs(frame(), breaks=(2011.0,)) == [(2009.5, 2010.5)]


def test_lower_bounds_are_not_points_of_a_line():
    assert joined_pairs(frame(qualifier=["exact", "lower_bound", "exact"])) == []


def test_caller_series_columns_split_too():
    accounts = frame(account=["press", "report_text", "press"])
    assert joined_pairs(accounts) == [(2009.5, 2010.5), (2010.5, 2011.5)]
    assert joined_pairs(accounts, series=("account",)) == []  # each account its own line; 2010 missing: no join


def test_the_plot_function_refuses_a_frame_without_the_join_columns():
    with pytest.raises(ValueError, match="segment"):
        periods.segments(frame().drop(columns="segment"))


def _runs_drawn(built) -> list[tuple[str, pd.DataFrame]]:
    """(panel, rows) for every line the chart draws, matched back to the chart's data by position."""
    out = []
    for ax, (panel, rows) in zip(built.figure.axes, built.data.groupby("panel", sort=False)):
        for line in ax.get_lines():
            if str(line.get_gid()).startswith("join:"):
                points = set(zip(line.get_xdata(), line.get_ydata()))
                out.append((panel, rows[[(x, v) in points for x, v in zip(rows["x"], rows["value"])]]))
    return out


def test_no_line_in_the_chart_crosses_a_declared_break(built):
    positions = catalogue.break_positions(catalogue.tables(), built.data)["x"]
    runs = _runs_drawn(built)
    for panel, rows in runs:
        assert len(rows) >= 2
        for column in periods.JOIN:
            assert rows[column].nunique() == 1, (panel, column)
        assert set(rows["qualifier"]) == {"exact"}
        assert not any(rows["x"].min() < b < rows["x"].max() for b in positions), panel


def test_every_break_with_figures_is_marked_on_every_panel(built):
    positions = catalogue.break_positions(catalogue.tables(), built.data)
    assert set(positions["break_id"]) == set(catalogue.tables()["breaks"]["break_id"])
    for ax in built.figure.axes[:len(built.data["panel"].unique())]:
        drawn = {round(line.get_xdata()[0], 6) for line in ax.get_lines() if line.get_linestyle() == ":"}
        assert drawn
        assert {round(x, 6) for x in positions["x"]} <= drawn


def test_figures_are_placed_at_the_period_they_cover_not_the_report_year(built):
    data = built.data
    assert (data["x_start"] == data["period_start"].map(chart_data.decimal_year)).all()
    assert ((data["x"] > data["x_start"]) & (data["x"] < data["x_end"])).all()
    tip = data[data["origin"] == "external"]
    assert (tip["x_end"] <= tip["report_year"] + 1).all()  # a report covers periods that end by its year's end
    assert (tip["x_start"] < tip["report_year"]).any()           # so the report year is not the position


def test_two_readings_of_one_year_are_both_drawn_and_explained(built):
    data = built.data
    pairs = catalogue.same_period_read_twice(data)
    assert len(pairs)
    kinds = data.set_index("figure_id")["period_start"]
    legend = " ".join(" ".join(t.get_text().split()) for ax in built.figure.axes if ax.get_legend()
                      for t in ax.get_legend().get_texts())
    for pair in pairs.itertuples(index=False):
        assert kinds[pair.first] != kinds[pair.second]  # different months: both kept, neither averaged away
        assert f"{pair.panel}: {pair.short}" in legend and str(int(pair.note.split()[0])) in pair.short


def test_one_indicator_per_panel_each_on_its_own_scale_titled_and_every_report_year_credited(built):
    data = built.data
    panels = [ax for ax in built.figure.axes if ax.axison]
    assert len(panels) == data["panel"].nunique() == 5
    tops = {ax.get_ylim()[1] for ax in panels}
    assert len(tops) == len(panels)  # own scale
    assert "Trafficking in Persons (TIP) reports" in built.title
    line = catalogue.source_line(built.sources)
    tip = data[data["origin"] == "external"]
    for year in tip.loc[tip["source_id"].str.startswith("US Department of State"), "report_year"].unique():
        assert str(int(year)) in line.split("US Department of State (")[1].split(")")[0]


def test_breaks_are_shaded_segments_alternating_from_each_break(built):
    positions = sorted(set(catalogue.break_positions(catalogue.tables(), built.data)["x"]))
    for ax in [a for a in built.figure.axes if a.axison]:
        shades = sorted(round(p.get_x(), 6) for p in ax.patches if p.get_gid() == "shade")
        assert shades == [round(x, 6) for x in positions[::2]]


def test_both_readings_of_2008_are_in_the_chart(built):
    conv = built.data[built.data["indicator"] == "convictions"]
    april_march = conv[(conv["period_start"] == "2008-04-01") & (conv["period_end"] == "2009-03-31")]
    calendar = conv[(conv["period_start"] == "2008-01-01") & (conv["period_end"] == "2008-12-31")]
    assert len(april_march) == 1 and len(calendar) == 1
    pair = catalogue.same_period_read_twice(built.data)
    assert {april_march["figure_id"].iloc[0], calendar["figure_id"].iloc[0]} == {pair["first"].iloc[0],
                                                                                 pair["second"].iloc[0]}


def test_the_reports_2003_figures_stand_beside_the_tip_series(built):
    report = built.data[built.data["origin"] == "report"]
    assert set(report["figure_id"]) == set(tip.REPORT_BESIDE_TIP)
    assert set(report["panel"]) <= set(built.data.loc[built.data["origin"] == "external", "panel"])


def test_lower_bounds_are_drawn_as_lower_bounds(built):
    bounds = built.data[built.data["qualifier"] == "lower_bound"]
    assert len(bounds)
    arrows = sum(1 for ax in built.figure.axes for t in ax.texts
                 if getattr(t, "arrow_patch", None) is not None and t.get_text() == "")
    assert arrows >= len(bounds)


@pytest.mark.parametrize("size", ["report", "slide"])
def test_no_two_texts_of_a_panel_overlap(size):
    from csecstats.charts.labels import text_box
    figure = chart_drawings.drawn()["tip_enforcement", size].figure
    renderer = figure.canvas.get_renderer()
    for ax in [a for a in figure.axes if a.axison]:
        boxes = [text_box(t, renderer) for t in ax.texts if t.get_text()]
        assert boxes
        assert not [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes) if i < j and a.overlaps(b)]


def test_a_line_never_joins_across_a_missing_year():
    from csecstats.charts import plots
    gap = frame(x=[2009.5, 2011.5, 2012.5], x_start=[2009.0, 2011.0, 2012.0], x_end=[2010.0, 2012.0, 2013.0])
    assert joined_pairs(gap) == [(2011.5, 2012.5)]
    assert plots.gaps_before(pd.Series([2009.5, 2011.5, 2012.5])).tolist() == [False, True, False]
