"""Data contracts of the processed tables (pandera). Stage 3: imports stages 0-2.

``validate_figures`` runs every rule lazily and turns pandera's failure cases into
``Problem`` rows (file, entry, field, message), so a curator sees every failure at once.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .errors import Problem
from .parse import QUALIFIERS
from .reader import Report, normalise

DATE = r"^\d{4}-\d{2}-\d{2}$"
KINDS = ("count", "share", "ratio")


def _within(frame: pd.DataFrame, lo: float, hi: float | None) -> pd.Series:
    ok = pd.Series(True, index=frame.index)
    for col in ("value", "low", "high"):
        v = frame[col]
        bad = v.notna() & ((v < lo) | ((v > hi) if hi is not None else False))
        ok &= ~bad
    return ok


def shares_in_unit_interval(frame: pd.DataFrame) -> pd.Series:
    """A share (unit 'share') lies in [0, 1] in value, low and high."""
    return ~(frame["unit"] == "share") | _within(frame, 0.0, 1.0)


def counts_whole_and_non_negative(frame: pd.DataFrame) -> pd.Series:
    """A count is a whole number and not negative, in value, low and high."""
    ok = pd.Series(True, index=frame.index)
    for col in ("value", "low", "high"):
        v = frame[col]
        ok &= ~(v.notna() & ((v < 0) | (np.floor(v) != v)))
    return ~(frame["kind"] == "count") | ok


def low_le_value_le_high(frame: pd.DataFrame) -> pd.Series:
    """Where present, low <= value <= high (and low <= high)."""
    lo, v, hi = frame["low"], frame["value"], frame["high"]
    return ~((lo.notna() & v.notna() & (lo > v)) | (v.notna() & hi.notna() & (v > hi))
             | (lo.notna() & hi.notna() & (lo > hi)))


def period_ordered(frame: pd.DataFrame) -> pd.Series:
    """A period starts on or before the day it ends; both ends given or neither."""
    s, e = frame["period_start"], frame["period_end"]
    return (s.isna() & e.isna()) | (s.notna() & e.notna() & (s.fillna("") <= e.fillna("")))


def has_a_number(frame: pd.DataFrame) -> pd.Series:
    """Every figure has a value or at least one bound."""
    return frame[["value", "low", "high"]].notna().any(axis=1)


def figures_schema(report: Report | None = None, source_ids: Iterable[str] | None = None,
                   topics: Iterable[str] | None = None) -> pa.DataFrameSchema:
    """The contract of ``figures.csv``; with a report, quotes and phrases are checked too."""
    checks = [
        pa.Check(shares_in_unit_interval, name="shares_in_unit_interval", error="share outside [0, 1]"),
        pa.Check(counts_whole_and_non_negative, name="counts_whole_and_non_negative",
                 error="count negative or not whole"),
        pa.Check(low_le_value_le_high, name="low_le_value_le_high", error="low <= value <= high violated"),
        pa.Check(period_ordered, name="period_ordered", error="period ends before it starts"),
        pa.Check(has_a_number, name="has_a_number", error="no value, low or high"),
        pa.Check(lambda f: pd.Series([normalise(p) in normalise(q) for p, q in zip(f["phrase"], f["quote"])],
                                     index=f.index), name="phrase_in_quote", error="phrase not in quote"),
    ]
    if report is not None:
        body = report.normalised_body
        checks.append(pa.Check(lambda f: f["quote"].map(lambda q: normalise(q) in body).astype(bool),
                               name="quote_in_report", error="quote not found in the report"))
    text = lambda **kw: pa.Column(str, **kw)  # noqa: E731
    number = lambda: pa.Column(float, nullable=True)  # noqa: E731
    return pa.DataFrameSchema(
        {
            "figure_id": text(unique=True, checks=pa.Check.str_matches(r"^[a-z][a-z0-9_]+$")),
            "topic": text(checks=pa.Check.isin(sorted(topics)) if topics else None),
            "indicator": text(),
            "value": number(), "low": number(), "high": number(),
            "unit": text(),
            "period_start": pa.Column(str, nullable=True, checks=pa.Check.str_matches(DATE)),
            "period_end": pa.Column(str, nullable=True, checks=pa.Check.str_matches(DATE)),
            "period_basis": text(checks=pa.Check.isin(["stated", "inferred", "none"])),
            "geography": text(),
            "qualifier": text(checks=pa.Check.isin(list(QUALIFIERS))),
            "kind": text(checks=pa.Check.isin(list(KINDS))),
            "source_id": text(checks=pa.Check.isin(sorted(source_ids)) if source_ids is not None else None),
            "footnote": pa.Column("Int64", nullable=True),
            "section": text(),
            "actor": pa.Column(str, nullable=True),
            "phrase": text(), "quote": text(), "caveat": pa.Column(str, nullable=True),
        },
        checks=checks, strict=True, ordered=True, coerce=False, name="figures",
    )


def schema_problems(frame: pd.DataFrame, schema: pa.DataFrameSchema, *, path: str,
                    id_column: str) -> list[Problem]:
    """Validate lazily and return every failure as a Problem naming the entry and field."""
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
        field = case.column if isinstance(case.column, str) and case.column else str(case.check)
        problems.add(Problem(path, entry, field, f"{case.check}: {case.failure_case!s:.80}"))
    return sorted(problems)
