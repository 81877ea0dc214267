"""What the package declares: supported ranges in pyproject.toml, the exact versions in requirements.lock,
the same packages in environment.yml, and a core that pulls in no Jupyter front end."""
import re
import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
EXTRAS = PROJECT["optional-dependencies"]
DECLARED = [Requirement(r) for r in PROJECT["dependencies"] + [r for group in EXTRAS.values() for r in group]]
LOCK = {canonicalize_name(name): version for name, version in
        (line.split("==") for line in (ROOT / "requirements.lock").read_text().splitlines() if "==" in line)}
# Jupyter's front ends and the notebook runner: what the core must not install.
FRONT_ENDS = {"jupyter", "jupyterlab", "notebook", "nbclassic", "jupyter-server", "jupyter-console", "qtconsole",
              "voila", "ipykernel", "nbclient", "ipywidgets"}


def test_every_requirement_is_a_range_the_locked_version_satisfies():
    for req in DECLARED:
        name = canonicalize_name(req.name)
        operators = {spec.operator for spec in req.specifier}
        assert ">=" in operators and "==" not in operators, f"{req}: declare a supported range, not a pin"
        if name != "setuptools":  # setuptools: only a lower bound (the wheel build's minimum)
            assert "<" in operators, f"{req}: give an upper bound (the next major version or a tested one)"
        assert name in LOCK, f"requirements.lock has no exact version of {name}"
        assert req.specifier.contains(LOCK[name]), f"requirements.lock's {name}=={LOCK[name]} is outside {req}"
        lowest = next(spec.version for spec in req.specifier if spec.operator == ">=")
        assert lowest == LOCK[name], f"{req}: the minimum is the tested version, {LOCK[name]}"


def test_output_packages_are_locked_exactly():
    for name in ("numpy", "pandas", "matplotlib", "seaborn", "scipy", "pandera"):
        assert re.fullmatch(r"\d+\.\d+\.\d+", LOCK[name]), name


def test_environment_yml_names_the_same_packages_at_the_locked_versions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(re.split(r"=", d, maxsplit=1) for d in env["dependencies"]
                 if isinstance(d, str) and not d.startswith(("python", "pip")))
    conda = {canonicalize_name(name): version for name, version in conda.items()}
    assert set(conda) == {canonicalize_name(r.name) for r in DECLARED}
    assert conda == {name: LOCK[name] for name in conda}


def test_the_notebooks_extra_holds_the_runner_and_the_front_end():
    extra = {canonicalize_name(Requirement(r).name) for r in EXTRAS["notebooks"]}
    assert {"jupyter", "ipykernel", "nbclient", "nbformat"} <= extra
    assert not FRONT_ENDS & {canonicalize_name(Requirement(r).name) for r in PROJECT["dependencies"]}


def core_closure() -> set[str]:
    """Every distribution the core dependencies install, followed through the installed packages' metadata
    (no extras, markers evaluated for this interpreter)."""
    env = {**default_environment(), "extra": ""}
    seen, todo = set(), [Requirement(r) for r in PROJECT["dependencies"]]
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if name in seen or (req.marker and not req.marker.evaluate(env)):
            continue
        seen.add(name)
        todo += [Requirement(r) for r in metadata.requires(name) or []]
    return seen


def test_the_core_pulls_in_no_jupyter_front_end_even_indirectly():
    closure = core_closure()
    assert {"pandas", "numpy", "pandera", "matplotlib"} <= closure
    assert not FRONT_ENDS & closure, f"the core installs {sorted(FRONT_ENDS & closure)}"


def test_importing_under_an_unsupported_pandas_says_why(tmp_path):
    """A pandas outside the declared range (installed by force) is refused on import, naming the version
    and the fix, before anything fails deep inside the build."""
    fake = tmp_path / "site"
    (fake / "pandas").mkdir(parents=True)
    (fake / "pandas" / "__init__.py").write_text("raise ImportError('the fake pandas must not be imported')\n")
    (fake / "pandas-3.1.1.dist-info").mkdir()
    (fake / "pandas-3.1.1.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: pandas\nVersion: 3.1.1\n")
    run = subprocess.run([sys.executable, "-c", "import csecstats"], capture_output=True, text=True, timeout=60,
                         env={"PYTHONPATH": str(fake), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 1
    assert ("ImportError: csecstats supports pandas below 3.0, found pandas 3.1.1: pandas 3 reads missing text "
            "as NaN") in run.stderr and "pip install 'pandas<3'" in run.stderr, run.stderr
    ok = subprocess.run([sys.executable, "-c", "import csecstats"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr


def test_building_with_a_too_old_setuptools_says_which_is_needed(tmp_path):
    """setuptools 65 fails on the SPDX licence string with an opaque error; setup.py stops first and says
    what pyproject.toml's build-system requires."""
    required = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert required == ["setuptools>=77"]
    (tmp_path / "setuptools").mkdir()
    (tmp_path / "setuptools" / "__init__.py").write_text("__version__ = '65.5.0'\n")
    run = subprocess.run([sys.executable, str(ROOT / "setup.py"), "--version"], capture_output=True, text=True,
                         timeout=60, cwd=tmp_path, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 1
    assert ("csecstats: building needs setuptools 77 or later (pyproject.toml's SPDX licence string), "
            "found setuptools 65.5.0") in run.stderr, run.stderr


def test_make_keeps_the_rewritten_test_modules_whatever_the_environment_says():
    """README: `make` unsets PYTHONDONTWRITEBYTECODE for its commands (pytest then keeps the test modules it
    rewrites), here where the environment sets it."""
    probe = "probe-environment: ; @echo $${PYTHONDONTWRITEBYTECODE-unset}"
    run = subprocess.run(["make", "-s", "--no-print-directory", "--eval", probe, "probe-environment"], cwd=ROOT,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "unset", run.stdout + run.stderr
