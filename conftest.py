"""pytest from any folder: nbval's sanitiser file is given with an absolute path.

A relative ``--nbval-sanitize-with`` in ``addopts`` is read from the working folder,
so ``pytest --nbval notebooks/`` run from ``notebooks/`` (or anywhere but the
repository root) failed every cell. The option is set here instead, from this file's
folder, unless given on the command line.

Each notebook runs once per session: through the installed wheel (the README's reviewer recipe) when that
test runs, else in the suite. Under pytest-xdist, the units of work (modules, notebooks; the modules drawing charts
together) are handed out longest first. Each test process sets what it collected aside from the garbage collector.
"""
import contextlib
import gc
import os
import sys
from pathlib import Path

import pytest

SANITIZE = Path(__file__).resolve().parent / "tests" / "nbval_sanitize.cfg"

# Hypothesis loads the plugins other packages register for it when it is first imported; here that is trio's (a
# dependency of the notebook stack), which imports trio and runs a full garbage collection (~0.15 s in every test
# process, and in the main one at its summary). The tests use none; pytest runs started by the tests inherit this.
os.environ.setdefault("HYPOTHESIS_NO_PLUGINS", "1")

# One test process per core (pytest-xdist), and each numerical library keeps to one thread in it and in the processes
# it starts (the reviewer recipe's kernels): with a thread pool per library per process they contend for the same
# cores (the reviewer recipe spent ~1 s more CPU). A value set in the environment is kept.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    option = config.option
    if getattr(option, "nbval", False) and getattr(option, "nbval_sanitize_with", "unset") is None:
        option.nbval_sanitize_with = str(SANITIZE)


# Test modules reading one per-process cache of chart drawings (tests/chart_drawings.py): one unit of work, so
# that the charts are drawn once per run, not once in each worker that gets one of these modules.
SHARED_UNITS = {f"tests/{name}": "tests/chart_drawings.py"
                for name in ("test_chart_layout.py", "test_charts.py", "test_tip_chart.py", "test_draws.py",
                             "test_rates.py")}


def unit_of(nodeid: str) -> str:
    """The unit of work of a test under pytest-xdist: its module (a notebook: all its cells; xdist's
    ``loadscope``), or the shared unit its module belongs to."""
    return SHARED_UNITS.get(nodeid.split("::", 1)[0], nodeid.rsplit("::", 1)[0])


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: a run without xdist (-p no:xdist) has no such hook
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope`` with the units of ``unit_of``."""
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class UnitScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)
    return UnitScheduling(config, log)


def _long_chain(item) -> int:
    """0 for an end-to-end check (a chain of processes: wheel, browser, other pytest runs), 1 for a notebook
    (a kernel runs its cells in order), 2 for the rest."""
    if item.get_closest_marker("e2e"):
        return 0
    return 1 if item.path.suffix == ".ipynb" else 2


# The README's reviewer recipe (tests/test_wheel.py): strict nbval, without the sanitiser, on every notebook of
# notebooks/, copied out of the checkout and run with the installed wheel.
REVIEWER_RECIPE = "tests/test_wheel.py::test_reviewer_recipe_strict_nbval_on_every_notebook_from_an_empty_folder"
NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


def covered_by_the_reviewer_recipe(items: list) -> list:
    """The notebooks' own cells when the reviewer recipe runs in the same session: it reruns every one of them
    more strictly (no sanitiser, outside the checkout, from the wheel), so a cell it passes passes here too."""
    if not any(item.nodeid == REVIEWER_RECIPE for item in items):
        return []
    return [item for item in items if item.path.suffix == ".ipynb" and item.path.parent == NOTEBOOKS]


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected what they deselect
def pytest_collection_modifyitems(config, items):
    """Each notebook is run once per session: by the reviewer recipe when it runs (``make test``), else here
    (``make test-fast``, ``pytest notebooks/``). Then, under pytest-xdist, the longest units of work start
    first. Units (``unit_of``) are handed out in collection order (``--no-loadscope-reorder``): end-to-end
    modules, then notebooks, then the rest by number of tests (what xdist orders by otherwise). Started last, one
    end-to-end module kept a worker busy long after the other had finished. A serial run keeps file order."""
    covered = covered_by_the_reviewer_recipe(items)
    if covered:
        config.hook.pytest_deselected(items=covered)
        covered = set(covered)
        items[:] = [item for item in items if item not in covered]
    if not hasattr(config, "workerinput"):
        return
    units: dict[str, list] = {}
    for item in items:
        units.setdefault(unit_of(item.nodeid), []).append(item)
    ordered = sorted(units.values(), key=lambda unit: (min(map(_long_chain, unit)), -len(unit)))
    items[:] = [item for unit in ordered for item in unit]


def pytest_terminal_summary(terminalreporter):
    """Say where the notebooks ran when the reviewer recipe took them over (under xdist the deselection happens
    in the workers, and the summary would not mention it)."""
    reports = (r for kept in terminalreporter.stats.values() for r in kept if hasattr(r, "nodeid"))
    if any(r.nodeid == REVIEWER_RECIPE and getattr(r, "when", "") == "call" for r in reports):
        terminalreporter.write_line(f"notebooks: strict nbval ran once, every notebook, in {REVIEWER_RECIPE} "
                                    "(installed wheel, empty folder, no sanitiser), not cell by cell in the suite")


# The objects alive once the tests are collected (the libraries, the test modules, the items: hundreds of thousands
# in a test process) are set aside from the garbage collector for the session, as a build sets aside what it imported
# (csecstats.build.imports_set_aside, whose block this is; the builds the tests run nest in it): every full
# collection walked them all again, about a fifth of a test process's time. Young collections are made rarer
# too: tests allocate in bulk, and most of what they allocate is freed by reference counting.
SET_ASIDE = contextlib.ExitStack()


def _set_aside() -> None:
    if "csecstats" in sys.modules:  # a session testing the project (not tests/test_nbval_anywhere.py's own run)
        from csecstats.build import imports_set_aside
        gc.collect()
        SET_ASIDE.enter_context(imports_set_aside())
        gc.set_threshold(10_000, 10, 10)  # a young collection every 10,000 allocations, not 700


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    _set_aside()


def pytest_sessionfinish(session):
    SET_ASIDE.close()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Everything still alive when a test process ends is set aside from the collector: the interpreter's last full
    collection walked every drawing, report and cache a session kept (~2 s in a worker, each time after the last
    test; the run waits for it). Only in a process that ends with the session (a pytest-xdist worker, or pytest
    run as a program), never in one that goes on after ``pytest.main()``."""
    if os.environ.get("PYTEST_XDIST_WORKER") or Path(sys.argv[0]).name in ("pytest", "py.test", "__main__.py"):
        gc.freeze()


@pytest.fixture
def nothing_set_aside():
    """The session's objects given back to the collector while a test of ``imports_set_aside`` itself runs."""
    SET_ASIDE.close()
    yield
    _set_aside()
