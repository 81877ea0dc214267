"""Data contracts of the processed tables (pandera). Stage 5.

``validate_figures`` runs every rule lazily and turns pandera's failure cases into
``Problem`` rows (file, entry, field, message), so a curator sees every failure at once.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable

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
from ..register.grades import GRADES
from ..source.parse import QUALIFIERS
from ..source.reader import Report, normalise

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


def phrase_in_quote(frame: pd.DataFrame) -> pd.Series:
    """The number phrase stands inside its quote."""
    return pd.Series([normalise(p) in normalise(q) for p, q in zip(frame["phrase"], frame["quote"])],
                     index=frame.index, dtype=bool)


# Which columns a row-wise rule looks at: the field named in its Problem.
ROW_RULE_FIELDS = {
    "shares_in_unit_interval": "value", "counts_whole_and_non_negative": "value",
    "low_le_value_le_high": "low/value/high", "period_ordered": "period_start/period_end",
    "has_a_number": "value", "phrase_in_quote": "phrase", "quote_in_report": "quote",
}


def _row_check(rule, message: str) -> pa.Check:
    """A row-wise rule whose failures name the rule (pandera reports its error text)."""
    return pa.Check(rule, name=rule.__name__, error=f"{rule.__name__}: {message}")


def figures_schema(report: Report | None = None, source_ids: Iterable[str] | None = None,
                   topics: Iterable[str] | None = None) -> pa.DataFrameSchema:
    """The contract of ``figures.csv``; with a report, quotes and phrases are checked too."""
    checks = [
        _row_check(shares_in_unit_interval, "share outside [0, 1]"),
        _row_check(counts_whole_and_non_negative, "count negative or not whole"),
        _row_check(low_le_value_le_high, "low <= value <= high violated"),
        _row_check(period_ordered, "period ends before it starts, or only one end given"),
        _row_check(has_a_number, "no value, low or high"),
        _row_check(phrase_in_quote, "phrase not in quote"),
    ]
    if report is not None:
        body = report.normalised_body

        def quote_in_report(frame: pd.DataFrame) -> pd.Series:
            """The quote stands in the report (after removing markers and page breaks)."""
            return frame["quote"].map(lambda q: normalise(q) in body).astype(bool)

        checks.append(_row_check(quote_in_report, "quote not found in the report"))
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
            "caveat_priority": pa.Column(str, nullable=True),
            "evidence_grade": text(checks=pa.Check.isin(list(GRADES))),
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
        if case.schema_context == "DataFrameSchema":  # a row-wise rule: one problem per row, not per column
            rule = str(case.check).split(":")[0]
            problems.add(Problem(path, entry, ROW_RULE_FIELDS.get(rule, rule), str(case.check)))
            continue
        field = case.column if isinstance(case.column, str) and case.column else str(case.check)
        problems.add(Problem(path, entry, field, f"{case.check}: {case.failure_case!s:.80}"))
    return sorted(problems)
