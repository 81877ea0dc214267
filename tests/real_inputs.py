"""The project's real lineage, places and declared sources, read once per test process, for the tests that move
real rows onto other origins, definitions or places; and a copy of the project's inputs to build one lie in."""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import shutil
from pathlib import Path

import pandas as pd

from csecstats.analysis.external import Sources, declared_sources, read_source
from csecstats.inputs import paths
from csecstats.register.figures import Register, read_all
from csecstats.register.lineage import Lineage, load_lineage
from csecstats.register.load import load_vocabulary


@functools.lru_cache(maxsize=1)
def project() -> tuple[Lineage, dict[str, tuple[str, ...]], Sources]:
    """(lineage, the vocabulary's places with the other words naming each, the declared sources), all valid."""
    lineage, problems = load_lineage()
    vocabulary, more = load_vocabulary()
    assert problems == more == []
    return lineage, vocabulary.places(), declared_sources(paths.EXTERNAL, None)[0]


def annotated_frames() -> list[tuple[object, pd.DataFrame]]:
    """(source, its table read with its lineage) for each source annotated row by row in external_rows.yml."""
    lineage, places, sources = project()
    found = []
    for source in sources.declared:
        if "annotations" in source.spec["lineage"]:
            frame, problems = read_source(source, places, lineage)
            assert problems == []
            found.append((source, frame))
    return found


@functools.lru_cache(maxsize=1)
def checked_register() -> Register:
    """The project's register, read and checked once per test process (``register.figures.read_all``)."""
    return read_all()


def context():
    """The project's estimates context (``declarations.default_context``), read once per test process for the tests
    that only read it (its rows, and the estimates it resolves, read once per context too: ``declared_estimates``);
    a test that changes a project's inputs or counts what a context reads makes its own."""
    return _context(paths.ROOT)


@functools.lru_cache(maxsize=2)
def _context(root: Path | None):
    from csecstats.analysis.declarations import default_context
    return default_context()


def data_outputs() -> dict[str, bytes]:
    """What ``csecstats build`` writes (``build.data_outputs``: file name -> bytes), built once per test process for
    the tests that only read it; each caller gets its own dict of the same bytes."""
    return dict(_data_outputs(paths.ROOT))


@functools.lru_cache(maxsize=2)
def _data_outputs(root: Path | None) -> dict[str, bytes]:
    from csecstats import build
    return build.data_outputs()


@functools.lru_cache(maxsize=1)
def addressed_sources() -> list:
    """The declared sources whose rows are read from web addresses (the declaration's ``addresses``)."""
    return [s for s in project()[2].declared if s.spec.get("addresses")]


def raw_rows(source) -> list[dict]:
    """A declared source's data rows as read, every cell a string, each numbered from 1 as ``_row``."""
    rows = list(csv.DictReader(io.StringIO(source.data.read_text(encoding="utf-8"))))
    return [{**r, "_row": i} for i, r in enumerate(rows, start=1)]


def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's inputs (data/raw, data/external, pyproject.toml) under ``tmp_path``: a project
    ``csecstats --root`` builds."""
    root = tmp_path / "project"
    for part in ("data/raw", "data/external"):
        shutil.copytree(paths.ROOT / part, root / part)
    shutil.copy(paths.ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def replace_once(path: Path, old: str, new: str) -> None:
    """Write ``path`` with its one ``old`` replaced by ``new``; a data file of data/external is fingerprinted
    again (SHA256SUMS), as a careful liar would, so that its content rules, not the hash check, refuse it."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    sums = path.parent / "SHA256SUMS"
    if path.parent.name == "external" and sums.exists():
        kept = [line for line in sums.read_text(encoding="utf-8").splitlines() if not line.endswith(f"  {path.name}")]
        sums.write_text("\n".join([*kept, f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}"]) + "\n",
                        encoding="utf-8")


def refused(root: Path, out: Path, capsys) -> str:
    """``csecstats --root ROOT build --out OUT`` in this process: exit 2, nothing written; what it printed on stderr
    (the problem lines)."""
    from csecstats.cli import main
    assert main(["--root", str(root), "build", "--out", str(out)]) == 2
    assert not out.exists()
    return capsys.readouterr().err
