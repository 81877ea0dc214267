"""A declared source's data file checked row by row against its declaration.

Every cell by its declared type and constraints (``tables.sources``), the indicator's
unit, bounds and period, and each row against its own words (``register.rules``: values
its quote states, its period and place); each problem named ``PATH: ENTRY: FIELD: message``,
the entry being e.g. ``row 3 (sex_workers 1992 Phnom Penh)``. ``analysis.external`` reads
the checked rows into the processed table.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..inputs import paths
from ..inputs.cells import count_cell, date_cell, decimal_cell, read_csv, text_problem, vocabulary_problem, year_cell
from ..inputs.errors import Problem, brief
from ..inputs.fingerprint import fingerprint_problems
from ..register.lineage import measures_problem
from ..register.qualifiers import qualifier_problem
from ..register.subjects import indicator_problem
from ..register.rules import COUNTRY, occurrence_problems, place_problem, row_problems, unplaced
from ..tables.sources import PLACEHOLDER, Source, column_problems, period_kind


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


def row_entry(spec: dict, row: dict) -> str:
    """``row N (indicator year place)``, each part shortened so a hostile cell cannot flood the message.

    Parameters
    ----------
    spec : dict
        The declaration, whose ``entry`` template names the row's parts.
    row : dict
        A raw row, with its line number as ``_row``.

    Returns
    -------
    str
    """
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
    spec, entry, problems, values = source.spec, row_entry(source.spec, raw), [], {}
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
    context = _context(spec, values)
    return _subject_problems(spec, where, entry, values, context) + row_problems(where, entry, quote=values["quote"], values=numbers, start=period.get("period_start"),
                        end=period.get("period_end"), published=published, geography=values.get("geography"),
                        context=context, places=geographies, period_field=_period_field(spec))


def _subject_problems(spec: dict, where: str, entry: str, values: dict, context: str) -> list[Problem]:
    """The row's indicator is what its quote and words speak of (``register.subjects``; the declaration's
    ``indicators.values.NAME.named_by``, else the words of the indicator's name)."""
    indicators = spec.get("indicators") or {}
    column = indicators.get("column")
    indicator = values.get(column) if column else None
    if not isinstance(indicator, str):
        return []
    named_by = (indicators.get("values", {}).get(indicator) or {}).get("named_by")
    message = indicator_problem(indicator, f"{values['quote']} {context}", named_by)
    return [Problem(where, entry, column, message)] if message else []


def _context(spec: dict, values: dict) -> str:
    """A row's words besides its quote and geography that may name its place: never a web address (the
    declaration's ``addresses``) nor a publisher's name (``publishers``: the part of "Publisher: Title" before
    ': ', or the whole cell): "US Embassy Phnom Penh" and "Phnom Penh Post" place no row in Phnom Penh."""
    skip = {"quote", "geography", *spec.get("addresses", [])}
    publishers = set(spec.get("publishers", []))
    words = [v.partition(": ")[2] if k in publishers else v for k, v in values.items()
             if isinstance(v, str) and k not in skip]
    return " ".join(words)


def checked_rows(source: Source, geographies, *, data: Path | None = None,
                 verify_fingerprint: bool = True) -> tuple[list[dict], list[dict], list[Problem]]:
    """(rows, raw rows, problems) of a declared data file (``data`` reads another file with its declaration).

    Parameters
    ----------
    source : Source
        The declaration.
    geographies : collection of str
        The places a row may name (``vocabulary.yml``).
    data : Path, optional
        Another data file read with the declaration (default: its own).
    verify_fingerprint : bool, default True
        Whether the file must match its ``SHA256SUMS`` line.

    Returns
    -------
    tuple of (list of dict, list of dict, list of Problem)
        The checked rows, the raw rows they were read from, and every problem.
    """
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
            problems += occurrence_problems(where, [(row_entry(source.spec, raw), raw["quote"], row.get("value"))
                                                   for raw, row in zip(kept, rows)])
    if verify_fingerprint:
        problems += fingerprint_problems(path)
    return rows, kept, problems


def source_problems(source: Source, geographies, *, data: Path | None = None,
                    verify_fingerprint: bool = True) -> list[Problem]:
    """Every problem of a data file read with its declaration.

    Parameters
    ----------
    source : Source
    geographies : collection of str
    data : Path, optional
        Another data file read with the declaration (default: its own).
    verify_fingerprint : bool, default True

    Returns
    -------
    list of Problem
    """
    return checked_rows(source, geographies, data=data, verify_fingerprint=verify_fingerprint)[2]


def unplaced_problems(source: Source, raws: list[dict], notes: list[dict], geographies, *,
                      data: Path | None = None) -> list[Problem]:
    """A row whose quote and other words name no place (a press excerpt leaves it to the article) is placed by
    its lineage note: outside the country, the note must name the place (as ``register.rules.place_problem``
    reads a place), so a row's geography is never only typed.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read (text cells).
    notes : list of dict
        Each row's lineage (its ``note``), in order.
    geographies : collection of str, or mapping of str to list of str
        The vocabulary's places (with the other words naming each).
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    where, problems = str(data or source.data), []
    annotations = source.spec["lineage"].get("annotations")
    home = f" (data/raw/{annotations})" if isinstance(annotations, str) else ""
    for raw, note in zip(raws, notes):
        geography = raw.get("geography") or COUNTRY
        if "quote" not in raw or geography == COUNTRY or not unplaced(raw["quote"], _context(source.spec, raw),
                                                                      geographies):
            continue
        if place_problem(geography, "", context=note.get("note") or ""):
            problems.append(Problem(where, row_entry(source.spec, raw), "geography",
                                    f"{brief(geography)}: its quote and words name no place, and its lineage note"
                                    f"{home} does not name it either; say in the note where the number is from"))
    return problems


def term_problem(source: Source, term: str, raw: dict, row_id: str, message: str, *,
                 data: Path | None = None) -> Problem:
    """A problem with a row's lineage ``term`` (origin, qualifier, measures...), named where the term is written:
    the row's entry in ``external_rows.yml`` for an annotated table; the row's cell for a term read from a column
    or mapped from one; the declaration's ``lineage.TERM`` for a constant.

    Parameters
    ----------
    source : Source
    term : str
        The lineage term.
    raw : dict
        The data row as read (with its line number as ``_row``).
    row_id : str
        The row's id.
    message : str
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    Problem
    """
    if "annotations" in source.spec["lineage"]:
        return Problem(str(paths.EXTERNAL_ROWS_FILE), f"{source.spec['data']}: {row_id}", term, message)
    rule = source.spec["lineage"].get(term)
    column = (rule.get("column") or rule.get("by")) if isinstance(rule, dict) else None
    if column:
        return Problem(str(data or source.data), row_entry(source.spec, raw), column, message)
    return Problem(str(source.path), f"lineage.{term}", "(value)", message)


def qualifier_problems(source: Source, raws: list[dict], rows: list[dict], notes: list[dict], ids: list[str], *,
                       data: Path | None = None) -> list[Problem]:
    """Each row's qualifier (its lineage's) against the words its quote prints before its value
    (``register.qualifiers.qualifier_problem``): 'over 400' is a lower bound, 'about 2,000' is not exact.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    rows : list of dict
        The same rows checked (values typed, columns renamed).
    notes : list of dict
        Each row's lineage (its ``qualifier``), in order.
    ids : list of str
        Each row's id (a qualifier annotated in ``external_rows.yml`` is named there, by id).
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    column = (source.spec.get("bounds") or {}).get("value")
    if not column or "quote" not in source.fields or source.spec.get("denominators"):
        return []
    value = source.spec.get("rename", {}).get(column, column)
    return list(dict.fromkeys(
        term_problem(source, "qualifier", raw, row_id, message, data=data)
        for raw, row, note, row_id in zip(raws, rows, notes, ids)
        if (message := qualifier_problem(raw["quote"], row.get(value), note.get("qualifier") or ""))))


def relay_problems(source: Source, raws: list[dict], rows: list[dict], notes: list[dict], ids: list[str],
                   origins: dict[str, dict], *, data: Path | None = None) -> list[Problem]:
    """An account never relays a study made after it was published: a row's ``published`` date is never before
    its origin's year (``origins.yml``), so a row moved onto a later study is refused, named where its origin is
    written (``external_rows.yml`` for an annotated row, else the row's cell the declaration reads it from).

    Parameters
    ----------
    source : Source
    raws, rows : list of dict
        The data rows as read, and checked (``published`` typed as a date).
    notes : list of dict
        Each row's lineage (its ``origin``), in order.
    ids : list of str
        Each row's id.
    origins : dict of str to dict
        The origins by id (each with its ``year``).
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    found = []
    for raw, row, note, row_id in zip(raws, rows, notes, ids):
        published, origin = row.get("published"), origins.get(note.get("origin") or "", {})
        year = getattr(published, "year", None) or (int(str(published)[:4]) if str(published or "")[:4].isdigit()
                                                    else None)
        if year is not None and isinstance(origin.get("year"), int) and year < origin["year"]:
            found.append(term_problem(source, "origin", raw, row_id, (
                f"{origin['id']} ({origin['year']}) was made after this account was published ({published}): "
                "an account relays only a study made before it"), data=data))
    return list(dict.fromkeys(found))


def measures_problems(source: Source, raws: list[dict], notes: list[dict], ids: list[str], lineage, *,
                      data: Path | None = None) -> list[Problem]:
    """What each row is said to measure against what its method can measure (``register.lineage.measures_problem``;
    an annotated row's is checked with its annotation), named where it is written.

    Parameters
    ----------
    source : Source
    raws : list of dict
        The data rows as read.
    notes : list of dict
        Each row's lineage (its ``method`` and ``measures``), in order.
    ids : list of str
        Each row's id.
    lineage : Lineage
    data : Path, optional
        The data file read (default: the declaration's).

    Returns
    -------
    list of Problem
    """
    if "annotations" in source.spec["lineage"]:
        return []
    return list(dict.fromkeys(
        term_problem(source, "measures", raw, row_id, message, data=data)
        for raw, note, row_id in zip(raws, notes, ids)
        if (message := measures_problem(lineage, note.get("method") or "", note.get("measures") or ""))))
