"""The distribution chart's density: drawn from a fixed number of quantiles of the draws, it keeps the shape
that every draw gives (same bandwidth, same ends), whatever the draw count."""
import numpy as np
import pandas as pd
import pytest

from csecstats.analysis.draws import quantile_column
from csecstats.charts import distributions as d

DRAWS = 40_000


@pytest.fixture(scope="module")
def rows_and_draws():
    """Two estimates with skewed draws (one of them in two scenarios), and their chart rows."""
    rng = np.random.default_rng(20041108)
    keys = [("a", None, 1000.0), ("b", "low", 0.3), ("b", "high", 0.6)]
    parts, rows = [], []
    for estimate_id, scenario, centre in keys:
        values = centre * rng.lognormal(0.0, 0.4, DRAWS)
        parts.append(pd.DataFrame({"estimate_id": estimate_id, "scenario": scenario, "value": values}))
        rows.append({"figure_id": estimate_id, "scenario": scenario, "value": centre,
                     "label": f"{estimate_id} {scenario}", "evidence_grade": "C",
                     quantile_column((1 - d.SHOWN) / 2): np.quantile(values, (1 - d.SHOWN) / 2),
                     quantile_column((1 + d.SHOWN) / 2): np.quantile(values, (1 + d.SHOWN) / 2)})
    return pd.DataFrame(rows), pd.concat(parts, ignore_index=True)


def test_each_violin_reads_a_fixed_number_of_points_with_the_shown_draws_ends(rows_and_draws):
    rows, draws = rows_and_draws
    every = d.relative_draws(rows, draws, points=None)
    fixed = d.relative_draws(rows, draws)
    assert fixed.groupby("label").size().tolist() == [d.DENSITY_POINTS] * len(rows)
    for label, group in fixed.groupby("label"):
        full = every.loc[every["label"] == label, "change"]
        assert len(full) == pytest.approx(d.SHOWN * DRAWS, abs=2)
        assert (group["change"].min(), group["change"].max()) == (full.min(), full.max())
        assert group["change"].is_monotonic_increasing
        assert (group["evidence_grade"] == "C").all()


def test_the_density_from_the_points_matches_the_density_of_every_draw(rows_and_draws):
    from scipy.stats import gaussian_kde  # here, not at import: it costs every collecting worker about a second

    rows, draws = rows_and_draws
    every = d.relative_draws(rows, draws, points=None)
    fixed = d.relative_draws(rows, draws)
    for label in rows["label"]:
        full = every.loc[every["label"] == label, "change"].to_numpy()
        points = fixed.loc[fixed["label"] == label, "change"].to_numpy()
        grid = np.linspace(full.min(), full.max(), 100)           # seaborn's grid
        exact = gaussian_kde(full)                                  # seaborn's default rule on every draw
        exact.set_bandwidth(exact.factor * 0.5)                     # and the chart's bw_adjust
        quick = gaussian_kde(points, bw_method=d.bandwidth(DRAWS))
        quick.set_bandwidth(quick.factor * 0.5)
        assert quick.factor == pytest.approx(exact.factor, rel=1e-4)
        truth = exact(grid)
        difference = np.abs(quick(grid) - truth).max() / truth.max()
        assert difference < 0.01, (label, difference)
        # without the bandwidth of every draw, the points alone would smooth the shape far more
        assert gaussian_kde(points).factor > 2 * exact.factor


def test_the_points_are_the_same_on_every_run(rows_and_draws):
    rows, draws = rows_and_draws
    first, second = d.relative_draws(rows, draws), d.relative_draws(rows, draws.sample(frac=1.0, random_state=1))
    pd.testing.assert_frame_equal(first, second)


def test_fewer_draws_than_points_are_drawn_as_they_are(rows_and_draws):
    rows, draws = rows_and_draws
    few = draws.groupby(["estimate_id", "scenario"], dropna=False).head(1_000)
    points = d.relative_draws(rows, few)
    assert len(points) == len(d.relative_draws(rows, few, points=None)) <= 3 * 1_000


def test_bandwidth_is_scotts_factor_of_the_shown_draws():
    assert d.bandwidth(100_000) == pytest.approx(99_000 ** -0.2)
    assert d.bandwidth(1_000_000, shown=1.0) == pytest.approx(0.0630957, rel=1e-6)


def test_notebook_03s_draws_are_drawn_once_for_its_cell_and_for_the_chart_it_builds(monkeypatch):
    """Notebook 03 reads ``build_draws(t)`` in a cell, then ``catalogue.build('estimate_distributions')`` on the
    same built tables (``tables()`` is one object a process): the Monte Carlo draws are made once and shared."""
    import matplotlib.pyplot as plt

    from csecstats.analysis import draws as mc
    from csecstats.charts import catalogue
    from csecstats.tables.built import tables

    made = []
    real = mc.estimate_draws
    monkeypatch.setattr(mc, "estimate_draws", lambda **kwargs: made.append(kwargs) or real(**kwargs))
    monkeypatch.setattr(d, "_DRAWN", [])  # nothing held from earlier tests
    frame = d.build_draws(tables())  # the notebook's cell
    built = catalogue.build("estimate_distributions")  # the chart, on the default tables
    plt.close(built.figure)
    assert d.build_draws(tables()) is frame
    assert len(made) == 1
