"""Every published value for a quantity, report and external, side by side, with a status.

What is compared is declared in ``data/raw/triangulation.yml``: which report and
external indicators measure each quantity, and which estimates turn report figures
into comparable values. Rows are compared only within one quantity, definition, place
and year, never across a part-year and a full-year period (the compare key). Each pair
of rows gets a status, comparing spans (exact value, rounding interval, bound or range),
not exact values:

- ``same_origin``: both rest on one origin and their spans meet: a repeat, never corroboration;
- ``dependent``: one origin compiles the other (``compiles`` in ``data/raw/origins.yml``: the NCCT
  compiles police figures) and their spans meet or their centres lie within ``TOLERANCE``: a
  compilation repeating what it compiles, never agreement;
- ``agree``: independent origins whose central values differ by at most ``TOLERANCE``;
- ``overlap``: independent origins whose spans share values but whose central values differ more
  (or one has none: a bound or a range);
- ``disagree``: spans apart beyond the tolerance, or two accounts of one origin (or a compilation
  and what it compiles) that cannot both be right.

A row's status is the most serious of its pairs (disagree, overlap, agree, dependent, same_origin).
The TIP reports' figures (``analysis.tip``) join them; where two accounts read one TIP
number as different indicators or periods, both rows disagree too. Disagreement is
shown, not resolved: no row is dropped or averaged.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .comparisons import Comparisons, load_comparisons
from .declarations import default_context
from .estimates import estimates_table
from .external import Sources, project_sources
from .tip import load_tip
from .tip_crosswalk import conflicting_readings, triangulation_rows
from ..inputs import paths
from ..inputs.errors import Problem, raise_if_any
from ..register.lineage import Lineage, load_lineage
from ..tables.declared import columns
from ..tables.figures import load_tables
from ..inputs import frames

# Independent counts of one quantity differ by cut-off dates, revisions and counting rules: central
# values within 10% of the larger are read as agreeing (151 and 159 cases), not as a conflict.
TOLERANCE = 0.10
# Most serious first; not_comparable marks rows a reader might set side by side that were deliberately kept
# apart (triangulation.yml, not_comparable): neither agreement nor disagreement is claimed.
STATUSES = ("disagree", "overlap", "agree", "dependent", "same_origin", "not_comparable")


def mark_apart(frame: pd.DataFrame, apart: tuple[tuple[tuple[str, ...], str], ...], where: str) -> pd.DataFrame:
    """Rows declared not comparable: never in one compare key (a test holds it), each names the other and why;
    a row with no other status takes ``not_comparable``."""
    frame = frame.copy()
    index = dict(zip(frame["record_id"], frame.index))
    raise_if_any([Problem(where, "not_comparable", "records", f"no row '{r}' in the triangulation table")
                  for records, _ in apart for r in records if r not in index])
    for records, reason in apart:
        for mine, other in (records, records[::-1]):
            i = index[mine]
            if pd.isna(frame.at[i, "status"]):
                frame.at[i, "status"] = "not_comparable"
            note = f"not_comparable: {other} ({reason})"
            before = frame.at[i, "compared_with"]
            frame.at[i, "compared_with"] = "; ".join(x for x in (before, note) if isinstance(x, str))
    return frame


def _report_rows(figures: pd.DataFrame, sources: pd.DataFrame, quantities: dict) -> list[dict]:
    """Report figures of each quantity."""
    authors = dict(zip(sources["source_id"], sources["author"] + " " + sources["year"].astype(str)))
    records, rows = frames.records(figures), []
    for quantity, (report_indicators, _, geography) in quantities.items():
        for fig in _speaking(records, "indicator", report_indicators, geography):
            rows.append(_row(quantity, fig, "report", fig["figure_id"],
                             f"Report 2004 citing {authors.get(fig['source_id'], fig['source_id'])}", fig["indicator"]))
    return rows


def _speaking(records: list[dict], column: str, indicators: tuple[str, ...], geography: str | None) -> list[dict]:
    """The records whose ``column`` is one of ``indicators``, in ``geography`` when one is given."""
    return [r for r in records if r[column] in indicators and (not geography or r["geography"] == geography)]


def _external_rows(sources: Sources, quantities: dict) -> list[dict]:
    """Rows of every declared source that speaks to a quantity (its declaration's ``triangulation``)."""
    speaking = [(source, source.spec["triangulation"], frames.records(sources.frames[source.name]))
                for source in sources.declared if source.spec.get("triangulation") and source.name in sources.frames]
    rows = []
    for quantity, (_, indicators, geography) in quantities.items():
        for source, speaks, records in speaking:
            column = speaks.get("indicator", "indicator")
            for r in _speaking(records, column, indicators, geography):
                described = "; ".join(filter(None, (r.get(c) for c in speaks["described_as"])))
                rows.append(_row(quantity, {"low": np.nan, "high": np.nan, **r, "indicator": r[column]}, "external",
                                 r[source.id_column], speaks["source"].format(**r), described))
    return rows


def _row(quantity: str, r: dict, kind: str, record_id: str, source: str, described: str) -> dict:
    start, end = r["period_start"], r["period_end"]
    year = int(end[:4]) if isinstance(end, str) else None
    period_kind = r.get("period_kind") or (
        "calendar_year" if isinstance(start, str) and start[5:] == "01-01" and end[5:] == "12-31"
        and start[:4] == end[:4] else ("none" if start is None else "stated_period"))
    key = f"{quantity}|{r['definition']}|{r['geography']}|{year}" + ("|part_year" if period_kind == "part_year" else "")
    return {"quantity": quantity, "indicator": r["indicator"], "year": year, "period_start": start, "period_end": end,
            "period_kind": period_kind, "geography": r["geography"], "origin": kind, "record_id": record_id,
            "value": float(r["value"]), "low": float(r["low"]), "high": float(r["high"]), "unit": r["unit"],
            "qualifier": r["qualifier"], "source": source, "described_as": described, "definition": r["definition"],
            "measures": r["measures"], "origin_id": r["origin_id"], "evidence_grade": r["evidence_grade"],
            "compare_key": key}


def interval(row: Mapping) -> tuple[float, float]:
    """A row's span: [low or value, high or value]; a lower bound without a high reaches to infinity."""
    lo = row["low"] if not math.isnan(row["low"]) else row["value"]
    hi = row["high"] if not math.isnan(row["high"]) else (math.inf if not math.isnan(row["low"]) else row["value"])
    return lo, hi


def _central(row: Mapping) -> float:
    return row["value"] if not math.isnan(row["value"]) else math.nan


def pair_status(row: Mapping, other: Mapping, tolerance: float = TOLERANCE,
                compiled: frozenset[tuple[str, str]] = frozenset()) -> str:
    """The status of one pair of rows with the same compare key (module docstring); ``compiled`` holds the
    (compiler, compiled) pairs of origins."""
    lo, hi = interval(row)
    olo, ohi = interval(other)
    meet = not (ohi < lo or olo > hi)
    mine, theirs = set(str(row["origin_id"]).split()), set(str(other["origin_id"]).split())
    if mine & theirs:
        return "same_origin" if meet else "disagree"
    a, b = _central(row), _central(other)
    close = not (math.isnan(a) or math.isnan(b)) and abs(a - b) <= tolerance * max(abs(a), abs(b))
    if any((x, y) in compiled or (y, x) in compiled for x in mine for y in theirs):
        return "dependent" if meet or close else "disagree"
    if close:
        return "agree"
    return "overlap" if meet else "disagree"


def compare(frame: pd.DataFrame, tolerance: float = TOLERANCE,
            compiled: frozenset[tuple[str, str]] = frozenset(), tolerances: dict | None = None) -> pd.DataFrame:
    """Each row's status against every other row of its compare key, and what it was compared with;
    ``tolerances`` gives a quantity its own declared tolerance."""
    frame = frame.copy()
    records = frames.records(frame)
    status, compared_with = [None] * len(records), [None] * len(records)
    for positions in frame.groupby("compare_key", sort=False).indices.values():
        group = [(i, records[i]) for i in positions]
        tolerance_here = (tolerances or {}).get(group[0][1].get("quantity"), tolerance)
        for i, row in group:
            pairs = [(pair_status(row, other, tolerance_here, compiled), other) for j, other in group if j != i]
            if not pairs:
                continue
            status[i] = min((s for s, _ in pairs), key=STATUSES.index)
            compared_with[i] = "; ".join(f"{s}: {o['record_id']} = {_shown(o)} ({o['source']})" for s, o in pairs)
    frame["status"], frame["compared_with"] = status, compared_with
    frame["disagrees"] = frame["status"] == "disagree"
    return frame


def _number(x: float) -> str:
    """A count to the unit (3,560); a share or other value under 10 to four significant digits (0.656, not 1)."""
    return f"{x:,.0f}" if abs(x) >= 10 else f"{x:.4g}"


def _shown(row: Mapping) -> str:
    lo, hi = interval(row)
    centre = _number(row["value"]) if not math.isnan(row["value"]) else "no central value"
    return centre if lo == hi else f"{centre} [{_number(lo)} to {'no upper end' if math.isinf(hi) else _number(hi)}]"


TIP_ORIGIN = "us_tip_reports"


def _tip_rows(tip: pd.DataFrame) -> list[dict]:
    """TIP report figures. Each TIP indicator (with its form) is its own definition ('tip:convictions_sex'), so a
    TIP count is compared only with TIP counts of the same definition, never with a report count of another."""
    qualifiers = dict(zip(tip["tip_id"], tip["qualifier"]))
    rows = []
    for r in triangulation_rows(tip):
        definition = f"tip:{r['compare_indicator']}"
        record = {"period_start": r["start"], "period_end": r["end"], "period_kind": r["period_kind"],
                  "geography": "Cambodia", "indicator": r["indicator"], "value": r["value"], "low": r["low"],
                  "high": r["high"], "unit": r["unit"], "qualifier": qualifiers[r["record_id"]],
                  "definition": definition, "measures": "detection", "origin_id": TIP_ORIGIN,
                  "evidence_grade": r["grade"]}
        row = _row(r["quantity"], record, "external (TIP)", r["record_id"], r["source"], r["definition"])
        if r["period_kind"] != "calendar_year":  # April-March counts are compared only with the same months
            row["compare_key"] += f"|{r['start']}/{r['end']}"
        rows.append(row)
    return rows


def flag_readings(frame: pd.DataFrame, readings: dict[str, str]) -> pd.DataFrame:
    """Conflicting readings of one TIP number (tip.conflicting_readings): two accounts of one count, so disagree."""
    frame = frame.copy()
    for i, record_id in frame["record_id"].items():
        if record_id in readings:
            frame.at[i, "status"], frame.at[i, "disagrees"] = "disagree", True
            before = frame.at[i, "compared_with"]
            frame.at[i, "compared_with"] = "; ".join(x for x in (before, readings[record_id]) if isinstance(x, str))
    return frame


def _estimate_rows(estimates: pd.DataFrame, compared: dict[str, tuple[str, str]]) -> list[dict]:
    missing = sorted(set(compared) - set(estimates["estimate_id"]))
    raise_if_any([Problem(str(paths.TRIANGULATION_FILE), m, "id", "no such estimate in estimates.csv") for m in missing])
    rows = []
    for est in frames.records(estimates[estimates["estimate_id"].isin(list(compared))]):
        quantity, indicator = compared[est["estimate_id"]]
        record = {**est, "indicator": indicator, "qualifier": "derived", "origin_id": est["origin_ids"]}
        rows.append(_row(quantity, record, "report (estimate)", est["estimate_id"],
                         "Report 2004, read by this project (estimates.csv)", est["quantity"]))
    return rows


def triangulate(tables: dict[str, pd.DataFrame], estimates: pd.DataFrame, comparisons: Comparisons,
                tip: pd.DataFrame, sources: Sources, lineage: Lineage) -> pd.DataFrame:
    """Every value for each quantity and year, report and external, with disagreement flagged. Pure: the
    build reads each input once and passes it here (``lineage`` says which origins compile which)."""
    rows = (_report_rows(tables["figures"], tables["sources"], comparisons.quantities)
            + _estimate_rows(estimates, comparisons.estimates)
            + _external_rows(sources, comparisons.quantities)
            + _tip_rows(tip))
    frame = pd.DataFrame(rows).astype({"year": "Int64"})
    frame = frame.sort_values(["quantity", "geography", "year", "indicator", "origin", "record_id"],
                              kind="stable").reset_index(drop=True)
    frame = flag_readings(compare(frame, compiled=frozenset(lineage.compiled()), tolerances=dict(comparisons.tolerances)),
                          conflicting_readings(tip))
    return mark_apart(frame, comparisons.apart, str(paths.TRIANGULATION_FILE))[columns("triangulation")]


# The front door's readers: each input of ``triangulate`` read from the current project.
READERS = {"tables": load_tables, "estimates": lambda: estimates_table(default_context()), "comparisons": load_comparisons,
           "tip": load_tip, "sources": project_sources, "lineage": lambda: load_lineage()[0]}


def load_triangulation(**given) -> pd.DataFrame:
    """The front door for a reader outside the build: ``triangulate`` on the current project's inputs, each read
    here (``READERS``) unless passed by name (``tables``, ``estimates``, ``comparisons``, ``tip``, ``sources``,
    ``lineage``); an unknown name is a ``TypeError``."""
    unknown = sorted(set(given) - set(READERS))
    if unknown:
        raise TypeError(f"load_triangulation() takes {', '.join(READERS)}; not {', '.join(unknown)}")
    return triangulate(**{name: given[name] if name in given else read() for name, read in READERS.items()})


def __getattr__(name: str):
    """TRIANGULATION_FILE: the current project's (``inputs.paths``), looked up when used."""
    if name in ('TRIANGULATION_FILE',):
        return getattr(paths, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
