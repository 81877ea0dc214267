"""Declared sources read: any external table from its data file and its declaration.

``read_source`` reads the data file a declaration (``tables.sources``) describes: every
cell by its declared type and constraints, the indicator's unit, bounds and period, the
row ids, the lineage and grade, and an approximate value's rounding. ``Sources`` holds
every declared source of a project; the build, ``csecstats validate``, the estimate
context and triangulation loop over it, and nothing names a source. A declaration may
name a domain ``reading`` (``tip_periods``: the TIP reports' periods and comparability
breaks, ``analysis.tip``); its origin is still declared. Every problem is reported at
once as ``PATH: ENTRY: FIELD: message``, the entry being e.g. ``row 3 (sex_workers 1992 Phnom Penh)``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..inputs import paths
from ..inputs.cells import count_cell, date_cell, decimal_cell, read_csv, text_problem, vocabulary_problem, year_cell
from ..inputs.errors import Problem, ValidationFailed, brief, raise_if_any
from ..inputs.fingerprint import fingerprint_problems
from ..register.grades import external_grade
from ..register.lineage import ACCOUNTS, EXTERNAL_QUALIFIERS, MEASURES, Lineage, external_terms, load_lineage
from ..register.load import load_vocabulary
from ..register.rules import occurrence_problems, row_problems
from ..source.parse import rounding_interval
from ..tables.declared import Table
from ..tables.sources import (LINEAGE_TERMS, PERIOD_KINDS, PLACEHOLDER, READINGS, Source, column_problems,
                              declaration, declaration_paths, matching, period_kind)
from .tip import load_tip, tip_problems

__all__ = ["PERIOD_KINDS", "Source", "declaration"]


def _any_date(text: str) -> tuple[str | None, str | None]:
    """A year YYYY, a month YYYY-MM or a date YYYY-MM-DD, never in the future."""
    if len(text) == 4:
        message = year_cell(text)[1]
    elif re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
        message = date_cell(text + "-01")[1]
    else:
        message = date_cell(text)[1]
    return (None, f"expected blank, YYYY, YYYY-MM or YYYY-MM-DD: {message}") if message else (text, None)


def _cell(field: dict, text: str, geographies) -> tuple[Any, str | None]:
    """One cell read by its declared type and constraints: (value, problem message)."""
    constraints = field.get("constraints", {})
    if not text.strip():
        if constraints.get("required"):
            return None, "missing value" if field.get("type") in ("integer", "number") else "must not be empty"
        return None, None
    kind = field.get("type", "string")
    if kind == "integer":
        value, message = count_cell(text)
    elif kind == "number":
        value, message = decimal_cell(text)
    elif kind == "year":
        value, message = year_cell(text)
    elif kind == "date":
        value, message = _any_date(text) if field.get("format") == "any" else date_cell(text)
    else:
        value, message = text, text_problem(text)
    if message is None and "minimum" in constraints and value < constraints["minimum"]:
        message = f"{value} is below the declared minimum {constraints['minimum']}"
    if message is None and "enum" in constraints:
        message = vocabulary_problem(text, [str(v) for v in constraints["enum"]], field["name"])
    if message is None and field.get("vocabulary") == "geographies":
        message = vocabulary_problem(text, geographies, "geography")
        message = message and message + " (vocabulary.yml geographies)"
    return value, message


def _entry(spec: dict, row: dict) -> str:
    """``row N (indicator year place)``, each part shortened so a hostile cell cannot flood the message."""
    template = spec.get("entry")
    if not template:
        return f"row {row['_row']}"
    return f"row {row['_row']} (" + PLACEHOLDER.sub(lambda m: brief(row.get(m.group(1), ""), 40)[1:-1], template) + ")"


def _period(spec: dict, values: dict) -> tuple[dict, str | None, str | None]:
    """(period columns, field of a problem, message) from the declared period."""
    period = spec.get("period")
    if not period:
        return {}, None, None
    if "year" in period:
        year = values[period["year"]]
        return {"year": year, "period_start": f"{year}-01-01", "period_end": f"{year}-12-31",
                "period_kind": "calendar_year"}, None, None
    if "reference" in period:
        text = values[period["reference"]]
        if len(text) == 4:
            return {"year": int(text), "period_start": f"{text}-01-01", "period_end": f"{text}-12-31",
                    "period_kind": "year"}, None, None
        return {"year": int(text[:4]), "period_start": text, "period_end": text, "period_kind": "point"}, None, None
    start, end = values[period["start"]], values[period["end"]]
    if start > end:
        return {}, period["end"], f"period ends ({end}) before it starts ({start})"
    return {"period_start": start.isoformat(), "period_end": end.isoformat(), "year": end.year,
            "period_kind": period_kind(start, end)}, None, None


def _row(source: Source, where: str, raw: dict, geographies) -> tuple[dict | None, list[Problem]]:
    """One data row checked against its declaration: cells, indicator and unit, bounds, period."""
    spec, entry, problems, values = source.spec, _entry(source.spec, raw), [], {}
    for field in spec["schema"]["fields"]:
        values[field["name"]], message = _cell(field, raw[field["name"]], geographies)
        if message:
            problems.append(Problem(where, entry, field["name"], message))
    indicators = spec.get("indicators")
    if indicators:
        column, declared = indicators["column"], indicators["values"]
        message = raw[column].strip() and vocabulary_problem(raw[column], declared, column)
        if message:
            problems.append(Problem(where, entry, column, message))
        unit = declared.get(raw[column], {}).get("unit")
        if "unit" in indicators and unit and values.get(indicators["unit"]) not in (None, unit):
            problems.append(Problem(where, entry, indicators["unit"],
                                    f"{raw[column]} is measured in {unit}, not {raw[indicators['unit']]}"))
    bounds = spec.get("bounds", {})
    low, value, high = (values.get(bounds.get(k, "")) for k in ("low", "value", "high"))
    if value is not None and ((low is not None and low > value) or (high is not None and value > high)):
        problems.append(Problem(where, entry, bounds["value"], f"low <= value <= high violated ({low}, {value}, {high})"))
    if problems:
        return None, problems
    period, field, message = _period(spec, values)
    if message:
        return None, [Problem(where, entry, field, message)]
    problems = _words_problems(source, where, entry, values, period, geographies)
    if problems:
        return None, problems
    rename = spec.get("rename", {})
    row = {rename.get(k, k): v for k, v in values.items()} | period
    for k in ("low", "high"):
        row.setdefault(k, None)
    return row, []


def _period_field(spec: dict) -> str:
    period = spec.get("period") or {}
    return period.get("year") or period.get("reference") or period.get("end") or "period"


def _words_problems(source: Source, where: str, entry: str, values: dict, period: dict,
                    geographies) -> list[Problem]:
    """A row and its own words (``register.rules.row_problems``): its value, low and high are numbers its quote
    states; its period includes a year the quote states, lies in the plausible years and ends no later than
    its publication; its place is named by the quote or the row's other words. A source marked
    ``denominators: true`` prints populations in millions ("13.4 million"): its values are read against their
    quotes by ``analysis.population`` (every other rule applies here)."""
    spec = source.spec
    if "quote" not in values:
        return []
    bounds = spec.get("bounds", {})
    numbers = {} if spec.get("denominators") else {
        name: values.get(bounds[k]) for k, name in (("value", "value"), ("low", "low"), ("high", "high"))
        if bounds.get(k) and values.get(bounds[k]) is not None}
    published = values.get("published")
    published = published.isoformat() if hasattr(published, "isoformat") else (published or None)
    context = " ".join(str(v) for k, v in values.items() if isinstance(v, str) and k not in ("quote", "geography"))
    return row_problems(where, entry, quote=values["quote"], values=numbers, start=period.get("period_start"),
                        end=period.get("period_end"), published=published, geography=values.get("geography"),
                        context=context, places=geographies, period_field=_period_field(spec))


def stable_ids(pattern: str, rows: list[dict], raw_names: dict[str, str]) -> list[str]:
    """Each row's id from the declared pattern (lower case, spaces to _); a repeat gets _2, the third _3."""
    ids, seen = [], {}
    for r in rows:
        base = PLACEHOLDER.sub(lambda m: str(r[raw_names.get(m.group(1), m.group(1))]), pattern)
        base = base.lower().replace(" ", "_")
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return ids


# ---------------------------------------------------------------- lineage

def _declared_terms(source: Source, rows: list[dict], raws: list[dict], lineage: Lineage) -> tuple[list[dict], list[Problem]]:
    """Each row's lineage terms from constants, columns or mappings; unknown terms are problems."""
    rules, where = source.spec["lineage"], str(source.path)
    allowed = {"origin": lineage.origins, "definition": lineage.definitions, "measures": MEASURES,
               "method": lineage.methods, "account": ACCOUNTS, "qualifier": EXTERNAL_QUALIFIERS}
    problems = []
    for term, rule in rules.items():  # the declaration's own terms, checked once
        constants = [("(value)", rule)] if isinstance(rule, str) else list((rule.get("map") or {}).items())
        problems += [Problem(where, f"lineage.{term}", key if key == "(value)" else f"map.{key}",
                             f"unknown {term} {brief(v)} ({_home(term)})")
                     for key, v in constants if term in allowed and v not in allowed[term]]
    notes = []
    for raw in raws:
        note = {}
        for term in LINEAGE_TERMS:
            rule = rules.get(term)
            if isinstance(rule, dict) and "column" in rule:
                note[term] = raw[rule["column"]]
                if term in allowed and note[term] not in allowed[term]:
                    problems.append(Problem(str(source.data), _entry(source.spec, raw), rule["column"],
                                            f"unknown {term} {brief(note[term])} ({_home(term)})"))
            elif isinstance(rule, dict):
                note[term] = rule["map"].get(raw[rule["by"]])
                if note[term] is None:
                    problems.append(Problem(str(source.data), _entry(source.spec, raw), rule["by"],
                                            f"no {term} for {brief(raw[rule['by']])}: add it to lineage.{term}.map "
                                            f"in {source.path.name}"))
            else:
                note[term] = rule if rule is not None else ""
        notes.append(note)
    return notes, problems


def _home(term: str) -> str:
    return {"origin": "data/raw/origins.yml", "definition": "data/raw/definitions.yml",
            "method": "data/raw/external_rows.yml methods"}.get(term, "expected one of the lineage vocabulary")


def _with_lineage(frame: pd.DataFrame, notes: list[dict]) -> pd.DataFrame:
    """The rows with their lineage and grade; an approximate row without published bounds gets the bounds its
    rounding implies, like every approximate figure."""
    for column, key in (("origin_id", "origin"), ("qualifier", "qualifier"), ("method", "method"),
                        ("definition", "definition"), ("measures", "measures"), ("account", "account")):
        frame[column] = [n[key] for n in notes]
    graded = [external_grade(n["method"], n["account"], n["qualifier"]) for n in notes]
    frame["evidence_grade"], frame["grade_reason"] = [g for g, _ in graded], [r for _, r in graded]
    frame["lineage_note"] = [n["note"] for n in notes]
    frame.loc[frame["qualifier"] == "range", "value"] = float("nan")  # a published range has no centre
    frame["bounds_basis"] = [_fill_rounding(frame, i) for i in frame.index]
    return frame


def _fill_rounding(frame: pd.DataFrame, i) -> str | None:
    """'published' when the publication gives a bound, 'rounding' when the bounds are read from an
    approximate value's rounding, else None (and low/high stay empty)."""
    if pd.notna(frame.at[i, "low"]) or pd.notna(frame.at[i, "high"]):
        return "published"
    value = frame.at[i, "value"]
    if frame.at[i, "qualifier"] != "approximate" or value != int(value):
        return None
    bounds = rounding_interval(f"{int(value)}", int(value), "count")
    if bounds is None:
        return None
    frame.at[i, "low"], frame.at[i, "high"] = bounds
    return "rounding"


# ---------------------------------------------------------------- tables

def checked_rows(source: Source, geographies, *, data: Path | None = None,
                 verify_fingerprint: bool = True) -> tuple[list[dict], list[dict], list[Problem]]:
    """(rows, raw rows, problems) of a declared data file (``data`` reads another file with its declaration)."""
    path = Path(data or source.data)
    where = str(path)
    header, raws, problems = read_csv(path)
    rows, kept = [], []
    if header:
        found = column_problems(where, header, source.fields)
        problems += found
        for raw in raws if not found else []:
            row, found = _row(source, where, raw, geographies)
            problems += found
            if row is not None:
                rows.append(row)
                kept.append(raw)
        value = (source.spec.get("bounds") or {}).get("value")
        if value and "quote" in header and not source.spec.get("denominators"):  # each printed number, one row
            problems += occurrence_problems(where, [(_entry(source.spec, raw), raw["quote"], row.get("value"))
                                                   for raw, row in zip(kept, rows)])
    if verify_fingerprint:
        problems += fingerprint_problems(path)
    return rows, kept, problems


def source_problems(source: Source, geographies, *, data: Path | None = None,
                    verify_fingerprint: bool = True) -> list[Problem]:
    """Every problem of a data file read with its declaration."""
    return checked_rows(source, geographies, data=data, verify_fingerprint=verify_fingerprint)[2]


def read_source(source: Source, geographies, lineage: Lineage, *, data: Path | None = None,
                verify_fingerprint: bool = True) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The processed table of a declared source, with ids, lineage and grades; or every problem.

    Parameters
    ----------
    source : Source
    geographies : collection of str
    lineage : Lineage
    data : Path, optional
        Another data file read with the declaration.
    verify_fingerprint : bool, default True

    Returns
    -------
    tuple of (pandas.DataFrame or None, list of Problem)
    """
    rows, raws, problems = checked_rows(source, geographies, data=data, verify_fingerprint=verify_fingerprint)
    if problems:
        return None, problems
    rename = source.spec.get("rename", {})
    ids = stable_ids(source.spec["ids"]["pattern"], rows, rename)
    rules = source.spec["lineage"]
    if "annotations" in rules:
        notes, problems = external_terms(lineage, source.spec["data"], ids, path=str(source.data))
    else:
        notes, problems = _declared_terms(source, rows, raws, lineage)
    if problems:
        return None, problems
    frame = pd.DataFrame(rows)
    frame.insert(0, source.id_column, ids)
    frame = _with_lineage(frame, notes)
    return typed(frame, source.table), []


def typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The declared columns, in order, each with its declared type (numbers as floats, whole years as ints)."""
    frame = frame[[c.name for c in table.columns]].copy()
    for c in table.columns:
        if c.type == "number":
            frame[c.name] = frame[c.name].astype(float)
        elif c.type == "integer":
            frame[c.name] = frame[c.name].astype("Int64" if c.nullable else int)
    return frame




@dataclass
class Sources:
    """Every declared source of a folder and, once read, its processed table.

    Parameters
    ----------
    declared : list of Source
    frames : dict of str to pandas.DataFrame, default {}
    """

    declared: list[Source]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def of(self, name: str) -> Source:
        return next(s for s in self.declared if s.name == name)


def declared_sources(folder: Path, vocabularies: dict[str, tuple]) -> tuple[Sources, list[Problem]]:
    """The declarations of ``folder`` (checked) and every problem in them; two declaring one table is a problem.

    Parameters
    ----------
    folder : Path
    vocabularies : dict of str to tuple

    Returns
    -------
    tuple of (Sources, list of Problem)
    """
    found, problems = [], []
    for path in declaration_paths(folder):
        source, trouble = declaration(path, vocabularies)
        problems += trouble
        if source is not None and source.spec.get("reading", READINGS[0]) not in READINGS:
            problems.append(Problem(str(path), "reading", "(key)", f"unknown reading; expected one of {', '.join(READINGS)}"))
        elif source is not None:
            found.append(source)
    names = [s.name for s in found]
    problems += [Problem(str(s.path), "table", "name", f"table {s.name} is declared twice") for s in found
                 if names.count(s.name) > 1]
    return Sources(found), problems


def read_sources(sources: Sources, *, geographies, lineage: Lineage, breaks: Path | None = None,
                 declared_breaks: tuple | None = None) -> list[Problem]:
    """Read every declared source into ``sources.frames``; every problem at once (``declared_breaks``: the
    breaks file as read once by the caller, for the TIP reading).

    Parameters
    ----------
    sources : Sources
    geographies : collection of str
    lineage : Lineage
    breaks : Path, optional
    declared_breaks : tuple, optional

    Returns
    -------
    list of Problem
    """
    problems = []
    for source in sources.declared:
        if source.spec.get("reading") == "tip_periods":
            try:
                frame = load_tip(source.data, breaks, declared=declared_breaks)
            except ValidationFailed as failed:
                problems += failed.problems
                continue
            frame["origin_id"] = source.spec["lineage"]["origin"]
            trouble = [] if frame["origin_id"].iloc[0] in lineage.origins else [
                Problem(str(source.path), "lineage.origin", "(value)",
                        f"unknown origin {frame['origin_id'].iloc[0]!r} (data/raw/origins.yml)")]
        else:
            frame, trouble = read_source(source, geographies, lineage)
        problems += trouble
        if not trouble:
            sources.frames[source.name] = frame
    return problems


def file_problems(path: Path, sources: Sources, *, geographies, breaks: Path | None = None) -> list[Problem]:
    """Every problem of one data file, read with the declaration its header belongs to."""
    header, _, problems = read_csv(path)
    if problems or not header:
        return problems
    source = matching(header, sources.declared)
    if source is None:
        return [Problem(str(path), "(header)", "(table)", "matches no declared source (data/external/*.source.yml): "
                                                          "declare it beside its data file")]
    if source.spec.get("reading") == "tip_periods":
        return tip_problems(path, breaks)
    return source_problems(source, geographies, data=path)


def project_sources(folder: Path | None = None) -> Sources:
    """The declared sources of the project's ``data/external``, read; ``ValidationFailed`` lists every problem.
    (The build reads them once itself; this is for a library user asking for them alone.)

    Parameters
    ----------
    folder : Path, optional
        The folder of declarations (default: the project's ``data/external``).

    Returns
    -------
    Sources

    Raises
    ------
    ValidationFailed
    """
    sources, problems = declared_sources(Path(folder or paths.EXTERNAL), None)
    vocabulary, found = load_vocabulary()
    lineage, more = load_lineage()
    raise_if_any(problems + found + more)
    raise_if_any(read_sources(sources, geographies=set(vocabulary.geographies), lineage=lineage))
    return sources
