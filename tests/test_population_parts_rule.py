"""A population account's parts make its total: males and females of one status, date and place sum to its total
within their printed rounding (unless the declaration reviews the sum as printed, `sums`), and its age groups never
sum to more. Tried on every sexed account with a part moved by 1 to 100,000 people, and through the build."""
from __future__ import annotations

import pandas as pd
import yaml_c

from csecstats.analysis.population_words import parts_problems
from csecstats.inputs import paths
from real_inputs import project_copy, refused, replace_once

DECLARATION = paths.EXTERNAL / "cambodia-population.source.yml"


def _records() -> list[dict]:
    """The built accounts as the rule reads them: an exact count's bounds are the count itself."""
    frame = pd.read_csv(paths.PROCESSED / "population.csv")
    return [{"entry": r.population_id, "status": r.status, "reference_date": r.reference_date,
             "geography": r.geography, "population": r.group, "value": int(r.value),
             "low": r.value if pd.isna(r.low) else r.low, "high": r.value if pd.isna(r.high) else r.high}
            for r in frame.itertuples()]


def _sums() -> dict:
    return yaml_c.safe_load(DECLARATION.read_text(encoding="utf-8"))["sums"]


def test_the_real_accounts_add_up_but_the_one_whose_sum_is_reviewed_as_printed():
    records, sums = _records(), _sums()
    assert parts_problems("p.csv", records, sums, "d.yml") == []
    assert list(sums) == ["pop_total_cambodia_2019-03-03_2"]
    unreviewed = parts_problems("p.csv", records, {}, "d.yml")
    assert [(p.entry, p.field) for p in unreviewed] == [("pop_male_cambodia_2019-03-03_2", "value")]
    assert "make 15,552,211, not the 15,552,221" in unreviewed[0].message


def test_every_sexed_accounts_part_moved_is_refused_exactly_when_the_sum_leaves_the_totals_rounding():
    records, sums = _records(), _sums()
    tried = refused_here = 0
    for i, row in enumerate(records):
        if row["population"] not in ("male", "female"):
            continue
        total = next(r for r in records if r["population"] == "total" and (r["status"], r["reference_date"],
                     r["geography"]) == (row["status"], row["reference_date"], row["geography"]))
        other = next(r for r in records if r["population"] not in ("total", row["population"]) and (
            r["status"], r["reference_date"], r["geography"]) == (row["status"], row["reference_date"], row["geography"])
            and r["population"] in ("male", "female"))
        for delta in (-100_000, -1000, -10, -1, 1, 10, 1000, 100_000):
            moved = {**row, "value": row["value"] + delta, "low": row["low"] + delta, "high": row["high"] + delta}
            found = parts_problems("p.csv", [*records[:i], moved, *records[i + 1:]], sums, "d.yml")
            low, high = moved["low"] + other["low"], moved["high"] + other["high"]
            reviewed = sums.get(total["entry"], {}).get("parts") == moved["value"] + other["value"]
            expected = (low > total["high"] or high < total["low"]) and not reviewed
            stale = total["entry"] in sums and not reviewed and not (low > total["high"] or high < total["low"])
            assert bool(found) == (expected or stale), (row["entry"], delta, found)
            tried += 1
            refused_here += expected or stale
    assert tried == 8 * 8 and refused_here >= 30, (tried, refused_here)


def test_age_groups_making_more_than_the_total_and_a_review_of_a_total_that_adds_up_are_refused():
    records = _records()
    older = [{**r, "value": r["value"] * 2, "low": r["low"] * 2, "high": r["high"] * 2}
             if r["population"] == "aged 15-59" else r for r in records]
    found = parts_problems("p.csv", older, _sums(), "d.yml")
    assert [p.entry for p in found] == ["pop_aged_15-59_cambodia_2019-03-03"] and "more than the 15,552,221" in \
        found[0].message
    stale = {**_sums(), "pop_total_cambodia_2008-03-03": {"parts": 13388910, "reason": "As printed."}}
    assert [(p.path, p.entry, p.field) for p in parts_problems("p.csv", records, stale, "d.yml")] == \
        [("d.yml", "sums.pop_total_cambodia_2008-03-03", "parts")]


def test_the_build_refuses_the_2008_census_males_changed_with_their_quote(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    data = root / "data/external/cambodia-population.csv"
    text = data.read_text(encoding="utf-8")
    assert text.count("6,495,512") == 3
    data.write_text(text.replace("6,495,512", "6,945,512"), encoding="utf-8")
    replace_once(data, ",male,6495512,", ",male,6945512,")  # the value too; the file fingerprinted again
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{data}: pop_male_cambodia_2008-03-03: value: 6,945,512 male and 6,893,398 female make 13,838,910, not "
            "the 13,388,910 of pop_total_cambodia_2008-03-03 ('census 2008 preliminary results')") in err, err


def test_a_reviewed_total_says_so_beside_its_number_in_the_built_table():
    """The declaration's review of a total whose printed parts do not make it (``sums``) is data in the table: the
    row's ``lineage_note`` carries its reason, and no other row's does."""
    import io

    import pandas as pd

    from real_inputs import data_outputs, project
    outputs, reviewed = data_outputs(), 0  # built now, from the inputs
    for source in project()[2].declared:
        sums = source.spec.get("sums") or {}
        frame = pd.read_csv(io.BytesIO(outputs[f"{source.name}.csv"])).set_index(source.id_column)
        if "lineage_note" not in frame:  # a table without the curator's notes (the TIP reading's) has no sums
            assert not sums
            continue
        for row_id, note in frame["lineage_note"].items():
            said = [review["reason"] for review in sums.values() if review["reason"] in str(note)]
            assert said == ([sums[row_id]["reason"]] if row_id in sums else []), row_id
            reviewed += bool(said)
    assert reviewed == 1
