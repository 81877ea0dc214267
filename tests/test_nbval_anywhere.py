"""``pytest --nbval`` passes whichever folder it is started from (the sanitiser path is absolute), and
``pytest -n 2`` needs no extra flag to keep a notebook's cells in one worker.

One pytest, started in a temporary folder outside the checkout and spread over two workers, covers both: a
sanitiser path read relative to the working folder cannot resolve from there, and cells spread over workers
fail with NameError. From the root, ``make test-fast`` and ``pytest notebooks/`` run every notebook in the
suite (``make test`` runs them through the installed wheel instead, see conftest.py).
"""
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # a pytest with two workers runs a notebook: `make test-fast` skips it

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_sources_and_provenance.ipynb"  # the quickest notebook to run


@pytest.mark.bytes
def test_strict_nbval_from_elsewhere_under_xdist_needs_no_extra_flags(tmp_path):
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                          "-n", "2", str(NOTEBOOK)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"pytest -n 2 --nbval from {tmp_path}:\n{run.stdout[-3000:]}"
    assert " passed" in run.stdout and "error" not in run.stdout.lower(), run.stdout[-3000:]
    assert "NameError" not in run.stdout
    assert list(tmp_path.iterdir()) == [], "pytest wrote into the working folder"
