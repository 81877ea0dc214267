"""Whose own text the project holds is known: where a row resting on an origin is read from its producer's own text
(an official release, a TIP report's pages), the origin's `producer` names someone, and most of its names are
printed by the publisher that row names. Tried on every origin given every other origin's producer."""
from __future__ import annotations

import functools

import yaml_c

from csecstats import built_tables
from csecstats.analysis.origin_rows import own_text_producer_problems, published_rows
from real_inputs import project, project_copy, refused

# Read by eye: the origins some row of which is read from its producer's own text (account official or
# report_text), the words naming each producer in those rows' publishers, and the origins whose producers those
# publishers name (most of the producer's capitalised words, places aside: the statistics institute's 2003 survey
# shares the censuses' producer, UNIAP's 2004 paper the data sheet's).
OWN_TEXT_BY = {"census_1998": "National Institute of Statistics", "census_2008": "National Institute of Statistics",
               "uniap_siren_2008": "UN Inter-Agency Project on Human Trafficking",
               "us_tip_reports": "US Department of State"}
INSTITUTE = {"census_1998", "cips_2004", "census_2008", "census_2019", "nis_2003"}
PUBLISHER_NAMES = {"census_1998": INSTITUTE, "census_2008": INSTITUTE,
                   "uniap_siren_2008": {"uniap_siren_2008", "uniap_2004"}, "us_tip_reports": {"us_tip_reports"}}

@functools.lru_cache(maxsize=1)
def published() -> list[tuple[str, str, str, str]]:
    sources = project()[2]
    return published_rows(sources.declared, built_tables())


def test_every_real_origin_read_from_its_own_text_names_its_publisher():
    lineage, places, _ = project()
    rows = published()
    assert len(rows) >= 100
    assert {o for o, _, account, _ in rows if account in ("official", "report_text")} == set(OWN_TEXT_BY)
    assert all(OWN_TEXT_BY[o] in p for o, _, account, p in rows if account in ("official", "report_text"))
    assert own_text_producer_problems(lineage.origins, rows, places, "origins.yml") == []


def test_every_origin_given_every_other_producer_is_refused_exactly_when_its_own_text_names_another():
    lineage, places, _ = project()
    tried = 0
    for origin in lineage.origins:
        for other, spec in lineage.origins.items():
            swapped = {**lineage.origins, origin: {**lineage.origins[origin], "producer": spec["producer"]}}
            found = own_text_producer_problems(swapped, published(), places, "origins.yml")
            expected = origin in OWN_TEXT_BY and other not in PUBLISHER_NAMES[origin]
            assert [(p.entry, p.field) for p in found] == ([(origin, "producer")] if expected else []), (origin, other)
            tried += expected
    assert tried >= 60


def test_a_producer_said_to_be_unknown_is_refused_only_where_its_own_text_is_held():
    lineage, places, _ = project()
    unknown = "Unknown (a figure in circulation from about 2000)"
    for origin in lineage.origins:
        swapped = {**lineage.origins, origin: {**lineage.origins[origin], "producer": unknown}}
        found = own_text_producer_problems(swapped, published(), places, "origins.yml")
        assert [(p.entry, p.field) for p in found] == ([(origin, "producer")] if origin in OWN_TEXT_BY else [])


def test_the_build_refuses_the_uniap_data_sheet_given_an_unknown_producer(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "origins.yml"
    loaded = yaml_c.safe_load(path.read_text(encoding="utf-8"))
    by_id = {o["id"]: o for o in loaded["origins"]}
    by_id["uniap_siren_2008"]["producer"] = by_id["claim_17000_phnom_penh"]["producer"]
    path.write_text(yaml_c.safe_dump(loaded, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: uniap_siren_2008: producer: 'Unknown (a figure in circulation from about 2000)', but "
            "pop_total_cambodia_2008 is read from its producer's own text, published by 'UN Inter-Agency Project on "
            "Human Trafficking (UNIAP) SIREN data sheet ...'") in err
