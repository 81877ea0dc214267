"""Population denominators: census points with the accounts' spread, interpolation, extrapolation, no borrowing."""
import math
import shutil

import numpy as np
import pandas as pd
import pytest

from csecstats.analysis import population
from csecstats.analysis.population import denominators, population_rows, printed_readings
from csecstats.inputs import paths
from csecstats.inputs.errors import Problem, ValidationFailed

YEARS = range(1990, 2023)


@pytest.fixture(scope="module")
def rows():
    return population_rows()


@pytest.fixture(scope="module")
def table(rows):
    return denominators(rows, also=[("Phnom Penh", 1992), ("Phnom Penh", 2003)])


def _one(table, geography, population, year):
    found = table[(table["geography"] == geography) & (table["population"] == population) & (table["year"] == year)]
    assert len(found) == 1
    return found.iloc[0]


def test_the_accounts_are_read_with_their_printed_rounding(rows):
    assert len(rows) == 19 and rows["population_id"].is_unique
    by_id = rows.set_index("population_id")
    assert (by_id.loc["cambodia_total_2008_census_final", ["low", "high"]] == [13_350_000, 13_450_000]).all()
    assert (by_id.loc["cambodia_aged_0_14_2019_census_final", ["low", "high"]] == [4_565_000, 4_575_000]).all()
    assert (by_id.loc["cambodia_total_2004_survey", ["low", "high"]] == [12_823_500, 12_824_500]).all()
    assert by_id.loc["cambodia_total_2019_census_final", "low"] == by_id.loc["cambodia_total_2019_census_final", "high"]
    assert printed_readings("from 11.4 in 1998 to 13.4 million in 2008") == [(11_400_000, 50_000), (13_400_000, 50_000)]


def _copy(tmp_path, change):
    path = tmp_path / population.FILE_NAME
    shutil.copyfile(paths.EXTERNAL / population.FILE_NAME, path)
    text = path.read_text(encoding="utf-8")
    old, new = change
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_account_contradicting_its_quote_is_a_problem_naming_file_entry_and_field(tmp_path):
    path = _copy(tmp_path, ("2019-03-03,Cambodia,total,15552221", "2019-03-03,Cambodia,total,15552212"))
    with pytest.raises(ValidationFailed) as failed:
        population_rows(path, verify_fingerprint=False)
    assert failed.value.problems == [Problem(str(path), "row 14 (Cambodia total 2019-03-03)", "value",
                                             "15,552,212 contradicts its quote, which prints 15,552,221, 7,571,837, "
                                             "7,980,374")]


def test_a_rounded_value_called_exact_is_a_problem(tmp_path):
    path = _copy(tmp_path, ("13400000,approximate", "13400000,exact"))
    problems = population.population_problems(path, verify_fingerprint=False)
    assert [(p.entry, p.field) for p in problems] == [("row 8 (Cambodia total 2008-03-03)", "qualifier")]


def test_a_changed_copy_is_refused_by_its_fingerprint(tmp_path):
    path = _copy(tmp_path, ("As above.", "As above!"))
    shutil.copyfile(paths.EXTERNAL / "SHA256SUMS", tmp_path / "SHA256SUMS")
    assert [p.field for p in population.population_problems(path)] == ["sha256"]


def test_every_year_has_a_total_and_a_female_population_marked_by_kind(table, rows):
    cambodia = table[table["geography"] == "Cambodia"]
    assert sorted(cambodia["year"].unique()) == list(YEARS)
    assert (cambodia.groupby("year")["population"].apply(sorted) == pd.Series([["female", "total"]] * 33,
                                                                             index=list(YEARS))).all()
    censuses = sorted(rows.loc[(rows["kind"] == "census") & (rows["population"] == "total")
                               & (rows["geography"] == "Cambodia"), "year"].unique())
    totals = cambodia[cambodia["population"] == "total"].set_index("year")["kind"]
    expected = ["census" if y in censuses else "interpolated" if censuses[0] < y < censuses[-1] else "extrapolated"
                for y in YEARS]
    assert list(totals) == expected
    assert (cambodia["low"] <= cambodia["value"]).all() and (cambodia["value"] <= cambodia["high"]).all()


def test_a_census_interval_holds_every_account_of_it_and_its_centre_is_an_account(table, rows):
    censuses = rows[(rows["kind"] == "census") & (rows["geography"] == "Cambodia") & (rows["population"] == "total")]
    for year, accounts in censuses.groupby("year"):
        row = _one(table, "Cambodia", "total", year)
        assert row["low"] <= accounts["low"].min() and row["high"] >= accounts["high"].max()
        assert row["value"] in set(accounts["value"])
        assert math.isclose(row["value"] - row["low"], row["high"] - row["value"])  # symmetric: no side favoured
    assert _one(table, "Cambodia", "total", 2008)["value"] == 13_388_910  # the exact count the rounded final agrees with


def test_between_censuses_the_growth_is_log_linear(table):
    totals = table[(table["geography"] == "Cambodia") & (table["population"] == "total")].set_index("year")
    census = sorted(totals.index[totals["kind"] == "census"])
    for a, b in zip(census, census[1:]):
        for year in range(a + 1, b):
            t = (year - a) / (b - a)
            expected = (1 - t) * math.log(totals.at[a, "value"]) + t * math.log(totals.at[b, "value"])
            assert math.isclose(math.log(totals.at[year, "value"]), expected, rel_tol=1e-12)


def test_outside_the_censuses_the_interval_widens_with_distance(table):
    totals = table[(table["geography"] == "Cambodia") & (table["population"] == "total")].set_index("year")
    relative = (totals["high"] - totals["low"]) / totals["value"]
    before = [relative[y] for y in range(1998, 1989, -1)]
    after = [relative[y] for y in range(2019, 2023)]
    assert before == sorted(before) and len(set(before)) == len(before)
    assert after == sorted(after) and len(set(after)) == len(after)
    assert totals.loc[1990, "years_from_census"] == 8 and totals.loc[2022, "years_from_census"] == 3
    assert "extrapolated" in totals.loc[1990, "method"] and "no growth rate" in totals.loc[1990, "method"]


def test_accounts_that_are_not_a_census_are_listed_never_used(table, rows):
    without = denominators(rows[rows["kind"] == "census"])
    with_all = table[table["geography"] == "Cambodia"].reset_index(drop=True)
    totals = lambda t: t[(t["geography"] == "Cambodia") & (t["population"] == "total")]["value"].to_numpy()  # noqa: E731
    assert np.array_equal(totals(without), totals(with_all))
    assert "14,400,000" in _one(table, "Cambodia", "total", 2008)["other_accounts"]
    assert "above this interval" in _one(table, "Cambodia", "total", 2008)["other_accounts"]
    assert "12,824,000" in _one(table, "Cambodia", "total", 2004)["other_accounts"]


def test_women_are_a_share_of_the_total_within_the_printed_shares(table, rows):
    women = table[(table["geography"] == "Cambodia") & (table["population"] == "female")].set_index("year")
    totals = table[(table["geography"] == "Cambodia") & (table["population"] == "total")].set_index("year")
    share = women["value"] / totals["value"]
    printed = population.female_shares(rows)
    assert share.between(min(printed.values()) - 1e-12, max(printed.values()) + 1e-12).all()
    assert women.loc[2008, "value"] == 6_893_398 and women.loc[2019, "value"] == 7_980_374
    assert (women["low"] <= women["value"]).all() and (women["value"] <= women["high"]).all()
    assert set(women.loc[range(1990, 2008), "kind"]) == {"extrapolated"}  # no census counts women before 2008


def test_phnom_penh_has_a_population_only_where_a_census_gives_one(table):
    capital = table[table["geography"] == "Phnom Penh"].set_index("year")
    assert sorted(capital.index) == [1992, 2003, 2019]
    assert capital.loc[2019, "kind"] == "census" and capital.loc[2019, "low"] == 2_129_371
    for year in (1992, 2003):
        assert capital.loc[year, "kind"] == "none" and pd.isna(capital.loc[year, "value"])
        assert "no other year's or boundary's population is borrowed" in capital.loc[year, "method"]


def test_the_csv_columns_alone_give_the_same_denominators(rows, table):
    """Any loader giving the CSV's columns can replace ``population_rows``: the rest is read from them."""
    plain = pd.read_csv(paths.EXTERNAL / population.FILE_NAME, dtype=str, keep_default_na=False)
    plain["value"] = plain["value"].astype(int)
    again = denominators(plain, also=[("Phnom Penh", 1992), ("Phnom Penh", 2003)])
    pd.testing.assert_frame_equal(again, table)
