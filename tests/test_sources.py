"""Declared sources: keys and references checked in the build and by frictionless; population as data."""
import json
import shutil
import subprocess

import frictionless
import pandas as pd
import pytest

from csecstats import cli
from csecstats.inputs import paths
from csecstats.tables.sources import declaration
import real_inputs

ROOT = paths.ROOT


@pytest.fixture(scope="module")
def outputs():
    return real_inputs.data_outputs()  # built once per test process


def _package(outputs, folder):
    for name, data in outputs.items():
        (folder / name).write_bytes(data)
    return folder / "datapackage.json"



def test_every_declared_reference_resolves_and_frictionless_checks_the_keys(outputs, tmp_path):
    descriptor = json.loads(outputs["datapackage.json"])
    keys = {r["name"]: r["schema"].get("foreignKeys", []) for r in descriptor["resources"]}
    refers = {(name, k["fields"][0], k["reference"]["resource"]) for name, ks in keys.items() for k in ks}
    assert ("tip-enforcement", "law_2008") in {("tip-enforcement", b) for b in
                                                pd.read_csv(pd.io.common.BytesIO(outputs["tip_breaks.csv"]))["break_id"]}
    assert {("figures", "origin_id", "origins"), ("figures", "source_id", "sources"),
            ("figures", "definition", "definitions"), ("tip-enforcement", "origin_id", "origins"),
            ("external-estimates", "origin_id", "origins"), ("population", "origin_id", "origins"),
            ("population", "definition", "definitions"), ("figure-references", "figure_id", "figures"),
            ("tip-breaks", "break_id", "breaks"), ("tip-breaks", "tip_id", "tip-enforcement")} <= refers
    assert frictionless.validate(str(_package(outputs, tmp_path))).valid
    assert _invalid_keys(tmp_path) == set()
    # The same package with one origin removed: frictionless names the dangling keys. (frictionless 5.18
    # checks the keys of a resource that other resources refer to only when validated apart from them,
    # so each resource with keys is validated with the resources it refers to.)
    origins = pd.read_csv(tmp_path / "origins.csv", dtype=str, keep_default_na=False)
    origins[origins["origin_id"] != "us_tip_reports"].to_csv(tmp_path / "origins.csv", index=False)
    assert _invalid_keys(tmp_path) == {"tip-enforcement"}


def test_rates_and_denominators_refer_to_the_rows_they_rest_on(outputs, tmp_path):
    """Each rate names its denominator, each denominator the population accounts it uses: foreign keys in
    datapackage.json that frictionless checks; a population account removed leaves them dangling."""
    descriptor = json.loads(outputs["datapackage.json"])
    keys = {r["name"]: r["schema"].get("foreignKeys", []) for r in descriptor["resources"]}
    refers = {(name, k["fields"][0], k["reference"]["resource"]) for name, ks in keys.items() for k in ks}
    assert {("rates", "denominator_id", "denominators"), ("denominator-accounts", "population_id", "population"),
            ("denominator-accounts", "denominator_id", "denominators")} <= refers
    _package(outputs, tmp_path)
    used = pd.read_csv(tmp_path / "denominator_accounts.csv")
    assert len(used) and set(used["population_id"]) <= set(pd.read_csv(tmp_path / "population.csv")["population_id"])
    assert _invalid_keys(tmp_path) == set()
    population = pd.read_csv(tmp_path / "population.csv", dtype=str, keep_default_na=False)
    population[population["population_id"] != used["population_id"].iloc[0]].to_csv(tmp_path / "population.csv",
                                                                                     index=False)
    assert "denominator-accounts" in _invalid_keys(tmp_path)


def _invalid_keys(folder) -> set[str]:
    """The resources of the package in ``folder`` whose foreign keys frictionless finds dangling."""
    descriptor = json.loads((folder / "datapackage.json").read_text())
    by_name = {r["name"]: {k: v for k, v in r.items() if k not in ("hash", "bytes")} for r in descriptor["resources"]}
    invalid = set()
    for name, resource in by_name.items():
        refers = sorted({k["reference"]["resource"] for k in resource["schema"].get("foreignKeys", [])})
        if refers:
            report = frictionless.validate({**descriptor, "resources": [resource] + [by_name[r] for r in refers]},
                                           basepath=str(folder))
            if not report.valid:
                assert {e.type for t in report.tasks for e in t.errors} == {"foreign-key"}
                invalid.add(name)
    return invalid

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


SYNTHETIC_CSV = """year,geography,group,value,unit,source,quote
2019,Cambodia,total,3500000,persons,Household listing,"3,500,000 people in listed households"
2019,Cambodia,female,1200000,persons,Household listing,"1,200,000 people in households headed by women"
"""
SYNTHETIC_DECLARATION = """data: households.csv
schema:
  fields:
    - {name: year, type: year, constraints: {required: true}}
    - {name: geography, type: string, constraints: {required: true}, vocabulary: geographies}
    - {name: group, type: string, constraints: {required: true, enum: [total, female]}}
    - {name: value, type: integer, constraints: {required: true, minimum: 1}}
    - {name: unit, type: string, constraints: {required: true, enum: [persons]}}
    - {name: source, type: string, constraints: {required: true}}
    - {name: quote, type: string, constraints: {required: true}}
entry: "{group} {year} {geography}"
ids: {column: household_id, pattern: "hh_{group}_{geography}_{year}"}
period: {year: year}
bounds: {value: value}
lineage:
  origin: household_listing_2019
  qualifier: exact
  method: direct_count
  definition: {by: group, map: {total: households, female: households_headed_by_women}}
  measures: prevalence
  account: official
  note: "A synthetic table following docs/ADDING_A_SOURCE.md."
triangulation: {indicator: group, source: "{source}", described_as: [source]}
table:
  name: households
  title: Households (synthetic)
  description: A table added by following docs/ADDING_A_SOURCE.md.
  primaryKey: household_id
  foreignKeys:
    - {fields: origin_id, reference: {resource: origins, fields: origin_id}}
    - {fields: definition, reference: {resource: definitions, fields: definition}}
  fields:
    - {name: household_id, type: string, description: Identifier.}
    - {name: year, type: integer, description: Year counted.}
    - {name: period_start, type: date, description: First day of the year.}
    - {name: period_end, type: date, description: Last day of the year.}
    - {name: geography, type: string, description: Place counted.}
    - {name: group, type: string, description: Which households.}
    - {name: value, type: number, description: Households counted.}
    - {name: unit, type: string, description: persons (people in listed households).}
    - {name: source, type: string, description: Who published it.}
    - {name: quote, type: string, description: The words the number rests on.}
    - lineage
"""
SYNTHETIC_ORIGIN = """
  - id: household_listing_2019
    producer: "A statistics office"
    title: "Household listing 2019"
    year: 2019
    method: "Every household listed and its members counted."
    methods: [direct_count]
    counted: "Households."
    held: primary
    accounts: "data/external/households.csv"
    sources: []
    figures: []
"""


def test_a_new_source_is_data_files_only_and_its_new_definition_is_never_compared(tmp_path, unfixed_paths):
    """docs/ADDING_A_SOURCE.md followed in a copy of the project: data file, SHA-256, declaration, origin,
    definitions and a triangulation quantity; the build takes it, and its rows (a new definition) are set
    beside no other row although the population rows share their quantity, place and year."""
    from csecstats.inputs.fingerprint import sha256_bytes
    monkeypatch = unfixed_paths
    monkeypatch.setenv("CSECSTATS_ROOT", str(paths.ROOT))
    root = tmp_path / "project"
    shutil.copytree(paths.RAW, root / "data" / "raw")
    shutil.copytree(paths.EXTERNAL, root / "data" / "external")
    shutil.copyfile(paths.ROOT / "pyproject.toml", root / "pyproject.toml")
    external, raw = root / "data" / "external", root / "data" / "raw"
    (external / "households.csv").write_text(SYNTHETIC_CSV, encoding="utf-8")
    with open(external / "SHA256SUMS", "a", encoding="utf-8") as sums:
        sums.write(f"{sha256_bytes(SYNTHETIC_CSV.encode())}  households.csv\n")
    (external / "households.source.yml").write_text(SYNTHETIC_DECLARATION, encoding="utf-8")
    with open(raw / "origins.yml", "a", encoding="utf-8") as origins:
        origins.write(SYNTHETIC_ORIGIN)
    definitions = (raw / "definitions.yml").read_text(encoding="utf-8")
    (raw / "definitions.yml").write_text(definitions.replace("\ndefinitions:\n", "\ndefinitions:\n"
                                         "  households: \"People in listed households (a listing, not a census).\"\n"
                                         "  households_headed_by_women: \"People in households headed by a woman.\"\n"),
                                         encoding="utf-8")
    assert cli.main(["--root", str(root), "validate", str(external / "households.csv"),
                     str(external / "households.source.yml")]) == 0
    assert cli.main(["--root", str(root), "build"]) == 0
    processed = root / "data" / "processed"
    households = pd.read_csv(processed / "households.csv")
    assert list(households["household_id"]) == ["hh_total_cambodia_2019", "hh_female_cambodia_2019"]
    assert list(households["evidence_grade"]) == ["B", "B"] and set(households["origin_id"]) == {"household_listing_2019"}
    assert "households" in {r["name"] for r in json.loads((processed / "datapackage.json").read_text())["resources"]}
    tri = pd.read_csv(processed / "triangulation.csv")
    ours = tri[tri["record_id"].str.startswith("hh_")]
    assert len(ours) == 2 and ours["status"].isna().all() and ours["compared_with"].isna().all()
    others = tri.loc[~tri["record_id"].str.startswith("hh_"), "compared_with"].dropna()
    assert not others.str.contains("hh_").any()
    population = tri[(tri["quantity"] == "population") & (tri["year"] == 2019) & (tri["geography"] == "Cambodia")]
    assert population["status"].notna().any()  # the same quantity, place and year: only the definition differs
