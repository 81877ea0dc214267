"""A row is defined as one of the definitions its indicator declares (``indicators.values.NAME.definitions`` in its
source's declaration): every real row is; every row of every declared source given every other definition is
refused exactly when its indicator does not declare it; a declaration without the list, or naming no definition of
definitions.yml, is refused; and through the build, the victims rescued in 2016 defined as persons arrested."""
from __future__ import annotations

from csecstats.analysis.row_lineage import definition_problems
from csecstats.cli import main
from real_inputs import project, project_copy, raw_rows, refused, replace_once

DECLARED = "is declared to count"


def test_every_row_given_every_definition_is_refused_unless_its_indicator_declares_it():
    lineage, _, sources = project()
    tried = refused_here = 0
    for source in sources.declared:
        indicators = source.spec.get("indicators")
        if not indicators:
            continue
        for raw in raw_rows(source):
            allowed = indicators["values"][raw[indicators["column"]]]["definitions"]
            for definition in lineage.definitions:
                found = definition_problems(source, [raw], [{"definition": definition, "note": ""}], ["row"])
                said = [p for p in found if DECLARED in p.message]
                # refused when its indicator does not declare it: by this rule, or first by the row's words
                assert found or definition in allowed, (source.spec["data"], raw["_row"], definition)
                assert not said or definition not in allowed
                # named where the definition is written: the row's annotation, or the declaration's mapping
                assert all(p.field == "definition" for p in said if "annotations" in source.spec["lineage"])
                tried += 1
                refused_here += bool(found) and definition not in allowed
    assert tried >= 1600 and refused_here >= 1500, (tried, refused_here)


def test_the_message_names_the_definition_and_what_the_indicator_counts():
    _, _, sources = project()
    source = next(s for s in sources.declared if s.spec["data"] == "external-enforcement.csv")
    raw = next(r for r in raw_rows(source) if r["indicator"] == "victims_rescued")
    [problem] = definition_problems(source, [raw], [{"definition": "persons_arrested", "note": ""}], ["enf_x"])
    assert (problem.entry, problem.field) == ("external-enforcement.csv: enf_x", "definition")
    assert problem.message == "'persons_arrested', but its indicator 'victims_rescued' is declared to count 'victims_rescued'"


def test_the_build_refuses_victims_rescued_defined_as_persons_arrested(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/external_rows.yml",
                 '      definition: "victims_rescued"\n      measures: "detection"\n      account: "press"\n'
                 '      note: "NCCT figure, as relayed in 2018."',
                 '      definition: "persons_arrested"\n      measures: "detection"\n      account: "press"\n'
                 '      note: "NCCT figure, as relayed in 2018."')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/external_rows.yml'}: external-enforcement.csv: enf_victims_rescued_cambodia_2016_2: "
            "definition: 'persons_arrested', but its indicator 'victims_rescued' is declared to count "
            "'victims_rescued'") in err


def test_a_declaration_without_the_list_or_naming_an_unknown_definition_is_refused(tmp_path, capsys):
    root = project_copy(tmp_path)
    declared = root / "data/external/external-estimates.source.yml"
    replace_once(declared, ", definitions: [brothel_based]}", "}")
    replace_once(declared, "definitions: [outside_brothels]", "definitions: [outside_brothel]")
    assert main(["--root", str(root), "validate", str(declared)]) == 2
    out = capsys.readouterr().out
    assert (f"{declared}: indicators.values.direct_sex_workers: definitions: expected the list of definitions a row "
            "of it may have (definitions.yml)") in out
    replace_once(declared, "    direct_sex_workers: {unit: persons,", "    direct_sex_workers: {definitions: [brothel_based], unit: persons,")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{declared}: indicators.values.indirect_sex_workers: definitions: 'outside_brothel' is not a definition "
            "of data/raw/definitions.yml") in err
