"""``tables.schema.keeps``, the whole-column check that lets a valid table skip pandera, is never laxer than
pandera: every way of breaking a built table that pandera refuses, it refuses too, and the problems a broken table
gets are pandera's, word for word."""
from collections import Counter

import pandas as pd
import pytest

from csecstats import build
from csecstats.tables.schema import ROW_RULES, keeps, schema, schema_problems, table_problems

VOCABULARIES = build.VOCABULARIES


@pytest.fixture(scope="module")
def built():
    return build.built_and_declared()


def test_every_built_table_keeps_its_declaration(built):
    frames, tables = built
    assert [name for name, frame in frames.items() if not keeps(tables[name], frame, VOCABULARIES)] == []


def _set(frame: pd.DataFrame, column: str, value) -> pd.DataFrame:
    broken = frame.copy()
    broken[column] = broken[column].astype(object)
    broken.iat[0, broken.columns.get_loc(column)] = value
    return broken


def _breakages(table, frame):
    """(kind, what, broken frame) for each way of breaking ``frame`` that its declaration names."""
    yield "missing", "a column missing", frame.iloc[:, 1:]
    yield "extra", "an extra column", frame.assign(extra=1)
    yield "order", "columns out of order", frame[list(reversed(frame.columns))]
    if table.key:
        yield "key", "a repeated key", pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    for column in table.columns:
        series = frame[column.name]
        if not column.nullable:
            yield "empty", f"{column.name} empty", _set(frame, column.name, None)
        if column.type in ("string", "date"):
            yield "number", f"{column.name} a number", _set(frame, column.name, 5)
        else:
            yield f"text {column.type}", f"{column.name} text", _set(frame, column.name, "five")
            as_object = frame.assign(**{column.name: series.astype(object)})
            yield f"dtype {column.type}", f"{column.name} another dtype", as_object
        if column.type == "date":
            yield "date", f"{column.name} not a date", _set(frame, column.name, "2004/01/01")
        if column.isin:
            yield "isin", f"{column.name} outside its vocabulary", _set(frame, column.name, "no_such_code")
        if column.ge is not None:
            below = series.where(series.index != series.index[0], column.ge - 1).astype(series.dtype)
            yield "ge", f"{column.name} below its bound", frame.assign(**{column.name: below})  # same dtype
    rows = {"shares_in_unit_interval": {"unit": "share", "value": 1.5},
            "counts_whole_and_non_negative": {"kind": "count", "value": 2.5},
            "low_le_value_le_high": {"low": 10.0, "value": 5.0, "high": 20.0},
            "low_le_high": {"low": 20.0, "high": 10.0},
            "has_a_number": {"value": float("nan"), "low": float("nan"), "high": float("nan")},
            "enforcement_is_never_prevalence": {"topic": "enforcement", "measures": "prevalence"}}
    for rule in table.rules:
        broken = frame.copy()
        for column, value in rows[rule].items():
            broken.loc[broken.index[0], column] = value
        yield rule, f"rule {rule}", broken


PER_KIND = 3  # tables broken in each way (pandera takes ~20 ms a table; every way of breaking is covered)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # row rules comparing a cell made text
def test_what_pandera_refuses_the_fast_check_refuses(built):
    frames, tables = built
    refused, tried = 0, Counter()
    for name, frame in frames.items():
        table = tables[name]
        if frame.empty:
            continue
        contract = schema(table, VOCABULARIES)
        for kind, what, broken in _breakages(table, frame):
            id_column = table.key or table.column_names[0]
            if id_column not in broken or tried[kind] >= PER_KIND:
                continue
            tried[kind] += 1
            found = schema_problems(broken, contract, path=f"{name}.csv", id_column=id_column)
            if found:
                refused += 1
                assert not keeps(table, broken, VOCABULARIES), (name, what)
                assert table_problems(table, broken, VOCABULARIES, path=f"{name}.csv") == found, (name, what)
    assert refused >= len(tried) * 2  # the breakages above are real: pandera refuses them
    assert set(ROW_RULES) | {"missing", "extra", "order", "key", "empty", "number", "date", "isin", "ge"} <= set(tried)
