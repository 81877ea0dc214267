"""`csecstats validate` recognises every kind of input and checks each with its own rules."""
import shutil

import pytest
import yaml_c
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csecstats import cli
from csecstats.inputs import paths
from csecstats.inputs.fingerprint import sha256_file
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
    data = yaml_c.safe_load((paths.RAW / "estimates.yml").read_text(encoding="utf-8"))
    data["estimates"][0]["inputs"] = {"before": "no_such_figure"}
    broken = tmp_path / "estimates.yml"
    broken.write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli.main(["validate", str(broken)]) == 2
    out = capsys.readouterr().out
    assert f"{broken}: {data['estimates'][0]['id']}: inputs.before:" in out


def test_stale_exclusion_is_refused(tmp_path, capsys):
    data = yaml_c.safe_load((paths.RAW / "exclusions.yml").read_text(encoding="utf-8"))
    data["exclusions"].append({"snippet": "a sentence the report never wrote 99", "token": "99",
                               "class": "name", "reason": "stale on purpose"})
    broken = tmp_path / "exclusions.yml"
    broken.write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
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


# ---------------------------------------------------------------- validate FILE runs the build's checks on FILE

def _problem_lines(text: str, **names) -> set[str]:
    """The PATH: ENTRY: FIELD: message lines of an output, each path given as a name (``CSV=path``)."""
    lines = set()
    for line in text.splitlines():
        for name, path in sorted(names.items(), key=lambda kv: -len(str(kv[1]))):
            line = line.replace(str(path), name)
        if ": " in line and not line.startswith(("wrote", "csecstats")) and "problem(s)" not in line:
            lines.add(line)
    return lines


def _with_sums(path):
    (path.parent / "SHA256SUMS").write_text(f"{sha256_file(path)}  {path.name}\n", encoding="utf-8")
    return path


@settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(["external-estimates.csv", "external-enforcement.csv"]), data=st.data())
def test_a_data_file_outside_its_folder_is_read_in_place_of_the_declared_one(tmp_path, capsys, table, data, unpinned):
    """A copy of a real table with one row left out passes every check of the file alone (its own SHA256SUMS
    beside it); the build, reading it in place of the declared data file, finds its annotation without a row:
    validate names that, as the build would, and exits 2."""
    lines = (paths.EXTERNAL / table).read_text(encoding="utf-8").splitlines(keepends=True)
    n = data.draw(st.integers(1, len(lines) - 1), label="row left out")
    copy = tmp_path / table
    copy.write_text("".join(lines[:n] + lines[n + 1:]), encoding="utf-8")
    _with_sums(copy)
    assert cli.main(["validate", str(copy)]) == 2
    out = capsys.readouterr().out
    assert f"{paths.EXTERNAL_ROWS_FILE}: {table}: " in out and f": (entry): no such row in {copy}" in out, out


def test_validate_file_and_the_build_refuse_a_data_file_with_the_same_messages(tmp_path, unfixed_paths, capsys):
    """The same edited table given to `validate FILE` from a folder of its own, and put in a project's
    data/external for `build`: the same problems, file for file."""
    unfixed_paths.setenv("CSECSTATS_ROOT", str(paths.ROOT))
    table = "external-enforcement.csv"
    lines = (paths.EXTERNAL / table).read_text(encoding="utf-8").splitlines(keepends=True)
    edited = "".join(lines[:-1])
    alone = tmp_path / "alone" / table
    alone.parent.mkdir()
    alone.write_text(edited, encoding="utf-8")
    _with_sums(alone)
    assert cli.main(["validate", str(alone)]) == 2
    said = _problem_lines(capsys.readouterr().out, CSV=alone, RAW=paths.RAW)
    root = _project(tmp_path / "project")
    placed = root / "data" / "external" / table
    placed.write_text(edited, encoding="utf-8")
    sums = placed.parent / "SHA256SUMS"
    sums.write_text("".join(line if not line.rstrip().endswith(f"  {table}") else f"{sha256_file(placed)}  {table}\n"
                            for line in sums.read_text(encoding="utf-8").splitlines(keepends=True)), encoding="utf-8")
    assert cli.main(["--root", str(root), "build", "--out", str(tmp_path / "out")]) == 2
    built = _problem_lines(capsys.readouterr().err, CSV=placed, RAW=root / "data" / "raw")
    assert said and said == built, (said, built)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name, change, expected", [
    ("origins.yml", ("sources: [unicef_1995]", "sources: []"),
     "figures.yml: sex_workers_phnom_penh_1992: source: no origin: list source 'unicef_1995'"),
])
def test_a_lineage_file_is_read_in_place_of_the_projects_own(tmp_path, capsys, name, change, expected):
    """A lineage file that passes on its own but leaves a figure without an origin: the build's reading of it
    finds the figure, so validate does."""
    edited = tmp_path / name
    text = (paths.RAW / name).read_text(encoding="utf-8")
    assert change[0] in text
    edited.write_text(text.replace(*change), encoding="utf-8")
    from csecstats.register.lineage import load_lineage
    assert load_lineage(origins=edited)[1] == []  # nothing wrong with the file on its own
    assert cli.main(["validate", str(edited)]) == 2
    assert f"{paths.REGISTER_FILE.parent / expected}" in capsys.readouterr().out
