"""`csecstats validate` recognises every kind of input and checks each with its own rules."""
import shutil

import pytest
import yaml

from csecstats import cli
from csecstats.inputs import paths
from csecstats.validate import kind_of


@pytest.mark.parametrize("name, kind", [
    ("figures.yml", "register"), ("sources.yml", "sources"), ("vocabulary.yml", "vocabulary"),
    ("estimates.yml", "estimates"), ("exclusions.yml", "exclusions"), ("checks.yml", "checks"),
    ("triangulation.yml", "triangulation"),
    ("cambodia-csec-country-progress-report-2004.txt", "report"),
])
def test_each_raw_file_is_recognised(name, kind):
    assert kind_of(paths.RAW / name) == kind


def test_yaml_recognised_by_top_key_when_renamed(tmp_path):
    copy = tmp_path / "draft.yml"
    shutil.copyfile(paths.RAW / "estimates.yml", copy)
    assert kind_of(copy) == "estimates"


def test_every_committed_input_is_valid(capsys):
    files = [str(p) for p in sorted(paths.RAW.glob("*.yml"))] + [str(p) for p in sorted(paths.EXTERNAL.glob("*.csv"))]
    assert cli.main(["validate", *files]) == 0, capsys.readouterr().out


def test_estimate_naming_an_unknown_figure_is_refused(tmp_path, capsys):
    data = yaml.safe_load((paths.RAW / "estimates.yml").read_text(encoding="utf-8"))
    data["estimates"][0]["inputs"] = {"before": "no_such_figure"}
    broken = tmp_path / "estimates.yml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli.main(["validate", str(broken)]) == 2
    out = capsys.readouterr().out
    assert f"{broken}: {data['estimates'][0]['id']}: inputs.before:" in out


def test_stale_exclusion_is_refused(tmp_path, capsys):
    data = yaml.safe_load((paths.RAW / "exclusions.yml").read_text(encoding="utf-8"))
    data["exclusions"].append({"snippet": "a sentence the report never wrote 99", "token": "99",
                               "class": data["exclusions"][0]["class"], "reason": "stale on purpose"})
    broken = tmp_path / "exclusions.yml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli.main(["validate", str(broken)]) == 2
    assert f"{broken}: #{len(data['exclusions'])} 99: snippet: stale exclusion" in capsys.readouterr().out


def _project(folder):
    """A copy of this project's inputs under ``folder`` (a project: pyproject.toml beside data/raw)."""
    shutil.copytree(paths.RAW, folder / "data" / "raw")
    shutil.copytree(paths.EXTERNAL, folder / "data" / "external")
    shutil.copyfile(paths.ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


def test_two_projects_one_after_the_other_in_one_process(tmp_path, unfixed_paths, capsys):
    """Paths are looked up when used, never fixed at import: the second project's broken origins.yml is
    read from the second project, and the first is valid again afterwards."""
    monkeypatch = unfixed_paths
    monkeypatch.setenv("CSECSTATS_ROOT", str(paths.ROOT))  # restored after the test (--root sets it)
    good, bad = _project(tmp_path / "good"), _project(tmp_path / "bad")
    origins = bad / "data" / "raw" / "origins.yml"
    origins.write_text(origins.read_text(encoding="utf-8").replace("sources: [unicef_1995]", "sources: []"),
                       encoding="utf-8")
    figures = ["data/raw/figures.yml", "data/raw/sources.yml"]
    assert cli.main(["--root", str(good), "validate", *(str(good / f) for f in figures)]) == 0
    capsys.readouterr()
    assert cli.main(["--root", str(bad), "validate", *(str(bad / f) for f in figures)]) == 2
    out = capsys.readouterr().out
    assert f"{bad / 'data/raw/figures.yml'}: sex_workers_phnom_penh_1992: source: no origin" in out
    assert cli.main(["--root", str(bad), "build", "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
    assert cli.main(["--root", str(good), "build", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "population.csv").is_file()



def test_validating_a_declaration_runs_the_builds_reading_of_its_folder(tmp_path, capsys):
    """A declaration that passes on its own but names an origin origins.yml lacks: validate reads the
    folder of declared sources as the build does, so the dangling reference is found, nothing written."""
    external = tmp_path / "external"
    shutil.copytree(paths.EXTERNAL, external)
    declared = external / "cambodia-population.source.yml"
    declared.write_text(declared.read_text(encoding="utf-8").replace(": census_1998\n", ": census_1997\n"),
                        encoding="utf-8")
    assert cli.main(["validate", str(declared)]) == 2
    assert f"{declared}: lineage.origin: map.census 1998 (as cited with the 2008 final results): unknown origin " \
           "'census_1997'" in capsys.readouterr().out
    assert sorted(p.name for p in external.iterdir()) == sorted(p.name for p in paths.EXTERNAL.iterdir())
