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
    """A table is an input once its SHA256SUMS names it (an undeclared file is not read, so not recorded)."""
    root, folders = project
    table = root / "external" / "new-table.csv"
    table.write_text("a\n1\n")
    assert freshness.stale_inputs(root / "processed", folders) == []
    from csecstats.inputs.fingerprint import sha256_file
    with open(root / "external" / "SHA256SUMS", "a", encoding="utf-8") as sums:
        sums.write(f"{sha256_file(table)}  new-table.csv\n")
    (root / "raw" / "exclusions.yml").unlink()
    assert freshness.stale_inputs(root / "processed", folders) == [
        "data/external/SHA256SUMS", "data/external/new-table.csv", "data/raw/exclusions.yml"]


def test_tables_without_a_manifest_are_reported(project):
    root, folders = project
    (root / "processed" / freshness.MANIFEST_NAME).unlink()
    with pytest.warns(freshness.StaleTables, match="no build-inputs.json"):
        Tables(root / "processed")


def test_reading_fresh_tables_is_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error", freshness.StaleTables)
        Tables()["figures"]


def test_the_manifest_records_the_bytes_parsed_not_a_later_save(project):
    """An input saved while the build runs (after it was read) is recorded as read, so it shows as changed."""
    from csecstats.inputs.reading import read_bytes
    root, folders = project
    register = root / "raw" / "figures.yml"
    read_bytes(register)  # what the build parsed
    register.write_text(register.read_text(encoding="utf-8") + "\n# saved during the build\n", encoding="utf-8")
    (root / "processed" / freshness.MANIFEST_NAME).write_bytes(freshness.manifest_bytes(folders))
    assert freshness.stale_inputs(root / "processed", folders) == ["data/raw/figures.yml"]


def test_a_stray_huge_file_is_neither_read_nor_hashed(project, monkeypatch):
    """Only declared inputs (SHA256SUMS, what it names, the YAML declarations) are hashed: a 200 GB file
    dropped in data/raw costs a directory listing."""
    import time
    root, folders = project
    stray = root / "raw" / "dump.bin"
    with open(stray, "wb") as fh:
        fh.truncate(200 * 2**30)  # sparse: 200 GB long, no blocks written
    opened = []
    real = freshness.sha256_file
    monkeypatch.setattr(freshness, "sha256_file", lambda path: opened.append(path.name) or real(path))
    start = time.perf_counter()
    recorded = freshness.input_fingerprints(folders)
    assert time.perf_counter() - start < 5 and "dump.bin" not in opened
    assert "data/raw/dump.bin" not in recorded and "data/raw/figures.yml" in recorded
    assert freshness.stale_inputs(root / "processed", folders) == []
