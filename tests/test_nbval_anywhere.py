"""``pytest --nbval`` passes whichever folder it is started from (the sanitiser path is absolute), and
``pytest -n 2`` needs no extra flag to keep a notebook's cells in one worker.

One pytest, started in a temporary folder outside the checkout and spread over two workers, runs a three-cell
notebook kept in the checkout for this (tests/nbval_anywhere/, which the suite itself does not collect): its
second and third cells read what the first one made, so cells spread over workers fail with NameError, and the
second cell's stored output holds a memory address, which only the project's sanitiser makes comparable (a
sanitiser path read relative to the working folder cannot resolve from there). The project's own notebooks run
once per session, strictly, in the reviewer recipe (tests/test_wheel.py) or, without it, in the suite.
"""
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # a pytest with two workers runs a notebook: `make test-fast` skips it

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "tests" / "nbval_anywhere" / "state_across_cells.ipynb"


def test_strict_nbval_from_elsewhere_under_xdist_needs_no_extra_flags(tmp_path):
    # Plugins this run has no use for are left out (hypothesis's imports all of Hypothesis for its summary).
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                          "-p", "no:hypothesispytest", "-n", "2", str(NOTEBOOK)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"pytest -n 2 --nbval from {tmp_path}:\n{run.stdout[-3000:]}"
    assert "3 passed" in run.stdout and "error" not in run.stdout.lower(), run.stdout[-3000:]
    assert "NameError" not in run.stdout
    assert list(tmp_path.iterdir()) == [], "pytest wrote into the working folder"
