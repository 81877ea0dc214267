"""A census account's stage (preliminary, provisional or final results) is the one its own words print, where they
print one (``analysis.population_words.stage_words_problems``, run by the population reader). Tried on every real
census row given every other stage, against a plain reading of its words."""
from __future__ import annotations

import re

from csecstats.analysis.population_words import STAGES, stage_words_problems, status_of
from real_inputs import project, project_copy, raw_rows, refused, replace_once


def census_rows() -> list[dict]:
    source = next(s for s in project()[2].declared if s.spec.get("denominators"))
    return [{**r, "entry": f"row {r['_row']}"} for r in raw_rows(source)
            if status_of(r["status"])[2]]


def test_every_real_census_row_is_of_the_stage_its_words_print():
    rows = census_rows()
    assert len(rows) >= 14
    assert stage_words_problems("p.csv", rows) == []


def test_every_census_row_given_another_stage_is_refused_exactly_where_its_words_print_only_others():
    tried = refused_here = 0
    for row in census_rows():
        words = " ".join([row["quote"], row["url"], row["account"], row["caveat"]]).lower()
        said = {s for s in STAGES if re.search(rf"\b{s}\b", words)}
        stage = status_of(row["status"])[2]
        for other in (s for s in STAGES if s != stage):
            moved = {**row, "status": row["status"].replace(stage, other)}
            found = stage_words_problems("p.csv", [moved])
            assert bool(found) == (bool(said) and other not in said), (row["entry"], other)
            tried += 1
            refused_here += bool(found)
    assert tried >= 28 and refused_here >= 20, (tried, refused_here)


def test_the_build_refuses_the_final_censuss_age_group_called_provisional(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    path = root / "data/external/cambodia-population.csv"
    replace_once(path, "2019-03-03,Cambodia,aged 15-59,9600000,approximate,persons,census 2019 final results",
                 "2019-03-03,Cambodia,aged 15-59,9600000,approximate,persons,census 2019 provisional results")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: pop_aged_15-59_cambodia_2019-03-03: status: 'census 2019 provisional results', but its own words "
            "speak of final results, never provisional") in err, err
