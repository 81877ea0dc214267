"""A row rests on a study of its place: where an origin's `counted` names places of the vocabulary ('Prostitutes
(sex workers) in Phnom Penh, 1990-1993'), every row resting on it is of one of them. Tried on every annotated row
given every origin, against the places each origin's `counted` was read by eye to name."""
from __future__ import annotations

from real_inputs import annotated_frames, project, project_copy, refused, replace_once

from csecstats.analysis.row_lineage import origin_place_problems
from csecstats.register.places import places_named

# Read by eye: the places each origin's `counted` names (the others name none, so hold any row).
COUNTED_IN = {"unicef_phnom_penh_early_1990s": {"Phnom Penh"}, "claim_17000_phnom_penh": {"Phnom Penh"},
              "nis_2003": {"Phnom Penh"}, "national_assembly_1997": {"Phnom Penh", "Cambodia"},
              "sedp2_2001_2005": {"Thailand"}, "census_1998": {"Cambodia"}, "cips_2004": {"Cambodia"},
              "census_2008": {"Cambodia"}, "uniap_siren_2008": {"Cambodia"},
              "census_2019": {"Cambodia", "Phnom Penh"}}


def test_every_annotated_row_given_every_origin_is_refused_exactly_when_that_origin_counted_elsewhere():
    lineage, places, _ = project()
    assert {o: set(places_named(v["counted"], places)) for o, v in lineage.origins.items()
            if places_named(v["counted"], places)} == COUNTED_IN
    tried = 0
    for source, frame in annotated_frames():
        id_column = frame.columns[0]
        raws = [{"geography": g, "_row": i} for i, g in enumerate(frame["geography"], start=1)]
        ids = list(frame[id_column])
        assert origin_place_problems(source, raws, [{"origin": o} for o in frame["origin_id"]], ids,
                                     lineage.origins, places) == []
        for i, geography in enumerate(frame["geography"]):
            for origin in lineage.origins:
                notes = [{"origin": origin if j == i else o} for j, o in enumerate(frame["origin_id"])]
                found = origin_place_problems(source, raws, notes, ids, lineage.origins, places)
                expected = origin in COUNTED_IN and geography not in COUNTED_IN[origin]
                assert bool(found) == expected, (ids[i], origin)
                assert all(p.entry.endswith(f": {ids[i]}") and p.field == "origin" for p in found)
                tried += expected
    assert tried >= 100


def test_the_build_refuses_the_health_ministrys_national_estimate_resting_on_the_capitals_early_1990s(tmp_path,
                                                                                                      capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "external_rows.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    ext_direct_sex_workers_cambodia_2000:\n")
    block = text[start:text.index("\n    ext_", start + 10)]
    replace_once(path, block, block.replace('origin: "moh_nchads_estimates"', 'origin: "unicef_phnom_penh_early_1990s"'))
    err = refused(root, tmp_path / "out", capsys)
    assert ("external_rows.yml: external-estimates.csv: ext_direct_sex_workers_cambodia_2000: origin: "
            "unicef_phnom_penh_early_1990s, which counted 'Prostitutes (sex workers) in Phnom Penh, 1990-1993.' "
            "(Phnom Penh), but the row is of Cambodia") in err
