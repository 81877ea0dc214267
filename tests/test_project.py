"""Project-level contracts: the import layers hold (import-linter). Packaging: tests/test_packaging.py."""
import ast
import configparser
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "csecstats"

# The import rule lives in .importlinter (import-linter's layers contract): each module imports only
# modules of lower layers, and modules of one layer do not import each other.
CONTRACT = ROOT / ".importlinter"
# What the layers do, lowest first (docs/ARCHITECTURE.md names each module's part).
PARTS = ("library", "build", "presentation", "command")


def _module_name(path: Path) -> str:
    """``register/load.py`` -> ``register.load``; a package's ``__init__.py`` -> the package; the root -> ``""``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield _module_name(path), path


KNOWN = {name for name, _ in _modules()}


def layers() -> list[list[str]]:
    """The contract's layers, lowest first, each the modules (dotted, under csecstats) on one line."""
    config = configparser.ConfigParser()
    config.read(CONTRACT)
    lines = config["importlinter:contract:layers"]["layers"].strip().splitlines()
    return [[m.strip().removeprefix("csecstats.") for m in line.split("|")] for line in reversed(lines)]


def _lint(contract: Path) -> int:
    from importlinter.cli import lint_imports
    return lint_imports(config_filename=str(contract), no_cache=True)


def test_import_linter_keeps_the_layers():
    assert _lint(CONTRACT) == 0


def test_the_contract_would_catch_an_upward_import(tmp_path):
    """The same contract with its lowest layer moved to the top: the layers are checked, so it breaks."""
    text = CONTRACT.read_text()
    lowest = "    csecstats." + " | csecstats.".join(layers()[0])
    broken = text.replace(lowest + "\n", "").replace("layers =\n", f"layers =\n{lowest}\n")
    assert broken != text
    (tmp_path / ".importlinter").write_text(broken)
    assert _lint(tmp_path / ".importlinter") == 1


def test_every_module_is_in_one_layer():
    listed = [m for layer in layers() for m in layer]
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    assert sorted(listed) == sorted(modules), "every module sits on one line of .importlinter"


def test_sub_packages_import_nothing_in_their_init():
    for module, path in _modules():
        if path.name == "__init__.py" and module:
            tree = ast.parse(path.read_text())
            assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))], path


def test_each_part_of_the_package_is_one_run_of_layers():
    """A folder's modules sit together in the order: no part is interleaved with another."""
    spans: dict[str, list[int]] = {}
    for i, layer in enumerate(layers()):
        for module in layer:
            spans.setdefault(module.split(".")[0], []).append(i)
    ordered = sorted(spans.items(), key=lambda kv: (min(kv[1]), max(kv[1])))
    for (part, at), (later, after) in zip(ordered, ordered[1:]):
        assert max(at) <= min(after), f"{part} (layers {sorted(at)}) interleaves with {later} ({sorted(after)})"


def test_architecture_table_lists_every_module_in_layer_order():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    rows = re.findall(r"^\| (\w+) \| `csecstats\.([\w.]+)` \|", text, re.M)
    index = {m: i for i, layer in enumerate(layers()) for m in layer}
    assert sorted(m for _, m in rows) == sorted(index), "every module documented once"
    assert [index[m] for _, m in rows] == sorted(index[m] for _, m in rows), "rows in layer order"
    assert [PARTS.index(p) for p, _ in rows] == sorted(PARTS.index(p) for p, _ in rows), "parts in order"


# A module is one step and fits in a reading; a function does one thing and fits on a screen.
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


def test_every_module_compiles_without_a_warning():
    """An invalid escape in a docstring ('\\w') warns when the module is compiled, and will be an error in a later
    Python: every module of the package, the tests, benchmarks and scripts compiles silently."""
    import warnings
    found = []
    for path in sorted([*PACKAGE.rglob("*.py"), *(ROOT / "tests").glob("*.py"), *(ROOT / "benchmarks").glob("*.py"),
                        *(ROOT / "scripts").glob("*.py")]):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        found += [f"{path.name}:{w.lineno}: {w.message}" for w in caught]
    assert found == []


def test_every_test_module_reading_the_shared_chart_drawings_is_in_their_unit_of_work():
    """Under pytest-xdist the chart drawings (tests/chart_drawings.py, cached per process) are made once per run only
    while every module reading them is handed to one worker with them (conftest.SHARED_UNITS)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)
    readers = {f"tests/{path.name}" for path in (ROOT / "tests").glob("test_*.py")
               if re.search(r"^\s*import chart_drawings\b", path.read_text(encoding="utf-8"), re.MULTILINE)}
    assert readers and readers == set(root_conftest.SHARED_UNITS)


def test_every_benchmark_names_what_the_package_has():
    """Every name a script of benchmarks/ imports from the package exists (and every module it names): a renamed
    or withdrawn one fails here, not in `make bench`. The scripts' own imports are read, not run."""
    import importlib
    named = []
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "csecstats":
                named += [(script.name, node.module, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                named += [(script.name, alias.name, None) for alias in node.names if alias.name.startswith("csecstats")]
    assert len({script for script, _, _ in named}) >= 5

    def has(module: str, name: str | None) -> bool:
        try:
            found = importlib.import_module(module)
        except ModuleNotFoundError:
            return False
        return (name is None or hasattr(found, name)
                or hasattr(found, "__path__") and importlib.util.find_spec(f"{module}.{name}") is not None)
    missing = [(script, module, name) for script, module, name in named if not has(module, name)]
    assert not missing, missing


# Importing scipy.stats takes about a second on this machine (scipy.special, which holds what the intervals
# need, a third of that): the tables, the estimates and the command never import it. Only drawing the
# distribution chart does, through seaborn.
def _imports_scipy_stats(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            lines += [node.lineno for alias in node.names if alias.name.startswith("scipy.stats")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("scipy.stats") or (node.module == "scipy"
                                                         and any(a.name == "stats" for a in node.names)):
                lines.append(node.lineno)
    return lines


def test_no_module_imports_scipy_stats():
    found = {module: lines for module, path in _modules() if (lines := _imports_scipy_stats(ast.parse(path.read_text())))}
    assert found == {}
    assert _imports_scipy_stats(ast.parse("from scipy import special, stats\nimport scipy.stats.mstats")) == [1, 2]


def test_the_build_the_estimates_and_the_command_load_no_scipy_stats_seaborn_or_matplotlib():
    """Every module but the charts' and the notebook runner's, imported in a fresh process: nothing pulls in
    scipy.stats, seaborn or matplotlib (each a second or so of import before the build could start)."""
    names = sorted(f"csecstats.{m}" for m, _ in _modules() if m and not m.startswith(("charts", "publish")))
    probe = (f"import importlib, sys\nfor name in {names!r}:\n    importlib.import_module(name)\n"
             "print(sorted(m for m in ('scipy.stats', 'seaborn', 'matplotlib') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["[]"]
    assert len(names) > 60
