"""A pair kept apart (triangulation.yml `not_comparable`) differs in what it counts, where or when, and its reason
speaks of how (`analysis.comparisons.apart_reason_problems`). Tried on every pair of disagreeing rows of the real
triangulation table declared apart with each kind of reason."""
from __future__ import annotations

import dataclasses
import itertools
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from csecstats import built_tables
from csecstats.analysis.comparisons import APART_BY, _apart_in_time, apart_reason_problems, load_comparisons
from real_inputs import project_copy, refused

REASONS = {"what": "two definitions: residents against everyone present",
           "where": "another place: the capital against the whole country",
           "when": "different moments: the start of the year against its end"}


def _frame():
    return built_tables()["triangulation"]


def _days(row) -> set[date]:
    """Every day of a row's period, counted out one by one."""
    first, last = row["period_start"].date(), row["period_end"].date()
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def _aspects(frame, pair) -> set[str]:
    """How two rows differ: in what, where, or when; two dated periods are one time when they share more than half
    the days of the longer one, or one is a day inside the other."""
    rows = frame.drop_duplicates("record_id").set_index("record_id")
    one, other = (rows.loc[r] for r in pair)
    found = {aspect for aspect, (columns, _) in APART_BY.items() if any(str(one[c]) != str(other[c]) for c in columns)}
    if "when" in found and all(pd.notna(r[c]) for r in (one, other) for c in ("period_start", "period_end")):
        a, b = _days(one), _days(other)
        if 2 * len(a & b) > max(len(a), len(b)) or (len(a) == 1 and a <= b) or (len(b) == 1 and b <= a):
            found.discard("when")
    return found


def test_the_real_pairs_kept_apart_differ_and_say_how():
    comparisons = load_comparisons()
    assert len(comparisons.apart) == 4
    assert apart_reason_problems(_frame(), comparisons, "t.yml") == []


def test_every_pair_of_one_quantity_declared_apart_is_refused_unless_it_differs_as_its_reason_says():
    """Every disagreeing pair (each one quantity at one place and time, so each refused), and every eighth pair of
    rows of one quantity besides (other years, places or definitions)."""
    frame, comparisons = _frame(), load_comparisons()
    disagreeing = [pair for _, group in frame.groupby("compare_key")
                   for pair in itertools.combinations(group.loc[group["disagrees"], "record_id"].drop_duplicates(), 2)]
    assert len(disagreeing) >= 10 and all(not _aspects(frame, pair) for pair in disagreeing)
    pairs = disagreeing + [pair for _, group in frame.groupby("quantity")
                           for pair in itertools.combinations(group["record_id"].drop_duplicates(), 2)][::8]
    outcomes = set()
    for pair in pairs:
        differs = _aspects(frame, pair)
        for aspect, reason in REASONS.items():
            lied = dataclasses.replace(comparisons, apart=(*comparisons.apart, (pair, reason)))
            found = apart_reason_problems(frame, lied, "t.yml")
            expected = [] if aspect in differs else [("not_comparable[5]", "records" if not differs else "reason")]
            assert [(p.entry, p.field) for p in found] == expected, (pair, aspect, differs)
            outcomes.add(tuple(expected))
    assert len(outcomes) == 3  # alike in every way, unlike but not as said, unlike as said: each met


@pytest.mark.parametrize("aspect", sorted(APART_BY))
def test_a_real_pair_whose_reason_no_longer_says_how_it_differs_is_refused(aspect):
    frame, comparisons = _frame(), load_comparisons()
    changed = tuple((pair, REASONS[aspect]) for pair, _ in comparisons.apart)
    found = apart_reason_problems(frame, dataclasses.replace(comparisons, apart=changed), "t.yml")
    expected = [f"not_comparable[{i}]" for i, (pair, _) in enumerate(comparisons.apart, start=1)
                if aspect not in _aspects(frame, pair)]
    assert [p.entry for p in found] == expected
    assert expected  # each aspect is missing from at least one real pair


def test_the_build_refuses_the_two_2019_census_accounts_of_women_declared_incomparable(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("not_comparable:\n") == 1
    path.write_text(text.replace("not_comparable:\n", "not_comparable:\n  - records: [pop_female_cambodia_2019-03-03, "
                                 "pop_female_cambodia_2019-03-03_2]\n    reason: \"" + REASONS["what"] + "\"\n"),
                    encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: not_comparable[1]: records: pop_female_cambodia_2019-03-03 and pop_female_cambodia_2019-03-03_2 "
            "count one thing at one place and time") in err, err


def test_the_build_refuses_the_2016_victims_rescued_declared_apart_as_different_moments(tmp_path, capsys):
    """The police's 244 (25 December 2015 to 25 December 2016) and the NCCT's 298 (the calendar year 2016) share 360
    of 367 days: one time, a disagreement to show (`scripts/lie_copies.py --apart --seed 13007` published it)."""
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("not_comparable:\n", "not_comparable:\n  - records: [enf_victims_rescued_cambodia_2016, "
                                 "enf_victims_rescued_cambodia_2016_2]\n    reason: \"" + REASONS["when"] + "\"\n"),
                    encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: not_comparable[1]: records: enf_victims_rescued_cambodia_2016 and "
            "enf_victims_rescued_cambodia_2016_2 count one thing at one place and time") in err, err


_periods = st.tuples(st.dates(date(2000, 1, 1), date(2000, 3, 1)), st.integers(0, 40)).map(
    lambda p: {"period_start": pd.Timestamp(p[0]), "period_end": pd.Timestamp(p[0] + timedelta(days=p[1]))})


@settings(max_examples=300, deadline=None, derandomize=True)
@given(one=_periods, other=_periods)
def test_two_periods_are_one_time_exactly_when_they_share_more_than_half_the_longers_days_or_a_day_inside(one, other):
    a, b = _days(one), _days(other)
    one_time = 2 * len(a & b) > max(len(a), len(b)) or (len(a) == 1 and a <= b) or (len(b) == 1 and b <= a)
    assert _apart_in_time(pd.Series(one), pd.Series(other)) == (not one_time)
