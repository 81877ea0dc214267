"""Declared sources read: any external table from its data file and its declaration.

``read_source`` reads the data file a declaration (``tables.sources``) describes: its rows
checked (``analysis.external_rows``: every cell by its declared type and constraints, the
indicator's unit, bounds and period), then the row ids, the lineage and grade, and an
approximate value's rounding. ``Sources`` holds
every declared source of a project; the build, ``csecstats validate``, the estimate
context and triangulation loop over it, and nothing names a source. A declaration may
name a domain ``reading`` (``tip_periods``: the TIP reports' periods and comparability
breaks, ``analysis.tip``); its origin is still declared. Every problem is reported at
once as ``PATH: ENTRY: FIELD: message``, the entry being e.g. ``row 3 (sex_workers 1992 Phnom Penh)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..inputs import paths
from ..inputs.cells import read_csv
from ..inputs.errors import Problem, ValidationFailed, brief, raise_if_any
from ..register.grades import external_grade
from ..register.lineage import ACCOUNTS, EXTERNAL_QUALIFIERS, MEASURES, Lineage, external_terms, load_lineage
from ..register.load import load_vocabulary
from ..source.printed import rounding_interval
from ..tables.table import Table
from ..tables.sources import (LINEAGE_TERMS, PERIOD_KINDS, PLACEHOLDER, READINGS, Source, declaration,
                              declaration_paths, matching)
from .external_rows import checked_rows, row_entry, source_problems
from .row_lineage import (account_page_problems, counted_in_problems, definition_problems, measures_problems,
                          method_problems, origin_place_problems, producer_problems, qualifier_problems, relay_problems,
                          unplaced_problems)
from .row_words import breakdown_problems, credit_problems, described_method_problems, described_problems
from .tip import load_tip, tip_problems

__all__ = ["PERIOD_KINDS", "Source", "declaration"]


def stable_ids(pattern: str, rows: list[dict], raw_names: dict[str, str]) -> list[str]:
    """Each row's id from the declared pattern (lower case, spaces to _); a repeat gets _2, the third _3.

    Parameters
    ----------
    pattern : str
        The declared id pattern, with ``{column}`` placeholders.
    rows : list of dict
        The checked rows, in file order.
    raw_names : dict of str to str
        The declaration's renames (a placeholder may name a column by its name in the file).

    Returns
    -------
    list of str
    """
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
                    problems.append(Problem(str(source.data), row_entry(source.spec, raw), rule["column"],
                                            f"unknown {term} {brief(note[term])} ({_home(term)})"))
            elif isinstance(rule, dict):
                note[term] = rule["map"].get(raw[rule["by"]])
                if note[term] is None:
                    problems.append(Problem(str(source.data), row_entry(source.spec, raw), rule["by"],
                                            f"no {term} for {brief(raw[rule['by']])}: add it to lineage.{term}.map "
                                            f"in {source.path.name}"))
            else:
                note[term] = rule if rule is not None else ""
        notes.append(note)
    return notes, problems


def _home(term: str) -> str:
    return {"origin": "data/raw/origins.yml", "definition": "data/raw/definitions.yml",
            "method": "data/raw/external_rows.yml methods"}.get(term, "expected one of the lineage vocabulary")


def _with_lineage(source: Source, rows: list[dict], ids: list[str], notes: list[dict]) -> pd.DataFrame:
    """The processed table: the rows with their ids, lineage and grade, in the declared columns and types
    (``typed``). A published range has no centre; an approximate row without published bounds gets the bounds
    its rounding implies, like every approximate figure. Made column by column from the rows, in one frame."""
    graded, nan = [external_grade(n["method"], n["account"], n["qualifier"]) for n in notes], float("nan")
    keys = dict.fromkeys(key for row in rows for key in row)  # a cell a row lacks is NaN, as pandas makes it
    cells = {source.id_column: ids, **{key: [row.get(key, nan) for row in rows] for key in keys}}
    cells.update({column: [n[key] for n in notes] for column, key in (
        ("origin_id", "origin"), ("qualifier", "qualifier"), ("method", "method"), ("definition", "definition"),
        ("measures", "measures"), ("account", "account"), ("lineage_note", "note"))})
    cells.update({"evidence_grade": [g for g, _ in graded], "grade_reason": [r for _, r in graded]})
    value = [nan if q == "range" or v is None else v for v, q in zip(cells["value"], cells["qualifier"])]
    low, high = ([nan if v is None else v for v in cells[end]] for end in ("low", "high"))
    basis, cells["low"], cells["high"] = zip(*map(_fill_rounding, value, low, high, cells["qualifier"])) if rows \
        else ((), [], [])
    cells["value"], cells["bounds_basis"] = value, list(basis)
    return typed(cells, source.table)


def _fill_rounding(value: float, low: float, high: float, qualifier: str) -> tuple[str | None, float, float]:
    """(basis, low, high): 'published' when the publication gives a bound, 'rounding' with the bounds read from an
    approximate value's rounding, else None (and low/high stay empty)."""
    if pd.notna(low) or pd.notna(high):
        return "published", low, high
    if qualifier != "approximate" or value != int(value):
        return None, low, high
    bounds = rounding_interval(f"{int(value)}", int(value), "count")
    if bounds is None:
        return None, low, high
    return "rounding", *bounds


# ---------------------------------------------------------------- tables

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
    values = (source.spec.get("indicators") or {}).get("values") or {}
    declared = [Problem(str(source.path), f"indicators.values.{name}", "definitions",
                        f"{brief(d)} is not a definition of data/raw/definitions.yml")
                for name, v in values.items() for d in v.get("definitions") or [] if d not in lineage.definitions]
    if declared:
        return None, declared
    if "annotations" in rules:
        notes, problems = external_terms(lineage, source.spec["data"], ids, path=str(source.data))
    else:
        notes, problems = _declared_terms(source, rows, raws, lineage)
    problems += unplaced_problems(source, raws, notes, geographies, data=data)
    problems += qualifier_problems(source, raws, rows, notes, ids, data=data)
    problems += relay_problems(source, raws, rows, notes, ids, lineage.origins, data=data)
    problems += method_problems(source, raws, notes, ids, lineage.origins, data=data)
    problems += described_method_problems(source, raws, notes, ids, lineage.origins, data=data)
    problems += described_problems(source, raws, notes, data=data) + breakdown_problems(source, raws, data=data)
    problems += producer_problems(source, raws, notes, ids, lineage.origins, data=data)
    problems += credit_problems(source, raws, notes, ids, lineage.origins, geographies, data=data)
    problems += origin_place_problems(source, raws, notes, ids, lineage.origins, geographies, data=data)
    problems += counted_in_problems(source, raws, rows, notes, ids, lineage, data=data)
    problems += measures_problems(source, raws, notes, ids, lineage, data=data)
    problems += definition_problems(source, raws, notes, ids, data=data, counted_in=lineage.counted_in)
    problems += account_page_problems(source, raws, notes, ids, data=data)
    if problems:
        return None, problems
    return _with_lineage(source, rows, ids, _with_reviews(notes, ids, source.spec.get("sums") or {})), []


def _with_reviews(notes: list[dict], ids: list[str], sums: dict) -> list[dict]:
    """Each row's lineage terms, the note of a total whose printed parts do not make it carrying the declaration's
    review of it (``sums``: why both are kept as printed), so that the table says so beside the number."""
    return [{**n, "note": " ".join(x for x in (n.get("note"), sums[i].get("reason")) if isinstance(x, str) and x)}
            if isinstance(sums.get(i), dict) else n for n, i in zip(notes, ids)]


def typed(cells: dict[str, list], table: Table) -> pd.DataFrame:
    """The declared columns, in order, each with its declared type (numbers as floats, missing as NaN; whole
    years as ints, nullable ones as Int64; text and dates as the cells hold them, missing as None).

    Parameters
    ----------
    cells : dict of str to list
        Each column's cells: the rows with ids and lineage.
    table : Table
        The processed table's declaration.

    Returns
    -------
    pandas.DataFrame
    """
    columns = {}
    for c in table.columns:
        if c.type == "number":
            columns[c.name] = np.array([np.nan if v is None else v for v in cells[c.name]], dtype=float)
        elif c.type == "integer":
            columns[c.name] = pd.array(cells[c.name], dtype="Int64") if c.nullable else np.array(cells[c.name],
                                                                                                 dtype=np.int64)
        else:
            columns[c.name] = np.fromiter(cells[c.name], dtype=object, count=len(cells[c.name]))  # as they are
    return pd.DataFrame(columns, copy=False)


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
    """Every problem of one data file, read with the declaration its header belongs to.

    Parameters
    ----------
    path : Path
        The data file.
    sources : Sources
        The declared sources (``declared_sources``); the one whose header matches reads it.
    geographies : collection of str
        The places a row may name.
    breaks : Path, optional
        The breaks file, for a TIP table (default: the project's).

    Returns
    -------
    list of Problem
        A header that matches no declaration is one problem.
    """
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
    raise_if_any(read_sources(sources, geographies=vocabulary.places(), lineage=lineage))
    return sources
