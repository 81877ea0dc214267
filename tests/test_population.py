"""Population denominators: census points with the accounts' spread, interpolation, extrapolation, no borrowing.

The accounts are read as the build reads them: the declared-source reader (``analysis.external``) and then
``population_accounts``, which checks each value against its quote and each census status against its date."""
import hashlib
import math
import shutil

import numpy as np
import pandas as pd
import pytest

from csecstats.analysis import population
from csecstats.analysis.external import project_sources
from csecstats.analysis.population import denominators, population_accounts, printed_readings
from csecstats.inputs import paths
from csecstats.inputs.errors import Problem, ValidationFailed

YEARS = range(1990, 2023)
DATA = "cambodia-population.csv"


@pytest.fixture(scope="module")
def rows():
    return population_accounts(project_sources())


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
    assert (by_id.loc["pop_total_cambodia_2008-03-03_2", ["low", "high"]] == [13_350_000, 13_450_000]).all()
    assert by_id.loc["pop_total_cambodia_2008-03-03_2", "stage"] == "final"
    assert (by_id.loc["pop_aged_0-14_cambodia_2019-03-03", ["low", "high"]] == [4_565_000, 4_575_000]).all()
    assert (by_id.loc["pop_total_cambodia_2004", ["low", "high"]] == [12_823_500, 12_824_500]).all()
    assert by_id.loc["pop_total_cambodia_2004", "kind"] == "survey"
    assert by_id.loc["pop_total_cambodia_2019-03-03_2", "low"] == by_id.loc["pop_total_cambodia_2019-03-03_2", "high"]
    assert printed_readings("from 11.4 in 1998 to 13.4 million in 2008") == [(11_400_000, 50_000), (13_400_000, 50_000)]


def _edited(tmp_path, old, new, *, sums=True):
    """A copy of data/external with one edit to the population accounts; its SHA256SUMS line rewritten to match
    unless ``sums`` is False (a curator who edits a copy and records it still meets the domain checks)."""
    external = tmp_path / "external"
    shutil.copytree(paths.EXTERNAL, external)
    path = external / DATA
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if sums:
        lines = (external / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        fixed = [f"{digest}  {DATA}" if line.endswith(DATA) else line for line in lines]
        assert fixed != lines
        (external / "SHA256SUMS").write_text("\n".join(fixed) + "\n", encoding="utf-8")
    return external, path


def _problems(external) -> list[Problem]:
    with pytest.raises(ValidationFailed) as failed:
        population_accounts(project_sources(external))
    return failed.value.problems


def test_an_account_contradicting_its_quote_is_a_problem_naming_file_entry_and_field(tmp_path, unpinned):
    external, path = _edited(tmp_path, "2019-03-03,Cambodia,total,15552221", "2019-03-03,Cambodia,total,15552212")
    assert _problems(external) == [Problem(str(path), "pop_total_cambodia_2019-03-03_2", "value",
                                           "15,552,212 contradicts its quote, which prints 15,552,221, 7,571,837, "
                                           "7,980,374")]


def test_a_rounded_value_called_exact_is_a_problem(tmp_path, unpinned):
    external, _ = _edited(tmp_path, "13400000,approximate", "13400000,exact")
    assert [(p.entry, p.field) for p in _problems(external)] == [("pop_total_cambodia_2008-03-03_2", "qualifier")]


def test_a_census_given_for_another_year_is_a_problem(tmp_path, unpinned):
    # the quote prints both years, so the reader's check that a quote states its row's year lets it through
    external, path = _edited(tmp_path, "2008-03-03,Cambodia,total,13400000", "1998-03-03,Cambodia,total,13400000")
    assert _problems(external) == [Problem(str(path), "pop_total_cambodia_1998-03-03", "status",
                                           "a census of 2008 given for 1998")]


def test_a_changed_copy_is_refused_by_its_fingerprint(tmp_path):
    external, path = _edited(tmp_path, "As above.", "As above!", sums=False)
    with pytest.raises(ValidationFailed) as failed:
        project_sources(external)
    assert [(p.path, p.field) for p in failed.value.problems] == [(str(path), "sha256")]


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
    """Any loader giving the CSV's columns can replace the declared reader: the rest is read from them."""
    plain = pd.read_csv(paths.EXTERNAL / DATA, dtype=str, keep_default_na=False)
    plain["value"] = plain["value"].astype(int)
    plain["population_id"] = rows["population_id"]  # the declared ids, row for row; nothing else is carried over
    again = denominators(plain, also=[("Phnom Penh", 1992), ("Phnom Penh", 2003)])
    pd.testing.assert_frame_equal(again, table)
