"""The report's arithmetic its own words demand is declared: 'of which' after a count (at_most), shares after
'of whom' (shares_at_most_one), a count before a list of as many names (names_count). Tried on every declared check
deleted, on every at_most turned round, and through the build."""
from __future__ import annotations

import dataclasses
import functools

import pandas as pd
import pytest

from csecstats.analysis.checks import demanded_checks, demanded_problems, load_rules
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once

# Where the demanding words stand in another sentence than the count's ('the 6 countries', the list a sentence
# before): no rule reads them, and the check may be deleted unseen.
UNSEEN = {"uniap_countries_named"}


@functools.lru_cache(maxsize=1)
def figures() -> pd.DataFrame:
    return pd.read_csv(paths.PROCESSED / "figures.csv")


def test_every_check_the_report_demands_is_declared():
    rules = load_rules()
    assert demanded_problems(rules, figures(), path="checks.yml") == []
    assert {kind for kind, _, _ in demanded_checks(figures())} == {"at_most", "shares_at_most_one", "names_count"}
    assert len(demanded_checks(figures())) == len(rules) - len(UNSEEN)


@pytest.mark.parametrize("gone", [r.check_id for r in load_rules()])
def test_a_deleted_check_is_refused_where_the_report_demands_it(gone):
    rules = load_rules()
    rule = next(r for r in rules if r.check_id == gone)
    problems = demanded_problems([r for r in rules if r.check_id != gone], figures(), path="checks.yml")
    if gone in UNSEEN:
        assert problems == []
    else:
        assert [(p.path, p.entry, p.field) for p in problems] == [("checks.yml", rule.figure_ids()[0], "(check)")]
        assert f"a check ({rule.rule}) of " in problems[0].message


@pytest.mark.parametrize("turned", [r.check_id for r in load_rules() if r.rule == "at_most"])
def test_an_at_most_turned_round_is_refused(turned):
    rules = [dataclasses.replace(r, fields={**r.fields, "part": r.fields["whole"], "whole": r.fields["part"]})
             if r.check_id == turned else r for r in load_rules()]
    assert len(demanded_problems(rules, figures(), path="checks.yml")) == 1


def test_the_build_refuses_the_confirmed_cases_check_deleted(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/checks.yml", """  - id: confirmed_le_suspected_2003
    rule: at_most
    part: confirmed_cases_2003
    whole: suspected_cases_2003
    description: Confirmed trafficking cases (2003) cannot exceed suspected cases.
""", "")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert lines == [f"{root / 'data/raw/checks.yml'}: confirmed_cases_2003: (check): the report prints 'of which "
                     "227 were confirmed.': a check (at_most) of confirmed_cases_2003 at most suspected_cases_2003 is "
                     "declared by no rule"]
