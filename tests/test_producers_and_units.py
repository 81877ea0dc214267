"""Who reports a count is who produced it (a declaration's `producers` columns name the origin's producer), and a
count is in the unit its definition counts in (definitions.yml `counted_in`). Tried on every annotated real row
with every other origin and definition."""
from __future__ import annotations

import copy
import functools
import re

import yaml_c

from csecstats.analysis.external import read_source, stable_ids
from csecstats.analysis.external_rows import checked_rows
from csecstats.analysis.row_lineage import counted_in_problems, producer_problems
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


@functools.lru_cache(maxsize=None)
def read_rows(table: str) -> tuple:
    """(source, rows, raw rows, row keys) of a real table, as ``read_source`` reads them before its lineage rules."""
    source = source_of(table)
    rows, raws, problems = checked_rows(source, project()[1])
    assert problems == []
    return source, rows, raws, stable_ids(source.spec["ids"]["pattern"], rows, source.spec.get("rename", {}))


def moved_notes(table: str, key: str, term: str, value: str) -> list[dict]:
    """Each row's annotation, in order, with ``term`` of row ``key`` changed to ``value``."""
    source, _, _, ids = read_rows(table)
    annotations = project()[0].external[table]
    return [{**annotations[k], term: value} if k == key else annotations[k] for k in ids]


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
    source, _, raws, ids = read_rows(TABLE)
    tried = 0
    for key, spec in ((k, s) for k, s in lineage.external[TABLE].items() if k in first.values()):
        words = {w for w in re.findall(r"[^\W\d_]+", reporters[key].casefold()) if len(w) >= 4} - set(DOCUMENT_WORDS)
        for origin in lineage.origins.values():
            if origin["id"] == spec["origin"] or words <= set(re.findall(r"[^\W\d_]+", origin["producer"].casefold())):
                continue
            # the rule reads the changed annotation with the table's rows, read once (what read_source reads first)
            found = [p for p in producer_problems(source, raws, moved_notes(TABLE, key, "origin", origin["id"]), ids,
                                                  lineage.origins) if "names another" in p.message]
            assert [(p.path, p.entry, p.field) for p in found] == [
                (str(paths.EXTERNAL_ROWS_FILE), f"{TABLE}: {key}", "origin")], (key, origin["id"])
            if not tried:  # and read_source refuses the same, by this rule
                assert [p for p in moved(TABLE, key, "origin", origin["id"]) if "names another" in p.message] == found
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
                # the rule reads the changed annotation with the table's rows, read once (as read_source reads them)
                source, rows, raws, ids = read_rows(table)
                found = [p for p in counted_in_problems(source, raws, rows, moved_notes(table, key, "definition",
                                                                                         definition), ids, lineage)
                         if "(definitions.yml counted_in)" in p.message]
                assert [(p.entry, p.field) for p in found] == [(f"{table}: {key}", "definition")], (key, definition)
                if not tried:  # and read_source refuses the same, by this rule
                    assert [p for p in moved(table, key, "definition", definition)
                            if "(definitions.yml counted_in)" in p.message] == found
                tried += 1
    assert tried >= 80


def test_counted_in_names_known_definitions_once(tmp_path):
    loaded = yaml_c.safe_load(paths.DEFINITIONS_FILE.read_text(encoding="utf-8"))
    loaded["counted_in"]["cases"] += ["head_count", "victims_rescued"]
    path = tmp_path / "definitions.yml"
    path.write_text(yaml_c.safe_dump(loaded, sort_keys=False, allow_unicode=True), encoding="utf-8")
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


def test_every_estimate_given_another_rows_description_is_refused_where_it_credits_another_maker():
    """Each external estimate given every other row's description (its `credited` column), exhaustively: refused on
    its origin exactly when the description prints a name (a capitalised word, no place's) that its origin's
    producer, title and accounts never print: '(Steinfatt and Baker for UNIAP, published 2011)' on the 2003 count,
    the health ministry's centre on the 17,000 in circulation."""
    import csv
    from csecstats.analysis.row_words import credit_problems
    from csecstats.tables.built import read_table
    lineage, places, _ = project()
    source = source_of("external-estimates.csv")
    assert source.spec["credited"] == ["definition"]
    raws = list(csv.DictReader(source.data.open(encoding="utf-8")))
    ids = list(read_table("external_estimates")["external_id"])
    notes = [lineage.external["external-estimates.csv"][i] for i in ids]
    assert len(raws) == len(ids) >= 17 and credit_problems(source, raws, notes, ids, lineage.origins, places) == []
    place_words = {w for p in places for w in re.findall(r"\w+", " ".join([p, *places[p]]).casefold())}
    refused_pairs = set()
    for i, raw in enumerate(raws):
        origin = lineage.origins[notes[i]["origin"]]
        own = set(re.findall(r"\w+", " ".join(origin[k] for k in ("producer", "title", "accounts")).casefold()))
        for other in {r["definition"] for r in raws} - {raw["definition"]}:
            changed = [dict(r) for r in raws]
            changed[i]["definition"] = other
            found = credit_problems(source, changed, notes, ids, lineage.origins, places)
            names = [n.casefold() for n in re.findall(r"(?<![\w'])[A-Z]\w{2,}", other)]
            foreign = [n for n in names if n not in place_words and not {n, n + "s", n.removesuffix("s")} & own]
            assert [(p.entry.split(": ")[-1], p.field) for p in found] == ([(ids[i], "origin")] if foreign else []), (
                ids[i], other)
            refused_pairs |= {(ids[i], other)} if found else set()
    steinfatt_baker = next(r["definition"] for r in raws if "Baker" in r["definition"] and "nationwide" in r["definition"])
    assert ("ext_trafficked_sex_workers_phnom_penh_2003", steinfatt_baker) in refused_pairs
    assert len(refused_pairs) >= 150


def test_the_build_refuses_the_2003_phnom_penh_count_credited_to_the_2008_survey(tmp_path, capsys, unpinned):
    root = project_copy(tmp_path)
    data = root / "data" / "external" / "external-estimates.csv"
    replace_once(data, "of those counted in Phnom Penh, judged to have been trafficked (Steinfatt 2003)",
                 "of those counted in Phnom Penh, judged to have been trafficked (Steinfatt and Baker for UNIAP)")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    line = next(x for x in err.splitlines() if ": ext_trafficked_sex_workers_phnom_penh_2003: origin: " in x)
    assert line.startswith(f"{root / 'data' / 'raw' / 'external_rows.yml'}: external-estimates.csv: ")
    assert "steinfatt_2003, but its definition 'of those counted in Phnom Penh" in line
    assert line.endswith("credits 'Baker', 'UNIAP', whom its producer, title and accounts never name")
