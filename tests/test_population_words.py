"""A population account's words: whom each printed number counts, one census one set of final results, a survey's
year. Tried on every real account with every other group, value and status the table holds."""
from __future__ import annotations

import csv
import functools

from csecstats.analysis.population import quote_problems, status_problems
from csecstats.analysis.population_words import final_problems, group_problems, groups_printed, status_of
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once

FILE = paths.EXTERNAL / "cambodia-population.csv"


@functools.lru_cache(maxsize=1)
def _rows() -> tuple[dict, ...]:
    with open(FILE, encoding="utf-8", newline="") as f:
        return tuple({**r, "value": int(r["value"]), "entry": f"row {n}"} for n, r in enumerate(csv.DictReader(f), 1))


def rows() -> list[dict]:
    found = [dict(r) for r in _rows()]
    assert quote_problems("p.csv", found) == []  # sets each row's printed rounding (low, high)
    return found


def checked(changed: list[dict]) -> list:
    return (status_problems("p.csv", changed) + quote_problems("p.csv", changed) + group_problems("p.csv", changed)
            + final_problems("p.csv", changed))


def test_every_real_account_prints_its_value_as_its_own_group():
    assert len(rows()) == 19
    assert {r["population"] for r in rows()} == {"total", "male", "female", "aged 15-59", "aged 0-14"}
    for row in rows():
        assert (row["value"], row["population"]) in groups_printed(row["quote"]), row["entry"]
    assert checked(rows()) == []


def test_the_words_after_each_number_say_whom_it_counts():
    assert groups_printed("estimated the Kingdom's population to be 12,824,000, which broke down along gender lines "
                          "to 6,197,000 males and 6,627,000 females") == [
        (12824000, "total"), (6197000, "male"), (6627000, "female")]
    assert groups_printed("9.6 million, or 61.7 percent, aged between 15 and 59 years old") == [(9600000, "aged 15-59")]
    assert groups_printed("7,571,837 are male (48.7 percent) and 7,980,374 female") == [
        (7571837, "male"), (7980374, "female")]
    assert groups_printed("from 11.4 in 1998 to 13.4 million in 2008") == [(11400000, "total"), (13400000, "total")]


def test_an_account_given_another_group_is_refused_on_its_population():
    groups = sorted({r["population"] for r in rows()})
    for i, row in enumerate(rows()):
        for group in (g for g in groups if g != row["population"]):
            changed = rows()
            changed[i]["population"] = group
            found = group_problems("p.csv", changed)
            assert [(p.entry, p.field) for p in found] == [(row["entry"], "population")], (row["entry"], group)
            assert f"but its quote prints {row['value']:,} as {row['population']}" in found[0].message


def test_an_account_given_another_number_of_its_own_quote_is_refused():
    """The 2008 census's 13,388,910 people given as its count of males: every real account given every other number
    its quote prints for another group is refused."""
    tried = 0
    for i, row in enumerate(rows()):
        for value, group in groups_printed(row["quote"]):
            if group == row["population"]:
                continue
            changed = rows()
            changed[i]["value"] = value
            found = checked(changed)
            assert any(p.entry == row["entry"] and p.field == "population" for p in found), (row["entry"], value)
            tried += 1
    assert tried >= 24


def test_one_census_one_set_of_final_results():
    """Every account of a census given the status of its final results is refused when its value disagrees with the
    final account of the same place and group beyond their rounding; the real finals pass."""
    tried = 0
    for i, row in enumerate(rows()):
        kind, year, stage = status_of(row["status"])
        final = next((r for r in rows() if status_of(r["status"]) == ("census", year, "final")
                      and r["geography"] == row["geography"] and r["population"] == row["population"]), None)
        if kind != "census" or stage == "final" or final is None:
            continue
        changed = rows()
        changed[i]["status"] = final["status"]
        found = final_problems("p.csv", changed)
        apart = row["high"] < final["low"] or row["low"] > final["high"]
        assert bool(found) == apart, row["entry"]
        tried += apart
    assert tried >= 4


def test_a_survey_status_given_for_another_year_is_refused():
    for i, row in enumerate(rows()):
        changed = rows()
        changed[i]["status"] = "inter-censal population survey 2004"
        found = status_problems("p.csv", changed)
        assert bool(found) == (not row["reference_date"].startswith("2004")), row["entry"]


def test_the_build_refuses_a_total_given_as_the_count_of_males(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    replace_once(root / "data/external" / FILE.name, "2008-03-03,Cambodia,male,6495512,", "2008-03-03,Cambodia,male,13388910,")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert "population: 'male', but its quote prints 13,388,910 as total" in err


def test_an_estimate_is_approximate_and_a_census_count_to_the_person_exact():
    """Every survey or other estimate called exact, and every census count printed to the person called
    approximate, is refused on its qualifier; the rounded census prints ('13.4 million') may be approximate."""
    from csecstats.analysis.population_words import qualifier_problems
    assert qualifier_problems("p.csv", rows()) == []
    tried = 0
    for i, row in enumerate(rows()):
        other = "exact" if row["qualifier"] == "approximate" else "approximate"
        changed = rows()
        changed[i]["qualifier"] = other
        found = qualifier_problems("p.csv", changed)
        kind = status_of(row["status"])[0]
        printed_exactly = row["value"] % 1000 and f"{row['value']:,}" in row["quote"]
        expected = kind in ("survey", "other") or (kind == "census" and bool(printed_exactly))
        assert [(p.entry, p.field) for p in found] == ([(row["entry"], "qualifier")] if expected else []), row["entry"]
        tried += expected
    assert tried >= 12


def test_every_census_account_given_every_other_stage_of_its_census_is_refused_where_that_stage_says_otherwise():
    """Every account of a census given the status of every other stage (preliminary, provisional, final) of that
    census: refused exactly where an account of that stage, place and group lies beyond its rounding (one stage,
    one set of results): the final 2.3 million called provisional beside the provisional 2,129,371."""
    tried = refused_here = 0
    for i, row in enumerate(rows()):
        kind, year, stage = status_of(row["status"])
        if kind != "census" or stage is None:
            continue
        for other in {r["status"] for r in rows() if status_of(r["status"])[1] == year and status_of(r["status"])[2]}:
            if other == row["status"]:
                continue
            changed = rows()
            changed[i]["status"] = other
            same = [r for j, r in enumerate(rows()) if j != i and r["status"] == other
                    and r["geography"] == row["geography"] and r["population"] == row["population"]]
            apart = any(row["high"] < r["low"] or row["low"] > r["high"] for r in same)
            found = [p for p in final_problems("p.csv", changed)]
            assert bool(found) == apart, (row["entry"], other, found)
            tried += 1
            refused_here += apart
    assert tried >= 12 and refused_here >= 4, (tried, refused_here)
    changed = rows()
    final_pp = next(i for i, r in enumerate(changed) if r["geography"] == "Phnom Penh" and r["value"] == 2_300_000)
    changed[final_pp]["status"] = "census 2019 provisional results"
    assert [p.message for p in final_problems("p.csv", changed)] == [
        "'census 2019 provisional results': 2,300,000, but row 13 gives the same provisional results as 2,129,371"]


def test_the_build_refuses_the_final_phnom_penh_account_called_provisional(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    replace_once(root / "data/external" / FILE.name, "Phnom Penh,total,2300000,approximate,persons,census 2019 final "
                 "results", "Phnom Penh,total,2300000,approximate,persons,census 2019 provisional results")
    err = refused(root, tmp_path / "out", capsys)
    assert ("status: 'census 2019 provisional results': 2,300,000, but pop_total_phnom_penh_2019-03-03 gives the same "
            "provisional results as 2,129,371") in err
