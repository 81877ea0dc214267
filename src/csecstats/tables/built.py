"""The one loader of built tables: ``data/processed/<name>.csv`` read with its declared types.

Presentation (charts, gallery, notebooks) reads what ``make data`` wrote through
``tables()``, never the raw inputs: raw -> processed -> charts, one way.

Which folder: the project's ``data/processed`` when a project (or a ``data/processed``
in the working folder) is found, with its stale check; otherwise the copy of the
built tables that ships inside an installed wheel (``csecstats/_data/processed``,
copied there when the wheel is built), so the library and the notebooks work from
any folder with nothing but the wheel installed.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from ..inputs import paths
from ..inputs.freshness import warn_if_stale
from .declared import TABLES

# Frictionless type -> the dtype read_csv gives it (text stays text: "0" is never 0, "1992" never 1992.0);
# a date is read as its text, then parsed to datetime64 (see ``as_declared``).
DTYPES = {"string": str, "date": str, "number": float, "integer": "Int64", "boolean": bool}
DATE_FORMAT = "%Y-%m-%d"  # how every date column is written (frictionless ``date``, ISO 8601)
PACKAGED = paths.PACKAGE_DATA / "processed"  # the wheel's copy of data/processed


def default_folder() -> Path:
    """The folder ``built_tables()`` reads: the project's ``data/processed``, else the wheel's copy.

    Returns
    -------
    Path
        ``data/processed`` of the project (or of the working folder) when it exists or a project
        was found; the built tables shipped in the package when neither is there.
    """
    processed = Path(paths.PROCESSED)
    if paths.ROOT is not None or processed.is_dir() or not PACKAGED.is_dir():
        return processed
    return PACKAGED


def read_table(name: str, folder: Path | None = None, *, as_written: bool = False) -> pd.DataFrame:
    """One built table, typed as declared.

    Parameters
    ----------
    name : str
        The table's name, its file name without ``.csv`` (``"figures"``, ``"estimates"``, ...).
    folder : Path, optional
        The folder of built tables (default: :func:`default_folder`).
    as_written : bool, default False
        Every cell as the text the CSV holds (as a page shows it), instead of the declared types.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    KeyError
        When the folder holds no such table; the message names the file and the tables it holds.
    """
    folder = Path(folder or default_folder())
    path = folder / f"{name}.csv"
    if not path.is_file():
        held = sorted(p.stem for p in folder.glob("*.csv"))
        if held:
            raise KeyError(f"{path}: no such table; the built tables are: {', '.join(held)}")
        raise KeyError(f"{path}: no such table, and {folder} holds no built tables; "
                       f"run `csecstats build` (or `make data`) in the project first")
    if as_written:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    declared = TABLES.get(name)
    dtypes = {c.name: DTYPES[c.type] for c in declared.columns} if declared else None
    return as_declared(name, pd.read_csv(path, dtype=dtypes, float_precision="round_trip"), folder)


def date_columns(name: str, folder: Path | None = None) -> list[str]:
    """The columns of table ``name`` its schema types ``date`` (or ``datetime``).

    Parameters
    ----------
    name : str
        The table's name, its file name without ``.csv``.
    folder : Path, optional
        A folder of built tables. Its ``datapackage.json`` (written by the build beside the tables, declaring
        the code's tables and the declared sources' alike) is the schema when present; otherwise the
        code's declarations (``csecstats.tables.declared.TABLES``).

    Returns
    -------
    list of str
        The date columns, in the table's order; empty for a table with none or one not declared.
    """
    package = _package_fields(Path(folder) / "datapackage.json") if folder is not None else None
    if package is not None and name in package:
        return [f["name"] for f in package[name] if f.get("type") in ("date", "datetime")]
    declared = TABLES.get(name)
    return [c.name for c in declared.columns if c.type == "date"] if declared else []


@functools.lru_cache(maxsize=8)
def _package_fields(path: Path) -> dict[str, list[dict]] | None:
    """Each resource's schema fields in a ``datapackage.json``, by table name; None when there is none."""
    if not path.is_file():
        return None
    package = json.loads(path.read_text(encoding="utf-8"))
    return {Path(r["path"]).stem: r.get("schema", {}).get("fields", []) for r in package.get("resources", [])}


def as_declared(name: str, frame: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    """``frame`` with every column its schema types ``date`` parsed to ``datetime64`` (empty -> ``NaT``).

    Parameters
    ----------
    name : str
        The table's name; its date columns are those :func:`date_columns` gives.
    frame : pandas.DataFrame
        The table, its dates as ISO 8601 text (``YYYY-MM-DD``) or missing.
    folder : Path, optional
        The folder the table was read from (its ``datapackage.json`` is the schema).

    Returns
    -------
    pandas.DataFrame
        A copy with the date columns as ``datetime64[ns]``; other columns untouched.

    Raises
    ------
    ValueError
        When a date column holds text that is not a ``YYYY-MM-DD`` date.
    """
    dates = [c for c in date_columns(name, folder) if c in frame]
    if not dates:
        return frame
    return frame.assign(**{c: pd.to_datetime(frame[c], format=DATE_FORMAT) for c in dates})


class Tables(Mapping):
    """The built tables by name, each read on first use: a read-only mapping of name -> DataFrame.

    ``len``, iteration, ``keys()``, ``items()``, ``in`` and ``get`` behave as for a ``dict``
    (names in alphabetical order); the repr lists every table with its row count; an unknown
    name raises ``KeyError`` listing the valid ones. Charts draw what ``make data`` wrote, the
    tables a reader can open next to every chart; a notebook pays only for the tables it reads.

    Parameters
    ----------
    folder : Path, optional
        The folder of built tables (default: the project's ``data/processed``, else the copy
        shipped in the package). Reading tables older than their inputs warns ``StaleTables``.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder or default_folder())
        self._loaded: dict[str, pd.DataFrame] = {}
        self._names = tuple(sorted(p.stem for p in self.folder.glob("*.csv")))
        if self.folder != PACKAGED:  # the wheel's copy was built from the inputs it ships
            warn_if_stale(self.folder)  # tables built from inputs that changed since: say so, with the fix

    def __getitem__(self, name: str) -> pd.DataFrame:
        if not isinstance(name, str) or name not in self._names:
            known = ", ".join(self._names) or f"none ({self.folder} holds no built tables; run `csecstats build`)"
            raise KeyError(f"no built table {name!r}; the tables are: {known}")
        if name not in self._loaded:
            self._loaded[name] = read_table(name, self.folder)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __repr__(self) -> str:
        width = max((len(n) for n in self._names), default=0)
        rows = [f"  {n:<{width}}  {self._rows(n):>6,} rows" for n in self._names]
        return "\n".join([f"Tables({str(self.folder)!r}): {len(self)} tables", *rows])

    def _rows(self, name: str) -> int:
        """Rows of one table, counted from its file when it is not loaded yet (no parsing)."""
        if name in self._loaded:
            return len(self._loaded[name])
        return len(read_table(name, self.folder, as_written=True))

    def _ipython_key_completions_(self) -> list[str]:
        """``t['`` + Tab in IPython and Jupyter completes the table names."""
        return list(self._names)


@functools.lru_cache(maxsize=1)
def tables() -> Tables:
    """The built tables, shared by every chart and notebook cell of one process.

    Returns
    -------
    Tables
        A read-only mapping of table name -> ``pandas.DataFrame``, typed as declared in
        ``csecstats.tables.declared``: ``figures``, ``estimates``, ``triangulation``, ...
        Read from the project's ``data/processed`` (warning ``StaleTables`` if its inputs
        changed since the build), else from the built tables shipped in the package.

    Examples
    --------
    >>> import csecstats
    >>> t = csecstats.built_tables()
    >>> len(t["figures"]) > 0
    True
    """
    return Tables()
