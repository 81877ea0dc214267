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

from ..register.qualifiers import tolerance_words_problem
from .declarations import default_context
from .estimates import estimates_table
from .external import Sources, project_sources
from .tip import load_tip
from .tip_crosswalk import conflicting_readings, triangulation_rows
from ..inputs import paths
from ..inputs.errors import Problem, raise_if_any
from ..register.lineage import Lineage, load_lineage
from ..register.load import check_fields, entries, read_yaml_keys
from ..tables.declared import columns
from ..tables.figures import load_tables
from ..inputs import frames

QUANTITY_FIELDS = {"id": (str,), "report_indicators": (list,), "external_indicators": (list,),
                   "geography": (str, type(None))}
QUANTITY_OPTIONAL = {"tolerance": (float,), "tolerance_reason": (str,)}  # a quantity's own, with why
ESTIMATE_FIELDS = {"id": (str,), "quantity": (str,), "indicator": (str,)}
APART_FIELDS = {"records": (list,), "reason": (str,)}
# Independent counts of one quantity differ by cut-off dates, revisions and counting rules: central
# values within 10% of the larger are read as agreeing (151 and 159 cases), not as a conflict.
TOLERANCE = 0.10
# Most serious first; not_comparable marks rows a reader might set side by side that were deliberately kept
# apart (triangulation.yml, not_comparable): neither agreement nor disagreement is claimed.
STATUSES = ("disagree", "overlap", "agree", "dependent", "same_origin", "not_comparable")


@dataclass(frozen=True)
class Comparisons:
    """What is compared (``data/raw/triangulation.yml``): quantity -> (report indicators, external
    indicators, geography or None for any), and estimate id -> (quantity, indicator)."""

    quantities: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None]]
    estimates: dict[str, tuple[str, str]]
    apart: tuple[tuple[tuple[str, ...], str], ...] = ()
    tolerances: tuple[tuple[str, float], ...] = ()  # quantity -> its declared tolerance (else TOLERANCE)


def load_comparisons(path: Path | None = None) -> Comparisons:
    """The declared quantities and estimate rows, checked; ``ValidationFailed`` lists every problem."""
    path = Path(path or paths.TRIANGULATION_FILE)
    where = str(path)
    parts, problems = read_yaml_keys(path, ("quantities", "estimates", "not_comparable"))
    quantities, estimates, apart, tolerances = {}, {}, [], {}
    if parts:
        pairs, problems = entries(where, parts["quantities"])
        for entry_id, entry in pairs:
            found = check_fields(where, entry_id, entry, QUANTITY_FIELDS, QUANTITY_OPTIONAL)
            if not found and "tolerance" in entry and not (0 < entry["tolerance"] < 1 and entry.get("tolerance_reason")):
                found = [Problem(where, entry_id, "tolerance", "expected a share between 0 and 1 with a "
                                                               "tolerance_reason saying why")]
            elif not found and (said := tolerance_words_problem(entry.get("tolerance"), entry.get("tolerance_reason"))):
                found = [Problem(where, entry_id, "tolerance", said)]
            problems += found
            if not found:
                quantities[entry_id] = (tuple(entry["report_indicators"]), tuple(entry["external_indicators"]),
                                        entry["geography"])
                if "tolerance" in entry:
                    tolerances[entry_id] = entry["tolerance"]
        pairs, found = entries(where, parts["estimates"])
        problems += found
        for entry_id, entry in pairs:
            found = check_fields(where, entry_id, entry, ESTIMATE_FIELDS, {})
            if not found and entry["quantity"] not in quantities:
                found = [Problem(where, entry_id, "quantity", f"unknown quantity '{entry['quantity']}'")]
            problems += found
            if not found:
                estimates[entry_id] = (entry["quantity"], entry["indicator"])
        for i, entry in enumerate(parts["not_comparable"] if isinstance(parts["not_comparable"], list) else []):
            found = check_fields(where, f"not_comparable[{i + 1}]", entry, APART_FIELDS, {}) \
                if isinstance(entry, dict) else [Problem(where, f"not_comparable[{i + 1}]", "(entry)", "expected a mapping")]
            if not found and (len(entry["records"]) != 2 or not all(isinstance(r, str) for r in entry["records"])):
                found = [Problem(where, f"not_comparable[{i + 1}]", "records", "expected two record ids")]
            problems += found
            if not found:
                apart.append((tuple(entry["records"]), entry["reason"]))
    raise_if_any(problems)
    return Comparisons(quantities, estimates, tuple(apart), tuple(tolerances.items()))


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


def gathering_problems(frame: pd.DataFrame, comparisons: Comparisons, *, tables: dict[str, pd.DataFrame] | None = None,
                       sources: Sources | None = None) -> list[Problem]:
    """Each declared quantity gathers rows, and rows that measure one thing: a quantity of victims rescued never
    gathers the report's sex workers (prevalence beside detection); one restricted to a place nobody counted
    gathers nothing; and, given the figure tables and the sources, a quantity's place leaves out no row of its
    indicators that no other quantity gathers (every value of a quantity is set side by side: the trafficked sex
    workers restricted to Cambodia would drop Phnom Penh's count unsaid) and gathers only rows of that place (a
    compared estimate or TIP row, gathered by name, of another place is refused), and a report figure of an indicator a
    quantity gathers from the external tables under the same name is gathered by some quantity. The build runs it on
    the triangulation table beside the other measures rules.

    Parameters
    ----------
    frame : pandas.DataFrame
        The triangulation table (``quantity``, ``measures``, ``record_id``).
    comparisons : Comparisons
    tables : dict of str to pandas.DataFrame, optional
        The figure and source tables (``figures``, ``sources``).
    sources : Sources, optional
        The declared sources.

    Returns
    -------
    list of Problem
    """
    where, problems = str(paths.TRIANGULATION_FILE), []
    for quantity, (_, _, geography) in comparisons.quantities.items():
        rows = frame[frame["quantity"] == quantity]
        measures = sorted(set(rows["measures"].dropna()))
        if rows.empty:
            problems.append(Problem(where, quantity, "geography" if geography else "external_indicators",
                                    f"gathers no row{f' of {geography}' if geography else ''}: never an empty group"))
        elif len(measures) > 1:
            problems.append(Problem(where, quantity, "report_indicators", f"gathers rows measuring "
                                    f"{' and '.join(measures)}: one quantity measures one thing"))
    problems += _placed_problems(where, frame, comparisons)
    placed = {q: spec for q, spec in comparisons.quantities.items() if spec[2]}
    if tables is None or sources is None:
        return problems
    gathered, left = set(frame["record_id"]), {}
    problems += _unnamed_problems(where, tables["figures"], comparisons, gathered)
    problems += _ungathered_problems(where, tables["figures"], sources, gathered)
    columns = [(tables["figures"], "indicator", "figure_id", 0)] + [
        (sources.frames[s.name], s.spec["triangulation"].get("indicator", "indicator"), s.id_column, 1)
        for s in sources.declared if s.spec.get("triangulation") and s.name in sources.frames]
    for table, column, id_column, external in columns:  # plain lists: a few hundred rows, read once
        for indicator, place, record in zip(table[column].tolist(), table["geography"].tolist(),
                                            table[id_column].tolist()):
            for quantity, spec in placed.items():
                if indicator in spec[external] and record not in gathered:
                    left.setdefault((quantity, record), place)
    return problems + [Problem(where, quantity, "geography", f"{placed[quantity][2]} leaves out {record} ({place}), "
                               "which no quantity gathers: every value of a quantity is set side by side")
                       for (quantity, record), place in left.items()]


def _placed_problems(where: str, frame: pd.DataFrame, comparisons: Comparisons) -> list[Problem]:
    """A quantity of one place gathers only rows of that place: its report and external rows are chosen by their
    geography, and a compared estimate or a TIP row (gathered by name) agrees with it, so a Phnom Penh estimate is
    never set beside the country's counts as the country's. Named on the estimate's ``quantity`` (the estimate
    declared of another place's quantity), else on the quantity's ``geography``."""
    problems = []
    for quantity, (_, _, geography) in comparisons.quantities.items():
        rows = frame[(frame["quantity"] == quantity) & (frame["geography"] != geography)] if geography else frame[:0]
        for record, place in zip(rows["record_id"].tolist(), rows["geography"].tolist()):
            estimate = record in comparisons.estimates
            problems.append(Problem(where, record if estimate else quantity, "quantity" if estimate else "geography",
                                    (f"{quantity} (of {geography}), but the estimate is of {place}" if estimate else
                                     f"{geography}, but it gathers {record} (of {place})")
                                    + ": a quantity of one place gathers only rows of that place"))
    return problems


def _unnamed_problems(where: str, figures: pd.DataFrame, comparisons: Comparisons, gathered: set) -> list[Problem]:
    """A report figure whose indicator a quantity gathers from the external tables under the same name is gathered
    by some quantity: the report's share of Vietnamese sex workers is never left out of the quantity that gathers the
    embassy's ``share_vietnamese`` (named on that quantity's ``report_indicators``)."""
    problems = []
    for quantity, (reported, external, _) in comparisons.quantities.items():
        left = [f for f, i in zip(figures["figure_id"].tolist(), figures["indicator"].tolist())
                if i in external and i not in reported and f not in gathered]
        if left:
            problems.append(Problem(where, quantity, "report_indicators", (
                f"{list(reported)}, but it gathers the external {figures.set_index('figure_id').at[left[0], 'indicator']!r} "
                f"and no quantity gathers the report's {', '.join(left[:3])} of that indicator")))
    return problems


def _ungathered_problems(where: str, figures: pd.DataFrame, sources: Sources, gathered: set) -> list[Problem]:
    """Rows of two tables of one definition, place, year and unit (the report's share of Khmer sex workers and the
    embassy's share of Cambodian ones, both 'ethnicity as classified') are set side by side: each is gathered by
    some quantity, so that their agreement or disagreement is shown, never left out of the triangulation table."""
    seen: dict[tuple, list[tuple[str, str]]] = {}
    tables = [("figures", figures, "figure_id")] + [(s.name, sources.frames[s.name], s.id_column)
                                                     for s in sources.declared if s.name in sources.frames]
    for name, table, id_column in tables:
        if not {"definition", "geography", "unit"} <= set(table.columns):
            continue
        years = (table["period_start"].astype("string").str[:4] if "period_start" in table
                 else table["year"].astype("string") if "year" in table else pd.Series(pd.NA, index=table.index))
        for record, *key in zip(table[id_column].tolist(), table["definition"].tolist(), table["geography"].tolist(),
                                years.tolist(), table["unit"].tolist()):
            if all(isinstance(k, str) for k in key):
                seen.setdefault(tuple(key), []).append((name, record))
    problems = []
    for (definition, place, year, unit), rows in seen.items():
        if len({name for name, _ in rows}) > 1:
            problems += [Problem(where, record, "(quantities)", f"{definition} in {place}, {year}, in {unit}, as "
                                 f"{', '.join(r for n, r in rows if n != name)} of another table, but no quantity "
                                 "gathers it: rows of one definition in two tables are set side by side")
                         for name, record in rows if record not in gathered]
    return problems


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
