"""Which inputs the processed tables were built from, and whether they have changed since.

The build writes ``data/processed/build-inputs.json``: the SHA-256 of every file of
``data/raw`` and ``data/external``. Whoever reads the processed tables (the charts,
the notebooks, the gallery) calls ``warn_if_stale`` first: after an input changed
without a rebuild, a ``StaleTables`` warning names the changed files and the fix
(``make build``) instead of silently showing old numbers.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

from . import paths
from .fingerprint import sha256_file

MANIFEST_NAME = "build-inputs.json"
FIX = "run `make build` (or `csecstats build`) to rebuild them"


class StaleTables(UserWarning):
    """The processed tables were built from inputs that have changed since."""


def input_fingerprints(folders: tuple[Path, ...] | None = None) -> dict[str, str]:
    """``data/<folder>/<file> -> sha256`` for every input file, sorted by name."""
    found = {}
    for folder in folders or (paths.RAW, paths.EXTERNAL):
        for path in sorted(Path(folder).iterdir()):
            if path.is_file() and not path.name.startswith("."):
                found[f"data/{Path(folder).name}/{path.name}"] = sha256_file(path)
    return dict(sorted(found.items()))


def manifest_bytes(folders: tuple[Path, ...] | None = None) -> bytes:
    """The ``build-inputs.json`` written beside the processed tables."""
    manifest = {"description": "SHA-256 of every input the tables in this folder were built from; "
                               "reading them after an input changed warns (csecstats.inputs.freshness).",
                "inputs": input_fingerprints(folders)}
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")


def stale_inputs(processed: Path | None = None, folders: tuple[Path, ...] | None = None) -> list[str]:
    """Inputs changed, added or removed since the tables in ``processed`` were built ([] when fresh)."""
    record = Path(processed or paths.PROCESSED) / MANIFEST_NAME
    if not record.is_file():
        return [f"(no {MANIFEST_NAME}: the tables predate input fingerprints)"]
    built = json.loads(record.read_text(encoding="utf-8")).get("inputs", {})
    now = input_fingerprints(folders)
    return sorted(name for name in built.keys() | now.keys() if built.get(name) != now.get(name))


def warn_if_stale(processed: Path | None = None, folders: tuple[Path, ...] | None = None) -> list[str]:
    """Warn (``StaleTables``) if the processed tables are older than their inputs; return the changed inputs."""
    changed = stale_inputs(processed, folders)
    if changed:
        warnings.warn(f"the tables in {Path(processed or paths.PROCESSED)} are stale: {', '.join(changed)} "
                      f"changed since they were built; {FIX}", StaleTables, stacklevel=2)
    return changed
