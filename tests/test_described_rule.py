"""A row's ``described`` columns (the table's own words for what it counts) say what the row is
(``analysis.row_words.described_problems``): no phrase of another indicator without one of its own, no number but
its value, bounds or a number of its quote (years aside), 'approximate' or 'more than' only of a row so qualified.
Every real row given every other row's description, numbers and qualifier words added to each, and the build."""
from __future__ import annotations

import csv
import functools
import io

from csecstats.analysis.row_words import described_problems
from real_inputs import annotated_frames, project_copy, raw_rows, refused, replace_once


@functools.lru_cache(maxsize=1)
def described():
    """(source, its raw rows, each row's lineage note) of the one source declaring ``described`` columns."""
    source, frame = next((s, f) for s, f in annotated_frames() if s.spec.get("described"))
    notes = [{"qualifier": q} for q in frame["qualifier"]]
    return source, raw_rows(source), notes


def problems(raws, notes) -> list:
    source = described()[0]
    return described_problems(source, raws, notes)


def test_the_source_declares_its_description_column_and_every_real_row_holds():
    source, raws, notes = described()
    assert source.spec["described"] == ["definition"] and len(raws) == 17
    assert problems(raws, notes) == []


def test_every_row_given_every_other_rows_description():
    source, raws, notes = described()
    refused_pairs = {}
    for i, raw in enumerate(raws):
        for j, other in enumerate(raws):
            if i == j or other["definition"] == raw["definition"]:
                continue
            found = problems([{**raw, "definition": other["definition"]}], [notes[i]])
            assert all(p.field == "definition" and p.entry.startswith(f"row {i + 1} (") for p in found)
            if found:
                refused_pairs[(i + 1, j + 1)] = found[0].message
    assert "says 'approximate', but the row is exact" in refused_pairs[(9, 11)]
    assert "names 'sex work', a phrase of another indicator" in refused_pairs[(9, 8)]
    assert "prints 7,000, which neither its value" in refused_pairs[(7, 15)]
    assert "says 'more than', but the row is approximate" in refused_pairs[(3, 4)]
    assert (6, 14) not in refused_pairs  # the 2006 wording of the same ministry's count: near enough, not a lie
    assert len(refused_pairs) >= 140, len(refused_pairs)  # 145 of 272 when written


def test_a_number_in_a_description_is_the_rows_own():
    _, raws, notes = described()
    for raw, note in zip(raws, notes):
        value = int(raw["value"])
        assert problems([{**raw, "definition": f"{raw['definition']} ({value:,})"}], [note]) == [], raw["_row"]
        found = problems([{**raw, "definition": f"{raw['definition']} ({value + 1:,})"}], [note])
        assert [p.message.split(" prints ")[-1] for p in found] == [
            f"{value + 1:,}, which neither its value, its bounds nor its quote prints"], raw["_row"]
        assert problems([{**raw, "definition": f"{raw['definition']} (published 2011)"}], [note]) == []


def test_a_description_saying_approximate_or_more_than_is_of_a_row_so_qualified():
    _, raws, notes = described()
    tried = 0
    for raw, note in zip(raws, notes):
        for words, qualifier in (("approximate", "approximate"), ("about", "approximate"),
                                 (f"more than {int(raw['value']):,}", "lower_bound")):
            found = [p for p in problems([{**raw, "definition": f"{raw['definition']}, {words}"}], [note])
                     if " says " in p.message]
            assert bool(found) == (note["qualifier"] != qualifier), (raw["_row"], words, note)
            tried += bool(found)
    assert tried >= 30


def test_the_build_refuses_the_phnom_penh_count_described_as_the_national_estimate(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    _, raws, _ = described()

    def cell(value: str) -> str:
        out = io.StringIO()
        csv.writer(out).writerow([value])
        return out.getvalue().strip()
    replace_once(root / "data/external/external-estimates.csv", f",{cell(raws[8]['definition'])},",
                 f",{cell(raws[10]['definition'])},")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/external/external-estimates.csv'}: row 9 (trafficked_sex_workers 2003 Phnom Penh): "
            "definition: 'national estimate of sex-trafficking victims (Stei...' says 'approximate', but the row is "
            "exact") in err
