"""pandera contracts generated from the table declarations (``tables.declared``).

``table_problems`` runs every rule lazily and turns pandera's failure cases into
``Problem`` rows (file, entry, field, message), so a curator sees every failure at once.
Rules about the register's entries (quotes in the report, phrases in quotes, periods,
known sources and topics) are checked once, by the register, where the entry and field
of the YAML can be named; these contracts check what the built tables promise.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pandera.pandas as pa


def _register_backends_without_hypothesis() -> None:
    """Load pandera's validation backends without letting them import hypothesis.

    pandera imports hypothesis only to offer data synthesis, which this project never
    uses; the import (with hypothesis' plugins) took a third of a data rebuild. A process
    that has already imported hypothesis (the test suite) is left as it is.
    """
    if "hypothesis" in sys.modules:
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]  # makes `import hypothesis` fail fast
    try:
        import pandera.strategies  # noqa: F401  # caches HAS_HYPOTHESIS = False for the backends
    finally:
        del sys.modules["hypothesis"]


_register_backends_without_hypothesis()

from ..inputs.errors import Problem
from .declared import TABLES, Column, Table

DATE = r"^\d{4}-\d{2}-\d{2}$"
_DATE = re.compile(DATE)


def _within(frame: pd.DataFrame, lo: float, hi: float | None) -> pd.Series:
    ok = pd.Series(True, index=frame.index)
    for col in ("value", "low", "high"):
        v = frame[col]
        bad = v.notna() & ((v < lo) | ((v > hi) if hi is not None else False))
        ok &= ~bad
    return ok


def shares_in_unit_interval(frame: pd.DataFrame) -> pd.Series:
    """A share (unit 'share') lies in [0, 1] in value, low and high.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``unit``, ``value``, ``low`` and ``high``.

    Returns
    -------
    pandas.Series of bool
        True where the row keeps the rule.
    """
    return ~(frame["unit"] == "share") | _within(frame, 0.0, 1.0)


def counts_whole_and_non_negative(frame: pd.DataFrame) -> pd.Series:
    """A count is a whole number and not negative, in value, low and high.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``kind``, ``value``, ``low`` and ``high``.

    Returns
    -------
    pandas.Series of bool
        True where the row keeps the rule.
    """
    ok = pd.Series(True, index=frame.index)
    for col in ("value", "low", "high"):
        v = frame[col]
        ok &= ~(v.notna() & ((v < 0) | (np.floor(v) != v)))
    return ~(frame["kind"] == "count") | ok


def low_le_value_le_high(frame: pd.DataFrame) -> pd.Series:
    """Where present, low <= value <= high (and low <= high).

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``value``, ``low`` and ``high``.

    Returns
    -------
    pandas.Series of bool
        True where the row keeps the rule.
    """
    lo, v, hi = frame["low"], frame["value"], frame["high"]
    return ~((lo.notna() & v.notna() & (lo > v)) | (v.notna() & hi.notna() & (v > hi))
             | (lo.notna() & hi.notna() & (lo > hi)))


def low_le_high(frame: pd.DataFrame) -> pd.Series:
    """Where both ends of an interval are present, low <= high.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``low`` and ``high``.

    Returns
    -------
    pandas.Series of bool
        True where the row keeps the rule.
    """
    lo, hi = frame["low"], frame["high"]
    return ~(lo.notna() & hi.notna() & (lo > hi))


def has_a_number(frame: pd.DataFrame) -> pd.Series:
    """Every figure has a value or at least one bound.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``value``, ``low`` and ``high``.

    Returns
    -------
    pandas.Series of bool
        True where the row keeps the rule.
    """
    return frame[["value", "low", "high"]].notna().any(axis=1)


def enforcement_is_never_prevalence(frame: pd.DataFrame) -> pd.Series:
    """An enforcement count measures detection (what was found) or activity, never prevalence.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``topic`` and ``measures``.

    Returns
    -------
    pandas.Series of bool
        True where the row keeps the rule.
    """
    return ~((frame["topic"] == "enforcement") & (frame["measures"] == "prevalence"))


# Row-wise rules a declaration may name: rule -> (function, the field its Problem names, message).
ROW_RULES = {
    "shares_in_unit_interval": (shares_in_unit_interval, "value", "share outside [0, 1]"),
    "counts_whole_and_non_negative": (counts_whole_and_non_negative, "value", "count negative or not whole"),
    "low_le_value_le_high": (low_le_value_le_high, "low/value/high", "low <= value <= high violated"),
    "low_le_high": (low_le_high, "low/high", "low <= high violated"),
    "has_a_number": (has_a_number, "value", "no value, low or high"),
    "enforcement_is_never_prevalence": (enforcement_is_never_prevalence, "measures",
                                        "an enforcement count measures detection, not prevalence"),
}
ROW_RULE_FIELDS = {name: field for name, (_, field, _) in ROW_RULES.items()}


def _dtype(column: Column):
    if column.type == "integer":
        return "Int64" if column.nullable else "int64"
    # Text columns are checked by ``is_text`` (pandera's own str check formats a report of every column
    # even when it passes, which took a third of a rebuild).
    return {"string": None, "date": None, "number": float, "boolean": bool}[column.type]


def is_text(series: pd.Series) -> pd.Series:
    """Every cell is text (an empty cell is None or NaN).

    Parameters
    ----------
    series : pandas.Series
        A column of a built table.

    Returns
    -------
    pandas.Series of bool
    """
    return series.map(lambda v: isinstance(v, str)) | series.isna()


def _column(column: Column, vocabularies: Mapping[str, tuple], *, unique: bool) -> pa.Column:
    checks = [pa.Check(is_text, name="is_text", error="is_text: expected text")] \
        if column.type in ("string", "date") else []
    if column.type == "date":
        checks.append(pa.Check.str_matches(DATE))
    if column.isin is not None:
        checks.append(pa.Check.isin(list(vocabularies[column.isin])))
    if column.ge is not None:
        checks.append(pa.Check.ge(column.ge))
    return pa.Column(_dtype(column), nullable=column.nullable, unique=unique, checks=checks or None,
                     description=column.description)


def schema(table: Table | str, vocabularies: Mapping[str, tuple]) -> pa.DataFrameSchema:
    """The pandera contract of a declared table: columns in order, types, empties, vocabularies, row rules.

    ``vocabularies`` supplies each closed code list a column names in ``isin`` (grades, qualifiers...).

    Parameters
    ----------
    table : Table or str
        The declared table, or its name.
    vocabularies : mapping of str to tuple
        Each closed code list by name.

    Returns
    -------
    pandera.DataFrameSchema
    """
    table = TABLES[table] if isinstance(table, str) else table
    columns = {c.name: _column(c, vocabularies, unique=c.name == table.key) for c in table.columns}
    checks = [pa.Check(ROW_RULES[r][0], name=r, error=f"{r}: {ROW_RULES[r][2]}") for r in table.rules]
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=True, coerce=False, name=table.name,
                              description=table.description)


def figures_schema(vocabularies: Mapping[str, tuple]) -> pa.DataFrameSchema:
    """The contract of ``figures.csv``.

    Parameters
    ----------
    vocabularies : mapping of str to tuple
        Each closed code list by name.

    Returns
    -------
    pandera.DataFrameSchema
    """
    return schema("figures", vocabularies)


def table_problems(name: str | Table, frame: pd.DataFrame, vocabularies: Mapping[str, tuple], *,
                   path: str) -> list[Problem]:
    """Every way ``frame`` breaks the declaration of table ``name``, each naming the row (its key) and field.

    Parameters
    ----------
    name : str or Table
        The declared table, or its name.
    frame : pandas.DataFrame
        The table as built or read.
    vocabularies : mapping of str to tuple
        Each closed code list by name.
    path : str
        The file, named in each problem.

    Returns
    -------
    list of Problem
        Empty when the frame keeps its contract.
    """
    table = TABLES[name] if isinstance(name, str) else name
    id_column = table.key or table.column_names[0]
    if id_column not in frame:
        return [Problem(path, "(table)", id_column, "missing column")]
    if keeps(table, frame, vocabularies):  # the common case: nothing for pandera to word
        return []
    return schema_problems(frame, schema(table, vocabularies), path=path, id_column=id_column)


# The dtype each declared type has in a built table (``_dtype``); a column whose type has none here is not
# checked by dtype (text and dates are checked cell by cell).
_DTYPES = {("integer", False): "int64", ("integer", True): "Int64", ("number", False): "float64",
           ("number", True): "float64", ("boolean", False): "bool", ("boolean", True): "bool"}


def keeps(table: Table, frame: pd.DataFrame, vocabularies: Mapping[str, tuple]) -> bool:
    """Whether ``frame`` keeps every promise of ``schema(table)``, in whole-column pandas operations.

    At least as strict as pandera's validation of the same schema (columns in order and no others, dtypes,
    empties, text, dates, vocabularies, lower bounds, a unique key, row rules), never laxer: ``table_problems``
    asks pandera, which words each failure, only when this says no. Building and running the pandera schema of
    every table took about a tenth of a rebuild; this takes a few milliseconds.

    Parameters
    ----------
    table : Table
        The processed table's declaration.
    frame : pandas.DataFrame
        The table as built.
    vocabularies : mapping of str to tuple
        The allowed values of each vocabulary a column names.

    Returns
    -------
    bool
        True when every promise holds; False sends the table to pandera for its messages.
    """
    try:
        if list(frame.columns) != table.column_names:
            return False
        for column in table.columns:
            series = frame[column.name]
            dtype = _DTYPES.get((column.type, column.nullable))
            if dtype is not None and str(series.dtype) != dtype:
                return False
            values = series.to_numpy()
            empty = pd.isna(values)
            if empty.any() and (not column.nullable or column.name == table.key):  # a key is never empty
                return False
            present = values[~empty] if empty.any() else values
            if column.type in ("string", "date") and pd.api.types.infer_dtype(present, skipna=False) not in (
                    "string", "empty"):
                return False
            if column.type == "date" and not all(_DATE.match(v) for v in present):
                return False
            if column.isin is not None and not set(present) <= set(vocabularies[column.isin]):
                return False
            if column.ge is not None and not (present >= column.ge).all():
                return False
            if column.name == table.key and len(set(present)) != len(present):
                return False
        return all(ROW_RULES[rule][0](frame).eq(True).all() for rule in table.rules)
    except (TypeError, ValueError, KeyError, AttributeError):  # a cell of the wrong kind: pandera words it
        return False


def schema_problems(frame: pd.DataFrame, schema: pa.DataFrameSchema, *, path: str,
                    id_column: str) -> list[Problem]:
    """Validate lazily and return every failure as a Problem naming the entry and field.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    schema : pandera.DataFrameSchema
        Its contract.
    path : str
        The file, named in each problem.
    id_column : str
        The column naming each row's entry.

    Returns
    -------
    list of Problem
    """
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        return _as_problems(err.failure_cases, frame, path=path, id_column=id_column)
    return []


def _as_problems(cases: pd.DataFrame, frame: pd.DataFrame, *, path: str, id_column: str) -> list[Problem]:
    problems = set()
    for case in cases.itertuples(index=False):
        index = getattr(case, "index", None)
        entry = "(table)"
        if index is not None and not pd.isna(index) and index in frame.index:
            entry = str(frame.at[index, id_column])
        if case.schema_context == "DataFrameSchema":  # a row-wise rule: one problem per row, not per column
            rule = str(case.check).split(":")[0]
            problems.add(Problem(path, entry, ROW_RULE_FIELDS.get(rule, rule), str(case.check)))
            continue
        field = case.column if isinstance(case.column, str) and case.column else str(case.check)
        problems.add(Problem(path, entry, field, f"{case.check}: {case.failure_case!s:.80}"))
    return sorted(problems)


def reference_problems(built: Mapping[str, pd.DataFrame], tables: Mapping[str, Table]) -> list[Problem]:
    """Values of declared foreign keys that name no row of the table they refer to.

    Every value of a declared foreign key that is not a key of the table it refers to (empty cells refer
    to nothing); each names the table's file, the row (its key) and the column.

    Parameters
    ----------
    built : mapping of str to pandas.DataFrame
        The built tables by name.
    tables : mapping of str to Table
        Their declarations.

    Returns
    -------
    list of Problem
    """
    problems = []
    for name, table in sorted(tables.items()):
        if name not in built:
            continue
        frame = built[name]
        entry = frame[table.key] if table.key else pd.Series([f"row {i + 1}" for i in range(len(frame))])
        for column, other, key in table.foreign_keys:
            known = set(built[other][key]) if other in built else set()
            for at, value in zip(entry, frame[column]):
                if value is not None and not (isinstance(value, float) and np.isnan(value)) and value not in known:
                    problems.append(Problem(f"data/processed/{name}.csv", str(at), column,
                                            f"{value!r:.80} is not a {key} of {other}.csv (a dangling reference)"))
    return problems
