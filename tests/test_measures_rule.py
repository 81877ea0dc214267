"""What a number can measure follows from how it was made (`method_measures` in external_rows.yml): an agency's
records of its own caseload measure detection or activity, never prevalence; a count, survey or model of people
measures prevalence. Tried on every annotated real row and on a declared source."""
from __future__ import annotations


import pytest
import yaml_c
from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.cli import main
from csecstats.inputs import paths
from csecstats.register.lineage import MEASURES, load_lineage
from real_inputs import project_copy


def real_rows() -> list[tuple[str, str, str, str]]:
    """(table, row key, method, measures) of every annotated row whose method says what it can measure."""
    lineage, problems = load_lineage()
    assert problems == [] and lineage.method_measures
    return [(table, key, spec["method"], spec["measures"]) for table, rows in lineage.external.items()
            for key, spec in rows.items() if spec["method"] in lineage.method_measures]


def test_every_annotated_row_measures_what_its_method_can():
    lineage, _ = load_lineage()
    rows = real_rows()
    assert len(rows) >= 29
    assert all(measures in lineage.method_measures[method] for _, _, method, measures in rows)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_row_said_to_measure_what_its_method_cannot_is_refused(tmp_path_factory, data):
    table, key, method, measures = data.draw(st.sampled_from(real_rows()), label="row")
    allowed = load_lineage()[0].method_measures[method]
    other = data.draw(st.sampled_from([m for m in MEASURES if m not in allowed]), label="measures")
    loaded = yaml_c.safe_load(paths.EXTERNAL_ROWS_FILE.read_text(encoding="utf-8"))
    loaded["tables"][table][key]["measures"] = other
    path = tmp_path_factory.mktemp("rows") / "external_rows.yml"
    path.write_text(yaml_c.safe_dump(loaded, sort_keys=False, allow_unicode=True), encoding="utf-8")
    problems = load_lineage(external_rows=path)[1]
    assert [(p.path, p.entry, p.field) for p in problems] == [(str(path), f"{table}: {key}", "measures")]
    assert problems[0].message.startswith(f"{other}: a number made by {method} measures ")


def test_method_measures_names_known_methods_and_measures(tmp_path):
    loaded = yaml_c.safe_load(paths.EXTERNAL_ROWS_FILE.read_text(encoding="utf-8"))
    loaded["method_measures"] = {"head_count": ["prevalence"], "direct_count": ["incidence"], "venue_survey": []}
    path = tmp_path / "external_rows.yml"
    path.write_text(yaml_c.safe_dump(loaded, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert sorted((p.entry, p.field) for p in load_lineage(external_rows=path)[1]) == [
        ("method_measures.direct_count", "(measures)"), ("method_measures.head_count", "(key)"),
        ("method_measures.venue_survey", "(measures)")]


def test_a_declared_source_measuring_what_its_methods_cannot_is_refused_in_its_declaration(tmp_path, capsys):
    root = project_copy(tmp_path)
    declaration = root / "data/external/cambodia-population.source.yml"
    text = declaration.read_text(encoding="utf-8")
    assert "  measures: prevalence\n" in text
    declaration.write_text(text.replace("  measures: prevalence\n", "  measures: detection\n"), encoding="utf-8")
    assert main(["--root", str(root), "build", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert (f"{declaration}: lineage.measures: (value): detection: a number made by direct_count measures "
            "prevalence") in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("method, measures, refused", [
    ("administrative_count", "prevalence", True), ("administrative_count", "detection", False),
    ("direct_count", "detection", True), ("method_not_described", "detection", False)])
def test_measures_problem_reads_the_declared_table(method, measures, refused):
    from csecstats.register.lineage import measures_problem
    assert (measures_problem(load_lineage()[0], method, measures) is not None) is refused
