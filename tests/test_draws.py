"""Monte Carlo draws as data: the build's own draws, tidy and compact, and the distribution chart made from them."""
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from csecstats.analysis import draws as D
from csecstats.analysis import declarations
from csecstats.analysis import estimates as E
from csecstats.inputs import paths
from csecstats.charts import distributions
from csecstats.tables.built import tables as built_tables

import chart_drawings
import real_inputs

CHART = "estimate_distributions"


@pytest.fixture(scope="module")
def context():
    return real_inputs.context()  # the project's, read once per test process


@pytest.fixture(scope="module")
def built_table():
    """estimates.csv as the build wrote it (the test suite checks elsewhere that it equals a rebuild)."""
    return pd.read_csv(paths.PROCESSED / "estimates.csv")


@pytest.fixture(scope="module")
def frame(context, built_table):
    """Every Monte Carlo estimate's draws at the build's count and seed."""
    count = int(built_table.loc[built_table["method"] == "monte_carlo", "draws"].iloc[0])
    return D.estimate_draws(draws=count, context=context)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _rows(frame, estimate_id, scenario):
    mask = frame["estimate_id"] == estimate_id
    return frame[mask & (frame["scenario"].isna() if pd.isna(scenario) else frame["scenario"] == scenario)]


def test_columns_are_keys_then_every_declared_assumption(frame, context):
    declared = [e for e in declarations.declared_estimates(context=context) if e.spec["method"] == "monte_carlo"]
    names = list(dict.fromkeys(a.name for e in declared for a in e.assumptions))
    assert list(frame.columns) == D.KEYS + names
    for est in declared:
        rows = _rows(frame, est.spec["id"], est.scenario)
        own = [a.name for a in est.assumptions]
        assert rows[own].notna().all().all(), est.key
        assert rows[[n for n in names if n not in own]].isna().all().all(), est.key


def test_every_monte_carlo_estimate_is_there_once_per_scenario_and_nothing_else(frame, built_table):
    mc = built_table[built_table["method"] == "monte_carlo"]
    pairs = {(e, s if isinstance(s, str) else None) for e, s in zip(mc["estimate_id"], mc["scenario"])}
    drawn = frame.groupby(["estimate_id", "scenario"], observed=True, dropna=False).size()
    assert {(e, None if pd.isna(s) else s) for e, s in drawn.index} == pairs
    assert (drawn == mc["draws"].iloc[0]).all()


def test_quantiles_of_the_draws_reproduce_the_built_interval_for_every_monte_carlo_estimate(frame, built_table,
                                                                                           context):
    rebuilt = E.load_estimates(draws=int(built_table["draws"].max()), context=context)
    mc = built_table[built_table["method"] == "monte_carlo"]
    assert len(mc) >= 1
    for i, row in mc.iterrows():
        values = _rows(frame, row["estimate_id"], row["scenario"])["value"].to_numpy()
        ends = E.quantile_interval(values, row["level"])
        assert ends == (rebuilt.at[i, "low"], rebuilt.at[i, "high"]), row["estimate_id"]  # the build's own rule: exact
        assert ends == pytest.approx((row["low"], row["high"]), rel=1e-13)  # estimates.csv: as written
        tail = (1 - row["level"]) / 2
        assert np.quantile(values, [tail, 1 - tail]) == pytest.approx(ends, rel=1e-12)


def test_each_row_is_the_formula_on_its_own_assumption_values(frame, context):
    for est in declarations.declared_estimates(context=context):
        if est.spec["method"] != "monte_carlo":
            continue
        rows = _rows(frame, est.spec["id"], est.scenario)
        env = {**est.inputs, **{a.name: rows[a.name].to_numpy() for a in est.assumptions}}
        assert np.array_equal(np.broadcast_to(est.formula(env), (len(rows),)), rows["value"].to_numpy()), est.key


def test_seeded_like_the_build_same_seed_same_draws_other_seed_other_draws(context):
    scenario = "over_14000_up_to_1992_level"
    a = D.estimate_draws("under_age_sex_workers_phnom_penh_1997", scenario=scenario, draws=2_000, context=context)
    b = D.estimate_draws("under_age_sex_workers_phnom_penh_1997", scenario=scenario, draws=2_000, context=context)
    c = D.estimate_draws("under_age_sex_workers_phnom_penh_1997", scenario=scenario, draws=2_000, seed=1,
                         context=context)
    assert a.equals(b)
    assert not np.array_equal(a["value"], c["value"])
    est = next(e for e in declarations.declared_estimates(context=context) if e.key == f"under_age_sex_workers_phnom_penh_1997/{scenario}")
    assert np.array_equal(a["value"], E.simulate(est, 2_000))


def test_one_estimate_alone_has_the_same_draws_as_among_all(frame, context):
    alone = D.estimate_draws("khmer_sex_workers_cambodia_2003", draws=int(frame["draw"].max()) + 1, context=context)
    among = _rows(frame, "khmer_sex_workers_cambodia_2003", "national_total_reconciled")
    assert np.array_equal(alone.loc[alone["scenario"] == "national_total_reconciled", "value"], among["value"])
    assert list(alone.columns) == D.KEYS + ["share_khmer", "national_total"]


def test_scenarios_are_kept_apart_and_can_be_chosen(context):
    both = D.estimate_draws("forced_or_tricked_sex_workers", draws=1_000, context=context)
    assert list(both["scenario"].cat.categories) == ["base_phnom_penh_1997", "base_cambodia_2003"]
    one = D.estimate_draws("forced_or_tricked_sex_workers", scenario="base_cambodia_2003", draws=1_000,
                           context=context)
    assert set(one["scenario"]) == {"base_cambodia_2003"}
    assert np.array_equal(one["value"], both.loc[both["scenario"] == "base_cambodia_2003", "value"])
    # The Cambodia base is a fixed figure, so only the share varies; the Phnom Penh base is drawn too.
    assert "sex_workers_phnom_penh_1997" not in one.columns
    assert both.loc[both["scenario"] == "base_phnom_penh_1997", "sex_workers_phnom_penh_1997"].nunique() > 1


@pytest.mark.parametrize("estimate_id, scenario", [("no_such_estimate", None),
                                                   ("confirmed_share_of_suspected_cases_2003", None),
                                                   ("forced_or_tricked_sex_workers", "no_such_base")])
def test_unknown_or_not_monte_carlo_is_refused_naming_what_exists(context, estimate_id, scenario):
    with pytest.raises(ValueError, match="Monte Carlo estimates: .*under_age_sex_workers_phnom_penh_1997"):
        D.estimate_draws(estimate_id, scenario=scenario, draws=10, context=context)


def test_memory_float64_values_int32_draw_categorical_ids(context):
    one = D.estimate_draws("under_age_sex_workers_phnom_penh_1997", scenario="over_14000_up_to_1992_level",
                           draws=10_000, context=context)
    assert isinstance(one["estimate_id"].dtype, pd.CategoricalDtype) and isinstance(one["scenario"].dtype,
                                                                                    pd.CategoricalDtype)
    assert one["draw"].dtype == np.int32 and one["draw"].tolist() == list(range(10_000))
    assert (one.dtypes[["value", "sex_workers_phnom_penh_1997", "share_aged_12_17"]] == np.float64).all()
    per_draw = one.memory_usage(deep=True, index=False).sum() / len(one)
    assert per_draw <= 1 + 1 + 4 + 8 * 3 + 0.1  # two 1-byte codes, int32, three float64


def test_quantile_table_at_the_build_level_is_the_interval_and_brackets_the_median(frame, built_table):
    mc = built_table[built_table["method"] == "monte_carlo"]
    table = D.draw_quantiles(frame, mc)
    assert table[["q2.5", "q97.5"]].to_numpy() == pytest.approx(mc[["low", "high"]].to_numpy(), rel=1e-13)
    columns = [c for c in table.columns if c.startswith("q")]
    assert columns == ["q0.5", "q2.5", "q5", "q10", "q25", "q50", "q75", "q90", "q95", "q97.5", "q99.5"]
    assert (np.diff(table[columns].to_numpy(), axis=1) >= 0).all()
    for _, row in table.iterrows():
        values = _rows(frame, row["estimate_id"], row["scenario"])["value"].to_numpy()
        assert row["central_percentile"] == pytest.approx(100 * (values < row["value"]).mean(), abs=1e-3)


def test_influence_puts_a_sole_assumption_at_one_and_orders_by_strength(frame):
    table = D.influence(frame)
    sole = table[table["estimate_id"] == "share_trafficked_cambodia_2003_study"]
    assert sole["assumption"].tolist() == ["trafficked_national"] and sole["explained"].iloc[0] == pytest.approx(1.0)
    for _, group in table.groupby(["estimate_id", "scenario"], dropna=False):
        assert group["explained"].is_monotonic_decreasing
    assert table["rank_correlation"].between(-1, 1).all()



def _influence_by_pandas(frame):
    """The obvious computation: each group's rows copied, each assumption ranked by pandas, Spearman by corrcoef."""
    rows = []
    for (estimate_id, scenario), group in frame.groupby(["estimate_id", "scenario"], sort=False, observed=True,
                                                        dropna=False):
        for name in [c for c in frame.columns if c not in D.KEYS]:
            column = group[name]
            if column.isna().all() or column.nunique() < 2:
                continue
            rho = float(np.corrcoef(column.rank().to_numpy(), group["value"].rank().to_numpy())[0, 1])
            rows.append((estimate_id, None if pd.isna(scenario) else scenario, name, rho))
    return sorted(rows, key=lambda r: (r[0], r[1] or "", r[2]))


@pytest.mark.parametrize("layout", ["as_drawn", "shuffled", "plain_text_ids"])
def test_influence_and_quantiles_equal_the_obvious_pandas_computation_in_any_row_order(frame, built_table, layout):
    rows = frame.sample(n=60_000, random_state=7).sort_index() if layout == "as_drawn" else \
        frame.sample(n=60_000, random_state=7)
    if layout == "plain_text_ids":
        rows = rows.astype({"estimate_id": object, "scenario": object})
    rows = rows.assign(share_khmer=rows["share_khmer"].round(2))  # ties: average ranks, as pandas gives them
    got = D.influence(rows)
    assert sorted(zip(got["estimate_id"], got["scenario"], got["assumption"], got["rank_correlation"]),
                  key=lambda r: (r[0], r[1] or "", r[2])) == _influence_by_pandas(rows)
    mc = built_table[built_table["method"] == "monte_carlo"]
    table = D.draw_quantiles(rows, mc)
    for _, row in table.iterrows():
        values = _rows(rows, row["estimate_id"], row["scenario"])["value"].to_numpy()
        assert (row["q2.5"], row["q97.5"]) == E.quantile_interval(values, 0.95)
        assert row["draws"] == values.size


def test_ranks_are_pandas_average_ranks_with_ties_and_missing_values():
    values = np.array([3.0, 1.0, np.nan, 2.0, 1.0, 5.0])
    assert np.array_equal(D.ranks(values), pd.Series(values).rank().to_numpy(), equal_nan=True)
    distinct = np.random.default_rng(1).normal(size=1_000)
    assert np.array_equal(D.ranks(distinct), pd.Series(distinct).rank().to_numpy())


# ---------------------------------------------------------------- the distribution chart

def test_distribution_chart_is_exported_in_the_manifest_with_every_file():
    manifest = json.loads((paths.FIGURES / "manifest.json").read_text())
    entry = next(c for c in manifest["charts"] if c["chart_id"] == CHART)
    for name in entry["files"].values():
        assert (paths.FIGURES / name).is_file(), name
    assert set(entry["estimate_ids"]) == set(pd.read_csv(paths.FIGURES / f"{CHART}.csv")["figure_id"])
    assert CHART in (paths.ROOT / "reports" / "index.html").read_text()


def test_distribution_csv_holds_the_quantiles_of_the_draws_not_the_draws(frame, built_table):
    data = pd.read_csv(paths.FIGURES / f"{CHART}.csv")
    monte_carlo = built_table[built_table["method"] == "monte_carlo"]
    assert len(data) == len(monte_carlo) < 100
    expected = D.draw_quantiles(frame, monte_carlo)
    for column in [c for c in expected.columns if c.startswith("q")] + ["central_percentile"]:
        assert data[column].to_numpy() == pytest.approx(expected[column].to_numpy(), rel=1e-13), column
    assert (data["central_percentile"].between(0, 100)).all()


def test_distribution_chart_draws_one_violin_per_estimate_with_seaborn():
    built = chart_drawings.drawn()[CHART, "report"]  # drawn once per run (test_charts.py: and rc left alone)
    ax = built.figure.axes[0]
    violins = [c for c in ax.collections if len(c.get_paths()) == 1 and len(c.get_paths()[0].vertices) > 20]
    assert len(violins) == len(built.data)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    for label, row in zip(labels, built.data.itertuples()):
        flat = " ".join(label.split())
        assert flat.startswith(" ".join(row.label.split())) and distributions.amount(row.value, row.unit) in flat


def test_distribution_alt_text_names_every_estimate_and_where_its_central_value_falls():
    built = chart_drawings.drawn()[CHART, "report"]
    for row in built.data.itertuples():
        assert " ".join(row.label.split()) in built.alt_text
        assert f"{distributions.ordinal(round(row.central_percentile))} percentile" in built.alt_text


def test_stale_estimates_table_is_refused():
    t = dict(built_tables())
    est = t["estimates"].copy()
    est.loc[est["method"] == "monte_carlo", "low"] *= 0.99
    t["estimates"] = est
    with pytest.raises(ValueError, match="make data"):
        distributions.distribution_rows(t)


@pytest.mark.parametrize("n, text", [(1, "1st"), (2, "2nd"), (3, "3rd"), (7, "7th"), (11, "11th"), (12, "12th"),
                                     (13, "13th"), (22, "22nd"), (50, "50th"), (101, "101st")])
def test_ordinal(n, text):
    assert distributions.ordinal(n) == text


def test_beside_sensitivity_ranks_each_assumption_both_ways(frame, context):
    table = D.beside_sensitivity(D.influence(frame), E.sensitivity(context=context))
    assert table["swing"].notna().all(), "every drawn assumption has a one-at-a-time swing"
    for _, group in table.groupby(["estimate_id", "scenario"], dropna=False):
        assert sorted(group["rank_in_draws"]) == list(range(1, len(group) + 1))
        top = group.loc[group["swing"].idxmax()]
        assert top["rank_by_swing"] == 1


def test_distribution_marks_keep_the_plot_contract(frame):
    rows = _rows(frame, "under_age_sex_workers_phnom_penh_1997", "over_14000_up_to_1992_level")
    fig, ax = plt.subplots()
    assert distributions.joint(rows, x="share_aged_12_17", y="value", ax=ax) is ax
    fig, ax = plt.subplots()
    tidy = rows.assign(label="a", grade="C")
    assert distributions.violins(tidy, value="value", label="label", order=["a"], hue="grade",
                                 palette={"C": "#E69F00"}, ax=ax) is ax
    marks = pd.DataFrame({"value": [1.0], "low": [0.5], "high": [2.0]})
    assert distributions.central_marks(marks, value="value", low="low", high="high", ax=ax) is ax
    with pytest.raises(TypeError):
        distributions.joint(rows, "share_aged_12_17", "value")  # keyword-only


def test_reading_is_the_plain_reading_where_the_table_gives_one_else_the_central_value():
    frame = pd.DataFrame({"estimate_id": pd.Categorical(["a"] * 4 + ["b"] * 4), "scenario": pd.Categorical([None] * 8),
                          "draw": np.tile(np.arange(4, dtype=np.int32), 2), "value": [1.0, 2, 3, 4, 10, 20, 30, 40]})
    table = pd.DataFrame({"estimate_id": ["a", "b"], "scenario": [None, None], "value": [2.5, 25.0],
                          "plain_reading": [1.0, float("nan")], "unit": ["persons", "persons"]})
    out = D.draw_quantiles(frame, table).set_index("estimate_id")
    assert (out.at["a", "reading"], out.at["a", "reading_percentile"]) == (1.0, 12.5)  # 1 tie of 4 counts half
    assert (out.at["b", "reading"], out.at["b", "reading_percentile"]) == (25.0, 50.0)
    assert out["central_percentile"].tolist() == [50.0, 50.0] and out["unit"].tolist() == ["persons", "persons"]
    without = D.draw_quantiles(frame, table.drop(columns="plain_reading"))
    assert without["reading"].tolist() == without["value"].tolist()


def test_an_assumption_shared_by_several_estimates_has_the_same_draw_i_in_each(frame, context):
    """Common random numbers: every assumption declared alike in several estimates or scenarios is drawn once."""
    by_identity = {}
    for est in D.monte_carlo(declarations.declared_estimates(context=context)):
        for a in est.assumptions:
            by_identity.setdefault(a.identity, []).append((est.spec["id"], est.scenario, a.name))
    shared = {k: v for k, v in by_identity.items() if len(v) > 1}
    assert {v[0][2] for v in shared.values()} >= {"national_total", "trafficked_national",
                                                 "sex_workers_phnom_penh_1997"}
    for users in shared.values():
        first = _rows(frame, users[0][0], users[0][1])[users[0][2]].to_numpy()
        for estimate_id, scenario, name in users[1:]:
            assert np.array_equal(_rows(frame, estimate_id, scenario)[name].to_numpy(), first), (estimate_id, scenario)


def test_the_sum_of_two_estimates_draws_has_the_interval_of_the_sum(frame):
    """Khmer plus Vietnamese sex workers under one uncertain national total: the sum of the two estimates' draws
    has the interval of total x (share + share) drawn independently here, not the narrower one of two totals."""
    khmer = _rows(frame, "khmer_sex_workers_cambodia_2003", "national_total_reconciled")
    vietnamese = _rows(frame, "vietnamese_sex_workers_cambodia_2003", "national_total_reconciled")
    summed = khmer["value"].to_numpy() + vietnamese["value"].to_numpy()
    low, high = E.quantile_interval(summed, 0.95)
    rng = np.random.default_rng(7)
    n = 400_000
    total = rng.triangular(9_500, 18_256, 27_925, n)
    expected = np.quantile(total * (rng.uniform(0.655, 0.665, n) + rng.uniform(0.325, 0.335, n)), [0.025, 0.975])
    assert (low, high) == pytest.approx(tuple(expected), rel=0.01)
    independent = np.quantile(rng.triangular(9_500, 18_256, 27_925, n) * 0.66 + total * 0.33, [0.025, 0.975])
    assert (high - low) > 1.1 * (independent[1] - independent[0])


def test_draws_resolved_against_the_built_tables_are_the_builds(frame, context):
    built = D.built_context(built_tables())
    assert D.estimate_draws(draws=int(frame["draw"].max()) + 1, context=built).equals(frame)
    assert E.estimates_table(built).equals(E.estimates_table(context))


def test_the_distribution_chart_draws_on_the_figures_of_the_tables_it_is_given():
    t = dict(built_tables())
    figures = t["figures"].copy()
    shares = figures["unit"] == "share"  # the readings every Monte Carlo estimate turns into persons
    figures.loc[shares, ["value", "low", "high"]] *= 0.9
    t["figures"] = figures
    with pytest.raises(ValueError, match="do not reproduce"):
        distributions.distribution_rows(t)
    assert len(distributions.distribution_rows(built_tables())) == (built_tables()["estimates"]["method"]
                                                                     == "monte_carlo").sum()
