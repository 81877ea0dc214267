"""Rebuild ``data/processed`` from ``data/raw`` (and ``data/external``). Stage 11.

One short ``run()``: load and check every input, compute every table, then write
them all. Nothing is written unless every step succeeded, and the whole set is
switched at once (``inputs.files.replace_folder``): a failed or interrupted build
leaves the previous outputs untouched and no temporary files behind.
"""
from __future__ import annotations

from pathlib import Path

from .inputs import paths
from .tables.datapackage import descriptor
from .inputs.files import csv_bytes, replace_folder
from .tables.figures import load_tables
from .analysis.triangulation import analysis_tables


def data_outputs() -> dict[str, bytes]:
    """Every file of ``data/processed`` as bytes, computed in memory."""
    tables = load_tables()
    outputs = {f"{name}.csv": csv_bytes(frame) for name, frame in tables.items()}
    outputs.update({f"{name}.csv": csv_bytes(frame) for name, frame in analysis_tables(tables).items()})
    sources = tables["sources"].rename(columns={"source_id": "id"}).to_dict("records")
    outputs["datapackage.json"] = descriptor(outputs, sources)
    return outputs


def run(folder: Path | None = None) -> list[Path]:
    """Rebuild the processed data; raise ``ValidationFailed`` (writing nothing) on bad input."""
    folder = Path(folder or paths.PROCESSED)
    return replace_folder(data_outputs(), folder, owned=folder.resolve() == paths.PROCESSED.resolve())
