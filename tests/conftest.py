"""Shared fixtures: a scratch copy of the raw register to break one rule at a time."""
import csv
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml_c

from csecstats.inputs import beside, fingerprint, paths

# The builds the tests run in their own processes do the work beside them in place (``inputs.beside``): the suite's
# workers already use every core, and forking a large test process cost the hostile cases ~7 s of system time. The
# command's own forking is tested where the tests run it (tests/test_beside.py, and every `csecstats` subprocess).
beside.DEFAULT_FORK = False

# Charts draw off screen. Set for matplotlib to read when a test first imports it: importing it here cost every
# pytest process ~0.1 s, the main one and the runs the tests start, which draw nothing.
os.environ.setdefault("MPLBACKEND", "Agg")

# The notebook tests/test_nbval_anywhere.py runs in a pytest of its own (given by path, so collected there).
collect_ignore = ["nbval_anywhere"]

RAW_FILES = ("figures.yml", "sources.yml", "vocabulary.yml")


class Scratch:
    """A temporary copy of data/raw's register files that a test can edit entry by entry."""

    def __init__(self, folder: Path):
        self.folder = folder
        for name in RAW_FILES:
            shutil.copyfile(paths.RAW / name, folder / name)

    def path(self, name: str) -> Path:
        return self.folder / name

    def load(self, name: str) -> dict:
        return yaml_c.safe_load(self.path(name).read_text(encoding="utf-8"))

    def dump(self, name: str, data: dict) -> Path:
        self.path(name).write_text(yaml_c.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return self.path(name)

    def edit_figure(self, figure_id: str, **changes) -> Path:
        """Change (or with value ... delete) fields of one figure entry."""
        data = self.load("figures.yml")
        entry = next(e for e in data["figures"] if e["id"] == figure_id)
        for key, value in changes.items():
            if value is ...:
                entry.pop(key, None)
            else:
                entry[key] = value
        return self.dump("figures.yml", data)


@pytest.fixture
def scratch(tmp_path):
    return Scratch(tmp_path)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt = sys.modules.get("matplotlib.pyplot")  # a test process that never drew has nothing to close
    if plt is not None:
        plt.close("all")


@pytest.fixture(autouse=True)
def _paths_looked_up_afresh():
    """After every test, project paths are looked up again: a test that set ``paths.X`` with monkeypatch leaves X
    fixed to the value it read when it undoes, and the next test running ``csecstats --root`` would read it."""
    yield
    for name in [*paths.FOLDERS, *paths.FILES, "TIP_FILE"]:
        vars(paths).pop(name, None)


@pytest.fixture
def unfixed_paths(monkeypatch):
    """Project paths looked up afresh: a test that set ``paths.X`` with monkeypatch leaves X fixed to its old
    value when it undoes; a test that moves between projects must not see it."""
    for name in [*paths.FOLDERS, *paths.FILES, "TIP_FILE"]:
        if name in vars(paths):
            monkeypatch.delattr(paths, name)
    return monkeypatch


@pytest.fixture
def unpinned(monkeypatch):
    """The published sources' pinned digests lifted (``inputs.fingerprint.EDITIONS``): a test that plays a liar's
    edit of a published table, recorded again in SHA256SUMS, checks that the content rule refuses it, as it must for
    a source added later, which has no pinned edition (the pin itself: test_editions.py)."""
    monkeypatch.setattr(fingerprint, "EDITIONS", {})
    return monkeypatch


@pytest.fixture(autouse=True)
def csv_field_limit_as_found():
    """Each test leaves the csv module's process-wide field size limit as it found it: frictionless raises it
    when it first reads a CSV, and a hostile table's field over Python's own limit (what a fresh `csecstats`
    process reads with) then met a later check instead, in whichever test process had run frictionless first."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)
