"""A declared source's data file checked row by row against its declaration.

Every cell by its declared type and constraints (``tables.sources``), the indicator's
unit, bounds and period, and each row against its own words (``register.rules``: values
its quote states, its period and place); each problem named ``PATH: ENTRY: FIELD: message``,
the entry being e.g. ``row 3 (sex_workers 1992 Phnom Penh)``. ``analysis.external`` reads
the checked rows into the processed table.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..inputs import patterns
from ..inputs.cells import count_cell, date_cell, decimal_cell, read_csv, text_problem, vocabulary_problem, year_cell
from ..inputs.errors import Problem
from ..inputs.fingerprint import fingerprint_problems
from ..register.nouns import UNSTATED, named_after_problem, unit_noun_problem
from ..register.subjects import indicator_problem
from ..register.rules import occurrence_problems, row_problems
from ..tables.sources import Source, column_problems, period_kind
from .row_pages import (change_problems, dated_problems, page_problems, printed_date_problems, quoted_problems,
                        row_entry, site_problems, wording_problems)
from .row_passages import passage_number_problems
from .row_periods import day_problems, length_problems, referred_problems


def _any_date(text: str) -> tuple[str | None, str | None]:
    """A year YYYY, a month YYYY-MM or a date YYYY-MM-DD, never in the future."""
    if len(text) == 4:
        message = year_cell(text)[1]
    elif patterns.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
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
    if (kind := period_kind(start, end)) is None:  # a count over two years is no year's count, nor a rate's
        return {}, period["start"], (f"{start}..{end} spans {(end - start).days + 1} days: longer than a year, "
                                     "which no period kind describes (calendar_year, part_year, non_calendar_year)")
    return {"period_start": start.isoformat(), "period_end": end.isoformat(), "year": end.year,
            "period_kind": kind}, None, None


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
    states, its value never printed before a noun of another unit ('92 cases' in persons; ``register.nouns``); its period includes a year the quote states, lies in the plausible years and ends no later than
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
    context = context_words(spec, values)
    column = bounds.get("value", "value")
    unit = str(values.get("unit") or "")
    noun = unit_noun_problem(values["quote"], values.get(column), unit)
    problems = [Problem(where, entry, "unit" if unit in UNSTATED or noun.startswith(f"{unit}, ") else column, noun)
                ] if noun else []
    return problems + _subject_problems(spec, where, entry, values, context) + row_problems(
        where, entry, quote=values["quote"], values=numbers, start=period.get("period_start"), end=period.get("period_end"),
        published=published, geography=values.get("geography"), context=context, places=geographies,
        period_field=_period_field(spec), to_the_day="start" in (spec.get("period") or {}))


def _subject_problems(spec: dict, where: str, entry: str, values: dict, context: str) -> list[Problem]:
    """The row's indicator is what its quote and words speak of (``register.subjects``; the declaration's
    ``indicators.values.NAME.named_by``, else the words of the indicator's name), and never another indicator the
    words right after its number name (``register.nouns.named_after_problem``)."""
    indicators = spec.get("indicators") or {}
    column = indicators.get("column")
    indicator = values.get(column) if column else None
    if not isinstance(indicator, str):
        return []
    named_by = {name: (declared or {}).get("named_by") for name, declared in indicators.get("values", {}).items()}
    value = values.get(spec.get("bounds", {}).get("value", "value"))
    message = (indicator_problem(indicator, f"{values['quote']} {context}", named_by.get(indicator))
               or named_after_problem(indicator, values["quote"], value, named_by))
    return [Problem(where, entry, column, message)] if message else []


def context_words(spec: dict, values: dict) -> str:
    """A row's words besides its quote and geography that may name its place: never a web address (the
    declaration's ``addresses``) nor a publisher's name (``publishers``: the part of "Publisher: Title" before
    ': ', or the whole cell): "US Embassy Phnom Penh" and "Phnom Penh Post" place no row in Phnom Penh.

    Parameters
    ----------
    spec : dict
        The source's declaration.
    values : dict
        The row's cells by column.

    Returns
    -------
    str
    """
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
        problems += page_problems(source, where, kept) + wording_problems(source, where, kept)
        problems += passage_number_problems(where, kept, list((source.spec.get("bounds") or {"value": "value"}).values()),
                                            lambda raw: row_entry(source.spec, raw))  # a passage split into rows
        problems += quoted_problems(source, where, kept) + change_problems(source, where, kept)
        problems += dated_problems(source, where, kept) + day_problems(source, where, kept)
        problems += length_problems(source, where, kept)
        problems += referred_problems(source, where, kept)  # a count within another covers its period
        problems += site_problems(source, where, kept) + printed_date_problems(source, where, kept)
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
