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

from ..inputs.cells import count_cell, date_cell, decimal_cell, read_csv, text_problem, vocabulary_problem, year_cell
from ..inputs.errors import Problem, brief
from ..inputs.fingerprint import fingerprint_problems
from ..register.nouns import unit_noun_problem
from ..register.subjects import indicator_problem
from ..register.rules import occurrence_problems, row_problems
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
    noun = unit_noun_problem(values["quote"], values.get(column), str(values.get("unit") or ""))
    problems = [Problem(where, entry, column, noun)] if noun else []
    return problems + _subject_problems(spec, where, entry, values, context) + row_problems(
        where, entry, quote=values["quote"], values=numbers, start=period.get("period_start"), end=period.get("period_end"),
        published=published, geography=values.get("geography"), context=context, places=geographies,
        period_field=_period_field(spec))


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
        problems += page_problems(source, where, kept) + quoted_problems(source, where, kept)
        problems += site_problems(source, where, kept) + printed_date_problems(source, where, kept)
    if verify_fingerprint:
        problems += fingerprint_problems(path)
    return rows, kept, problems


def page_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """One page, one account: rows read from the same address (the declaration's ``addresses``) give the same
    publisher (its ``publishers`` columns) and the same page facts (its ``page`` columns; by default the
    ``published`` date); and one quote stands in one place of its page: rows of one quote read from one address
    give the same ``passage`` columns (a cable's paragraph). A row that differs from the first such row is named.

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    facts = [c for c in dict.fromkeys([*source.spec.get("publishers", []), *source.spec.get("page", ["published"])])
             if c in source.fields]
    passage = [c for c in source.spec.get("passage", []) if c in source.fields]
    first, problems = {}, []  # the first row of each page, and of each quote on it
    for raw in raws:
        for address in source.spec.get("addresses", []):
            page, quote = raw.get(address, "").strip(), " ".join(raw.get("quote", "").split())
            if not page:
                continue
            for key, columns, read, rule in (((address, page), facts, "read from the same page", "one page, one account"),
                                             ((address, page, quote), passage if quote else [], "with the same quote",
                                              "one quote, one place in its page")):
                seen = first.setdefault(key, raw)
                problems += [Problem(where, row_entry(source.spec, raw), c,
                                     f"{brief(raw[c], 60)}, but {row_entry(source.spec, seen)} {read} gives "
                                     f"{brief(seen[c], 60)}: {rule}") for c in columns if raw.get(c) != seen.get(c)]
    return problems


# Parts of a web address that name no publisher: "www.phnompenhpost.com" and "phnompenhpost.com" are one site.
SITE_PREFIXES = ("www.", "english.", "m.", "preview.")


def site(url: str) -> str:
    """The site of a web address (without scheme): its host without ``SITE_PREFIXES``.

    Parameters
    ----------
    url : str

    Returns
    -------
    str
    """
    host = url.strip().split("/")[0].casefold()
    for prefix in SITE_PREFIXES:
        host = host.removeprefix(prefix)
    return host


def site_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """One publisher, one site: the publisher a row names in its declaration's ``sites`` columns (the part before
    ': ') publishes on one site (``addresses``), and a site carries one publisher, so a blog's row credited to the
    Cambodia Daily is refused. A source whose pages are mirrors (the embassy's cables) declares no ``sites``.

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    problems = []
    addresses = source.spec.get("addresses", [])
    for column in source.spec.get("sites", []):
        by_publisher: dict[str, dict] = {}
        by_site: dict[str, dict] = {}
        for raw in raws:
            publisher = str(raw.get(column, "")).partition(": ")[0].strip()
            where_read = next((site(raw[a]) for a in addresses if str(raw.get(a, "")).strip()), "")
            if not publisher or not where_read:
                continue
            first = by_publisher.setdefault(publisher, {**raw, "_site": where_read})
            other = by_site.setdefault(where_read, {**raw, "_publisher": publisher})
            if first["_site"] != where_read:
                problems.append(Problem(where, row_entry(source.spec, raw), column, (
                    f"{brief(publisher, 40)} on {where_read}, but {row_entry(source.spec, first)} has it publish on "
                    f"{first['_site']}: one publisher, one site")))
            elif other["_publisher"] != publisher:
                problems.append(Problem(where, row_entry(source.spec, raw), column, (
                    f"{brief(publisher, 40)} on {where_read}, a site {row_entry(source.spec, other)} credits to "
                    f"{brief(other['_publisher'], 40)}: one site, one publisher")))
    return problems


def quoted_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """Each row's quote names what its ``quoted`` columns name (the declaration's; the study a row cites): one
    of their words of four letters or more at least, read from the start of a word of the quote; and where they
    print a year ('Steinfatt 2003'), a row dated by a year (the declaration's ``period`` ``year``) and naming them
    is of it.

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    problems, year = [], (source.spec.get("period") or {}).get("year")
    for raw in raws:
        quote = " ".join(raw.get("quote", "").split()).casefold()
        for column in source.spec.get("quoted", []):
            words = [w for w in re.findall(r"[^\W\d_]+", raw.get(column, "").casefold()) if len(w) >= 4]
            years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", raw.get(column, ""))
            if words and not any(re.search(rf"(?<!\w){re.escape(w[:5])}", quote) for w in words):
                problems.append(Problem(where, row_entry(source.spec, raw), column,
                                        f"{brief(raw[column], 60)}: its quote names none of it "
                                        f"({', '.join(map(repr, words[:3]))})"))
            elif years and year in raw and raw[year] not in years:
                problems.append(Problem(where, row_entry(source.spec, raw), year,
                                        f"{raw[year]}, but the {column} it rests on, {brief(raw[column], 40)}, is "
                                        f"of {' or '.join(dict.fromkeys(years))}"))
    return problems


MONTHS = {m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
# A date a citation prints in brackets ('(2012)', '(March 2008)', '(12 Aug 2022)'); a date path of an address.
CITED_DATE = re.compile(r"\((?:(?:(\d{1,2}) )?([A-Za-z]{3,9}) )?((?:19|20)\d\d)\)")
PATH_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(?:([0-3]\d)/)?")


def printed_date_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """A row's ``published`` date is the one its own citation prints: where a publisher column prints a date in
    brackets ('Steinfatt, T. M. (2012) ...', '(12 Aug 2022)'; a bracketed word that is no month is no date) or
    its address a date path ('/2012/11/01/'), the row's date is given and agrees with it as far as both go (its
    year, then month and day).

    Parameters
    ----------
    source : Source
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.

    Returns
    -------
    list of Problem
    """
    problems: list[Problem] = []
    for raw in raws if "published" in source.fields else []:
        given = raw.get("published", "").strip()
        mine = tuple(int(p) for p in given.split("-")) if given else ()
        dates = []
        for column in source.spec.get("publishers", []):
            for day, month, year in CITED_DATE.findall(str(raw.get(column, ""))):
                if month and month[:3].casefold() not in MONTHS:  # '(Yokohama 2001)' is no date
                    continue
                dates.append((column, (int(year), *([MONTHS[month[:3].casefold()]] if month else []),
                                       *([int(day)] if day else []))))
        for column in source.spec.get("addresses", []):
            dates += [(column, tuple(int(p) for p in m if p)) for m in PATH_DATE.findall(str(raw.get(column, "")))]
        for column, printed in dates:
            if not mine or mine[:len(printed)] != printed[:len(mine)]:
                problems.append(Problem(where, row_entry(source.spec, raw), "published", (
                    f"{given or 'blank'}, but its {column}, {brief(raw[column], 50)}, prints "
                    f"{'-'.join(f'{p:02d}' for p in printed)}: a row is published when its own citation says")))
                break
    return problems


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
