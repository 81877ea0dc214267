"""Which inputs the processed tables were built from, and whether they have changed since.

The build writes ``data/processed/build-inputs.json``: the SHA-256 of every declared input
of ``data/raw`` and ``data/external`` (``declared_inputs``), of the exact bytes it parsed. Whoever reads the processed tables (the charts,
the notebooks, the gallery) calls ``warn_if_stale`` first: after an input changed
without a rebuild, a ``StaleTables`` warning names the changed files and the fix
(``make build``) instead of silently showing old numbers.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

from . import paths
from .fingerprint import SUMS_NAME, read_sums, sha256_file
from .reading import MAX_INPUT_BYTES, parsed_sha256, read_text

MANIFEST_NAME = "build-inputs.json"
FIX = "run `make build` (or `csecstats build`) to rebuild them"


class StaleTables(UserWarning):
    """The processed tables were built from inputs that have changed since."""


def declared_inputs(folder: Path) -> list[Path]:
    """The inputs of one folder.

    Its ``SHA256SUMS``, every file that names, and every YAML declaration no larger than the loaders read. Nothing
    else is opened or hashed: a stray file of any size costs a directory listing.

    Parameters
    ----------
    folder : Path
        An input folder (``data/raw`` or ``data/external``).

    Returns
    -------
    list of Path
    """
    folder = Path(folder)
    sums = folder / SUMS_NAME
    names = set(read_sums(folder)[0]) | ({SUMS_NAME} if sums.is_file() else set())
    for path in folder.glob("*.yml"):
        try:
            if path.is_file() and path.stat().st_size <= MAX_INPUT_BYTES:
                names.add(path.name)
        except OSError:
            continue
    return [folder / name for name in sorted(names) if not name.startswith(".") and (folder / name).is_file()]


def input_fingerprints(folders: tuple[Path, ...] | None = None, *, parsed: bool = False) -> dict[str, str]:
    """``data/<folder>/<file> -> sha256`` for every declared input (``declared_inputs``), sorted by name.

    With ``parsed``, the hash of the bytes this process parsed where it read the file (``reading``).

    Parameters
    ----------
    folders : tuple of Path, optional
        The input folders (default: the project's ``data/raw`` and ``data/external``).
    parsed : bool, default False
        Hash the bytes this process parsed rather than the file now on disk.

    Returns
    -------
    dict of str to str
    """
    found = {}
    for folder in folders or (paths.RAW, paths.EXTERNAL):
        for path in declared_inputs(folder):
            found[f"data/{Path(folder).name}/{path.name}"] = (parsed and parsed_sha256(path)) or sha256_file(path)
    return dict(sorted(found.items()))


def manifest_bytes(folders: tuple[Path, ...] | None = None) -> bytes:
    """The ``build-inputs.json`` written beside the processed tables.

    The SHA-256 of the exact bytes the build parsed (an input saved while it ran is recorded as it was read, so it
    shows as changed).

    Parameters
    ----------
    folders : tuple of Path, optional
        The input folders (default: the project's ``data/raw`` and ``data/external``).

    Returns
    -------
    bytes
    """
    manifest = {"description": "SHA-256 of every input the tables in this folder were built from; "
                               "reading them after an input changed warns (csecstats.inputs.freshness).",
                "inputs": input_fingerprints(folders, parsed=True)}
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")


def stale_inputs(processed: Path | None = None, folders: tuple[Path, ...] | None = None) -> list[str]:
    """Inputs changed, added or removed since the tables in ``processed`` were built ([] when fresh).

    Parameters
    ----------
    processed : Path, optional
        The folder of built tables (default: the project's ``data/processed``).
    folders : tuple of Path, optional
        The input folders (default: the project's ``data/raw`` and ``data/external``).

    Returns
    -------
    list of str
        The inputs that differ from the record, by name.
    """
    record = Path(processed or paths.PROCESSED) / MANIFEST_NAME
    if not record.is_file():
        return [f"(no {MANIFEST_NAME}: the tables predate input fingerprints)"]
    built = json.loads(record.read_text(encoding="utf-8")).get("inputs", {})
    now = input_fingerprints(folders)
    return sorted(name for name in built.keys() | now.keys() if built.get(name) != now.get(name))


def warn_if_stale(processed: Path | None = None, folders: tuple[Path, ...] | None = None) -> list[str]:
    """Warn (``StaleTables``) if the processed tables are older than their inputs; return the changed inputs.

    Parameters
    ----------
    processed : Path, optional
        The folder of built tables (default: the project's ``data/processed``).
    folders : tuple of Path, optional
        The input folders (default: the project's ``data/raw`` and ``data/external``).

    Returns
    -------
    list of str
        The changed inputs (empty when the tables are fresh).
    """
    changed = stale_inputs(processed, folders)
    if changed:
        warnings.warn(f"the tables in {Path(processed or paths.PROCESSED)} are stale: {', '.join(changed)} "
                      f"changed since they were built; {FIX}", StaleTables, stacklevel=2)
    return changed


def _listed(path: Path, key: str) -> list:
    """The list under ``key`` of a JSON file an earlier run wrote, read bounded like every input; empty when
    the file is missing, unreadable or not of that shape (then nothing counts as written by that run)."""
    text, problems = read_text(path)
    try:
        found = json.loads(text).get(key, []) if not problems else []
    except (json.JSONDecodeError, AttributeError):
        found = []
    return found if isinstance(found, list) else []


def written_by_build(processed: Path | None = None) -> frozenset[str]:
    """The files the previous build wrote into ``processed``.

    The tables its ``datapackage.json`` lists, the descriptor itself and ``build-inputs.json``. The next build may
    replace or drop these; any other file there is refused, never deleted.

    Parameters
    ----------
    processed : Path, optional
        The folder of built tables (default: the project's ``data/processed``).

    Returns
    -------
    frozenset of str
    """
    resources = _listed(Path(processed or paths.PROCESSED) / "datapackage.json", "resources")
    return frozenset({"datapackage.json", MANIFEST_NAME} | {r["path"] for r in resources if isinstance(r, dict)
                                                          and isinstance(r.get("path"), str) and "/" not in r["path"]})


def written_by_export(figures: Path | None = None) -> frozenset[str]:
    """The files the previous chart export wrote into ``figures`` (``reports/figures``).

    Every file its ``manifest.json`` lists (read bounded, like every input) and the manifest itself. The next
    export may replace or drop these; any other file there is refused, never deleted.

    Parameters
    ----------
    figures : Path, optional
        The folder of exported charts (default: the project's ``reports/figures``).

    Returns
    -------
    frozenset of str
    """
    charts = _listed(Path(figures or paths.FIGURES) / "manifest.json", "charts")
    listed = [c.get("files") for c in charts if isinstance(c, dict)]
    return frozenset({"manifest.json"} | {name for files in listed if isinstance(files, dict)
                                          for name in files.values()
                                          if isinstance(name, str) and "/" not in name and "\\" not in name})
