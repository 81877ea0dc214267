"""Processed tables record the inputs they were built from; reading them after an input changed warns."""
import shutil
import warnings

import pytest

from csecstats.inputs import freshness, paths
from csecstats.tables.built import Tables


@pytest.fixture
def project(tmp_path):
    """A copy of the inputs and of the processed tables built from them."""
    for part in ("raw", "external", "processed"):
        shutil.copytree(paths.ROOT / "data" / part, tmp_path / part)
    return tmp_path, (tmp_path / "raw", tmp_path / "external")


def test_committed_tables_were_built_from_the_committed_inputs():
    assert freshness.stale_inputs() == [], "data/processed is stale: run `make build`"


def test_manifest_names_every_input_with_its_sha256(project):
    root, folders = project
    recorded = freshness.input_fingerprints(folders)
    expected = {f"data/{f.name}/{p.name}" for f in folders for p in f.iterdir()}
    assert set(recorded) == expected
    assert all(len(digest) == 64 for digest in recorded.values())


def test_changed_input_makes_the_tables_stale_and_the_warning_says_the_fix(project):
    root, folders = project
    estimates = root / "raw" / "estimates.yml"
    estimates.write_text(estimates.read_text(encoding="utf-8") + "\n# a researcher's edit\n", encoding="utf-8")
    with pytest.warns(freshness.StaleTables) as caught:
        changed = freshness.warn_if_stale(root / "processed", folders)
    assert changed == ["data/raw/estimates.yml"]
    message = str(caught[0].message)
    assert "data/raw/estimates.yml" in message and "make build" in message
    (root / "processed" / freshness.MANIFEST_NAME).write_bytes(freshness.manifest_bytes(folders))
    assert freshness.stale_inputs(root / "processed", folders) == []


def test_added_or_removed_inputs_count_as_changes(project):
    root, folders = project
    (root / "external" / "new-table.csv").write_text("a\n1\n")
    (root / "raw" / "exclusions.yml").unlink()
    assert freshness.stale_inputs(root / "processed", folders) == ["data/external/new-table.csv",
                                                                    "data/raw/exclusions.yml"]


def test_tables_without_a_manifest_are_reported(project):
    root, folders = project
    (root / "processed" / freshness.MANIFEST_NAME).unlink()
    with pytest.warns(freshness.StaleTables, match="no build-inputs.json"):
        Tables(root / "processed")


def test_reading_fresh_tables_is_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error", freshness.StaleTables)
        Tables()["figures"]
