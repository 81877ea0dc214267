"""What a compilation compiles is declared where its rows' own words name it: a row quoting another origin's
producer ('The National Committee for Counter Trafficking (NCCT) reported ...') rests on an origin that compiles it.
Tried on every origin's `compiles` deleted whole and on every compiled origin left out one at a time."""
from __future__ import annotations

import copy
import functools

import pandas as pd

from csecstats.analysis.compilations import compiles_problems, producer_names
from csecstats.inputs import paths
from real_inputs import project, project_copy, refused, replace_once

TABLES = ("tip_enforcement", "external_enforcement", "external_estimates", "embassy_tip_submissions")
# Read from the rows: the 2017 TIP report quotes the NCCT; the NCCT's 2017 count names the National Police.
EVIDENCED = {("us_tip_reports", "ncct_compilation"), ("ncct_compilation", "national_police_records")}


@functools.lru_cache(maxsize=1)
def frames() -> tuple[tuple[str, pd.DataFrame], ...]:
    return tuple((name, pd.read_csv(paths.PROCESSED / f"{name}.csv", dtype=str)) for name in TABLES)


def test_producer_names_are_the_name_and_the_capitalised_name_in_brackets():
    assert producer_names("National Committee for Counter Trafficking (NCCT)") == (
        "National Committee for Counter Trafficking", "NCCT")
    assert producer_names("National Assembly of Cambodia (its Commission on Human Rights, by the US Embassy's "
                          "account)") == ("National Assembly of Cambodia",)


def test_every_real_compilation_is_declared():
    origins = project()[0].origins
    assert compiles_problems(origins, frames()) == []
    assert EVIDENCED <= {(a, b) for a, o in origins.items() for b in o.get("compiles") or []}


def test_every_compiles_deleted_whole_or_in_part_is_refused_where_its_rows_name_what_it_compiles():
    origins = project()[0].origins
    tried = 0
    for origin_id in [o for o in origins if origins[o].get("compiles")]:
        for kept in [[]] + [[c for c in origins[origin_id]["compiles"] if c != gone]
                            for gone in origins[origin_id]["compiles"]]:
            moved = copy.deepcopy(origins)
            moved[origin_id]["compiles"] = kept
            problems = compiles_problems(moved, frames())
            expected = sorted(b for a, b in EVIDENCED if a == origin_id and b not in kept)
            assert [(p.entry, p.field) for p in problems] == [(origin_id, "compiles")] * len(expected)
            assert all(f"it compiles {b} " in p.message for p, b in zip(problems, expected))
            tried += 1
    assert tried == 6  # ncct: whole, one; us_tip_reports: whole, each of three


def test_the_build_refuses_the_ncct_compiling_nothing(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/origins.yml", "    compiles: [national_police_records]\n", "")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if ": compiles: " in line]
    assert lines == [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert len(lines) == 1 and lines[0].startswith(f"{root / 'data/raw/origins.yml'}: ncct_compilation: compiles: "
                                                   "none, but external_enforcement row enf_cases_cambodia_2017 "
                                                   "quotes 'National Police'")
