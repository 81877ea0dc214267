"""The installed package works outside the checkout.

A wheel is built (offline) from a copy of the tree, installed into a fresh
environment whose only csecstats is the wheel's (the pinned dependencies come from
the project's environment through a ``.pth`` line), and used from an empty
temporary folder: ``load_figures()``, ``csecstats audit``, ``csecstats validate FILE``.
"""
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TREE = ("src", "data/raw", "data/external", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE")
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


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh environment with the wheel installed; returns its bin/ folder."""
    base = tmp_path_factory.mktemp("wheel")
    _copy_tree(base / "tree")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(base / "dist"), str(base / "tree")], check=True, timeout=300)
    wheel, = (base / "dist").glob("csecstats-*.whl")
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


def test_wheel_load_figures_outside_the_checkout(installed, elsewhere):
    cwd, env = elsewhere
    run = _run([installed / "python", "-c", "import csecstats; f = csecstats.load_figures(); "
                "print(csecstats.__file__); print(len(f))"], cwd, env)
    assert run.returncode == 0, run.stderr
    where, count = run.stdout.split()
    assert Path(where).is_relative_to(installed.parent), f"imported {where}, not the wheel's csecstats"
    declared = yaml.safe_load((ROOT / "data/raw/figures.yml").read_text(encoding="utf-8"))["figures"]
    assert int(count) == len(declared)
    assert list(cwd.iterdir()) == []


def test_wheel_audit_outside_the_checkout(installed, elsewhere):
    cwd, env = elsewhere
    run = _run([installed / "csecstats", "audit"], cwd, env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "coverage    100.0%" in run.stdout
    assert "nothing was written" not in run.stdout + run.stderr


def test_wheel_validate_a_file_outside_the_checkout(installed, elsewhere):
    cwd, env = elsewhere
    copy = cwd / "figures.yml"
    shutil.copyfile(ROOT / "data/raw/figures.yml", copy)
    run = _run([installed / "csecstats", "validate", copy.name], cwd, env)
    assert (run.returncode, run.stdout.strip()) == (0, "1 file(s) valid"), run.stderr
    copy.write_text(copy.read_text(encoding="utf-8").replace("unit: persons", "unit: people", 1), encoding="utf-8")
    run = _run([installed / "csecstats", "validate", copy.name], cwd, env)
    assert run.returncode == 2 and "figures.yml: " in run.stdout and ": unit: " in run.stdout, run.stdout


def test_wheel_build_outside_a_project_says_how_to_name_one(installed, elsewhere):
    cwd, env = elsewhere
    run = _run([installed / "csecstats", "build"], cwd, env)
    assert run.returncode == 64
    assert "--root DIR" in run.stderr and "CSECSTATS_ROOT" in run.stderr
    assert list(cwd.iterdir()) == []
