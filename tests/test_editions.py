"""The published sources are pinned in the package (`inputs.fingerprint.EDITIONS`): a copy of the report or of one of
the four published tables whose bytes are not its edition's is refused, even when recorded again in SHA256SUMS; a
source added later has no pin and SHA256SUMS alone guards it."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from csecstats.inputs import fingerprint, paths
from real_inputs import project_copy, refused

SHARED = paths.ROOT.parent / "shared" / "sources"


def _record(path: Path) -> None:
    """``path`` recorded again in its folder's SHA256SUMS, as a careful liar would."""
    sums = path.parent / fingerprint.SUMS_NAME
    kept = [line for line in sums.read_text(encoding="utf-8").splitlines() if not line.endswith(f"  {path.name}")]
    sums.write_text("\n".join([*kept, f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}"]) + "\n",
                    encoding="utf-8")


def _copy(name: str) -> Path:
    return paths.RAW / name if (paths.RAW / name).exists() else paths.EXTERNAL / name


def test_every_pinned_edition_is_the_committed_copy_and_every_published_source_is_pinned():
    assert len(fingerprint.EDITIONS) == 5
    for name, digest in fingerprint.EDITIONS.items():
        assert fingerprint.sha256_file(_copy(name)) == digest, name
        assert fingerprint.fingerprint_problems(_copy(name)) == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared source folder sits beside a checkout, not an install")
def test_the_pins_are_the_shared_sources_bytes_and_the_report_is_the_one_its_readme_names():
    assert {p.name: fingerprint.sha256_file(p) for p in SHARED.iterdir() if p.suffix in (".csv", ".txt")} == \
        fingerprint.EDITIONS
    readme = (SHARED / "README.md").read_text(encoding="utf-8")
    assert fingerprint.EDITIONS["cambodia-csec-country-progress-report-2004.txt"] in readme


@settings(max_examples=25, deadline=None, derandomize=True)
@given(name=st.sampled_from(sorted(fingerprint.EDITIONS)), at=st.floats(0, 1, exclude_max=True),
       byte=st.integers(0x30, 0x39))
def test_any_byte_of_a_published_copy_changed_and_recorded_again_is_refused_as_not_its_edition(tmp_path_factory,
                                                                                                name, at, byte):
    folder = tmp_path_factory.mktemp("edition")
    path = folder / name
    data = bytearray(_copy(name).read_bytes())
    digits = [i for i, b in enumerate(data) if 0x30 <= b <= 0x39]  # a digit made another: a number changed
    i = digits[int(at * len(digits))]
    if data[i] == byte:
        byte = 0x30 + (byte - 0x30 + 1) % 10
    data[i] = byte
    path.write_bytes(bytes(data))
    (folder / fingerprint.SUMS_NAME).write_text("", encoding="utf-8")
    _record(path)
    found = fingerprint.fingerprint_problems(path)
    assert [(p.field, p.message.split(":")[0]) for p in found] == [("sha256", "not the published edition")]


def test_a_source_added_later_has_no_pin_and_its_record_alone_guards_it(tmp_path):
    path = tmp_path / "new-table.csv"
    path.write_bytes(paths.EXTERNAL.joinpath("external-estimates.csv").read_bytes().replace(b"1500", b"1600", 1))
    (tmp_path / fingerprint.SUMS_NAME).write_text("", encoding="utf-8")
    _record(path)
    assert fingerprint.fingerprint_problems(path) == []


def test_the_build_refuses_the_reports_40_60_made_20_60_in_the_report_and_the_register_alike(tmp_path, capsys,
                                                                                                 monkeypatch):
    """The report and the register changed together, the report recorded again in SHA256SUMS: every rule that reads
    the report is satisfied; only the pin can tell."""
    root = project_copy(tmp_path)
    report = root / "data" / "raw" / paths.REPORT_FILE.name
    report.write_text(report.read_text(encoding="utf-8").replace("40-60% of sex workers", "20-60% of sex workers"),
                      encoding="utf-8")
    register = root / "data" / "raw" / "figures.yml"
    register.write_text(register.read_text(encoding="utf-8").replace("40-60%", "20-60%"), encoding="utf-8")
    _record(report)
    err = refused(root, tmp_path / "out", capsys)
    assert f"{report}: (file): sha256: not the published edition: expected {fingerprint.EDITIONS[report.name]}" in err
    monkeypatch.setattr(fingerprint, "EDITIONS", {})
    from csecstats.cli import main
    assert main(["--root", str(root), "build", "--out", str(tmp_path / "unpinned")]) == 0  # no other rule can tell
