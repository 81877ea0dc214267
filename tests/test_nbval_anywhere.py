"""``pytest --nbval`` passes whichever folder it is started from (the sanitiser path is absolute)."""
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # three pytest processes run a notebook: `make test-fast` skips it

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_sources_and_provenance.ipynb"  # the quickest notebook to run


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
