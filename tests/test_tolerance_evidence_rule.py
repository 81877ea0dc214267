"""A quantity's declared tolerance rests on a revision the rows show (`analysis.tolerances`): every 'differ by X%' its
reason prints is the difference between two stages of one count the quantity gathers. Tried on every difference
between two rows of every quantity, cited as the revision a tolerance rests on."""
from __future__ import annotations

import itertools

from csecstats import built_tables
from csecstats.analysis.comparisons import load_comparisons
from csecstats.analysis.tolerances import ONE_COUNT, revisions, tolerance_evidence_problems
from real_inputs import project_copy, refused

REASON = "Accounts of one count differ by {}% between their stages, so two accounts more than 20% apart disagree."


def _frame():
    return built_tables()["triangulation"]


def test_the_real_tolerance_rests_on_the_2019_census_revision():
    comparisons = load_comparisons()
    assert [q for q, _ in comparisons.tolerances] == ["population"]
    assert tolerance_evidence_problems(_frame(), dict(comparisons.tolerance_reasons), "t") == []
    measured = {frozenset((a, b)): round(100 * lo, 1) for a, b, lo, _ in revisions(_frame(), "population")}
    assert measured[frozenset(("pop_total_cambodia_2019-03-03", "pop_total_cambodia_2019-03-03_2"))] == 1.7


def test_every_difference_of_every_quantity_cited_as_its_revision_is_refused_unless_it_is_one():
    frame = _frame().drop_duplicates("record_id")
    tried, kept = 0, 0
    for quantity, rows in frame.groupby("quantity"):
        stages = {round(100 * d, 1) for *_, lo, hi in revisions(frame, quantity) for d in (lo, hi)}
        for (_, a), (_, b) in itertools.combinations(rows.dropna(subset=["value"]).iterrows(), 2):
            low, high = sorted((abs(a["value"]), abs(b["value"])))
            if low == 0 or high == low:
                continue
            share = round(100 * (high - low) / low, 1)
            found = tolerance_evidence_problems(frame, {quantity: REASON.format(share)}, "t")
            one_count = all(str(a[c]) == str(b[c]) for c in ONE_COUNT) and a["described_as"] != b["described_as"]
            assert (found == []) == (share in stages), (quantity, a["record_id"], b["record_id"], share)
            assert share in stages or not one_count
            tried += 1
            kept += not found
    assert tried > 100 and 0 < kept < tried / 4


def test_a_tolerance_whose_reason_prints_no_revision_is_refused():
    found = tolerance_evidence_problems(_frame(),
                                        {"population": "Two accounts more than 2% apart disagree."}, "t")
    assert [(p.entry, p.field) for p in found] == [("population", "tolerance_reason")]


def test_the_build_refuses_a_tolerance_widened_on_two_origins_to_make_the_2008_accounts_agree(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    tolerance: 0.02\n")
    end = text.index("\n", text.index("tolerance_reason:", start)) + 1
    path.write_text(text[:start] + "    tolerance: 0.08\n    tolerance_reason: \"Counts of one population differ by "
                    "revision and by source: the UNIAP and census totals of 2008 differ by 7.5%, so two accounts more "
                    "than 8% apart disagree.\"\n" + text[end:], encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: population: tolerance_reason: 'differ by 7.5%', but no two stages of one count it gathers" in err, err
