"""The installed package works outside the checkout.

A wheel is built (offline) from a copy of the tree, installed into a fresh
environment whose only csecstats is the wheel's (the pinned dependencies come from
the project's environment through a ``.pth`` line), and used from an empty
temporary folder: ``load_figures()`` and ``built_tables()`` (one process), ``csecstats audit``,
``csecstats validate FILE``, and strict nbval on every notebook (the README's
reviewer recipe). Its metadata declares ranges and no Jupyter front end in the core.
"""
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pandas as pd
from packaging.requirements import Requirement

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TREE = ("src", "data/raw", "data/external", "data/processed", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE")
pytestmark = pytest.mark.e2e  # builds and installs a wheel: `make test-fast` skips it


def _copy_tree(target: Path) -> None:
    """What a wheel is built from, without build/ or egg-info leftovers of the checkout."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "_data")
    for part in TREE:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=ignore)
        else:
            shutil.copyfile(source, target / part)


def _build_wheel(tree: Path, dist: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                           "--no-index", "-w", str(dist), str(tree)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a copy of the tree."""
    base = tmp_path_factory.mktemp("wheel")
    _copy_tree(base / "tree")
    built = _build_wheel(base / "tree", base / "dist")
    assert built.returncode == 0, built.stdout + built.stderr
    wheel, = (base / "dist").glob("csecstats-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh environment with the wheel installed; returns its bin/ folder."""
    base = tmp_path_factory.mktemp("env")
    venv.create(base / "env", with_pip=False)
    python = base / "env" / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, timeout=300)
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "zz_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return base / "env" / "bin"


@pytest.fixture
def elsewhere(tmp_path) -> tuple[Path, dict]:
    """An empty working folder outside any checkout, and an environment naming no project."""
    env = {k: v for k, v in os.environ.items() if k not in ("CSECSTATS_ROOT", "PYTHONPATH")}
    return tmp_path, env


def _run(args, cwd, env):
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_wheel_library_outside_the_checkout_reads_its_own_figures_and_the_committed_tables(installed, elsewhere):
    """One Python process: ``load_figures()`` and ``built_tables()`` from the wheel's own copies, no warning."""
    cwd, env = elsewhere
    script = ("import warnings; warnings.simplefilter('error'); import csecstats; f = csecstats.load_figures(); "
              "print(csecstats.__file__); print(len(f)); t = csecstats.built_tables(); "
              "print(t.folder); print(len(t)); t['figures'].to_csv('figures.csv', index=False); "
              "print(t['figures']['value'].dtype)")
    run = _run([installed / "python", "-c", script], cwd, env)
    assert run.returncode == 0, run.stderr  # no StaleTables warning either: the copy matches the inputs shipped
    where, figures, folder, count, dtype = run.stdout.split()
    assert Path(where).is_relative_to(installed.parent), f"imported {where}, not the wheel's csecstats"
    declared = yaml.safe_load((ROOT / "data/raw/figures.yml").read_text(encoding="utf-8"))["figures"]
    assert int(figures) == len(declared)
    assert Path(folder).is_relative_to(installed.parent) and Path(folder).name == "processed", folder
    assert int(count) == len(list((ROOT / "data/processed").glob("*.csv")))
    assert dtype == "float64"
    assert sorted(p.name for p in cwd.iterdir()) == ["figures.csv"]  # the one file the script wrote
    assert (cwd / "figures.csv").read_bytes() == (ROOT / "data/processed/figures.csv").read_bytes()


def test_wheel_audit_outside_the_checkout(installed, elsewhere):
    cwd, env = elsewhere
    run = _run([installed / "csecstats", "audit"], cwd, env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "coverage    100.0%" in run.stdout
    assert "nothing was written" not in run.stdout + run.stderr


def test_wheel_validate_a_file_outside_the_checkout(installed, elsewhere):
    cwd, env = elsewhere
    """The register with one unit changed: exit 2 and that one problem alone, so every other check of the register
    (quotes against the report, sources, vocabulary, arithmetic) passed against the wheel's own inputs."""
    copy = cwd / "figures.yml"
    text = (ROOT / "data/raw/figures.yml").read_text(encoding="utf-8")
    copy.write_text(text.replace("unit: persons", "unit: people", 1), encoding="utf-8")
    run = _run([installed / "csecstats", "validate", copy.name], cwd, env)
    problem, = run.stdout.splitlines()
    assert run.returncode == 2 and problem.startswith("figures.yml: ") and ": unit: unknown unit 'people'" in problem, \
        run.stdout + run.stderr


def test_wheel_build_outside_a_project_says_how_to_name_one(installed, elsewhere):
    cwd, env = elsewhere
    run = _run([installed / "csecstats", "build"], cwd, env)
    assert run.returncode == 64
    assert "--root DIR" in run.stderr and "CSECSTATS_ROOT" in run.stderr
    assert list(cwd.iterdir()) == []
    # The answer comes before the build's libraries load (pandas alone takes a fifth of a second), here and for the
    # gallery, the other command that needs a project and has libraries of its own.
    script = ("import sys; from csecstats.cli import main\nfor command in ('build', 'gallery'):\n"
              "    print(command, main([command]))\n"
              "print(sorted(m for m in ('pandas', 'numpy', 'csecstats.build', 'csecstats.publish.gallery') "
              "if m in sys.modules))")
    run = _run([installed / "python", "-c", script], cwd, env)
    assert run.stdout.splitlines() == ["build 64", "gallery 64", "[]"], run.stdout + run.stderr


def test_wheel_metadata_declares_ranges_and_no_jupyter_front_end_in_the_core(wheel):
    with zipfile.ZipFile(wheel) as archive:
        meta, = (n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        lines = archive.read(meta).decode("utf-8").splitlines()
        shipped = set(archive.namelist())
    requires = [Requirement(line.split(":", 1)[1]) for line in lines if line.startswith("Requires-Dist:")]
    core = {r.name.lower() for r in requires if r.marker is None}
    assert {"numpy", "pandas", "matplotlib", "seaborn", "scipy", "pandera", "pyyaml", "confusable-homoglyphs",
            "pydantic", "pillow"} == core
    assert not core & {"jupyter", "jupyterlab", "notebook", "ipykernel", "nbclient", "nbformat"}
    notebooks = {r.name.lower() for r in requires if r.marker and r.marker.evaluate({"extra": "notebooks"})}
    assert {"jupyter", "ipykernel", "nbclient", "nbformat"} <= notebooks
    pandas_range, = (r.specifier for r in requires if r.name == "pandas")
    assert pandas_range.contains("2.3.3") and not pandas_range.contains("3.0.0") and not pandas_range.contains("2.2.0")
    assert "Provides-Extra: notebooks" in lines
    for table in (ROOT / "data/processed").iterdir():
        assert f"csecstats/_data/processed/{table.name}" in shipped, table.name


def test_a_wheel_is_never_built_with_stale_tables(tmp_path):
    _copy_tree(tmp_path / "tree")
    sources = tmp_path / "tree" / "data" / "raw" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    built = _build_wheel(tmp_path / "tree", tmp_path / "dist")
    assert built.returncode != 0 and not list((tmp_path / "dist").glob("*.whl"))
    assert "data/processed is stale (data/raw/sources.yml changed since it was built)" in built.stdout + built.stderr


@pytest.mark.bytes
def test_reviewer_recipe_strict_nbval_on_every_notebook_from_an_empty_folder(installed, elsewhere):
    """The README's reviewer recipe: the wheel installed, the notebooks copied into an empty folder, strict
    nbval (no sanitiser, no project configuration) passes every cell."""
    cwd, env = elsewhere
    shutil.copytree(ROOT / "notebooks", cwd / "notebooks", ignore=shutil.ignore_patterns(".*"))
    # The environment reaches the project's test plugins (through the .pth line), a reviewer's has none of them:
    # random order, Hypothesis (which imports all of itself for its summary), anyio and typeguard are left out.
    run = _run([installed / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                "-p", "no:hypothesispytest", "-p", "no:anyio", "-p", "no:typeguard", "--nbval", "--nbval-current-env",
                "notebooks"], cwd, env)
    assert run.returncode == 0, run.stdout[-4000:]
    assert " failed" not in run.stdout and " passed" in run.stdout, run.stdout[-2000:]
    assert sorted(p.name for p in cwd.iterdir()) == ["notebooks"]
