"""Project-level contracts: environment.yml matches pyproject, stages import only earlier stages."""
import ast
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "csecstats"

# module (dotted, under csecstats) -> stage. A module may import only modules of an earlier stage,
# whether it imports them relatively or absolutely (docs/ARCHITECTURE.md draws the parts).
STAGES = {
    "inputs.paths": 0, "inputs.errors": 0, "inputs.reading": 1, "inputs.fingerprint": 1, "inputs.files": 1,
    "inputs.cells": 2, "inputs.freshness": 2,
    "source.reader": 2, "source.parse": 2,
    "register.caveats": 2, "register.load": 3, "register.grades": 3, "register.figures": 4, "register.breaks": 4, "register.lineage": 4,
    "register.audit": 5,
    "tables.declared": 5, "tables.schema": 6, "tables.datapackage": 6, "tables.built": 6, "tables.figures": 7,
    "analysis.checks": 8, "analysis.external": 8, "analysis.formulas": 8, "analysis.declarations": 9,
    "analysis.tip": 9, "analysis.estimates": 10, "analysis.triangulation": 11, "analysis.draws": 11, "analysis.design_effects": 11,
    "build": 12, "validate": 12,
    "charts.style": 13, "charts.labels": 13, "charts.plots": 14, "charts.page": 14, "charts.periods": 14, "charts.distributions": 15,
    "charts.data": 15,
    "charts.describe": 16, "charts.catalogue": 17, "charts.export": 18,
    "publish.gallery": 19, "publish.notebooks": 19,
    "cli": 20,
}
# Layers, named for what they do: the library computes tables in memory, the build composes it and
# writes (or checks inputs without writing), presentation reads what was built; the command runs them.
LAYERS = {"library": range(0, 12), "build": range(12, 13), "presentation": range(13, 20), "command": range(20, 21)}


def layer(stage: int) -> str:
    return next(name for name, stages in LAYERS.items() if stage in stages)

def _requirement(line: str) -> tuple[str, str]:
    name, _, version = re.split(r"(==|=)", line.strip(), maxsplit=1)
    return name.strip().lower().replace("_", "-"), version.strip()


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = dict(_requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(_requirement(d) for d in env["dependencies"]
                 if isinstance(d, str) and not d.startswith(("python", "pip")))
    assert conda == pinned


def test_output_packages_are_pinned_exactly():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = dict(_requirement(r) for r in project["dependencies"])
    for name in ("pandas", "numpy", "matplotlib", "seaborn"):
        assert re.fullmatch(r"\d+\.\d+\.\d+", pins[name]), name
    lock = dict(_requirement(l) for l in (ROOT / "requirements.lock").read_text().splitlines() if "==" in l)
    for name, version in pins.items():
        assert lock[name] == version, f"requirements.lock disagrees with pyproject on {name}"


def _module_name(path: Path) -> str:
    """``register/load.py`` -> ``register.load``; a package's ``__init__.py`` -> the package; the root -> ``""``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield _module_name(path), path


KNOWN = {name for name, _ in _modules()}


def imports_of(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every csecstats module or package ``source`` imports, relative or absolute, as a dotted name.

    A name imported from a module (``from ..register.load import read_all``) counts as that module;
    ``from csecstats.analysis import estimates`` as ``analysis.estimates``; ``import csecstats.x`` as ``x``.
    A name taken from the package root is ``csecstats.NAME``."""
    here = module.split(".") if module else []
    package = here if is_package else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                assert node.level - 1 <= len(package), f"{module}: relative import beyond the package"
                target = package[:len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            elif node.module == "csecstats" or (node.module or "").startswith("csecstats."):
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                candidate = ".".join(target + [alias.name])
                found.add(candidate if candidate in KNOWN else ".".join(target) or f"csecstats.{alias.name}")
        elif isinstance(node, ast.Import):
            found |= {".".join(a.name.split(".")[1:]) for a in node.names
                      if a.name == "csecstats" or a.name.startswith("csecstats.")}
    return found


def _stage_of(name: str) -> int:
    """A module's stage; a sub-package's is that of its earliest module (its ``__init__`` imports nothing)."""
    if name in STAGES:
        return STAGES[name]
    members = [s for m, s in STAGES.items() if m.startswith(name + ".")]
    assert members, f"unknown csecstats module {name}"
    return min(members)


@pytest.mark.parametrize("source, imported", [
    ("from csecstats import analysis", "analysis"),
    ("from csecstats import estimates", "csecstats.estimates"),
    ("from csecstats.analysis import estimates", "analysis.estimates"),
    ("import csecstats.analysis.estimates", "analysis.estimates"),
    ("from csecstats.analysis.estimates import load_estimates", "analysis.estimates"),
    ("from ..analysis import estimates", "analysis.estimates"),
    ("from ..analysis.estimates import load_estimates", "analysis.estimates"),
    ("from .style import DPI", "charts.style"),
    ("from . import plots", "charts.plots"),
])
def test_the_layering_test_sees_every_import_form(source, imported):
    assert imported in imports_of(source, "charts.export")


@pytest.mark.parametrize("module, path", list(_modules()), ids=lambda x: str(x))
def test_each_stage_imports_only_earlier_stages(module, path):
    imported = imports_of(path.read_text(), module, is_package=path.name == "__init__.py")
    if module == "":
        return  # the package root exposes load_figures/load_sources lazily; nothing imports it but __version__
    if path.name == "__init__.py":
        assert not imported, f"{path}: a sub-package's __init__ imports nothing (its modules are imported by name)"
        return
    for name in imported - {module}:
        if name.startswith("csecstats."):
            assert name == "csecstats.__version__", f"{module} imports {name} from the package root"
            continue
        assert _stage_of(name) < STAGES[module], \
            f"{module} (stage {STAGES[module]}) imports {name} (stage {_stage_of(name)})"


def test_each_part_of_the_package_is_one_run_of_stages():
    """A folder's modules sit together in the order: no part is interleaved with another."""
    spans: dict[str, list[int]] = {}
    for module, stage in STAGES.items():
        spans.setdefault(module.split(".")[0], []).append(stage)
    ordered = sorted(spans.items(), key=lambda kv: min(kv[1]))
    for (part, stages), (later, after) in zip(ordered, ordered[1:]):
        assert max(stages) <= min(after), f"{part} (stages {sorted(stages)}) interleaves with {later} ({sorted(after)})"


def test_every_module_has_a_stage():
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    assert modules == set(STAGES), "every module has a stage in tests/test_project.py and docs/ARCHITECTURE.md"


def test_architecture_table_lists_every_module_at_its_stage_in_order():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    rows = re.findall(r"^\| (\w+) \| (\d+) \| `csecstats\.([\w.]+)` \|", text, re.M)
    documented = [(m, int(st), lay) for lay, st, m in rows]
    assert documented == sorted(documented, key=lambda row: row[1]), "rows in stage order"
    assert {m: (st, lay) for m, st, lay in documented} == {m: (st, layer(st)) for m, st in STAGES.items()}


def test_each_module_docstring_states_its_stage():
    for module, path in _modules():
        if module not in STAGES:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        assert f"Stage {STAGES[module]}." in doc, f"{path}: docstring should say 'Stage {STAGES[module]}.'"


# A module is one stage and fits in a reading; a function does one thing and fits on a screen.
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60


def test_no_module_is_over_the_size_limit():
    sizes = {str(path.relative_to(PACKAGE)): len(path.read_text().splitlines()) for _, path in _modules()}
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}, f"over {MAX_MODULE_LINES} lines"


def test_no_function_is_over_the_size_limit():
    long = {}
    for _, path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.name}"] = lines
    assert long == {}, f"over {MAX_FUNCTION_LINES} lines"
