"""pytest from any folder: nbval's sanitiser file is given with an absolute path.

A relative ``--nbval-sanitize-with`` in ``addopts`` is read from the working folder,
so ``pytest --nbval notebooks/`` run from ``notebooks/`` (or anywhere but the
repository root) failed every cell. The option is set here instead, from this file's
folder, unless given on the command line.

Under pytest-xdist, the units of work (modules, notebooks) are handed out longest first (below).
"""
from pathlib import Path

import pytest

SANITIZE = Path(__file__).resolve().parent / "tests" / "nbval_sanitize.cfg"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    option = config.option
    if getattr(option, "nbval", False) and getattr(option, "nbval_sanitize_with", "unset") is None:
        option.nbval_sanitize_with = str(SANITIZE)


def _long_chain(item) -> int:
    """0 for an end-to-end check (a chain of processes: wheel, browser, other pytest runs), 1 for a notebook
    (a kernel runs its cells in order), 2 for the rest."""
    if item.get_closest_marker("e2e"):
        return 0
    return 1 if item.path.suffix == ".ipynb" else 2


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist, the longest units of work start first. Each module (each notebook) is one unit
    (``--dist loadscope``), handed out in collection order (``--no-loadscope-reorder``): end-to-end modules,
    then notebooks, then the rest by number of tests (what xdist orders by otherwise). Started last, one
    end-to-end module kept a worker busy long after the other had finished. A serial run keeps file order."""
    if not hasattr(config, "workerinput"):
        return
    scopes: dict[str, list] = {}
    for item in items:
        scopes.setdefault(item.nodeid.rsplit("::", 1)[0], []).append(item)  # xdist's scope of a test
    ordered = sorted(scopes.values(), key=lambda unit: (min(map(_long_chain, unit)), -len(unit)))
    items[:] = [item for unit in ordered for item in unit]
