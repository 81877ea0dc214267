"""A file the command did not write is refused with a message, never deleted: in data/processed (the build) and
in reports/figures (the chart export), each owning only the files its previous run's manifest lists."""
from __future__ import annotations

import json

import pytest

from csecstats.charts import export
from csecstats.inputs import paths
from csecstats.inputs.errors import ValidationFailed
from csecstats.inputs.freshness import written_by_export


def _previous_export(folder, chart_ids):
    """A folder as an export leaves it: each chart's files and a manifest listing them."""
    folder.mkdir(parents=True)
    charts = []
    for chart_id in chart_ids:
        files = {"png": f"{chart_id}.png", "csv": f"{chart_id}.csv", "readme": f"{chart_id}.README.txt"}
        for name in files.values():
            (folder / name).write_bytes(b"old " + name.encode())
        charts.append({"chart_id": chart_id, "files": files})
    (folder / "manifest.json").write_text(json.dumps({"charts": charts}), encoding="utf-8")


def test_the_export_owns_what_its_manifest_lists():
    assert {"manifest.json", "rates.png", "rates.slide.png", "rates.README.txt"} <= written_by_export(paths.FIGURES)
    assert all("/" not in name for name in written_by_export(paths.FIGURES))


@pytest.mark.parametrize("manifest", [None, "not json {", '{"charts": [{"files": {"png": "../escape.png"}}]}'])
def test_an_unreadable_or_missing_manifest_owns_nothing_but_itself(tmp_path, manifest):
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    assert written_by_export(tmp_path) == {"manifest.json"}


def test_the_chart_export_refuses_a_file_it_did_not_write_and_deletes_nothing(tmp_path, monkeypatch):
    """A note saved among the charts: the export is refused naming it, and every file stays as it was; once
    it is moved, the export replaces its own previous files and drops the charts it no longer draws."""
    figures = tmp_path / "reports" / "figures"
    _previous_export(figures, ["old_chart", "rates"])
    (figures / "my notes.txt").write_text("keep me", encoding="utf-8")
    monkeypatch.setattr(paths, "FIGURES", figures)
    new = {"rates.png": b"new png", "rates.csv": b"new csv", "manifest.json": b'{"charts": []}'}
    monkeypatch.setattr(export, "render_all", lambda *a, **k: dict(new))
    before = {p.name: p.read_bytes() for p in figures.iterdir()}
    with pytest.raises(ValidationFailed) as refused:
        export.export()
    assert [(p.path, p.entry, p.field) for p in refused.value.problems] == [(str(figures), "my notes.txt",
                                                                             "(output)")]
    assert "nothing was deleted" in refused.value.problems[0].message
    assert {p.name: p.read_bytes() for p in figures.iterdir()} == before
    (figures / "my notes.txt").rename(tmp_path / "my notes.txt")
    export.export()
    assert {p.name: p.read_bytes() for p in figures.iterdir()} == new
