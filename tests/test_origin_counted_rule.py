"""What an origin counted (origins.yml `counted`) is what the rows resting on it count, and where: where its words
name indicators the project's rows count, one is a row's of its own; every place they name is a row's of its own.
Tried on every origin given every other origin's `counted`, against what each text was read by eye to name."""
from __future__ import annotations

import functools

import pandas as pd
import yaml_c
from test_origin_place_rule import COUNTED_IN

from csecstats import built_tables
from csecstats.analysis.origin_rows import counted_place_problems, counted_subject_problems
from csecstats.register.load import load_vocabulary
from real_inputs import project, project_copy, refused

# Read by eye: the indicators of the project's rows each origin's `counted` names, by their names' words (each
# from the start of a word: 'Activities' reads 'activists', 'Cambodia' 'share_cambodian') or their named_by.
NAMES = {
    "report_2004": {"activists", "governments", "ngo_members", "ngos_active", "plan_duration"},
    "uniap_2004": {"activists", "untac_staff"},
    "national_police_records": {"arrests", "cases", "confirmed_cases", "reports_received", "suspected_cases",
                                "suspects_arrested", "victims_rescued"},
    "ncct_compilation": {"arrests", "cases", "cases_to_court", "share_trafficked", "suspected_cases",
                         "suspects_arrested", "suspects_to_court", "trafficked_sex_workers", "traffickers_arrested",
                         "victims_rescued"},
    "moi_statement": {"cases", "cases_to_court", "suspected_cases", "suspects_to_court", "victims_rescued"},
    "unicef_phnom_penh_early_1990s": {"sex_workers", "sex_workers_and_trafficked_claimed", "sex_workers_claimed",
                                      "sex_workers_counted"},
    "national_assembly_1997": {"brothel_workers", "sex_workers", "sex_workers_claimed", "sex_workers_counted",
                               "share_cambodian", "share_vietnamese"},
    "steinfatt_2003": {"children_targeted", "sex_workers", "sex_workers_claimed", "sex_workers_counted",
                       "share_trafficked", "trafficked_sex_workers"},
    "moh_nchads_estimates": {"brothel_workers", "direct_sex_workers", "indirect_sex_workers", "sex_workers",
                             "sex_workers_claimed", "sex_workers_counted"},
    "claim_80000_100000": {"children_targeted", "sex_workers", "sex_workers_and_trafficked_claimed",
                           "sex_workers_claimed", "sex_workers_counted", "share_trafficked", "trafficked_sex_workers"},
    "claim_17000_phnom_penh": {"sex_workers", "sex_workers_and_trafficked_claimed", "sex_workers_claimed",
                               "sex_workers_counted"},
    "steinfatt_baker_2008": {"children_targeted", "sex_workers", "sex_workers_claimed", "sex_workers_counted",
                             "share_under_age", "trafficked_sex_workers"},
    "nis_2003": {"children_sold_into_domestic_servitude"},  # 'Child domestic workers', named_by 'domestic workers'
    "sedp2_2001_2005": {"cambodian_women_in_thailand", "share_cambodian"},
    "us_tip_reports": {"arrests", "convictions", "victims_identified", "victims_rescued"},
    **{o: {"share_cambodian"} for o in ("census_1998", "cips_2004", "census_2008", "uniap_siren_2008", "census_2019")},
}


@functools.lru_cache(maxsize=1)
def resting() -> list[pd.DataFrame]:
    """The tables of rows resting on origins, as the build passes them: the figures and each declared source's."""
    tables = built_tables()
    return [tables["figures"], *(tables[s.name] for s in project()[2].declared)]


@functools.lru_cache(maxsize=1)
def named_by() -> dict[str, list[str]]:
    """The phrases naming each indicator that declares them: the vocabulary's and each declared source's."""
    vocabulary, problems = load_vocabulary()
    assert problems == []
    found = {name: spec["named_by"] for name, spec in vocabulary.indicators.items() if spec.get("named_by")}
    for source in project()[2].declared:
        values = (source.spec.get("indicators") or {}).get("values", {})
        found.update({name: v["named_by"] for name, v in values.items() if v.get("named_by")})
    return found


def rows_of(column: str) -> dict[str, set[str]]:
    """Each origin -> the values of ``column`` of the real rows resting on it."""
    found: dict[str, set[str]] = {}
    for frame in (f for f in resting() if column in f):
        for origin, value in zip(frame["origin_id"], frame[column]):
            found.setdefault(origin, set()).add(value)
    return found


def test_every_real_origin_names_what_and_where_its_rows_count():
    lineage, places, _ = project()
    assert set(NAMES) == set(lineage.origins)
    assert counted_subject_problems(lineage.origins, resting(), named_by(), "origins.yml") == []
    assert counted_place_problems(lineage.origins, resting(), places, "origins.yml") == []


def test_every_origin_given_every_other_origins_counted_is_refused_exactly_when_it_names_only_others_indicators():
    lineage, _, _ = project()
    counts, tried = rows_of("indicator"), 0
    for origin in lineage.origins:
        for other, spec in lineage.origins.items():
            # the rule reads each origin alone (the others, unchanged, pass: the test above): the swapped one by itself
            swapped = {origin: {**lineage.origins[origin], "counted": spec["counted"]}}
            found = counted_subject_problems(swapped, resting(), named_by(), "origins.yml")
            expected = bool(counts.get(origin)) and bool(NAMES[other]) and not NAMES[other] & counts[origin]
            assert [(p.entry, p.field) for p in found] == ([(origin, "counted")] if expected else []), (origin, other)
            tried += expected
    assert tried >= 150


def test_every_origin_given_every_other_origins_counted_is_refused_exactly_when_it_names_a_place_of_no_row():
    lineage, places, _ = project()
    placed, tried = rows_of("geography"), 0
    for origin in lineage.origins:
        for other, spec in lineage.origins.items():
            swapped = {origin: {**lineage.origins[origin], "counted": spec["counted"]}}  # by itself, as above
            found = counted_place_problems(swapped, resting(), places, "origins.yml")
            own = {p for g in placed.get(origin, ()) for p in (g, *g.replace(" and ", ", ").split(", "))}
            expected = bool(placed.get(origin)) and not COUNTED_IN.get(other, set()) <= own
            assert [(p.entry, p.field) for p in found] == ([(origin, "counted")] if expected else []), (origin, other)
            tried += expected
    assert tried >= 60


def _swapped(tmp_path, origin: str, other: str):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "origins.yml"
    loaded = yaml_c.safe_load(path.read_text(encoding="utf-8"))
    by_id = {o["id"]: o for o in loaded["origins"]}
    by_id[origin]["counted"] = by_id[other]["counted"]
    path.write_text(yaml_c.safe_dump(loaded, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")
    return root, path


def test_the_build_refuses_the_tip_reports_enforcement_counts_given_to_the_report(tmp_path, capsys):
    root, path = _swapped(tmp_path, "report_2004", "us_tip_reports")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: report_2004: counted: 'Investigations, prosecutions, convictions, arrests, potentia...' names "
            "arrests, convictions, victims_identified, victims_rescued, but no row resting on it counts any of these "
            "(its rows count activists, awareness_sessions, books_distributed, books_produced and 34 more)") in err


def test_the_build_refuses_the_1998_census_said_to_have_counted_phnom_penh(tmp_path, capsys):
    root, path = _swapped(tmp_path, "census_1998", "census_2019")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: census_1998: counted: 'The population of Cambodia and of Phnom Penh, by sex and age...' "
            "names Phnom Penh, but no row resting on it is of it (its rows are of Cambodia)") in err


def _resting_as_built() -> list[pd.DataFrame]:
    """As the build passes them: each declared source's rows by its triangulation indicator (the population's
    ``group``)."""
    tables = built_tables()
    return [tables["figures"], *(tables[s.name].rename(columns={s.indicator_column: "indicator"})
                                 if "indicator" not in tables[s.name] else tables[s.name] for s in project()[2].declared)]


def test_a_census_said_to_have_counted_cases_is_refused_its_places_naming_no_indicator():
    """The population accounts' origins are held to what their rows count (total, male, female, age groups), and a
    place their text names reads as no indicator ('The population of Cambodia' is no 'Cambodian' share)."""
    lineage, places, _ = project()
    assert counted_subject_problems(lineage.origins, _resting_as_built(), named_by(), "o.yml", places) == []
    population = {o for o in lineage.origins if o.startswith(("census_", "cips_", "uniap_siren_"))}
    assert len(population) == 5
    tried = 0
    for origin in sorted(population):
        for other, spec in lineage.origins.items():
            swapped = {origin: {**lineage.origins[origin], "counted": spec["counted"]}}
            found = counted_subject_problems(swapped, _resting_as_built(), named_by(), "o.yml", places)
            names = NAMES[other] - (set() if "Cambodian" in spec["counted"] else {"share_cambodian"})
            assert [(p.entry, p.field) for p in found] == ([(origin, "counted")] if names else []), (origin, other)
            tried += bool(names)
    assert tried >= 60, tried


def test_the_build_refuses_the_2004_survey_said_to_have_counted_cases(tmp_path, capsys):
    root, path = _swapped(tmp_path, "cips_2004", "moi_statement")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: cips_2004: counted: 'Cases, suspects sent to court, victims rescued.' names cases, cases_to_court, "
            "suspected_cases, suspects_to_court and 1 more, but no row resting on it counts any of these") in err, err


def test_every_origin_given_every_other_origins_counted_is_refused_exactly_when_its_rows_do_not_break_down_so():
    """``counted_by_problems``: an origin said to count 'by sex' has rows of males and of females, one said to count
    by age group a row of an age group; every origin given every real `counted` (the UNIAP fact sheet's one total
    given the 2008 census's 'by sex')."""
    import re
    from csecstats.analysis.origin_rows import counted_by_problems
    lineage, _, _ = project()
    frames = [f.rename(columns={"group": "indicator"}) if "group" in f and "indicator" not in f else f
              for f in resting()]
    assert counted_by_problems(lineage.origins, frames, "origins.yml") == []
    counts = {}
    for frame in frames:
        for origin, value in zip(frame["origin_id"], frame["indicator"]):
            counts.setdefault(origin, set()).add(value)
    tried = refused_count = 0
    for origin in lineage.origins:
        for spec in lineage.origins.values():
            swapped = {origin: {**lineage.origins[origin], "counted": spec["counted"]}}
            found = counted_by_problems(swapped, frames, "origins.yml")
            own = counts.get(origin, set())
            sex = bool(re.search(r"\bby sex\b", spec["counted"])) and not {"male", "female"} <= own
            ages = bool(re.search(r"\bage group", spec["counted"])) and not any(i.startswith("aged ") for i in own)
            assert [(p.entry, p.field) for p in found] == [(origin, "counted")] * (sex + ages), (origin, spec["id"])
            tried += 1
            refused_count += sex or ages
    assert tried == len(lineage.origins) ** 2 and refused_count >= 50, refused_count


def test_the_build_refuses_the_uniap_fact_sheets_one_total_said_to_be_by_sex(tmp_path, capsys):
    from real_inputs import replace_once
    root = project_copy(tmp_path)
    path = root / "data/raw/origins.yml"
    replace_once(path, '    methods: []\n    counted: "The population of Cambodia."\n    held: primary',
                 '    methods: []\n    counted: "The population of Cambodia, by sex."\n    held: primary')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: uniap_siren_2008: counted: 'The population of Cambodia, by sex.' says its counts are by sex, but "
            "no rows resting on it break them down so (they count total)") in err


def test_the_build_refuses_the_circulated_17000_said_to_count_child_domestic_workers(tmp_path, capsys):
    """The statistics institute's 'Child domestic workers' names the report's children sold into domestic servitude
    (the vocabulary's `named_by`: 'domestic workers'), so it is never another origin's."""
    from real_inputs import replace_once
    root = project_copy(tmp_path)
    path = root / "data/raw/origins.yml"
    replace_once(path, '    counted: "Prostitutes in Phnom Penh."', '    counted: "Child domestic workers in Phnom Penh."')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: claim_17000_phnom_penh: counted: 'Child domestic workers in Phnom Penh.' names "
            "children_sold_into_domestic_servitude, but no row resting on it counts any of these (its rows count "
            "sex_workers_claimed)") in err
