"""Rates per population: central values, intervals, coverage, bad input, common random numbers."""
import io

import numpy as np
import pandas as pd
import pytest

from csecstats import built_tables
from csecstats.analysis import rates as rates_module
from csecstats.analysis.external import project_sources
from csecstats.analysis.population import denominators, population_accounts
from csecstats.analysis.rates import numerators, rate_draws, rate_problems, rate_tables, rateable, rates
from csecstats.charts import rates as rate_chart
from csecstats.inputs import paths
from csecstats.inputs.errors import ValidationFailed
from csecstats.inputs.files import csv_bytes

DRAWS = 4_000


@pytest.fixture(scope="module")
def built():
    return built_tables()


@pytest.fixture(scope="module")
def accounts():
    return population_accounts(project_sources())  # the population accounts as the build reads them


@pytest.fixture(scope="module")
def fresh(built, accounts):
    return rate_tables(built, accounts)


@pytest.fixture(scope="module")
def table(fresh):
    return fresh["rates"]  # computed here; the next test holds the built table to it


@pytest.fixture(scope="module")
def dens(accounts):
    return denominators(accounts, also=[("Phnom Penh", 2003)])


@pytest.fixture(scope="module")
def counts(built, dens):
    return rateable(numerators(built), dens)[0]


def test_the_built_tables_are_what_the_functions_give(fresh):
    # both read back from CSV text: pandas' fast float parser may differ in the last bit from the build's memory
    for name in ("rates", "denominators"):
        computed = pd.read_csv(io.BytesIO(csv_bytes(fresh[name])))
        pd.testing.assert_frame_equal(computed, pd.read_csv(paths.PROCESSED / f"{name}.csv"), rtol=1e-12)


def test_every_rate_is_numerator_over_denominator_times_per_and_inside_its_interval(table):
    central = table[table["numerator"].notna()]
    assert np.allclose(central["rate"], central["numerator"] / central["denominator"] * central["per"], rtol=1e-12)
    assert (central["rate_low"] <= central["rate"]).all()
    bounded = central[central["rate_high"].notna()]
    assert (bounded["rate"] <= bounded["rate_high"]).all()
    assert (table["rate_low"] <= table["rate_high"].fillna(np.inf)).all()
    assert table["numerator"].isna().sum() == (table["qualifier"] == "range").sum() - \
        table[(table["qualifier"] == "range") & table["numerator"].notna()].shape[0]


def test_a_lower_bound_stays_a_lower_bound(table):
    bounds = table[table["qualifier"] == "lower_bound"]
    assert len(bounds) >= 3
    assert bounds["rate_high"].isna().all() and bounds["rate_high_fixed_denominator"].isna().all()
    assert bounds["rate_low"].notna().all()
    others = table[~table["qualifier"].isin(["lower_bound", "upper_bound"])]
    assert others["rate_high"].notna().all()


def test_every_tip_row_and_year_and_the_2003_and_2008_national_estimates_are_rated(built, table):
    tip = built["tip_enforcement"]
    dated = set(tip.loc[tip["period_start"].notna(), "tip_id"])
    assert dated <= set(table["numerator_id"])
    tip_rates = table[table["numerator_table"] == "tip_enforcement"]
    assert set(tip_rates["segment"]) == set(tip.loc[tip["period_start"].notna(), "segment"])
    years = set(tip.loc[tip["period_start"].notna(), "period_start"].dt.year)
    assert years <= set(tip_rates["year"]) | {y - 1 for y in tip_rates["year"]}
    women = table[table["rate_of"] == "sex_workers_per_1000_women"].set_index("numerator_id")
    assert {"sex_workers_cambodia_2003", "ext_sex_workers_cambodia_2008"} <= set(women.index)
    assert (women["per"] == 1000).all() and (women["population"] == "female").all()
    assert women["base"].str.contains("all women").all() and women["base"].str.contains("15-49").all()
    trafficked = table[table["rate_of"] == "trafficked_per_100000_women"]
    assert (trafficked["year"] == 2003).all() and trafficked["numerator_id"].is_unique and len(trafficked) >= 5


def test_2003_police_counts_and_releases_are_per_million_people(built, table):
    police = built["figures"]
    police = police[(police["measures"] == "detection") & police["period_start"].notna()]
    enforcement = table[table["rate_of"] == "enforcement_per_million"].set_index("numerator_id")
    assert set(police["figure_id"]) <= set(enforcement.index)
    assert set(built["external_enforcement"]["external_id"]) - set(enforcement.index) == \
        {i for i in built["external_enforcement"]["external_id"] if i.endswith("2024")}  # beyond the denominators
    assert (enforcement["per"] == 1_000_000).all() and (enforcement["population"] == "total").all()


def test_a_year_beyond_the_denominators_is_left_out_with_its_reason(built, dens):
    _, left = rateable(numerators(built), dens)
    assert set(left["numerator_id"]) == {i for i in built["external_enforcement"]["external_id"] if i.endswith("2024")}
    assert left["reason"].str.contains("outside the denominators' years 1990-2022").all()


def _bad(counts, **change):
    row = counts.iloc[[0]].copy()
    for column, value in change.items():
        row[column] = value
    return row


def test_a_rate_across_geographies_is_a_problem(counts, dens):
    row = _bad(counts, geography="Phnom Penh", denominator_geography="Cambodia")
    problems = rate_problems(row, dens)
    assert [(p.path, p.entry, p.field) for p in problems] == [
        ("data/processed/figures.csv", "suspected_cases_2003", "geography")]
    assert "across geographies" in problems[0].message


def test_a_place_and_year_without_a_population_is_a_problem_never_borrowed(counts, dens):
    problems = rate_problems(_bad(counts, geography="Phnom Penh"), dens)
    assert [(p.entry, p.field) for p in problems] == [("suspected_cases_2003", "period_start")]
    assert "no total population of Phnom Penh for 2003" in problems[0].message
    problems = rate_problems(_bad(counts, period_start="2024-01-01", period_end="2024-06-30"), dens)
    assert [p.field for p in problems] == ["period_start"] and "for 2024" in problems[0].message


def test_a_rate_across_units_is_a_problem(counts, dens):
    problems = rate_problems(_bad(counts, numerator_unit="share"), dens)
    assert [(p.entry, p.field) for p in problems] == [("suspected_cases_2003", "unit")]
    women = counts[counts["rate_of"] == "sex_workers_per_1000_women"].iloc[[0]].assign(numerator_unit="cases")
    assert [p.field for p in rate_problems(women, dens)] == ["unit"]


def test_every_problem_is_reported_at_once(counts, dens):
    bad = pd.concat([_bad(counts, numerator_unit="share"), _bad(counts, geography="Phnom Penh"),
                     _bad(counts, period_start=None, period_end=None)], ignore_index=True)
    with pytest.raises(ValidationFailed) as failed:
        rates(bad, dens, draws=100)
    assert [p.field for p in failed.value.problems] == ["unit", "period_start", "period_start"]


def test_two_rates_of_one_year_share_the_denominator_draw(counts, dens):
    drawn = rate_draws(counts, dens, draws=DRAWS)
    a, b = drawn["suspected_cases_2003"], drawn["victims_rescued_2003"]
    assert np.array_equal(a["denominator"], b["denominator"])
    assert not np.array_equal(a["denominator"], drawn["tip2022_arrests_2021"]["denominator"][:DRAWS])
    # the total and the female population of 2003 move together too: one uniform draw per year
    women = drawn["sex_workers_cambodia_2003"]["denominator"]
    assert pd.Series(women).rank().equals(pd.Series(a["denominator"]).rank())
    # so the ratio of two rates of one year carries no denominator uncertainty at all
    ratio = b["rate"] / a["rate"]
    assert np.allclose(ratio, 427 / 257)


def test_rates_are_reproducible_from_the_named_seed_and_change_with_it(counts, dens):
    one = rates(counts, dens, draws=DRAWS)
    assert one.equals(rates(counts, dens, draws=DRAWS))
    other = rates(counts, dens, draws=DRAWS, seed=1)
    assert not np.allclose(one["rate_low"], other["rate_low"])
    assert np.allclose(one["rate"], other["rate"], equal_nan=True)


def test_a_numerator_has_its_own_stream_so_adding_one_changes_no_other_rate(counts, dens):
    fewer = counts[counts["numerator_id"] != "ext_direct_sex_workers_cambodia_2000"]
    all_rates = rates(counts, dens, draws=DRAWS).set_index("numerator_id")
    some = rates(fewer, dens, draws=DRAWS).set_index("numerator_id")
    pd.testing.assert_frame_equal(all_rates.loc[some.index], some)


def test_holding_the_denominator_shows_what_the_numerator_alone_contributes(table):
    exact = table[table["qualifier"] == "exact"]
    assert (exact["rate_low_fixed_denominator"] == exact["rate"]).all()
    assert (exact["rate_high_fixed_denominator"] == exact["rate"]).all()
    assert (exact["rate_high"] > exact["rate_low"]).all()  # all of an exact count's interval is the population's
    estimated = table[table["qualifier"] == "estimate"]
    both = estimated["rate_high"] - estimated["rate_low"]
    alone = estimated["rate_high_fixed_denominator"] - estimated["rate_low_fixed_denominator"]
    assert (alone <= both * 1.01 + 1e-9).all()  # fixing the population never widens an interval (beyond draw noise)
    assert (both > 0).all()
    # a reading with no uncertain input of its own (a printed share applied to a printed count) owes all of its
    # interval to the population; a Monte Carlo estimate owes most of its interval to its own inputs
    assert ((alone == 0) | (alone > 0.5 * both)).all() and (alone == 0).any() and (alone > 0.5 * both).any()


def test_extrapolated_denominators_are_flagged_in_the_table_and_the_chart(built, table):
    assert set(table["denominator_kind"]) == {"census", "interpolated", "extrapolated"}
    points = rate_chart.rate_points(built)
    flagged = points[points["denominator_kind"] == "extrapolated"]
    assert len(flagged) and flagged["caveat"].str.contains(rate_chart.EXTRAPOLATED, regex=False).all()
    assert not points.loc[points["denominator_kind"] != "extrapolated", "caveat"].str.contains(
        rate_chart.EXTRAPOLATED, regex=False).any()


def test_a_label_prints_the_count_or_the_range_printed_never_a_placeholder(built):
    """A rate of a count printed as a range with no central value ('7,000 to 8,000 direct sex workers') is labelled
    with that range, as the sex-worker chart labels it, never 'as printed'; every other label starts with its count."""
    points = rate_chart.rate_points(built)
    labelled = points[points["note"].notna()]
    ranged = labelled[labelled["numerator"].isna()]
    assert len(ranged) >= 3  # the health ministry's two brothel-based ranges, the report's 20% as printed
    for row in ranged.itertuples():
        low, high = built["rates"].set_index("numerator_id").loc[row.figure_id, ["numerator_low", "numerator_high"]]
        assert row.note.startswith(f"{low:,.0f}-{high:,.0f}"), row.note
    assert not labelled["note"].str.contains("as printed").any()
    counted = labelled[labelled["numerator"].notna()]
    assert all(n.startswith(f"{v:,.0f}") for n, v in zip(counted["note"], counted["numerator"]))
    assert "7,000-8,000 brothel-based" in set(labelled["note"])


def test_the_chart_never_joins_points():
    import chart_drawings  # every chart drawn once per run, at both sizes (this module shares their unit of work)
    for size in chart_drawings.SIZES:
        chart = chart_drawings.drawn()["rates", size]
        for ax in chart.figure.axes:
            assert all(len(line.get_xdata()) <= 2 for line in ax.get_lines())
            assert all(len(set(line.get_xdata())) == 1 for line in ax.get_lines() if len(line.get_xdata()) == 2)
        assert "Denominator: Cambodia's population from the census accounts" in chart.subtitle


def test_measures_are_declared_once():
    assert set(rates_module.MEASURES) == {"enforcement_per_million", "sex_workers_per_1000_women",
                                          "trafficked_per_100000_women"}


def test_interval_parts_split_each_width_between_numerator_and_population(built):
    from csecstats.charts.rates import interval_parts, interval_summary
    parts = interval_parts(built["rates"])
    shares = parts["from_population"].dropna()
    assert len(shares) and shares.between(0, 1).all()
    exact = parts[(parts["qualifier"] == "exact") & parts["both"].notna()]
    assert (exact["from_population"] == 1).all()  # an exact count's interval is all the population's
    summary = interval_summary(parts)
    assert summary["rates"].sum() == parts["both"].notna().sum()
    assert summary.loc["exact", "share_from_population"] == 1


@pytest.mark.parametrize("size", [1, 2, 7, 4_000, 100_000])
@pytest.mark.parametrize("level", [0.95, 0.5, 0.99])
def test_the_selected_quantiles_are_numpys_to_the_bit(size, level):
    values = np.random.default_rng([size, int(level * 100)]).lognormal(10, 2, size)
    expected = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    picked = rates_module.selected(values, rates_module.ends(size, level))
    assert np.sort(values)[rates_module.ends(size, level)].tolist() == picked[rates_module.ends(size, level)].tolist()
    found = rates_module._quantiles(picked.__getitem__, size, level)
    assert found.tolist() == expected.tolist()  # the same bits, not merely close


def test_a_one_value_counts_interval_from_selected_draws_is_the_draw_by_draw_interval(counts, dens):
    # the shortcut (a few order statistics of the year's uniform draw) against every draw, for every count
    table = rates(counts, dens, draws=DRAWS)
    drawn = rate_draws(counts, dens, draws=DRAWS)
    for row in table.itertuples():
        rated = drawn[str(row.numerator_id)]["rate"]
        low, high = np.quantile(rated, [0.025, 0.975])
        assert (row.rate_low, row.rate_high) == pytest.approx(
            (np.nan if row.qualifier == "upper_bound" else low, np.nan if row.qualifier == "lower_bound" else high),
            rel=0, abs=0, nan_ok=True), row.numerator_id
    assert (counts["qualifier"] == "exact").sum() > 10  # the shortcut is taken, many times


def test_the_shortcut_declines_a_population_it_may_not_order(dens):
    u = np.random.default_rng(3).random(DRAWS)
    positions = rates_module.ends(DRAWS, 0.95)
    picked = rates_module.selected(u, positions)
    good = {"low": 9.0, "value": 10.0, "high": 12.0}
    assert rates_module.population_at(good, picked, positions).tolist() == np.sort(
        rates_module.split_uniform(u, 9.0, 10.0, 12.0))[positions].tolist()
    for low, value, high in [(0.0, 10.0, 12.0), (11.0, 10.0, 12.0), (9.0, 13.0, 12.0), (9.0, 10.0, np.inf),
                             (np.nan, 10.0, 12.0)]:
        assert rates_module.population_at({"low": low, "value": value, "high": high}, picked, positions) is None


@pytest.mark.parametrize("size", [2, 7, 100, 4_000, 100_000])
def test_uniform_order_statistics_from_the_draws_near_them_are_the_sorted_ones(size):
    for seed in range(20):
        u = np.random.default_rng([seed, size]).random(size)
        for level in (0.95, 0.5, 0.99):
            positions = rates_module.ends(size, level)
            positions = np.unique(np.concatenate([positions, size - 1 - positions]))
            assert rates_module.uniform_at(u, positions).tolist() == np.sort(u)[positions].tolist()
    crowded = np.full(1_000, 0.5)  # nothing below the lower bound: every draw is selected from instead
    assert rates_module.uniform_at(crowded, np.array([10, 989])).tolist() == [0.5, 0.5]
