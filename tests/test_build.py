"""The build: byte-for-byte round trip, atomic writes, the CLI, and the data package."""
import json
from pathlib import Path

import pytest

from csecstats import build, cli
from csecstats.inputs import paths
from csecstats.inputs.files import write_atomically
from csecstats.inputs.fingerprint import sha256_file
import real_inputs


@pytest.fixture(scope="module")
def outputs():
    return real_inputs.data_outputs()  # built once per test process


def test_failed_build_writes_nothing(scratch, tmp_path, monkeypatch):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "figures.csv").write_bytes(b"previous\n")
    scratch.edit_figure("suspected_cases_2003", phrase="258")
    monkeypatch.setattr(paths, "REGISTER_FILE", scratch.path("figures.yml"))
    assert cli.main(["build", "--out", str(out)]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["figures.csv"]
    assert (out / "figures.csv").read_bytes() == b"previous\n"


def test_write_atomically_replaces_all_files(tmp_path):
    written = write_atomically({"a.csv": b"1\n", "b.csv": b"2\n"}, tmp_path)
    assert [p.name for p in written] == ["a.csv", "b.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_validate_cli_exit_codes(scratch, capsys):
    assert cli.main(["validate", str(paths.REGISTER_FILE), str(paths.SOURCES_FILE)]) == 0
    scratch.edit_figure("suspected_cases_2003", unit="no_such_unit", source="nowhere")
    assert cli.main(["validate", str(scratch.path("figures.yml"))]) == 2
    out = capsys.readouterr().out
    assert f"{scratch.path('figures.yml')}: suspected_cases_2003: unit: unknown unit 'no_such_unit'" in out
    assert f"{scratch.path('figures.yml')}: suspected_cases_2003: source: unknown source id 'nowhere'" in out


def test_validate_does_not_write(scratch):
    before = {p.name: sha256_file(p) for p in paths.PROCESSED.iterdir() if p.is_file()}
    scratch.edit_figure("suspected_cases_2003", phrase="258")
    cli.main(["validate", str(scratch.path("figures.yml"))])
    assert {p.name: sha256_file(p) for p in paths.PROCESSED.iterdir() if p.is_file()} == before


def test_every_subcommand_has_help(capsys):
    """In this process: `python -m csecstats.cli` in a fresh one is run by test_hostile.py and test_cli.py."""
    parser = cli.parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert sub.description, name
    with pytest.raises(SystemExit) as stopped:
        cli.main(["validate", "--help"])
    assert stopped.value.code == 0 and "PATH" in capsys.readouterr().out


def test_frictionless_accepts_the_data_package():
    """The committed package as `frictionless validate datapackage.json` checks it (the same function, in this
    process: the command's own start-up took seconds and checked nothing more)."""
    import frictionless  # a test dependency
    report = frictionless.validate(str(paths.PROCESSED / "datapackage.json"))
    assert report.valid, json.dumps(report.to_dict())[:2000]


def test_datapackage_describes_every_field(outputs):
    package = json.loads(outputs["datapackage.json"])
    assert package["licenses"] and package["sources"]
    import csv
    import io
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO(outputs[resource["path"]].decode())))
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        assert all(f["description"] for f in resource["schema"]["fields"])


def test_figures_carry_the_grade_figure_grades_explains(outputs):
    import io

    import pandas as pd
    figures = pd.read_csv(io.BytesIO(outputs["figures.csv"]))
    reasons = pd.read_csv(io.BytesIO(outputs["figure_grades.csv"]))
    assert figures["evidence_grade"].tolist() == reasons["evidence_grade"].tolist()
    assert figures.set_index("figure_id").loc["suspected_cases_2003", "evidence_grade"] == "A"
    assert figures.set_index("figure_id").loc["sex_workers_change_phnom_penh_after_untac", "evidence_grade"] == "D"


def test_a_column_without_a_description_fails_the_build(monkeypatch, tmp_path):
    import dataclasses

    from csecstats.inputs.errors import ValidationFailed
    from csecstats.tables import declared
    figures = declared.TABLES["figures"]
    blank = dataclasses.replace(figures.columns[1], description=" ")
    monkeypatch.setitem(declared.TABLES, "figures",
                        dataclasses.replace(figures, columns=(figures.columns[0], blank, *figures.columns[2:])))
    with pytest.raises(ValidationFailed) as failed:
        build.run(tmp_path / "out")
    assert [(p.entry, p.field) for p in failed.value.problems] == [(f"figures.{blank.name}", "description")]
    assert not (tmp_path / "out").exists()


def test_a_table_without_a_declaration_is_refused(outputs):
    from csecstats.inputs.errors import ValidationFailed
    from csecstats.tables.datapackage import descriptor
    with pytest.raises(ValidationFailed, match="no declaration"):
        descriptor({**outputs, "undeclared.csv": b"a\n1\n"}, [])


def test_the_build_reads_each_input_once(monkeypatch):
    """One reader: every YAML input and every declared data file is read exactly once per build (the
    lineage, the breaks, the vocabulary and the estimate declarations are passed down, not re-read)."""
    from csecstats.inputs import reading
    counts: dict[str, int] = {}
    original = reading.read_bytes

    def counting(path, *args, **kwargs):
        counts[Path(path).name] = counts.get(Path(path).name, 0) + 1
        return original(path, *args, **kwargs)

    monkeypatch.setattr(reading, "read_bytes", counting)
    build.data_outputs()
    inputs = {p.name for p in paths.RAW.glob("*.yml")} - {"exclusions.yml"}  # the audit's, not the build's
    inputs |= {p.name for p in paths.EXTERNAL.iterdir() if p.suffix in (".csv", ".yml")}
    assert {name: counts.get(name, 0) for name in inputs} == {name: 1 for name in inputs}


def test_analysis_functions_read_no_file(monkeypatch):
    """Pure analysis: given what the build reads (the context, the declarations, the comparisons, the declared
    sources, the lineage, the tables), the estimates, assumptions, sensitivity, design effects, triangulation,
    denominators and rates open no file. A hidden read or an ``x or load_x()`` fallback raises here."""
    import builtins
    import os

    from csecstats import built_tables
    from csecstats.analysis import declarations, estimates, triangulation
    from csecstats.analysis.design_effects import design_effects
    from csecstats.analysis.external import project_sources
    from csecstats.analysis.population import population_accounts
    from csecstats.analysis.rates import rate_tables
    from csecstats.register.lineage import load_lineage

    context = declarations.default_context()
    specified = declarations.declared_estimates(None, context)
    comparisons, sources, lineage = triangulation.load_comparisons(), project_sources(), load_lineage()[0]
    tip = next(sources.frames[s.name] for s in sources.declared if s.spec.get("reading") == "tip_periods")
    built = dict(built_tables())

    def refuse(*args, **kwargs):
        raise AssertionError(f"an analysis function opened a file: {args[:1]}")

    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr(builtins, "open", refuse)
    with pytest.raises(AssertionError, match="opened a file"):  # the guard holds: a reader is stopped
        triangulation.load_comparisons()
    table = estimates.estimates_table(context, draws=2_000)
    assert len(table) == len(specified)
    assert len(estimates.assumptions_table(context=context)) and len(estimates.sensitivity(context=context, draws=2_000))
    assert len(design_effects(specified))
    tri = triangulation.triangulate(built, table, comparisons, tip, sources, lineage)
    assert set(tri["record_id"]) >= set(table["estimate_id"]) & {e for e, _ in comparisons.estimates.items()}
    rated = rate_tables(built, population_accounts(sources))
    assert len(rated["rates"]) and len(rated["denominators"])


def test_a_build_sets_the_imported_objects_aside_from_the_collector_only_while_it_runs(nothing_set_aside):
    import gc
    from csecstats.build import imports_set_aside
    assert gc.get_freeze_count() == 0
    before = gc.get_threshold()
    with imports_set_aside():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert gc.get_threshold() == (max(10_000, before[0]), *before[1:])  # young collections made rarer
        with imports_set_aside():  # (an object set aside may still be freed meanwhile, by another thread)
            assert gc.get_freeze_count() <= frozen  # a nested block sets nothing more aside
        assert 0.99 * frozen < gc.get_freeze_count() <= frozen  # and leaves the outer one's in place
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
    with pytest.raises(RuntimeError), imports_set_aside():
        raise RuntimeError("a failed build")
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
