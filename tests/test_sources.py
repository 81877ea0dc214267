"""Declared sources: keys and references checked in the build and by frictionless; population as data."""
import json
import shutil
import subprocess

import frictionless
import pandas as pd
import pytest

from csecstats import build, cli
from csecstats.inputs import paths
from csecstats.tables.sources import declaration

ROOT = paths.ROOT


@pytest.fixture(scope="module")
def outputs():
    return build.data_outputs()


def _package(outputs, folder):
    for name, data in outputs.items():
        (folder / name).write_bytes(data)
    return folder / "datapackage.json"


def test_every_declared_reference_resolves_and_frictionless_checks_the_keys(outputs, tmp_path):
    descriptor = json.loads(outputs["datapackage.json"])
    keys = {r["name"]: r["schema"].get("foreignKeys", []) for r in descriptor["resources"]}
    refers = {(name, k["fields"][0], k["reference"]["resource"]) for name, ks in keys.items() for k in ks}
    assert {("figures", "origin_id", "origins"), ("figures", "source_id", "sources"),
            ("figures", "definition", "definitions"), ("tip-enforcement", "origin_id", "origins"),
            ("external-estimates", "origin_id", "origins"), ("population", "origin_id", "origins"),
            ("population", "definition", "definitions")} <= refers
    assert frictionless.validate(str(_package(outputs, tmp_path))).valid
    # The same package with one origin removed: frictionless names the dangling key.
    origins = pd.read_csv(tmp_path / "origins.csv", dtype=str, keep_default_na=False)
    origins[origins["origin_id"] != "us_tip_reports"].to_csv(tmp_path / "origins.csv", index=False)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    for r in descriptor["resources"]:
        r.pop("hash"), r.pop("bytes")
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert {e.type for t in report.tasks for e in t.errors} == {"foreign-key"}


def test_a_dangling_origin_is_one_problem_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    external = tmp_path / "external"
    shutil.copytree(paths.EXTERNAL, external)
    declared = external / "tip-report-cambodia-enforcement.source.yml"
    declared.write_text(declared.read_text().replace("origin: us_tip_reports", "origin: us_tip_report_2004"))
    monkeypatch.setattr(paths, "EXTERNAL", external)
    out = tmp_path / "processed"
    out.mkdir()
    assert cli.main(["build", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{declared}: lineage.origin: (value): unknown origin 'us_tip_report_2004'" in err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("edit, entry, field", [
    (("type: integer, constraints: {required: true}}", "type: money, constraints: {required: true}}"),
     "schema.fields.value", "type"),
    (("    - {name: group,", "    - {name: cohort,"), "table.fields.cohort", "name"),
    (("measures: prevalence", "measures: incidence"), "lineage.measures", "(value)"),
    (("census_1998", "census_1997"), "lineage.origin", "map.census 1998 (as cited with the 2008 final results)"),
    (("period_kinds}", "kinds_of_period}"), "table.fields.period_kind", "isin"),
    (("rename:", "renames:"), "renames", "(key)"),
])
def test_a_bad_declaration_is_one_problem_naming_entry_and_field(edit, entry, field, tmp_path, monkeypatch, capsys):
    external = tmp_path / "external"
    shutil.copytree(paths.EXTERNAL, external)
    declared = external / "cambodia-population.source.yml"
    declared.write_text(declared.read_text().replace(*edit, 1))
    monkeypatch.setattr(paths, "EXTERNAL", external)
    out = tmp_path / "processed"
    out.mkdir()
    assert cli.main(["build", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{declared}: {entry}: {field}: " in err, err[:2000]
    assert list(out.iterdir()) == []


def test_data_not_matching_its_declaration_names_row_and_field(tmp_path, capsys):
    data = (paths.EXTERNAL / "cambodia-population.csv").read_text(encoding="utf-8")
    bad = tmp_path / "cambodia-population.csv"
    bad.write_text(data.replace("2019-03-03,Phnom Penh,total,2129371", "2019-03-03,Phnom Penh,everyone,2129371"),
                   encoding="utf-8")
    assert cli.main(["validate", str(bad)]) == 2
    assert f"{bad}: row 13 (everyone 2019-03-03 Phnom Penh): population: unknown population 'everyone'" \
        in capsys.readouterr().out


def test_population_reaches_the_tables_with_lineage_and_disagreements(outputs):
    population = pd.read_csv(pd.io.common.BytesIO(outputs["population.csv"]))
    assert len(population) == 19 and population["origin_id"].notna().all()
    assert set(population["origin_id"]) == {"census_1998", "cips_2004", "census_2008", "uniap_siren_2008", "census_2019"}
    row = population.set_index("population_id").loc["pop_total_cambodia_1998"]
    assert (row["value"], row["low"], row["high"], row["bounds_basis"]) == (11_400_000, 11_350_000, 11_450_000, "rounding")
    tri = pd.read_csv(pd.io.common.BytesIO(outputs["triangulation.csv"])).set_index("record_id")
    assert tri.at["pop_total_phnom_penh_2019-03-03", "status"] == "disagree"          # 2,129,371 vs 2.3 million
    assert tri.at["pop_total_cambodia_2019-03-03", "status"] == "disagree"            # provisional vs final
    assert "same_origin: pop_total_cambodia_2008-03-03_2" in tri.at["pop_total_cambodia_2008-03-03", "compared_with"]
    # a total is never compared with a count of women
    assert not tri.loc["pop_female_cambodia_2019-03-03", "compared_with"].count("pop_total")


def test_the_commit_adding_population_touches_no_python():
    log = subprocess.run(["git", "-C", str(ROOT), "log", "--format=%H", "--diff-filter=A", "--",
                          "data/external/cambodia-population.source.yml"], capture_output=True, text=True)
    commits = log.stdout.split()
    if not commits:
        pytest.skip("not a git checkout with history")
    changed = subprocess.run(["git", "-C", str(ROOT), "show", "--name-only", "--format=", commits[-1]],
                             capture_output=True, text=True).stdout.split()
    assert "data/external/cambodia-population.csv" in changed
    assert [f for f in changed if f.endswith(".py")] == []


def test_the_population_copy_is_byte_for_byte_and_declared_once():
    source, problems = declaration(paths.EXTERNAL / "cambodia-population.source.yml", None)
    assert problems == [] and source.table.name == "population"
    sums = (paths.EXTERNAL / "SHA256SUMS").read_text()
    assert "19558aab9eec1243a5ea3ceb983b6727868805c687d0927419673b0d0f0862a7  cambodia-population.csv" in sums
