"""``pytest --nbval`` passes whichever folder it is started from (the sanitiser path is absolute)."""
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # three pytest processes run a notebook: `make test-fast` skips it

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_sources_and_provenance.ipynb"  # the quickest notebook to run


@pytest.mark.bytes
def test_strict_nbval_passes_from_the_root_from_notebooks_and_from_elsewhere(tmp_path):
    starts = {ROOT: NOTEBOOK.relative_to(ROOT), ROOT / "notebooks": Path(NOTEBOOK.name), tmp_path: NOTEBOOK}
    runs = {folder: subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                                      str(target)], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
            for folder, target in starts.items()}
    for folder, run in runs.items():
        out, _ = run.communicate(timeout=300)
        assert run.returncode == 0, f"pytest --nbval from {folder}:\n{out[-3000:]}"
        assert " passed" in out and "error" not in out.lower(), out[-3000:]


@pytest.mark.bytes
def test_strict_nbval_under_xdist_needs_no_extra_flags():
    """Spread over workers cell by cell, a notebook fails with NameError; the configuration keeps each
    notebook in one worker, so plain ``pytest -n 2`` passes."""
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                          "-n", "2", str(NOTEBOOK.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "NameError" not in run.stdout
