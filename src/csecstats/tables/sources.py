"""Source declarations: the YAML beside each external data file, read and checked.

Each table in ``data/external/`` is a third-party copy plus ``<name>.source.yml``: the
data file's columns as a frictionless Table Schema (``schema.fields``: types and
``constraints`` required, enum, minimum), what each row speaks to (``indicators``: its
indicator and unit), how problems name a row (``entry``) and how row ids are formed
(``ids``), the period and bounds it gives, its lineage (``lineage``: origin, qualifier,
method, definition, measures, account, note, each a constant, ``{column: F}`` or
``{by: F, map: {...}}``, or ``annotations`` per row in ``data/raw/external_rows.yml``),
what it says in triangulation, and the processed table it becomes (``table``: fields,
primaryKey, foreignKeys). ``declaration`` checks one and returns a ``Source``;
docs/ADDING_A_SOURCE.md walks through them. No source is named here.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..inputs import paths
from ..inputs.errors import Problem, brief
from ..inputs.reading import load_yaml
from .declared import EXTERNAL_LINEAGE, EXTERNAL_PUBLICATION, TABLES, TYPES, Column, Table

SUFFIX = ".source.yml"
PERIOD_KINDS = ("calendar_year", "part_year", "non_calendar_year", "point", "year")
YEAR_DAYS = 367  # the longest year a period can be: 25 December to 25 December, both counted, across a leap day
SOURCE_TYPES = ("string", "integer", "number", "year", "date")
KEYS = {"data": str, "schema": dict, "table": dict, "ids": dict, "lineage": dict, "entry": str, "indicators": dict,
        "period": dict, "bounds": dict, "rename": dict, "triangulation": dict, "reading": str,
        "denominators": bool,  # denominators: true marks population accounts the denominators and rates are built from
        "repeats": dict,  # repeats: {ROW_ID: {of: EARLIER_ROW_ID, reason: TEXT}}, near-duplicates a researcher reviewed
        # sums: {TOTAL_ROW_ID: {parts: N, reason: TEXT}}, an account whose parts make N, not its total, as printed
        "sums": dict,
        # Words that never place a row (the place rule reads a row's other words besides its quote): a publisher's
        # name (the part of a "Publisher: Title" cell before ': ', or the whole cell) and a web address.
        "publishers": list, "addresses": list,
        "page": list,  # page: the columns every row read from one address gives alike (default: published)
        "passage": list,  # passage: the columns rows of one quote on one page give alike (where it stands in it)
        "quoted": list,  # quoted: the columns whose words each row's quote prints (the study it cites)
        "dated": list,  # dated: the columns whose years are the row's own (a publication's, 'published 2011', aside)
        "producers": list,  # producers: the columns naming who produced each row's number: its origin's producer
        "credited": list,  # credited: the columns crediting a number in passing ('(Steinfatt 2003)'): its origin's names
        "described": list,  # described: the table's own words for what a row counts (its indicator, numbers, qualifier)
        "breakdowns": list,  # breakdowns: the columns whose breakdown of a row's number ('22 ... and 82 ...') makes it
        "sites": list}  # sites: the columns naming a publisher that publishes on one site (its addresses' host)
REQUIRED_KEYS = ("data", "schema", "lineage")
CONSTRAINTS = ("required", "enum", "minimum")
LINEAGE_TERMS = ("origin", "qualifier", "method", "definition", "measures", "account", "note")
GROUPS = {"publication": EXTERNAL_PUBLICATION, "lineage": EXTERNAL_LINEAGE}
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
COLUMN_VOCABULARIES = ("geographies",)  # project vocabularies a data column may be checked against
READINGS = ("tip_periods",)
# The columns triangulation reads from a row (besides the lineage).
TRIANGULATED = ("period_start", "period_end", "geography", "value", "unit")  # domain readings a declaration may name (csecstats.analysis.external)


@dataclass(frozen=True)
class Source:
    """One declared source: its declaration file, its data file and the checked declaration.

    Parameters
    ----------
    path : Path
        The ``.source.yml`` declaration.
    data : Path
        The data file it declares.
    spec : dict
        The checked declaration.
    table : Table
        The processed table (declared here, or in ``tables.declared`` for a domain reading).
    """

    path: Path
    data: Path
    spec: dict
    table: Table  # the processed table (declared here, or in tables.declared for a domain reading)

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def id_column(self) -> str:
        return self.spec["ids"]["column"] if "ids" in self.spec else self.table.key

    @property
    def fields(self) -> list[str]:
        return [f["name"] for f in self.spec["schema"]["fields"]]

    @property
    def indicator_column(self) -> str:
        """The column naming each row's indicator (the triangulation declaration's, else ``indicator``)."""
        return (self.spec.get("triangulation") or {}).get("indicator", "indicator")

    @property
    def repeats(self) -> dict[str, str]:
        """Row id -> the earlier row it relays, as the declaration's ``repeats`` reviews them."""
        return {row: entry["of"] for row, entry in self.spec.get("repeats", {}).items()}


# ---------------------------------------------------------------- declarations

def declaration_paths(folder: Path) -> list[Path]:
    """Every ``*.source.yml`` of a folder, by name.

    Parameters
    ----------
    folder : Path
        A folder of declarations (``data/external``).

    Returns
    -------
    list of Path
    """
    return sorted(Path(folder).glob(f"*{SUFFIX}"))


def declaration(path: Path, vocabularies: dict[str, tuple] | None) -> tuple[Source | None, list[Problem]]:
    """Read and check one declaration.

    ``vocabularies`` are the closed lists a processed column may name (None: any name, checked later by the table's
    contract).

    Parameters
    ----------
    path : Path
        The ``.source.yml`` file.
    vocabularies : dict of str to tuple or None
        The closed lists (above).

    Returns
    -------
    tuple of (Source or None, list of Problem)
        The source and no problem, or None and every problem found.
    """
    path = Path(path)
    where = str(path)
    spec, problems = load_yaml(path)
    if problems:
        return None, problems
    if not isinstance(spec, dict):
        return None, [Problem(where, "(file)", "(declaration)", "expected a mapping of data, schema, table, ids, "
                                                                 "lineage...")]
    problems += [Problem(where, str(k), "(key)", f"unknown key; expected one of {', '.join(KEYS)}")
                 for k in spec if k not in KEYS]
    problems += [Problem(where, k, "(key)", "missing required key") for k in REQUIRED_KEYS if k not in spec]
    problems += [Problem(where, k, "(key)", f"expected {KEYS[k].__name__.replace('dict', 'a mapping').replace('str', 'text')}")
                 for k in KEYS if k in spec and not isinstance(spec[k], KEYS[k])]
    if "reading" not in spec:
        problems += [Problem(where, k, "(key)", "missing required key") for k in ("table", "ids") if k not in spec]
    if problems:
        return None, problems
    data = paths.stand_in(path.parent / spec["data"])  # ``csecstats validate FILE`` reads FILE in its place
    if Path(spec["data"]).name != spec["data"] or not data.is_file():
        problems.append(Problem(where, "data", "(file)", f"no data file {brief(spec['data'])} beside the declaration"))
    problems += _schema_problems(where, spec["schema"])
    if problems:
        return None, problems
    fields = [f["name"] for f in spec["schema"]["fields"]]
    problems += _spec_problems(where, spec, fields) + _repeats_spec_problems(where, spec.get("repeats", {}))
    table = None
    if not problems and "reading" in spec:  # a domain reading makes the table declared in tables.declared
        name = spec.get("table", {}).get("name")
        table = TABLES.get(name)
        if table is None or set(spec["table"]) != {"name"}:
            problems.append(Problem(where, "table", "name", f"a declaration with a reading names only its processed "
                                                            f"table, one of {', '.join(TABLES)}"))
    elif not problems:
        table, found = _table(where, spec, _produced(spec, fields), vocabularies)
        problems += found
    return (None, problems) if problems else (Source(path, data, spec, table), [])


def _schema_problems(where: str, schema: dict) -> list[Problem]:
    """The data file's Table Schema: fields with a name, a known type and known constraints."""
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return [Problem(where, "schema", "fields", "expected a list of fields")]
    problems, names = [], []
    for i, f in enumerate(fields):
        at = f"schema.fields[{i + 1}]"
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            problems.append(Problem(where, at, "name", "expected a mapping with a name"))
            continue
        at, names = f"schema.fields.{f['name']}", names + [f["name"]]
        problems += [Problem(where, at, str(k), "unknown key; expected name, type, description, format, "
                                               "constraints, vocabulary")
                     for k in f if k not in ("name", "type", "description", "format", "constraints", "vocabulary")]
        if f.get("type", "string") not in SOURCE_TYPES:
            problems.append(Problem(where, at, "type", f"unknown type {brief(f.get('type'))}; expected one of "
                                                       f"{', '.join(SOURCE_TYPES)}"))
        if f.get("format", "default") not in ("default", "any"):
            problems.append(Problem(where, at, "format", "expected default or any (a year, YYYY-MM or a date)"))
        constraints = f.get("constraints", {})
        if not isinstance(constraints, dict):
            problems.append(Problem(where, at, "constraints", "expected a mapping"))
            continue
        problems += [Problem(where, at, f"constraints.{k}", f"unknown constraint; expected one of {', '.join(CONSTRAINTS)}")
                     for k in constraints if k not in CONSTRAINTS]
        if "enum" in constraints and not (isinstance(constraints["enum"], list) and constraints["enum"]):
            problems.append(Problem(where, at, "constraints.enum", "expected a list of allowed values"))
        if f.get("vocabulary", COLUMN_VOCABULARIES[0]) not in COLUMN_VOCABULARIES:
            problems.append(Problem(where, at, "vocabulary", f"unknown vocabulary {brief(f['vocabulary'])}; expected "
                                                             f"one of {', '.join(COLUMN_VOCABULARIES)}"))
    problems += [Problem(where, "schema.fields", n, "field declared twice") for n in sorted(set(names))
                 if names.count(n) > 1]
    return problems


def _names_in(template: Any) -> list[str]:
    return PLACEHOLDER.findall(template) if isinstance(template, str) else []


def _spec_problems(where: str, spec: dict, fields: list[str]) -> list[Problem]:
    """Every column a project key names is a field of the data file (or, for ids, the year the period gives)."""
    problems = []

    def need(at: str, field: str, names: list, allowed: list[str]) -> None:
        problems.extend(Problem(where, at, field, f"unknown column {brief(n)}; the data file has {', '.join(allowed)}")
                        for n in names if n not in allowed)

    need("entry", "(template)", _names_in(spec.get("entry", "")), fields)
    ids = spec.get("ids", {})
    if "ids" in spec and not (isinstance(ids.get("column"), str) and isinstance(ids.get("pattern"), str)):
        problems.append(Problem(where, "ids", "(key)", "expected {column: NAME, pattern: 'prefix_{field}_...'}"))
    need("ids", "pattern", _names_in(ids.get("pattern", "")), fields + ["year"])
    period = spec.get("period", {})
    if "period" in spec and sorted(period) not in (["year"], ["end", "start"], ["reference"]):
        problems.append(Problem(where, "period", "(key)", "expected {year: F}, {start: F, end: F} or {reference: F}"))
    need("period", "(column)", list(period.values()), fields)
    bounds = spec.get("bounds", {})
    problems += [Problem(where, "bounds", str(k), "expected value, low or high") for k in bounds
                 if k not in ("value", "low", "high")]
    need("bounds", "(column)", list(bounds.values()), fields)
    need("rename", "(column)", list(spec.get("rename", {})), fields)
    for key in ("publishers", "addresses", "page", "passage", "quoted", "dated", "producers", "credited", "described",
                "breakdowns", "sites"):
        need(key, "(column)", list(spec.get(key, [])) if isinstance(spec.get(key, []), list) else [], fields)
    indicators = spec.get("indicators", {})
    if indicators:
        need("indicators", "column", [indicators.get("column")], fields)
        need("indicators", "unit", [indicators["unit"]] if "unit" in indicators else [], fields)
        values = indicators.get("values")
        if not isinstance(values, dict) or not all(isinstance(v, dict) and isinstance(v.get("description"), str)
                                                   for v in values.values()):
            problems.append(Problem(where, "indicators", "values", "expected NAME: {unit, description} entries"))
        problems += [Problem(where, f"indicators.values.{name}", "named_by", "expected a list of phrases naming it")
                     for name, v in (values.items() if isinstance(values, dict) else [])
                     if isinstance(v, dict) and "named_by" in v and not _texts(v["named_by"])]
        problems += [Problem(where, f"indicators.values.{name}", "definitions", "expected the list of definitions a "
                                                                                 "row of it may have (definitions.yml)")
                     for name, v in (values.items() if isinstance(values, dict) else [])
                     if isinstance(v, dict) and not _texts(v.get("definitions"))]
    if "reading" in spec:  # the reading makes every column but the origin
        if set(spec["lineage"]) != {"origin"} or not isinstance(spec["lineage"]["origin"], str):
            problems.append(Problem(where, "lineage", "origin", "a declaration with a reading declares only its origin"))
        return problems
    problems += _lineage_spec_problems(where, spec["lineage"], fields)
    return problems


def _texts(value) -> bool:
    """A non-empty list of non-blank strings."""
    return isinstance(value, list) and bool(value) and all(isinstance(w, str) and w.strip() for w in value)


def _repeats_spec_problems(where: str, repeats: dict) -> list[Problem]:
    """``repeats`` maps a row id to {of: the earlier row id, reason: why one count is relayed twice}."""
    return [Problem(where, str(row), "repeats", "expected {of: EARLIER_ROW_ID, reason: TEXT}, both text")
            for row, entry in repeats.items()
            if not (isinstance(entry, dict) and set(entry) == {"of", "reason"}
                    and all(isinstance(v, str) and v.strip() for v in entry.values()))]


def _lineage_spec_problems(where: str, lineage: dict, fields: list[str]) -> list[Problem]:
    if "annotations" in lineage:
        extra = [k for k in lineage if k != "annotations"]
        return [Problem(where, "lineage", k, "annotated per row: declare nothing else here") for k in extra]
    problems = [Problem(where, "lineage", str(k), f"unknown term; expected {', '.join(LINEAGE_TERMS)} or annotations")
                for k in lineage if k not in LINEAGE_TERMS]
    for term in LINEAGE_TERMS:
        rule = lineage.get(term)
        if rule is None and term != "note":
            problems.append(Problem(where, "lineage", term, "missing: a constant, {column: F} or {by: F, map: {...}}"))
        elif isinstance(rule, dict):
            column = rule.get("column", rule.get("by"))
            if column not in fields:
                problems.append(Problem(where, f"lineage.{term}", "column" if "column" in rule else "by",
                                        f"unknown column {brief(column)}; the data file has {', '.join(fields)}"))
            if "by" in rule and not isinstance(rule.get("map"), dict):
                problems.append(Problem(where, f"lineage.{term}", "map", "expected a mapping of value: term"))
        elif rule is not None and not isinstance(rule, str):
            problems.append(Problem(where, "lineage", term, "expected a constant, {column: F} or {by: F, map: {...}}"))
    return problems


def _produced(spec: dict, fields: list[str]) -> set[str]:
    """The columns the reader makes: the data file's (renamed), the id, period, bounds and lineage columns."""
    rename = spec.get("rename", {})
    made = {rename.get(f, f) for f in fields} | {spec["ids"]["column"]}
    if "period" in spec:
        made |= {"year", "period_start", "period_end", "period_kind"}
    if "bounds" in spec:
        made |= {"value", "low", "high", "bounds_basis"}
    return made | {c.name for c in EXTERNAL_LINEAGE}


def _table(where: str, spec: dict, produced: set[str], vocabularies: dict) -> tuple[Table | None, list[Problem]]:
    """The processed table a declaration describes, in the project's ``Table`` form."""
    t, problems, columns = spec["table"], [], []
    for key in ("name", "title", "description", "primaryKey"):
        if not isinstance(t.get(key), str) or not t[key].strip():
            problems.append(Problem(where, "table", key, "missing: expected text"))
    for i, f in enumerate(t.get("fields") or []):
        if isinstance(f, str) and f in GROUPS:
            columns += GROUPS[f]
            continue
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            problems.append(Problem(where, f"table.fields[{i + 1}]", "(field)",
                                    f"expected a mapping with a name, or one of {', '.join(GROUPS)}"))
            continue
        at = f"table.fields.{f['name']}"
        problems += [Problem(where, at, str(k), "unknown key; expected name, type, description, nullable, isin, ge")
                     for k in f if k not in ("name", "type", "description", "nullable", "isin", "ge")]
        if f.get("type") not in TYPES:
            problems.append(Problem(where, at, "type", f"unknown type {brief(f.get('type'))}; expected one of {', '.join(TYPES)}"))
        if not isinstance(f.get("description"), str) or not f["description"].strip():
            problems.append(Problem(where, at, "description", "every column needs a description"))
        if f.get("isin") is not None and vocabularies is not None and f["isin"] not in vocabularies:
            problems.append(Problem(where, at, "isin", f"unknown vocabulary {brief(f['isin'])}; expected one of "
                                                       f"{', '.join(sorted(vocabularies))}"))
        if f["name"] not in produced:
            problems.append(Problem(where, at, "name", "no such column: neither a field of the data file nor one "
                                                       "the reader makes (id, period, bounds, lineage)"))
        columns.append(Column(f["name"], f.get("type", "string"), f.get("description", ""),
                              nullable=f.get("nullable", False) is True, isin=f.get("isin"), ge=f.get("ge")))
    names = [c.name for c in columns]
    missing = [c for c in TRIANGULATED if c not in names] if "triangulation" in spec else []
    if missing:
        problems.append(Problem(where, "triangulation", "(columns)", f"a table set beside others in triangulation "
                                                                     f"needs the columns {', '.join(missing)}"))
    if not columns:
        problems.append(Problem(where, "table", "fields", "expected a list of fields"))
    problems += [Problem(where, "table.fields", n, "column declared twice") for n in sorted(set(names))
                 if names.count(n) > 1]
    if isinstance(t.get("primaryKey"), str) and t["primaryKey"] not in names:
        problems.append(Problem(where, "table", "primaryKey", f"{brief(t['primaryKey'])} is not a column"))
    keys = tuple((fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
                 for fk in t.get("foreignKeys", []) if isinstance(fk, dict) and isinstance(fk.get("reference"), dict))
    problems += [Problem(where, "table.foreignKeys", str(k[0]), "not a column") for k in keys if k[0] not in names]
    if problems:
        return None, problems
    return Table(t["name"], t["title"], t["description"], tuple(columns), key=t["primaryKey"],
                 foreign_keys=keys), []


def period_kind(start: date, end: date) -> str | None:
    """calendar_year (1 Jan-31 Dec), part_year (shorter than a year) or non_calendar_year (e.g. 25 Dec-25 Dec); None
    for a period longer than a year (``YEAR_DAYS`` days at most), which no kind describes.

    Parameters
    ----------
    start, end : date
        The period's first and last day.

    Returns
    -------
    str or None
    """
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "calendar_year"
    days_in_year, days = 366 if calendar.isleap(start.year) else 365, (end - start).days + 1
    if days > YEAR_DAYS:
        return None
    return "part_year" if days < days_in_year - 1 else "non_calendar_year"


def column_problems(where: str, header: list[str], expected: list[str]) -> list[Problem]:
    """The header must name exactly the expected columns: none missing, none extra, none twice.

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    header : list of str
        Its header.
    expected : list of str
        The declared columns.

    Returns
    -------
    list of Problem
    """
    problems = [Problem(where, "(header)", c, "missing required column") for c in expected if c not in header]
    problems += [Problem(where, "(header)", c or "(blank)", f"unexpected column; expected exactly: {', '.join(expected)}")
                 for c in header if c not in expected]
    problems += [Problem(where, "(header)", c, "column appears more than once")
                 for c in sorted({c for c in header if header.count(c) > 1})]
    return problems



def matching(header: list[str], sources: list[Source]) -> Source | None:
    """The declared source a data file belongs to: the one whose fields its header shares most (ties: none).

    Parameters
    ----------
    header : list of str
        A data file's header.
    sources : list of Source
        The declared sources.

    Returns
    -------
    Source or None
    """
    scores = sorted(((len(set(header) & set(s.fields)), s.name, s) for s in sources), key=lambda x: (-x[0], x[1]))
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][2]
