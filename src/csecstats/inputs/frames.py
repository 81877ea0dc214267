"""Rows of a table as plain Python values, for the loops that read a frame row by row.

``DataFrame.itertuples`` and ``DataFrame.to_dict("records")`` take every column as a Series through the
positional indexer, and ``itertuples`` makes a new named-tuple class on each call: on the build's tables (a few dozen rows,
twenty to thirty-five columns) that is most of what they cost, about a millisecond a call. ``rows`` and
``records`` give the same values, of the same types (each column's own: Python numbers and text, Timestamps,
``pd.NA``), reading each column once by its name; a frame whose column names repeat is left to pandas.
"""
from __future__ import annotations

import functools
import keyword
import operator

import pandas as pd
from pandas.api.extensions import ExtensionDtype
from pandas.core.dtypes.cast import maybe_box_native


def _cells(column: pd.Series) -> list:
    """A column's values as iterating it gives them (``tolist`` where that is the same and quicker: a numpy
    column of numbers, booleans or objects; an extension column such as Int64 iterates as numpy scalars)."""
    if isinstance(column.dtype, ExtensionDtype) or column.dtype.kind in "mM":
        return list(column)
    return column.tolist()


_NATIVE = frozenset({str, float, int, bool, type(None)})  # what pandas' boxing returns as it is given


@functools.lru_cache(maxsize=256)
def _row_type(fields: tuple) -> type:
    """A tuple class reading each field by name, as the named tuple ``itertuples`` makes (a name that is no
    identifier, a keyword, starts with ``_`` or repeats is ``_`` and its position), without compiling one: a
    named-tuple class took about 0.4 ms to make, this one a seventh of that."""
    names, seen = [], set()
    for index, name in enumerate(map(str, fields)):
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_") or name in seen:
            name = f"_{index}"
        seen.add(name)
        names.append(name)
    body = {"__slots__": (), "_fields": tuple(names)}
    body.update((name, property(operator.itemgetter(i))) for i, name in enumerate(names))
    return type("Pandas", (tuple,), body)


def rows(frame: pd.DataFrame, index: bool = False) -> list[tuple]:
    """``list(frame.itertuples(index=index))``: one tuple per row, each field read by its name as in the named
    tuples of ``itertuples`` (``row.value``), the index first (``Index``) if asked.

    Parameters
    ----------
    frame : pandas.DataFrame
    index : bool, default False

    Returns
    -------
    list of named tuple
    """
    if not frame.columns.is_unique or not len(frame.columns):
        return list(frame.itertuples(index=index))
    fields = (["Index"] if index else []) + list(frame.columns)
    values = ([list(frame.index)] if index else []) + [_cells(frame[c]) for c in frame.columns]
    return list(map(_row_type(tuple(fields)), zip(*values)))


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``: one dict per row, column -> value, the values of text and extension columns
    as plain Python scalars as pandas boxes them there.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    list of dict
    """
    if not frame.columns.is_unique or not len(frame.columns):
        return frame.to_dict("records")
    names, values = frame.columns.tolist(), []
    for name in names:
        column = frame[name]
        cells = _cells(column)
        if column.dtype == object or isinstance(column.dtype, ExtensionDtype):
            cells = [cell if type(cell) in _NATIVE else maybe_box_native(cell) for cell in cells]
        values.append(cells)
    return [dict(zip(names, row)) for row in zip(*values)]
