"""A row is made by a method its origin made numbers by (origins.yml `methods`), or is method_not_described or
derived_sum: the health ministry's undescribed estimate is never a count on site. Tried on every annotated real
row with every other method, and on a declared source."""
from __future__ import annotations

import copy
import re

import yaml_c
from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.analysis.external import read_source
from csecstats.analysis.row_lineage import ANY_ORIGIN_METHODS
from csecstats.inputs import paths
from csecstats.register.lineage import load_lineage, origins_frame
from real_inputs import project


def annotated() -> list[tuple[str, str, dict]]:
    lineage = project()[0]
    return [(table, key, spec) for table, rows in lineage.external.items() for key, spec in rows.items()]


def source_of(table: str):
    return next(s for s in project()[2].declared if s.data.name == table)


def test_every_origin_declares_known_methods_and_every_real_row_keeps_to_them():
    lineage, places, sources = project()
    assert all(set(o["methods"]) <= set(lineage.methods) for o in lineage.origins.values())
    assert sum(bool(o["methods"]) for o in lineage.origins.values()) >= 12
    for source in (s for s in sources.declared if "reading" not in s.spec):
        assert read_source(source, places, lineage)[1] == []
    rows = annotated()
    assert len(rows) >= 39
    assert all(spec["method"] in (*lineage.origins[spec["origin"]]["methods"], *ANY_ORIGIN_METHODS)
               for _, _, spec in rows)
    assert origins_frame(lineage).set_index("origin_id").loc["steinfatt_2003", "methods"] == \
        "direct_count model_extrapolation"


@settings(max_examples=40, deadline=None, derandomize=True)
@given(data=st.data())
def test_an_annotated_row_given_a_method_its_origin_never_used_is_refused(data):
    lineage, places, _ = project()
    table, key, spec = data.draw(st.sampled_from(annotated()), label="row")
    allowed = (*lineage.origins[spec["origin"]]["methods"], *ANY_ORIGIN_METHODS)
    other = data.draw(st.sampled_from(sorted(set(lineage.methods) - set(allowed))), label="method")
    moved = copy.deepcopy(lineage)
    moved.external[table][key]["method"] = other
    problems = read_source(source_of(table), places, moved)[1]
    assert [(p.path, p.entry, p.field) for p in problems if p.field == "method"] == [
        (str(paths.EXTERNAL_ROWS_FILE), f"{table}: {key}", "method")]
    assert any(p.message.startswith(f"{other}, but {spec['origin']} made its numbers by ") for p in problems)


def test_a_declared_source_is_refused_where_its_method_is_read_from():
    """The population accounts take their method from their status: census rows counted by a method the census
    never used are refused on the status cell of each row."""
    lineage, places, sources = project()
    moved = copy.deepcopy(lineage)
    moved.origins["census_2019"]["methods"] = ["model_extrapolation"]
    source = next(s for s in sources.declared if s.spec.get("denominators"))
    problems = read_source(source, places, moved)[1]
    assert len(problems) == 10 and {p.field for p in problems} == {"status"}
    assert all("direct_count, but census_2019 made its numbers by model_extrapolation" in p.message for p in problems)


def test_an_origin_naming_an_unknown_method_is_refused(tmp_path):
    loaded = yaml_c.safe_load(paths.ORIGINS_FILE.read_text(encoding="utf-8"))
    loaded["origins"][0]["methods"] = [*loaded["origins"][0]["methods"], "head_count"]
    path = tmp_path / "origins.yml"
    path.write_text(yaml_c.safe_dump(loaded, sort_keys=False, allow_unicode=True), encoding="utf-8")
    problems = load_lineage(origins=path)[1]
    assert [(p.path, p.entry, p.field, p.message) for p in problems] == [
        (str(path), loaded["origins"][0]["id"], "methods", "unknown method 'head_count'")]


def test_an_origin_whose_method_text_says_none_is_described_lists_no_method():
    """Every origin given every real method text saying no method is described is refused on its method when it
    lists a method (a circulated claim aside); 'compilation not described' says nothing of the method."""
    from csecstats.register.source_words import UNDESCRIBED, origin_method_problems
    lineage = project()[0]
    texts = sorted({o["method"] for o in lineage.origins.values() if UNDESCRIBED.search(o["method"])})
    assert len(texts) >= 5 and not UNDESCRIBED.search("Administrative totals; compilation not described.")
    tried = 0
    for origin in lineage.origins.values():
        for text in texts:
            moved = {**lineage.origins, origin["id"]: dict(origin, method=text)}
            found = [p for p in origin_method_problems("o.yml", moved, lineage.methods)
                     if "has none of its words" not in p.message  # a listed method its text omits, and a text
                     and "speaks of nothing" not in p.message  # of another document, and a survey said to
                     and "its title names" not in p.message]  # describe none: test_method_text_rule
            expected = bool(set(origin["methods"]) - {"circulated_claim"})
            assert [(p.entry, p.field) for p in found] == ([(origin["id"], "method")] if expected else []), origin["id"]
            tried += expected
    assert tried >= 40


def test_a_row_is_derived_sum_exactly_when_its_qualifier_is_derived():
    """Every annotated real row given every other qualifier and every other method: refused on the method where
    the qualifier says derived and the method is not derived_sum, on the qualifier where the method is derived_sum
    and the qualifier is not derived; any other pair passes this rule."""
    from csecstats.analysis.row_lineage import method_problems
    lineage, _, sources = project()
    qualifiers = ("exact", "approximate", "lower_bound", "upper_bound", "range", "derived")
    tried = 0
    for table, key, spec in annotated():
        source = source_of(table)
        for qualifier in qualifiers:
            for method in lineage.methods:
                note = {**spec, "qualifier": qualifier, "method": method}
                found = [(p.field, p.message) for p in method_problems(source, [{}], [note], [key], lineage.origins)
                         if "qualifier is derived" in p.message or "method is derived_sum" in p.message]
                if qualifier == "derived" and method != "derived_sum":
                    assert found == [("method", f"{method}, but its qualifier is derived (a sum the table's "
                                                "compiler made): derived_sum")], (key, method)
                elif method == "derived_sum" and qualifier != "derived":
                    assert found == [("qualifier", f"{qualifier}, but its method is derived_sum: a sum the "
                                                   "table's compiler made is derived")], (key, qualifier)
                else:
                    assert found == [], (key, qualifier, method)
                tried += bool(found)
    assert tried >= 39 * 11


def test_the_build_refuses_a_derived_sum_given_the_police_method(tmp_path, capsys):
    """The 2017 victims rescued the table's compiler summed, given the police's own administrative count as its
    method: exit 2, the method named where it is annotated, nothing written."""
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    rows = root / "data" / "raw" / "external_rows.yml"
    replace_once(rows, 'qualifier: "derived"\n      method: "derived_sum"',
                 'qualifier: "derived"\n      method: "administrative_count"')
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{rows}: external-enforcement.csv: enf_victims_rescued_cambodia_2017_2: method: administrative_count, "
            "but its qualifier is derived (a sum the table's compiler made): derived_sum") in err


def test_a_row_whose_words_describe_its_origins_method_said_to_be_of_no_described_method_is_refused():
    """Every annotated row given method_not_described, exhaustively: refused on its method exactly when its quote or
    other words (a publisher and an address aside) print a word of a method its origin made numbers by
    ('counted' for a direct count, 'extrapolated', 'survey', 'circulated'): Steinfatt's observers' count of 5,317
    is refused, and the 17,000 'in circulation since 2000'."""
    import csv
    from csecstats.analysis.external_rows import context_words
    from csecstats.analysis.row_words import METHOD_WORDS, described_method_problems
    from csecstats.tables.built import read_table
    lineage = project()[0]
    refused_rows, tried = set(), 0
    for table, frame in (("external-estimates.csv", "external_estimates"),
                         ("external-enforcement.csv", "external_enforcement")):
        source = source_of(table)
        raws = [{**r, "_row": n} for n, r in enumerate(csv.DictReader(source.data.open(encoding="utf-8")), start=1)]
        ids = list(read_table(frame)["external_id"])
        notes = [lineage.external[table][i] for i in ids]
        assert described_method_problems(source, raws, notes, ids, lineage.origins) == []
        for i, (raw, note) in enumerate(zip(raws, notes)):
            moved = [*notes[:i], {**note, "method": "method_not_described"}, *notes[i + 1:]]
            found = described_method_problems(source, raws, moved, ids, lineage.origins)
            words = f"{raw['quote']} {context_words(source.spec, raw)}".casefold()
            describes = any(re.search(rf"(?<!\w){w}", words) for m in lineage.origins[note["origin"]]["methods"]
                            for w in METHOD_WORDS.get(m, ()))
            assert [(p.entry, p.field) for p in found] == ([(f"{table}: {ids[i]}", "method")] if describes else [])
            refused_rows |= {ids[i]} if found else set()
            tried += 1
    assert tried >= 39 and len(refused_rows) >= 5
    assert {"ext_sex_workers_counted_phnom_penh_2003", "ext_sex_workers_claimed_phnom_penh_2000"} <= refused_rows


def test_the_build_refuses_the_observers_count_said_to_rest_on_no_described_method(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    rows = root / "data" / "raw" / "external_rows.yml"
    text = rows.read_text(encoding="utf-8")
    at = text.index("    ext_sex_workers_counted_phnom_penh_2003:")
    block = text[at:text.index("\n\n", at) if "\n\n" in text[at:] else len(text)]
    method = re.search(r"method: \"?direct_count\"?", block).group(0)
    replace_once(rows, block, block.replace(method, method.replace("direct_count", "method_not_described")))
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{rows}: external-estimates.csv: ext_sex_workers_counted_phnom_penh_2003: method: method_not_described, "
            "but its words describe how steinfatt_2003 made it: 'counted' (direct_count)") in err


def test_the_build_refuses_the_circulated_17000_said_to_rest_on_no_described_method(tmp_path, capsys):
    from real_inputs import project_copy, refused, replace_once
    root = project_copy(tmp_path)
    rows = root / "data" / "raw" / "external_rows.yml"
    replace_once(rows, '      method: "circulated_claim"\n      definition: "all_sex_workers"\n      measures: "prevalence"\n'
                 '      account: "press"\n      note: "A figure in circulation that',
                 '      method: "method_not_described"\n      definition: "all_sex_workers"\n      measures: '
                 '"prevalence"\n      account: "press"\n      note: "A figure in circulation that')
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{rows}: external-estimates.csv: ext_sex_workers_claimed_phnom_penh_2000: method: method_not_described, "
            "but its words describe how claim_17000_phnom_penh made it: 'circulat' (circulated_claim)") in err
