"""Who reports a count is who produced it (a declaration's `producers` columns name the origin's producer), and a
count is in the unit its definition counts in (definitions.yml `counted_in`). Tried on every annotated real row
with every other origin and definition."""
from __future__ import annotations

import copy
import re

import yaml

from csecstats.analysis.external import read_source
from csecstats.analysis.row_lineage import DOCUMENT_WORDS
from csecstats.inputs import paths
from csecstats.register.lineage import load_lineage
from real_inputs import project, project_copy, refused, replace_once

TABLE = "external-enforcement.csv"


def source_of(table: str):
    return next(s for s in project()[2].declared if s.data.name == table)


def moved(table: str, key: str, term: str, value: str) -> list:
    lineage, places, _ = project()
    changed = copy.deepcopy(lineage)
    changed.external[table][key][term] = value
    return read_source(source_of(table), places, changed)[1]


def test_every_real_row_names_its_producer_and_counts_in_its_definitions_unit():
    lineage, places, sources = project()
    assert source_of(TABLE).spec["producers"] == ["reporter"]
    assert len(lineage.counted_in) >= 25 and set(lineage.counted_in.values()) == {"cases", "persons"}
    for source in (s for s in sources.declared if "reading" not in s.spec):
        assert read_source(source, places, lineage)[1] == []


def test_a_count_moved_onto_an_origin_another_body_produced_is_refused():
    """An enforcement row of each reporter given every origin whose producer lacks a word of the reporter (the
    NCCT's 2017 counts given the police records, the police's given the NCCT's compilation) is refused on its
    origin."""
    lineage, _, _ = project()
    frame = read_source(source_of(TABLE), project()[1], lineage)[0]
    reporters = dict(zip(frame["external_id"], frame["reporter"]))
    first = {reporter: key for key, reporter in reversed(list(reporters.items()))}
    assert len(first) == 5
    tried = 0
    for key, spec in ((k, s) for k, s in lineage.external[TABLE].items() if k in first.values()):
        words = {w for w in re.findall(r"[^\W\d_]+", reporters[key].casefold()) if len(w) >= 4} - set(DOCUMENT_WORDS)
        for origin in lineage.origins.values():
            if origin["id"] == spec["origin"] or words <= set(re.findall(r"[^\W\d_]+", origin["producer"].casefold())):
                continue
            found = [p for p in moved(TABLE, key, "origin", origin["id"]) if "names another" in p.message]
            assert [(p.path, p.entry, p.field) for p in found] == [
                (str(paths.EXTERNAL_ROWS_FILE), f"{TABLE}: {key}", "origin")], (key, origin["id"])
            tried += 1
    assert tried >= 80


def test_a_count_given_a_definition_of_the_other_unit_is_refused():
    """Every annotated count in cases or persons given definitions counted in the other unit (every fourth of them,
    in turn) is refused on its definition."""
    lineage, _, _ = project()
    tried = 0
    for table, rows in lineage.external.items():
        frame = read_source(source_of(table), project()[1], lineage)[0]
        units = dict(zip(frame[source_of(table).id_column], frame["unit"]))
        for key in rows:
            other = [d for d, unit in lineage.counted_in.items() if units[key] in ("cases", "persons")
                     and unit != units[key]]
            for definition in other[tried % 4::4]:
                found = [p for p in moved(table, key, "definition", definition)
                         if "(definitions.yml counted_in)" in p.message]
                assert [(p.entry, p.field) for p in found] == [(f"{table}: {key}", "definition")], (key, definition)
                tried += 1
    assert tried >= 80


def test_counted_in_names_known_definitions_once(tmp_path):
    loaded = yaml.safe_load(paths.DEFINITIONS_FILE.read_text(encoding="utf-8"))
    loaded["counted_in"]["cases"] += ["head_count", "victims_rescued"]
    path = tmp_path / "definitions.yml"
    path.write_text(yaml.safe_dump(loaded, sort_keys=False, allow_unicode=True), encoding="utf-8")
    problems = load_lineage(definitions=path)[1]
    assert [(p.entry, p.field, p.message) for p in problems] == [
        ("counted_in.cases", "(definitions)", "'head_count' is not a definition, or is listed twice"),
        ("counted_in.persons", "(definitions)", "'victims_rescued' is not a definition, or is listed twice")]


def test_the_build_refuses_arrests_defined_as_cases(tmp_path, capsys):
    root = project_copy(tmp_path)
    old = '    enf_suspects_arrested_cambodia_2017_2:\n      origin: "national_police_records"\n      qualifier: "exact"\n' \
          '      method: "administrative_count"\n      definition: "persons_arrested"'
    replace_once(root / "data/raw/external_rows.yml", old,
                 old.replace("persons_arrested", "trafficking_and_sexual_exploitation_cases"))
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert ("enf_suspects_arrested_cambodia_2017_2: definition: trafficking_and_sexual_exploitation_cases counts "
            "cases, but the row counts persons") in err
