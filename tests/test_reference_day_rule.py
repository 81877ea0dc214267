"""A population account's reference date given to the day is a census night or a day its own words print
(``analysis.population_words.day_problems``, run by the population reader). Tried on every real account given
every census day of the table and a day no account prints."""
from __future__ import annotations

from csecstats.analysis.population_words import day_problems, status_of
from real_inputs import project, project_copy, raw_rows, refused, replace_once

# Read by eye: the days the accounts' own words print ('at midnight on March 3, 2008').
PRINTED = {"2008-03-03": "march 3, 2008"}


def accounts() -> list[dict]:
    source = next(s for s in project()[2].declared if s.spec.get("denominators"))
    return [{**r, "entry": f"row {r['_row']}"} for r in raw_rows(source)]


def test_every_real_account_dated_to_a_day_is_a_census_or_prints_it():
    rows = accounts()
    assert sum(len(r["reference_date"]) == 10 for r in rows) >= 14
    assert day_problems("p.csv", rows) == []


def test_every_account_given_a_day_is_refused_exactly_where_it_is_no_census_and_its_words_do_not_print_it():
    tried = refused_here = 0
    for row in accounts():
        census = status_of(row["status"])[0] == "census"
        words = f"{row['quote']} {row['caveat']}".lower()
        for day in ("2008-03-03", "2019-03-03", "2004-03-01"):
            found = day_problems("p.csv", [{**row, "reference_date": day}])
            printed = day in PRINTED and PRINTED[day] in words
            assert bool(found) == (not census and not printed), (row["entry"], day)
            tried += 1
            refused_here += bool(found)
    assert tried == 57 and refused_here == 12, (tried, refused_here)  # 4 accounts not a census, 3 days each


def test_the_build_refuses_the_fact_sheet_dated_to_the_census_night(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    path = root / "data/external/cambodia-population.csv"
    replace_once(path, "2008,Cambodia,total,14400000,approximate,persons,other estimate (not a census)",
                 "2008-03-03,Cambodia,total,14400000,approximate,persons,other estimate (not a census)")
    err = refused(root, tmp_path / "out", capsys)
    assert ("reference_date: 2008-03-03, a day neither a census night (its status: 'other estimate (not a census)') "
            "nor printed by its words") in err, err
