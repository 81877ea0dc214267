"""`--root DIR` names the project of one run: a caller running csecstats in-process (a test, a notebook) gets
its own project back afterwards, whatever that run did."""
from __future__ import annotations

import os
import shutil

from csecstats.cli import main
from csecstats.inputs import paths


def test_root_names_one_run_only(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CSECSTATS_ROOT", raising=False)
    checkout = paths.ROOT
    other = tmp_path / "project"
    for part in ("data/raw", "data/external"):
        shutil.copytree(checkout / part, other / part)
    (other / "data/raw/origins.yml").write_text("origins: 3\n", encoding="utf-8")  # broken there, not here
    assert main(["--root", str(other), "validate", str(other / "data/raw/origins.yml")]) == 2
    assert "CSECSTATS_ROOT" not in os.environ
    assert paths.ROOT == checkout
    assert main(["validate", str(checkout / "data/raw/origins.yml")]) == 0
    monkeypatch.setenv("CSECSTATS_ROOT", str(checkout))
    assert main(["--root", str(other), "validate", str(other / "data/raw/origins.yml")]) == 2
    assert os.environ["CSECSTATS_ROOT"] == str(checkout)
    capsys.readouterr()
