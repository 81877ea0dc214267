"""Rows of a table as plain Python values: the same as pandas' itertuples and to_dict("records"), value for value."""
import numpy as np
import pandas as pd
import pytest

from csecstats import build
from csecstats.inputs.frames import records, rows


def _typed(found) -> list:
    """Every value with its type, row by row: equal values of another type (np.int64 for int) differ here."""
    return [[(type(v), repr(v)) for v in (r.values() if isinstance(r, dict) else r)] for r in found]


ODD = pd.DataFrame({"count": pd.array([1, None], dtype="Int64"), "mixed": [np.float64(1.5), "x"],
                    "when": pd.to_datetime(["2003-01-01", None]), "flag": [True, False], "value": [1.0, np.nan],
                    "text": ["x", None], 1: [2, 3], "not an identifier": [np.int64(4), None],
                    "missing": pd.array([pd.NA, 1.5], dtype="Float64")}, index=[5, 7])


@pytest.fixture(scope="module")
def built():
    return build.tables()


def test_every_built_table_reads_as_pandas_reads_it(built):
    assert len(built) > 20
    for name, frame in {**built, "odd": ODD}.items():
        for index in (False, True):
            expected = list(frame.itertuples(index=index))
            found = rows(frame, index=index)
            assert _typed(found) == _typed(expected), name
            assert [r._fields for r in found] == [r._fields for r in expected], name
        assert _typed(records(frame)) == _typed(frame.to_dict("records")), name
        assert [list(r) for r in records(frame)] == [list(r) for r in frame.to_dict("records")], name


def test_repeated_column_names_and_empty_frames_are_left_to_pandas():
    repeated = pd.DataFrame([[1, "a"], [2, "b"]], columns=["x", "x"])
    assert rows(repeated) == list(repeated.itertuples(index=False))
    assert records(repeated) == repeated.to_dict("records")
    for empty in (pd.DataFrame(), pd.DataFrame(columns=["a", "b"]), pd.DataFrame(index=[1, 2])):
        assert rows(empty) == list(empty.itertuples(index=False)) and records(empty) == empty.to_dict("records")
