"""The one loader of built tables: ``data/processed/<name>.csv`` read with its declared types.

Presentation (charts, gallery, notebooks) reads what ``make data`` wrote through
``tables()``, never the raw inputs: raw -> processed -> charts, one way.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from ..inputs import paths
from ..inputs.freshness import warn_if_stale
from .declared import TABLES

# Frictionless type -> the dtype read_csv gives it (text stays text: "0" is never 0, "1992" never 1992.0).
DTYPES = {"string": str, "date": str, "number": float, "integer": "Int64", "boolean": bool}


def read_table(name: str, folder: Path | None = None, *, as_written: bool = False) -> pd.DataFrame:
    """One built table, typed as declared (or, ``as_written``, every cell the text the CSV holds, as a
    page shows it); ``KeyError`` naming the file when it has not been built."""
    path = Path(folder or paths.PROCESSED) / f"{name}.csv"
    if not path.is_file():
        raise KeyError(f"{path}: no such table; run `make data` first")
    if as_written:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    declared = TABLES.get(name)
    dtypes = {c.name: DTYPES[c.type] for c in declared.columns} if declared else None
    return pd.read_csv(path, dtype=dtypes)


class Tables(Mapping):
    """The built tables of ``data/processed`` by name, each read on first use.

    Charts draw what ``make data`` wrote: the figures, estimates and triangulation a
    reader can open next to every chart; a notebook pays only for the tables it reads.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder or paths.PROCESSED)
        self._loaded: dict[str, pd.DataFrame] = {}
        warn_if_stale(self.folder)  # tables built from inputs that changed since: say so, with the fix

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._loaded:
            self._loaded[name] = read_table(name, self.folder)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(p.stem for p in self.folder.glob("*.csv")))

    def __len__(self) -> int:
        return len(list(self))


@functools.lru_cache(maxsize=1)
def tables() -> Tables:
    """The built tables, shared by every chart and notebook cell of one process."""
    return Tables()
