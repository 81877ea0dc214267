"""Rebuild ``data/processed`` from ``data/raw`` (and ``data/external``). Stage 9.

One short ``run()``: load and check every input, compute every table, then write
them all. Nothing is written unless every step succeeded, and each file is
replaced atomically, so a failed build leaves the previous outputs untouched.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from . import paths
from .datapackage import descriptor
from .tables import load_tables
from .triangulation import analysis_tables


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as deterministic CSV bytes (LF line ends, shortest round-trip floats)."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def data_outputs() -> dict[str, bytes]:
    """Every file of ``data/processed`` as bytes, computed in memory."""
    tables = load_tables()
    outputs = {f"{name}.csv": csv_bytes(frame) for name, frame in tables.items()}
    outputs.update({f"{name}.csv": csv_bytes(frame) for name, frame in analysis_tables(tables).items()})
    sources = tables["sources"].rename(columns={"source_id": "id"}).to_dict("records")
    outputs["datapackage.json"] = descriptor(outputs, sources)
    return outputs


def write_atomically(outputs: dict[str, bytes], folder: Path) -> list[Path]:
    """Write every file to a temporary name in ``folder`` first, then rename each into place."""
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in sorted(outputs.items()):
            target = paths.inside_project(folder / name, folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            staged.append((name, Path(tmp)))
    except BaseException:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    written = []
    for name, tmp in staged:
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / name)
        written.append(folder / name)
    return written


def run(folder: Path | None = None) -> list[Path]:
    """Rebuild the processed data; raise ``ValidationFailed`` (writing nothing) on bad input."""
    return write_atomically(data_outputs(), Path(folder or paths.PROCESSED))
