"""A pair kept apart (triangulation.yml `not_comparable`) differs in what it counts, where or when, and its reason
speaks of how (`analysis.comparisons.apart_reason_problems`). Tried on every pair of disagreeing rows of the real
triangulation table declared apart with each kind of reason."""
from __future__ import annotations

import dataclasses
import itertools

import pytest

from csecstats import built_tables
from csecstats.analysis.comparisons import APART_BY, apart_reason_problems, load_comparisons
from real_inputs import project_copy, refused

REASONS = {"what": "two definitions: residents against everyone present",
           "where": "another place: the capital against the whole country",
           "when": "different moments: the start of the year against its end"}


def _frame():
    return built_tables()["triangulation"]


def _aspects(frame, pair) -> set[str]:
    rows = frame.drop_duplicates("record_id").set_index("record_id")
    one, other = (rows.loc[r] for r in pair)
    return {aspect for aspect, (columns, _) in APART_BY.items() if any(str(one[c]) != str(other[c]) for c in columns)}


def test_the_real_pairs_kept_apart_differ_and_say_how():
    comparisons = load_comparisons()
    assert len(comparisons.apart) == 4
    assert apart_reason_problems(_frame(), comparisons, "t.yml") == []


def test_every_disagreeing_pair_declared_apart_is_refused_unless_it_differs_as_its_reason_says():
    frame, comparisons = _frame(), load_comparisons()
    pairs = [pair for _, group in frame.groupby("compare_key")
             for pair in itertools.combinations(group.loc[group["disagrees"], "record_id"].drop_duplicates(), 2)]
    assert len(pairs) >= 10
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
