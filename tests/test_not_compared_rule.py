"""Every row of a compared table (a declared source with `triangulation`), and every report figure resting on an
origin whose rows are compared, is gathered by some quantity, or listed in triangulation.yml's `not_compared` with
why (``analysis.comparisons.left_out_problems``). Tried by dropping each external, then each report, indicator of
every real quantity in turn: refused exactly when a row of it is then gathered by none."""
from __future__ import annotations

import dataclasses

from test_triangulation_gathering import built, real

from csecstats.analysis import comparisons as C
from csecstats.analysis import triangulation as T
from real_inputs import project_copy, refused


def _studies(frame, comparisons) -> set[str]:
    """The origins of the rows ``frame`` gathers, estimates aside."""
    rows = frame[~frame["record_id"].isin(dict(comparisons.estimates))]
    return {o for ids in rows["origin_id"].dropna() for o in ids.split()}


def _without(quantity: str, spec: tuple):
    """The real comparisons with one quantity given ``spec`` (report indicators, external indicators, place): the
    triangulation table they make, the comparisons, and the entries ``left_out_problems`` names."""
    comparisons = real()["comparisons"]
    changed = dataclasses.replace(comparisons, quantities={**comparisons.quantities, quantity: spec}, apart=())
    after = T.triangulate(**{**real(), "comparisons": changed})
    found = {p.entry for p in C.left_out_problems("t.yml", real()["sources"], changed, set(after["record_id"]),
                                                  figures=real()["tables"]["figures"], compared=_studies(after, changed))}
    return after, changed, found


def test_every_real_row_of_a_compared_table_or_origin_is_gathered_but_those_listed_with_why():
    comparisons, sources, frame = real()["comparisons"], real()["sources"], built()
    gathered, figures = set(frame["record_id"]), real()["tables"]["figures"]
    assert C.left_out_problems("t.yml", sources, comparisons, gathered, figures=figures,
                               compared=_studies(frame, comparisons)) == []
    assert [record for record, _ in comparisons.left_out] == [
        "share_aged_12_17_sex_workers_phnom_penh_1997", "share_trafficked_sex_workers_cambodia_2003",
        "ahtjp_provincial_bureaus", "ahtjp_provinces_with_special_section", "reports_received_2003",
        "hotline_reports_2003", "cable_09phnompenh114_share_vietnamese_trafficked_2003"]
    # without the figures, the six figures listed are rows of no compared table
    assert len(C.left_out_problems("t.yml", sources, comparisons, gathered)) == 6


def test_every_quantity_without_each_of_its_report_indicators_is_refused_exactly_when_a_figure_is_left_to_none():
    """A figure resting on an origin whose rows are compared is gathered or listed: each report indicator of every
    real quantity dropped in turn (the police's 2003 arrests, the arrests' quantity given no report indicator)."""
    comparisons, frame = real()["comparisons"], built()
    figures = real()["tables"]["figures"]
    tried = refused_count = 0
    for quantity, (report, external, geography) in comparisons.quantities.items():
        for indicator in report:
            after, changed, found = _without(quantity, (tuple(i for i in report if i != indicator), external,
                                                        geography))
            mine = set(frame[(frame["quantity"] == quantity) & (frame["indicator"] == indicator)
                             & frame["record_id"].isin(figures["figure_id"])]["record_id"])
            left = mine - set(after["record_id"])
            studies = _studies(after, changed)
            rests = {f for f, o in zip(figures["figure_id"], figures["origin_id"].fillna("")) if set(o.split()) & studies}
            assert found == left & rests, (quantity, indicator, found)
            tried += 1
            refused_count += bool(found)
    assert tried >= 8 and refused_count >= 6, (tried, refused_count)


def test_the_build_refuses_the_arrests_quantity_given_no_report_indicator(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "triangulation.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    report_indicators: [perpetrators_arrested]\n") == 1
    path.write_text(text.replace("    report_indicators: [perpetrators_arrested]\n", "    report_indicators: []\n"),
                    encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: perpetrators_arrested_2003: (quantities): perpetrators_arrested of Cambodia: no quantity gathers "
            "it, and not_compared does not say why: every row of a compared table or origin is set beside its others "
            "or said to have none") in err, err


def test_every_quantity_without_each_of_its_external_indicators_is_refused_exactly_when_a_row_is_left_to_none():
    comparisons, sources, frame = real()["comparisons"], real()["sources"], built()
    compared = {i for s in sources.declared if s.spec.get("triangulation") for i in sources.frames[s.name][s.id_column]}
    tried = refused_count = 0
    for quantity, (report, external, geography) in comparisons.quantities.items():
        for indicator in external:
            _, _, found = _without(quantity, (report, tuple(i for i in external if i != indicator), geography))
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
    assert (f"{path}: not_compared[8]: record: cable_09phnompenh114_brothel_workers_1997, but a quantity gathers it"
            in err), err
    assert f"{path}: not_compared[9]: record: no_such_row: no row of a compared table" in err, err
