"""Lineage and definitions as data: origins, what each number counts, what it can measure.

``data/raw/origins.yml`` declares once each study or count a number ultimately rests on;
``data/raw/definitions.yml`` the controlled vocabulary of definitions and the three
``measures`` (prevalence, detection, activity); ``data/raw/external_rows.yml`` annotates
every row of the external tables (origin, qualifier, method, definition, measures,
account) so nothing about them is guessed from free text. Every problem in the three
files is reported at once as ``PATH: ENTRY: FIELD: message``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..inputs import frames, paths
from ..inputs.errors import Problem
from .load import Entry, entries, model_problems, read_yaml_keys
from .source_words import origin_method_problems

MEASURES = ("prevalence", "detection", "activity")
HELD = ("primary", "secondary")
ACCOUNTS = ("press", "official", "secondary")  # secondary: another body's summary of a number, not the press
EXTERNAL_QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound", "range", "derived")


class OriginEntry(Entry):
    """An origin of ``origins.yml``: the study or count numbers rest on, and which of them rest on it.

    Parameters
    ----------
    id, producer, title : str
        The origin's id, who produced it and its title.
    year : int
        The year it was published.
    method : str
        How it was made.
    methods : list
        The methods (``external_rows.yml`` ``methods``) it made its numbers by; empty when none is described.
    counted : str
        What it counted.
    held : str
        ``primary`` when the project holds its own text, else ``secondary``.
    accounts : str
        Where its text is (a file of the project, or a citation).
    sources, figures : list
        The sources and figures that rest on it.
    compiles : list, optional
        The origins whose figures this one compiles: never independent of them.
    """

    id: str
    producer: str
    title: str
    year: int
    method: str
    methods: list
    counted: str
    held: str
    accounts: str
    sources: list
    figures: list
    compiles: list = None  # the origins whose figures this one compiles: never independent of them


class TermsEntry(Entry):
    """A topic's or indicator's terms in ``definitions.yml``.

    Parameters
    ----------
    definition : str
        A term of the controlled vocabulary.
    measures : str
        What a number with it measures (prevalence, detection or activity).
    """

    definition: str
    measures: str


class RowEntry(Entry):
    """An external row's annotation in ``external_rows.yml``.

    Parameters
    ----------
    origin, qualifier, method, definition, measures, account, note : str
        The row's origin and how its number was made, defined and accounted for.
    """

    origin: str
    qualifier: str
    method: str
    definition: str
    measures: str
    account: str
    note: str
ORIGIN_COLUMNS = ["origin_id", "producer", "title", "year", "method", "methods", "counted", "held", "accounts", "compiles"]


@dataclass
class Lineage:
    """Origins, definitions, measures and the external rows' annotations, checked.

    Parameters
    ----------
    origins, definitions, topics, indicators, methods : dict
        By id or name, as checked.
    external : dict of str to dict
        Table file name -> row key -> annotation.
    method_measures : dict of str to tuple of str
        What each method can measure (``external_rows.yml`` ``method_measures``); a method not listed, any.
    unit_measures : dict of str to tuple of str
        What a number in each unit can measure (``definitions.yml`` ``unit_measures``); a unit not listed, any.
    counted_in : dict of str to str
        The unit a count with each definition is in (``definitions.yml`` ``counted_in``); unlisted, any.
    """

    origins: dict[str, dict] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    topics: dict[str, dict] = field(default_factory=dict)
    indicators: dict[str, dict] = field(default_factory=dict)
    methods: dict[str, str] = field(default_factory=dict)
    external: dict[str, dict[str, dict]] = field(default_factory=dict)  # table file name -> row key -> annotation
    method_measures: dict[str, tuple[str, ...]] = field(default_factory=dict)  # what a method can measure
    unit_measures: dict[str, tuple[str, ...]] = field(default_factory=dict)  # what a number in a unit can measure
    counted_in: dict[str, str] = field(default_factory=dict)  # definition -> the unit a count with it is in

    def origin_of_source(self) -> dict[str, str]:
        return {s: o["id"] for o in self.origins.values() for s in o["sources"]}

    def origin_of_figure(self) -> dict[str, str]:
        return {f: o["id"] for o in self.origins.values() for f in o["figures"]}

    def compiled(self) -> set[tuple[str, str]]:
        """(compiler, compiled) pairs: an origin that compiles another's figures is never independent of it."""
        return {(o["id"], c) for o in self.origins.values() for c in o.get("compiles") or []}


def _origin_problems(where: str, lineage: Lineage, items) -> list[Problem]:
    pairs, problems = entries(where, items)
    claimed: dict[str, str] = {}
    for entry_id, entry in pairs:
        found = model_problems(where, entry_id, entry, OriginEntry)
        if not found and entry["held"] not in HELD:
            found.append(Problem(where, entry_id, "held", f"expected one of {', '.join(HELD)}"))
        for key in ("sources", "figures"):
            for name in entry.get(key) or []:
                if f"{key}:{name}" in claimed:
                    found.append(Problem(where, entry_id, key, f"'{name}' already rests on origin "
                                                               f"'{claimed[f'{key}:{name}']}'"))
                claimed[f"{key}:{name}"] = entry_id
        problems += found
        if not found:
            lineage.origins[entry_id] = entry
    for entry_id, entry in lineage.origins.items():
        problems += [Problem(where, entry_id, "compiles", f"'{c}' is not a declared origin other than itself")
                     for c in entry.get("compiles") or [] if c not in lineage.origins or c == entry_id]
    return problems


def _definition_problems(where: str, lineage: Lineage, parts: dict) -> list[Problem]:
    problems = []
    if set(parts["measures"]) != set(MEASURES):
        problems.append(Problem(where, "measures", "(entries)", f"expected exactly {', '.join(MEASURES)}"))
    lineage.definitions = {k: v for k, v in parts["definitions"].items() if isinstance(v, str) and v.strip()}
    problems += [Problem(where, f"definitions.{k}", "(entry)", "expected a one-line description")
                 for k in parts["definitions"] if k not in lineage.definitions]
    for section in ("topics", "indicators"):
        for name, spec in parts[section].items():
            at = f"{section}.{name}"
            if not isinstance(spec, dict):
                problems.append(Problem(where, at, "(entry)", "expected {definition, measures}"))
                continue
            found = model_problems(where, at, spec, TermsEntry)
            found += term_problems(where, at, spec, lineage)
            problems += found
            if not found:
                getattr(lineage, section)[name] = spec
    return problems


def term_problems(where: str, entry: str, spec: dict, lineage: Lineage) -> list[Problem]:
    """``definition`` from the controlled vocabulary and ``measures`` one of the three.

    Parameters
    ----------
    where : str
        The file, named in each problem.
    entry : str
        The entry's id.
    spec : dict
        The entry's ``definition`` and ``measures``.
    lineage : Lineage

    Returns
    -------
    list of Problem
    """
    problems = []
    if isinstance(spec.get("definition"), str) and spec["definition"] not in lineage.definitions:
        problems.append(Problem(where, entry, "definition", f"unknown definition '{spec['definition']}' "
                                                            "(data/raw/definitions.yml)"))
    if isinstance(spec.get("measures"), str) and spec["measures"] not in MEASURES:
        problems.append(Problem(where, entry, "measures", f"expected one of {', '.join(MEASURES)}"))
    return problems


def _row_problems(where: str, lineage: Lineage, tables) -> list[Problem]:
    problems = []
    for table, rows in (tables.items() if isinstance(tables, dict) else []):
        if not isinstance(rows, dict):
            problems.append(Problem(where, f"tables.{table}", "(entries)", "expected a mapping of row key: annotation"))
            continue
        lineage.external[table] = {}
        for key, spec in rows.items():
            at = f"{table}: {key}"
            if not isinstance(spec, dict):
                problems.append(Problem(where, at, "(entry)", "expected a mapping"))
                continue
            found = model_problems(where, at, spec, RowEntry) + term_problems(where, at, spec, lineage)
            for name, allowed in (("origin", lineage.origins), ("qualifier", EXTERNAL_QUALIFIERS),
                                  ("method", lineage.methods), ("account", ACCOUNTS)):
                if isinstance(spec.get(name), str) and spec[name] not in allowed:
                    found.append(Problem(where, at, name, f"unknown {name} '{spec[name]}'"))
            if not found and (message := measures_problem(lineage, spec["method"], spec["measures"])):
                found.append(Problem(where, at, "measures", message))
            problems += found
            if not found:
                lineage.external[table][key] = spec
    return problems


def load_lineage(origins: Path | None = None, definitions: Path | None = None,
                 external_rows: Path | None = None) -> tuple[Lineage, list[Problem]]:
    """Read the three lineage files; every problem in them at once.

    Parameters
    ----------
    origins, definitions, external_rows : Path, optional
        The files (default: the project's).

    Returns
    -------
    tuple of (Lineage, list of Problem)
    """
    lineage, problems = Lineage(), []
    where = str(origins or paths.ORIGINS_FILE)
    parts, found = read_yaml_keys(Path(where), ("origins",))
    problems += found or _origin_problems(where, lineage, parts["origins"])
    where = str(definitions or paths.DEFINITIONS_FILE)
    parts, found = read_yaml_keys(Path(where), ("measures", "definitions", "topics", "indicators"),
                                  ("unit_measures", "counted_in"))
    problems += found or (_definition_problems(where, lineage, parts)
                          + _measures_table(where, lineage, "unit", parts["unit_measures"])
                          + _counted_in_problems(where, lineage, parts["counted_in"]))
    where = str(external_rows or paths.EXTERNAL_ROWS_FILE)
    parts, found = read_yaml_keys(Path(where), ("methods", "tables"), ("method_measures",))
    if not found:
        lineage.methods = {k: v for k, v in parts["methods"].items() if isinstance(v, str)}
        found = (_measures_table(where, lineage, "method", parts["method_measures"])
                 + _row_problems(where, lineage, parts["tables"]))
        found += origin_method_problems(str(origins or paths.ORIGINS_FILE), lineage.origins, lineage.methods)
    return lineage, problems + found


def _counted_in_problems(where: str, lineage: Lineage, section) -> list[Problem]:
    """The optional ``counted_in`` (definitions.yml): UNIT: [DEFINITIONS, ...], each known, under one unit."""
    if not isinstance(section, dict) or not all(isinstance(v, list) for v in section.values()):
        return [Problem(where, "counted_in", "(entries)", "expected a mapping UNIT: [DEFINITIONS, ...]")]
    problems = []
    for unit, name in ((unit, name) for unit, names in section.items() for name in names):
        if name in lineage.definitions and name not in lineage.counted_in:
            lineage.counted_in[name] = unit
        else:
            problems.append(Problem(where, f"counted_in.{unit}", "(definitions)", f"{name!r:.40} is not a definition, or is listed twice"))
    return problems


def _measures_table(where: str, lineage: Lineage, by: str, section) -> list[Problem]:
    """The optional ``method_measures`` (external_rows.yml) or ``unit_measures`` (definitions.yml) section:
    NAME: [MEASURES, ...], each a known method (units: any name) and each measures one of the three."""
    key = f"{by}_measures"
    if not isinstance(section, dict):
        return [Problem(where, key, "(entries)", f"expected a mapping {by.upper()}: [MEASURES, ...]")]
    problems, table = [], getattr(lineage, key)
    for name, measures in section.items():
        at = f"{key}.{name}"
        if by == "method" and name not in lineage.methods:
            problems.append(Problem(where, at, "(key)", f"unknown method '{name}'"))
        elif not (isinstance(measures, list) and measures and all(m in MEASURES for m in measures)):
            problems.append(Problem(where, at, "(measures)", f"expected a list of {', '.join(MEASURES)}"))
        else:
            table[name] = tuple(measures)
    return problems


def measures_problem(lineage: Lineage, method: str, measures: str) -> str | None:
    """What a number made by ``method`` cannot measure: an agency's own caseload never measures prevalence.

    Parameters
    ----------
    lineage : Lineage
    method, measures : str
        A row's method and what it is said to measure.

    Returns
    -------
    str or None
    """
    return _beyond(lineage.method_measures.get(method), measures, f"made by {method}", "external_rows.yml method")


def unit_measures_problem(lineage: Lineage, unit: str, measures: str) -> str | None:
    """What a number in ``unit`` cannot measure: cases dealt with measure detection, copies and sessions activity.

    Parameters
    ----------
    lineage : Lineage
    unit, measures : str
        A number's unit and what it is said to measure.

    Returns
    -------
    str or None
    """
    return _beyond(lineage.unit_measures.get(unit), measures, f"in {unit}", "definitions.yml unit")


def _beyond(allowed: tuple[str, ...] | None, measures: str, number: str, table: str) -> str | None:
    """``measures`` where ``allowed`` (None: anything) does not hold it, worded for the table declaring it."""
    if allowed is None or measures in allowed:
        return None
    return f"{measures}: a number {number} measures {' or '.join(allowed)} ({table}_measures)"


def figure_terms(lineage: Lineage, figures: pd.DataFrame, *, path: str) -> tuple[pd.DataFrame, list[Problem]]:
    """``origin_id``, ``definition`` and ``measures`` of every figure; a figure with no origin is a problem.

    Parameters
    ----------
    lineage : Lineage
    figures : pandas.DataFrame
        The figures table.
    path : str
        The register file, named in each problem.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
    """
    by_source, by_figure = lineage.origin_of_source(), lineage.origin_of_figure()
    rows, problems = [], []
    for fig in frames.rows(figures):
        origin = by_figure.get(fig.figure_id, by_source.get(fig.source_id))
        if origin is None:
            problems.append(Problem(path, fig.figure_id, "source", f"no origin: list source '{fig.source_id}' "
                                    f"or the figure under an origin in {paths.ORIGINS_FILE.name}"))
        terms = lineage.indicators.get(fig.indicator) or lineage.topics.get(fig.topic)
        if terms is None:
            problems.append(Problem(path, fig.figure_id, "indicator", f"no definition for indicator "
                                    f"'{fig.indicator}' or topic '{fig.topic}' in {paths.DEFINITIONS_FILE.name}"))
            terms = {}
        rows.append({"origin_id": origin, "definition": terms.get("definition"), "measures": terms.get("measures")})
    # A figure listed under an origin but absent from the register is not an error of the register being
    # checked (a curator may validate a partial register); tests/test_lineage.py keeps origins.yml current.
    return pd.DataFrame(rows, columns=["origin_id", "definition", "measures"], index=figures.index), problems


def external_terms(lineage: Lineage, table: str, keys: list[str], *, path: str) -> tuple[list[dict], list[Problem]]:
    """The annotation of each external row, in order; a row without one, or one without a row, is a problem.

    Parameters
    ----------
    lineage : Lineage
    table : str
        The external table's file name.
    keys : list of str
        Its row keys, in order.
    path : str
        The file named in each problem.

    Returns
    -------
    tuple of (list of dict, list of Problem)
    """
    declared = lineage.external.get(table, {})
    where = str(paths.EXTERNAL_ROWS_FILE)
    problems = [Problem(where, f"{table}: {k}", "(entry)", f"no such row in {path}") for k in declared if k not in keys]
    problems += [Problem(where, f"{table}: {k}", "(entry)", "row not annotated: declare its origin, qualifier, "
                         "method, definition, measures, account and note") for k in keys if k not in declared]
    return [declared.get(k, {}) for k in keys], problems


def origins_frame(lineage: Lineage) -> pd.DataFrame:
    """One row per origin: who produced it, how, what it counted, and whether the project holds its text.

    Parameters
    ----------
    lineage : Lineage

    Returns
    -------
    pandas.DataFrame
    """
    rows = [{"origin_id": o["id"], **{k: o[k] for k in ORIGIN_COLUMNS[1:-1]}, "methods": " ".join(o["methods"]) or None,
             "compiles": " ".join(o.get("compiles") or []) or None} for o in lineage.origins.values()]
    return pd.DataFrame(rows, columns=ORIGIN_COLUMNS)


def definitions_frame(lineage: Lineage) -> pd.DataFrame:
    """One row per definition of the controlled vocabulary: what exactly a number with it counts.

    Parameters
    ----------
    lineage : Lineage

    Returns
    -------
    pandas.DataFrame
    """
    return pd.DataFrame({"definition": list(lineage.definitions), "description": list(lineage.definitions.values())})


def mixed_definitions(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The groups of ``frame`` (by ``by``) holding more than one definition.

    A comparison, trend line or ranking over such a group would mix definitions. Empty when none does.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with a ``definition`` column.
    by : list of str
        The columns of a comparison's groups.

    Returns
    -------
    pandas.DataFrame
        The groups and their number of definitions (``definitions``).
    """
    counts = frame.groupby(by, dropna=False, sort=True)["definition"].nunique()
    return counts[counts > 1].reset_index(name="definitions")


def __getattr__(name: str):
    """ORIGINS_FILE, DEFINITIONS_FILE, EXTERNAL_ROWS_FILE: the current project's (``inputs.paths``), looked up when used."""
    if name in ('ORIGINS_FILE', 'DEFINITIONS_FILE', 'EXTERNAL_ROWS_FILE'):
        return getattr(paths, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
