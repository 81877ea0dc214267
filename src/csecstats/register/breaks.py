"""Comparability breaks of the TIP enforcement figures and readings of unstated periods, declared as data.

``data/raw/breaks.yml`` declares each break once as a regime (a span of periods, of
report years, or a non-calendar way of counting) with what changes, why, and the
words it rests on; and, for periods the TIP table does not give as dates, the
reading used and its reason. Every problem is reported at once as
``PATH: ENTRY: FIELD: message``.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..inputs import paths
from ..inputs import patterns
from ..inputs.errors import Problem, brief, raise_if_any
from .caveats import read_caveats
from .load import check_fields, entries, read_yaml_keys

SCOPES = ("period", "report", "counting")
COUNTINGS = {"april_march": (4, 3)}  # counting name -> (first month, last month) of its year
MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
YEAR_RE = re.compile(r"^(\d{4})$")
SPAN_RE = re.compile(r"^([A-Za-z]+) (\d{4}) ?- ?([A-Za-z]+) (\d{4})$")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEXT = (str,)
BREAK_FIELDS = {"id": TEXT, "label": TEXT, "scope": TEXT, "from": (str, int, type(None)),
                "to": (str, int, type(None)), "changes": TEXT, "reason": TEXT, "quote": (str, type(None)),
                "source": TEXT}
READING_FIELDS = {"report_year": (int,), "period_stated": TEXT, "period": TEXT, "reason": TEXT}


@dataclass(frozen=True)
class Break:
    """One regime: figures inside it are counted on another basis than those outside it.

    Parameters
    ----------
    id, label, scope : str
        The id, a label, and what kind of bounds it has (a period, a report year, a counting).
    start, end : object
        The bounds: a date (period), an int (report) or a counting name.
    changes, reason : str
        What changes at the break, and why it is one.
    quote : str or None
        The source's words saying so.
    source : str
        Where the break is documented, in words.
    """

    id: str
    label: str
    scope: str
    start: object  # date (period), int (report) or counting name
    end: object
    changes: str
    reason: str
    quote: str | None
    source: str


@dataclass(frozen=True)
class Period:
    """A period read from words: first and last day, and its kind (calendar_year, april_march, other).

    Parameters
    ----------
    start, end : date
    kind : str
        calendar_year, april_march or other.
    """

    start: date
    end: date
    kind: str


def parse_period(text: str) -> Period | None:
    """'2013' -> calendar 2013; 'April 2008-March 2009' -> that span; anything else None.

    Parameters
    ----------
    text : str
        The period in words.

    Returns
    -------
    Period or None
    """
    text = text.strip()
    if YEAR_RE.match(text):
        year = int(text)
        return Period(date(year, 1, 1), date(year, 12, 31), "calendar_year")
    match = SPAN_RE.match(text)
    if not match or match[1].lower() not in MONTHS or match[3].lower() not in MONTHS:
        return None
    first, last = MONTHS[match[1].lower()], MONTHS[match[3].lower()]
    start = date(int(match[2]), first, 1)
    end = _month_end(int(match[4]), last)
    if end < start:
        return None
    kind = next((name for name, months in COUNTINGS.items()
                 if months == (first, last) and int(match[4]) == int(match[2]) + 1), "other")
    return Period(start, end, kind)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_years(period: Period, years: int) -> Period:
    """The same months ``years`` earlier (negative) or later.

    Parameters
    ----------
    period : Period
    years : int
        How many years later (negative: earlier).

    Returns
    -------
    Period
    """
    return Period(period.start.replace(year=period.start.year + years),
                  _month_end(period.end.year + years, period.end.month), period.kind)


def _bound(where: str, entry_id: str, field: str, scope: str, value: object) -> tuple[object, list[Problem]]:
    """A scope bound: a real date for period scopes, a year for report scopes, a counting name for countings."""
    fail = lambda msg: (None, [Problem(where, entry_id, field, msg)])  # noqa: E731
    if value is None:
        return None, []
    if scope == "period":
        if not isinstance(value, str) or not DATE_RE.match(value):
            return fail(f"expected a date YYYY-MM-DD or null, found {value!r:.40}")
        try:
            return date.fromisoformat(value), []
        except ValueError:
            return fail(f"not a real date: {value!r:.40}")
    if scope == "report":
        if not isinstance(value, int) or isinstance(value, bool) or not 1990 <= value <= 2100:
            return fail(f"expected a report year YYYY or null, found {value!r:.40}")
        return value, []
    if field == "from" and value not in COUNTINGS:
        return fail(f"unknown counting {value!r:.40}; expected one of {', '.join(COUNTINGS)}")
    if field == "to":
        return fail("a counting break has no 'to'; use null")
    return value, []


# Words of a break's label that name nothing it changes ("2017 report: comparable provisions", "other crimes
# included"); the others are read by their first ``LABEL_STEM`` letters ('provis' is never 'provinces').
LABEL_WORDS = ("report", "all", "the", "and", "not", "for", "other", "included")
LABEL_STEM = 6
# A label crediting a break to one report ("2017 report: ..."); TIP reports a source names ("the 2009 and 2010 TIP
# reports" names both).
LABEL_REPORT = re.compile(r"\b((?:19|20)\d\d) report\b")
SOURCE_REPORTS = re.compile(r"\b((?:19|20)\d\d)(?: and ((?:19|20)\d\d))? TIP reports?\b")


def _report_problems(where: str, entry_id: str, entry: dict) -> list[Problem]:
    """A break its label credits to a report ('2017 report: ...') is stated there: its source names that TIP
    report."""
    named = {y for pair in SOURCE_REPORTS.findall(entry["source"]) for y in pair if y}
    return [Problem(where, entry_id, "source", f"{brief(entry['source'], 50)} names no {year} TIP report, the "
                                               f"report its label {entry['label']!r:.40} credits it to")
            for year in LABEL_REPORT.findall(entry["label"]) if year not in named]


# Words saying which year a break's figures are of ('its figures for 2014 were gathered from various sources').
_FIGURES_FOR = re.compile(r"\b(?:figures|counts|data) for ((?:19|20)\d\d)\b", re.IGNORECASE)


def _figures_for_problems(where: str, entry_id: str, entry: dict, end: object) -> list[Problem]:
    """A period break whose changes or reason say which years its figures are of ends with the last of them: a
    compilation of 2014's figures is never open-ended, so the government's own counts after it stay outside."""
    years = sorted({int(y) for y in _FIGURES_FOR.findall(f"{entry['changes']} {entry['reason']}")})
    if entry["scope"] != "period" or not years or getattr(end, "year", None) == years[-1]:
        return []
    return [Problem(where, entry_id, "to", f"{'open' if end is None else end}, but its words say its figures are of "
                                          f"{', '.join(map(str, years))}: it ends in {years[-1]}")]


def check_break(where: str, entry_id: str, entry: dict) -> tuple[Break | None, list[Problem]]:
    """One declared break: fields typed, id snake_case, scope known, bounds of the scope's kind and in order, and
    the year of each bound printed in its label or its changes ('2008 law' from 2008-02-15), its changes
    speaking of what its label names (a word of the label, ``LABEL_WORDS`` aside), and its source naming the
    report its label credits it to.

    Parameters
    ----------
    where : str
        The file, named in each problem.
    entry_id : str
        The entry's id, named in each problem.
    entry : dict
        The entry as read.

    Returns
    -------
    tuple of (Break or None, list of Problem)
    """
    problems = check_fields(where, entry_id, entry, BREAK_FIELDS, {})
    if problems:
        return None, problems
    if not ID_RE.match(entry["id"]):
        problems.append(Problem(where, entry_id, "id", "expected snake_case (a-z, 0-9, _)"))
    problems += [Problem(where, entry_id, f, "must not be empty") for f in ("label", "changes", "reason", "source")
                 if not entry[f].strip()]
    if entry["scope"] not in SCOPES:
        return None, problems + [Problem(where, entry_id, "scope",
                                         f"unknown scope {entry['scope']!r:.40}; expected one of {', '.join(SCOPES)}")]
    start, found = _bound(where, entry_id, "from", entry["scope"], entry["from"])
    end, more = _bound(where, entry_id, "to", entry["scope"], entry["to"])
    problems += found + more
    if entry["scope"] == "counting" and entry["from"] is None:
        problems.append(Problem(where, entry_id, "from", "a counting break names its counting"))
    if start is not None and end is not None and entry["scope"] != "counting" and end < start:
        problems.append(Problem(where, entry_id, "to", f"ends ({end}) before it starts ({start})"))
    words = f"{entry['label']} {entry['changes']}"
    label = [w for w in patterns.findall(r"[^\W\d_]+", entry["label"].casefold())
             if len(w) >= 3 and w not in LABEL_WORDS]
    if label and not any(patterns.search(rf"(?<!\w){w[:LABEL_STEM]}", entry["changes"].casefold()) for w in label):
        problems.append(Problem(where, entry_id, "changes", f"{brief(entry['changes'], 50)} says nothing of its "
                                                            f"label {entry['label']!r:.40}"))
    problems += [Problem(where, entry_id, field, f"{year}, a year neither its label nor its changes print")
                 for field, bound in (("from", start), ("to", end)) if entry["scope"] != "counting" and bound is not None
                 and str(year := getattr(bound, "year", bound)) not in words]
    problems += _report_problems(where, entry_id, entry) + _figures_for_problems(where, entry_id, entry, end)
    if problems:
        return None, problems
    return Break(entry["id"], entry["label"], entry["scope"], start, end, entry["changes"], entry["reason"],
                 entry["quote"], entry["source"]), []


def check_reading(where: str, entry_id: str, entry: dict) -> tuple[tuple[tuple[int, str], dict] | None, list[Problem]]:
    """One period reading: the period parses and does not end after the report year.

    Parameters
    ----------
    where : str
        The file, named in each problem.
    entry_id : str
        The entry's id, named in each problem.
    entry : dict
        The entry as read.

    Returns
    -------
    tuple of (((int, str), dict) or None, list of Problem)
        (report year, period text) -> the reading, or None and every problem.
    """
    problems = check_fields(where, entry_id, entry, READING_FIELDS, {})
    if problems:
        return None, problems
    period = parse_period(entry["period"])
    if period is None:
        return None, [Problem(where, entry_id, "period", f"expected 'YYYY' or 'Month YYYY-Month YYYY', "
                                                         f"found {entry['period']!r:.40}")]
    if period.end.year > entry["report_year"]:
        return None, [Problem(where, entry_id, "period", f"ends after the report year {entry['report_year']}")]
    if not entry["reason"].strip():
        return None, [Problem(where, entry_id, "reason", "must not be empty")]
    key = (entry["report_year"], entry["period_stated"].strip())
    return (key, {"period": period, "text": entry["period"], "reason": entry["reason"]}), []


def series_caveats(where: str, items: object) -> tuple[list[dict], list[Problem]]:
    """The caveats of the TIP series as a whole: {priority, text} mappings ranked like every caveat.

    Parameters
    ----------
    where : str
        The file, named in each problem.
    items : object
        The ``series_caveats`` list as read.

    Returns
    -------
    tuple of (list of dict, list of Problem)
    """
    return read_caveats(where, "(file)", "series_caveats", items)


def load_series_caveats(path: Path | None = None) -> list[dict]:
    """The TIP series caveats, highest priority first; ``ValidationFailed`` otherwise.

    Parameters
    ----------
    path : Path, optional
        The breaks file (default: the project's ``breaks.yml``).

    Returns
    -------
    list of dict

    Raises
    ------
    ValidationFailed
    """
    path = Path(path or paths.BREAKS_FILE)
    parts, problems = read_yaml_keys(path, ("series_caveats",))
    if parts is None:
        raise_if_any(problems)
    caveats, problems = series_caveats(str(path), parts["series_caveats"])
    raise_if_any(problems)
    return caveats


def load_breaks(path: Path | None = None) -> tuple[list[Break], dict[tuple[int, str], dict]]:
    """The declared breaks and period readings; ``ValidationFailed`` with every problem otherwise.

    Parameters
    ----------
    path : Path, optional
        The breaks file (default: the project's ``breaks.yml``).

    Returns
    -------
    tuple of (list of Break, dict)

    Raises
    ------
    ValidationFailed
    """
    return read_breaks(path)[:2]


def read_breaks(path: Path | None = None) -> tuple[list[Break], dict[tuple[int, str], dict], list[dict]]:
    """The declared breaks, period readings and series caveats, from one read of the file.

    ``ValidationFailed`` with every problem otherwise.

    Parameters
    ----------
    path : Path, optional
        The breaks file (default: the project's ``breaks.yml``).

    Returns
    -------
    tuple of (list of Break, dict, list of dict)

    Raises
    ------
    ValidationFailed
    """
    path = Path(path or paths.BREAKS_FILE)
    where = str(path)
    parts, problems = read_yaml_keys(path, ("breaks", "period_readings", "series_caveats"))
    if parts is None:
        raise_if_any(problems)
    declared, found = entries(where, parts["breaks"])
    problems += found
    breaks = []
    for entry_id, entry in declared:
        brk, found = check_break(where, entry_id, entry)
        problems += found
        breaks += [brk] if brk else []
    problems += own_words_problems(where, breaks)
    readings: dict[tuple[int, str], dict] = {}
    for i, item in enumerate(parts["period_readings"] if isinstance(parts["period_readings"], list) else []):
        entry_id = f"reading {i + 1}"
        if not isinstance(item, dict):
            problems.append(Problem(where, entry_id, "(entry)", f"expected a mapping, found {type(item).__name__}"))
            continue
        entry_id = f"reading {i + 1} ({item.get('report_year')} {item.get('period_stated')!r:.40})"
        reading, found = check_reading(where, entry_id, item)
        problems += found
        if reading and reading[0] in readings:
            problems.append(Problem(where, entry_id, "period_stated", "declared twice for this report year"))
        elif reading:
            readings[reading[0]] = reading[1]
    if not isinstance(parts["period_readings"], list):
        problems.append(Problem(where, "(file)", "period_readings", "expected a list of readings"))
    caveats, found = series_caveats(where, parts["series_caveats"])
    raise_if_any(problems + found)
    return breaks, readings, caveats


def own_words_problems(where: str, breaks: list[Break]) -> list[Problem]:
    """Each break says what changed at it, and why, in words of its own: a ``changes`` or ``reason`` that is word for
    word another break's (case and spacing aside) is refused on the later one. The 2017 report's 'comparable
    provisions' given to the 2008 law kept every other rule (it names the law and its year) and was published.

    Parameters
    ----------
    where : str
        The breaks file, named in each problem.
    breaks : list of Break
        The breaks read, in the file's order.

    Returns
    -------
    list of Problem
    """
    problems, first = [], {}
    for brk in breaks:
        for field in ("changes", "reason"):
            text = getattr(brk, field)
            key = (field, " ".join(text.split()).casefold())
            if key in first:
                problems.append(Problem(where, brk.id, field, f"{brief(text, 50)} is word for word {first[key]}'s "
                                                              f"{field}: each break says what changed at it, and why"))
            else:
                first[key] = brk.id
    return problems


def breaks_table(breaks: list[Break]) -> "list[dict]":
    """The breaks as rows (for ``breaks.csv``).

    Parameters
    ----------
    breaks : list of Break

    Returns
    -------
    list of dict
    """
    show = lambda v: "" if v is None else str(v)  # noqa: E731
    return [{"break_id": b.id, "label": b.label, "scope": b.scope, "from": show(b.start), "to": show(b.end),
             "changes": b.changes, "reason": b.reason, "quote": b.quote, "source": b.source} for b in breaks]
