"""Every row of a compared table (a declared source with `triangulation`) is gathered by some quantity, or listed in
triangulation.yml's `not_compared` with why (``analysis.comparisons.left_out_problems``). Tried by dropping each
external indicator of every real quantity in turn: refused exactly when a row of it is then gathered by none."""
from __future__ import annotations

import dataclasses

from test_triangulation_gathering import built, real

from csecstats.analysis import comparisons as C
from csecstats.analysis import triangulation as T
from real_inputs import project_copy, refused


def test_every_real_row_of_a_compared_table_is_gathered_but_the_one_listed_with_why():
    comparisons, sources = real()["comparisons"], real()["sources"]
    gathered = set(built()["record_id"])
    assert C.left_out_problems("t.yml", sources, comparisons, gathered) == []
    assert [record for record, _ in comparisons.left_out] == ["cable_09phnompenh114_share_vietnamese_trafficked_2003"]


def test_every_quantity_without_each_of_its_external_indicators_is_refused_exactly_when_a_row_is_left_to_none():
    comparisons, sources, frame = real()["comparisons"], real()["sources"], built()
    compared = {i for s in sources.declared if s.spec.get("triangulation") for i in sources.frames[s.name][s.id_column]}
    tried = refused_count = 0
    for quantity, (report, external, geography) in comparisons.quantities.items():
        for indicator in external:
            quantities = {**comparisons.quantities, quantity: (report, tuple(i for i in external if i != indicator),
                                                               geography)}
            changed = dataclasses.replace(comparisons, quantities=quantities, apart=())
            gathered = set(T.triangulate(**{**real(), "comparisons": changed})["record_id"])
            found = {p.entry for p in C.left_out_problems("t.yml", sources, changed, gathered)}
            # the rows this quantity gathered under that indicator that no other quantity gathers
            mine = frame[(frame["quantity"] == quantity) & (frame["indicator"] == indicator)]["record_id"]
            others = set(frame[frame["quantity"] != quantity]["record_id"])
            assert found == (set(mine) & compared) - others, (quantity, indicator)
            tried += 1
            refused_count += bool(found)
    assert tried >= 20 and refused_count >= 10, (tried, refused_count)


def test_the_build_refuses_the_capitals_quantity_given_the_countrys_indicators(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    text = path.read_text(encoding="utf-8")
    old = "    external_indicators: [sex_workers, sex_workers_counted, sex_workers_claimed]\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "    external_indicators: [sex_workers, brothel_workers, direct_sex_workers]\n"),
                    encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    for record, indicator in (("ext_sex_workers_counted_phnom_penh_2003", "sex_workers_counted"),
                              ("ext_sex_workers_claimed_phnom_penh_2000", "sex_workers_claimed")):
        assert (f"{path}: {record}: (quantities): {indicator} of Phnom Penh: no quantity gathers it, and not_compared "
                "does not say why") in err, err


def test_a_row_listed_as_compared_with_nothing_that_a_quantity_gathers_is_refused(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    with path.open("a", encoding="utf-8") as out:
        out.write('  - record: cable_09phnompenh114_brothel_workers_1997\n    reason: "none like it"\n'
                  '  - record: no_such_row\n    reason: "none like it"\n')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: not_compared[2]: record: cable_09phnompenh114_brothel_workers_1997, but a quantity gathers it"
            in err), err
    assert f"{path}: not_compared[3]: record: no_such_row: no row of a compared table" in err, err
