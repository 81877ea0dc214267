"""Project-level contracts: environment.yml matches pyproject, stages import only earlier stages."""
import ast
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "csecstats"

# module -> stage; a module may import only modules of an earlier stage (docs/ARCHITECTURE.md).
STAGES = {
    "paths": 0, "errors": 0, "fingerprint": 1, "files": 1,
    "reader": 2, "parse": 2, "grades": 2, "freshness": 2,
    "register": 3, "schema": 3,
    "checks": 4, "tables": 5,
    "external": 6,
    "estimates": 7, "triangulation": 8,
    "charts": 9, "audit": 9,
    "datapackage": 10, "build": 11, "validate": 11, "gallery": 12, "notebooks": 12,
    "cli": 13, "__init__": 14,
}


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


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            mods = [node.module] if node.module else [a.name for a in node.names]
            found |= {m.split(".")[0] for m in mods}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("csecstats."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("csecstats.")}
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        yield (rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem), path


@pytest.mark.parametrize("module, path", list(_modules()), ids=lambda x: str(x))
def test_each_stage_imports_only_earlier_stages(module, path):
    assert module in STAGES, f"{module} has no stage in tests/test_project.py and docs/ARCHITECTURE.md"
    for imported in _imports(path) - {module}:
        if imported in ("__version__",):
            continue
        assert imported in STAGES, f"{module} imports unknown module {imported}"
        assert STAGES[imported] < STAGES[module] or (module == "__init__"), \
            f"{module} (stage {STAGES[module]}) imports {imported} (stage {STAGES[imported]})"


def test_no_unsafe_loading_in_library():
    for module, path in _modules():
        text = path.read_text()
        assert "yaml.load(" not in text or "SafeLoader" in text, module
        assert not re.search(r"\b(eval|exec)\(|pickle", text), module


def test_architecture_table_lists_every_module_at_its_stage():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    documented = {m: int(st) for st, m in re.findall(r"^\| (\d+) \| `csecstats\.(\w+)` \|", text, re.M)}
    assert documented == {m: st for m, st in STAGES.items() if m != "__init__"}


def test_each_module_docstring_states_its_stage():
    for module, path in _modules():
        if module == "__init__" or (path.parent.name == "charts" and path.name != "__init__.py"):
            continue
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        assert f"Stage {STAGES[module]}." in doc, f"{path.name}: docstring should say 'Stage {STAGES[module]}.'"
