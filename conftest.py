"""pytest from any folder: nbval's sanitiser file is given with an absolute path.

A relative ``--nbval-sanitize-with`` in ``addopts`` is read from the working folder,
so ``pytest --nbval notebooks/`` run from ``notebooks/`` (or anywhere but the
repository root) failed every cell. The option is set here instead, from this file's
folder, unless given on the command line.
"""
from pathlib import Path

import pytest

SANITIZE = Path(__file__).resolve().parent / "tests" / "nbval_sanitize.cfg"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    option = config.option
    if getattr(option, "nbval", False) and getattr(option, "nbval_sanitize_with", "unset") is None:
        option.nbval_sanitize_with = str(SANITIZE)
