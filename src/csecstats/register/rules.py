"""Rules every input obeys, whatever table it feeds.

An input can be well formed and still lie: a value its quote does not hold, a period its quote contradicts or
that ends after the document reporting it was published, a place its quote does not name, an id that looks like
another, a row written twice, invisible characters in a text. Each rule is one function (those of ids and keys,
classes 4 and 5, in ``register.identity``), used by every table that has the fields it reads (the figure register
through ``register_problems``, the external and TIP tables through ``row_problems`` and ``occurrence_problems``);
each returns ``Problem``s naming the file, the entry and the field.

1. a value and its own words: a value (and its low and high) is a number its quote states
   (digits as printed, "14, 000", or a number word), the midpoint of two it states (a
   range's centre), or a sum of two or three it states (a compiled total); each number
   printed in a quote gives at most one row of a table; every numeric token of the report
   is accounted for (``audit.account``, which validate and build run beside the arithmetic checks);
2. time: years and dates lie between ``FIRST_YEAR`` and today; a period includes a year its quote states, when
   the quote states any; a period ends no later than the year its document (or the account relaying it) was
   published, except a plan's term; a period read from a figure's words names no month or day they do not;
3. place (``register.places``): a geography other than the country is named by the quote, and a figure
   of the country is not one whose quote names only other places;
4. identity (``register.identity``): ids are ASCII snake_case and never confusable;
5. duplicates (``register.identity``): no two rows share a key, and no two figures state the
   same value, period, indicator and source from the same quote; near-duplicates are flagged;
7. free text, every text field alike: no control, bidirectional or zero-width character
   and at most ``MAX_TEXT_CHARS`` characters.
"""
from __future__ import annotations

import calendar
import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from fractions import Fraction
from typing import Any

from ..inputs import patterns
from ..inputs.cells import FIRST_YEAR, MAX_TEXT_CHARS, free_text_problem
from ..inputs.errors import Problem, brief
from ..source.parse import CARDINALS
from .actors import actor_problems
from .caveat_words import caveat_problems
from .identity import duplicate_problems, id_period_problems, identity_problems
from .places import COUNTRY, nations_problem, place_problem
from .source_words import cited_source_problems
from .subjects import indicator_problem

PLAN_TOPICS = ("planning",)  # a plan's term may lie after the document that announces it

# ---------------------------------------------------------------- class 7: free text

def text_problems(where: str, entry: str, value: Any, field: str = "") -> Iterator[Problem]:
    """``free_text_problem`` for every text inside ``value`` (mappings and lists walked), each named by its
    path (``caveats[2].text``).

    Parameters
    ----------
    where, entry : str
        The file and the entry, as each problem names them.
    value : Any
        A text, or a mapping or list holding texts (keys too are texts).
    field : str, default ""
        The path of ``value`` inside the entry.

    Yields
    ------
    Problem
        One per text that breaks the rule.
    """
    if isinstance(value, str):
        message = free_text_problem(value)
        if message:
            yield Problem(where, entry, field or "(text)", message)
    elif isinstance(value, dict):
        for key, item in value.items():
            name = key if isinstance(key, str) and key.isprintable() and len(key) <= 60 else "(key)"
            if isinstance(key, str) and key is not name:
                yield from text_problems(where, entry, key, f"{field}.(key)" if field else "(key)")
            yield from text_problems(where, entry, item, f"{field}.{name}" if field else name)
    elif isinstance(value, list):
        for i, item in enumerate(value, start=1):
            yield from text_problems(where, entry, item, f"{field}[{i}]")


# ---------------------------------------------------------------- class 1: a value and its own words

_WORD_NUMBERS = {word: n for word, n in CARDINALS.items() if n <= 20}  # zero to twenty
_NUMBER_RE = re.compile(r"(?<![\w.,])(?:[0-9]{1,3}(?:, ?[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)(?![0-9])(?P<pct>\s?%| percent"
                        r"| per cent)?|\b(?P<word>" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)


def quote_numbers(quote: str) -> list[Fraction]:
    """Every number the quote states, in order: digits as printed ("14, 000" is 14000, "66%" also 0.66) and
    the number words zero to twenty.

    Parameters
    ----------
    quote : str

    Returns
    -------
    list of Fraction
    """
    return [number for _, numbers in printed_numbers(quote) for number in numbers]


@functools.lru_cache(maxsize=2048)  # a quote is read by several rules (its values, their count, its qualifier)
def printed_numbers(quote: str) -> tuple[tuple[int, tuple[Fraction, ...]], ...]:
    """Where the quote prints each number: (offset, (number,)); for a percentage (offset, (number, number / 100)).

    Parameters
    ----------
    quote : str

    Returns
    -------
    tuple of (int, tuple of Fraction)
    """
    return tuple((m.start(), (Fraction(_WORD_NUMBERS[m.group("word").lower()]),) if m.group("word") else _read(m))
                 for m in _NUMBER_RE.finditer(quote))


def _read(m: re.Match) -> tuple[Fraction, ...]:
    number = Fraction(m.group(0)[: len(m.group(0)) - len(m.group("pct") or "")].replace(",", "").replace(" ", ""))
    return (number, number / 100) if m.group("pct") else (number,)


def years_only(quote: str) -> set[Fraction]:
    """The numbers a quote prints only as years: four bare digits from ``FIRST_YEAR`` to this year ("in 2003"),
    never with a thousands separator, a decimal point or a percent sign, nor elsewhere as a count ("2,000").

    Parameters
    ----------
    quote : str

    Returns
    -------
    set of Fraction
    """
    years, other = set(), set()
    for m in _NUMBER_RE.finditer(quote):
        text = m.group(0)
        if m.group("word"):
            continue
        bare = not m.group("pct") and text.isdigit() and len(text) == 4
        (years if bare and FIRST_YEAR <= int(text) <= date.today().year else other).add(
            Fraction(text[: len(text) - len(m.group("pct") or "")].replace(",", "").replace(" ", "")))
    return years - other


def value_problem(value: float | None, numbers: list[Fraction], *, low: float | None = None,
                  high: float | None = None) -> str | None:
    """Why a value is not read from its quote: it is none of the numbers the quote states, nor the midpoint
    of the low and high it states, nor a sum of two or three of them.

    Parameters
    ----------
    value : float or None
    numbers : list of Fraction
        What the quote states (``quote_numbers``).
    low, high : float, optional

    Returns
    -------
    str or None
    """
    if value is None or value != value:  # missing or NaN
        return None
    target = Fraction(value).limit_denominator(10**6)
    if target in numbers:
        return None
    pair = [Fraction(x).limit_denominator(10**6) for x in (low, high) if x is not None and x == x]  # not NaN
    if len(pair) == 2 and set(pair) <= set(numbers) and (Fraction(low) + Fraction(high)) / 2 == Fraction(value):
        return None
    distinct = sorted(set(n for n in numbers if n > 1), reverse=True)[:12]
    if any(sum(c) == target for k in (2, 3) for c in itertools.combinations(distinct, k)):
        return None
    stated = ", ".join(f"{float(n):g}" for n in dict.fromkeys(numbers)) or "no number"
    return f"{float(value):g} is not a number its quote states (it states {brief(stated, 80)[1:-1]})"


def row_value_problems(where: str, entry: str, quote: str, values: dict[str, float | None]) -> list[Problem]:
    """``value_problem`` for a row's value, low and high against its quote.

    Parameters
    ----------
    where, entry : str
        The file and the row, as each problem names them.
    quote : str
        The row's own words.
    values : dict of str to float or None
        ``value``, ``low`` and ``high`` (None: not stated).

    Returns
    -------
    list of Problem
    """
    numbers, years = quote_numbers(quote), years_only(quote)
    low, high = values.get("low"), values.get("high")
    problems = []
    for field, value in values.items():
        message = value_problem(value, numbers, **({"low": low, "high": high} if field == "value" else {}))
        if not message and value is not None and value == value and Fraction(value).limit_denominator(10**6) in years:
            message = f"{float(value):g} is a year its quote states, not a number it gives"
        if message:
            problems.append(Problem(where, entry, field, message))
    return problems


def occurrence_problems(where: str, rows: Iterable[tuple[str, str, float | None]]) -> list[Problem]:
    """Each number printed in a quote gives one row, never two: (entry, quote, value) rows sharing a quote
    and a value may not outnumber the times the quote prints that value.

    Parameters
    ----------
    where : str
        The table's path.
    rows : iterable of (str, str, float or None)
        Each row's entry, quote and value, in table order (the row past the count is named).

    Returns
    -------
    list of Problem
    """
    problems, used = [], Counter()
    for entry, quote, value in rows:
        if value is None or value != value:
            continue
        printed = Counter(quote_numbers(quote))
        target = Fraction(value).limit_denominator(10**6)
        if not printed[target]:
            continue  # a midpoint or sum: ``value_problem``'s business
        used[(quote, target)] += 1
        if used[(quote, target)] > printed[target]:
            problems.append(Problem(where, entry, "value", f"{float(value):g} is printed {printed[target]} time(s) "
                                                           "in its quote and another row already reads it"))
    return problems


# ---------------------------------------------------------------- class 2: time

_YEAR_RE = re.compile(r"(?<![\w.,])(1[89][0-9]{2}|20[0-9]{2})(?![\w%]|[.,][0-9])")


def years_stated(quote: str) -> set[int]:
    """The years a quote states: four-digit numbers from ``FIRST_YEAR`` to this year, not part of a count.

    Parameters
    ----------
    quote : str

    Returns
    -------
    set of int
    """
    this_year = date.today().year
    return {int(y) for y in _YEAR_RE.findall(quote) if FIRST_YEAR <= int(y) <= this_year}


def period_problems(where: str, entry: str, start: str | None, end: str | None, *, quote: str,
                    published: int | str | None = None, by: str = "its source", field: str = "period",
                    plan: bool = False, check_quote_years: bool = True, stated: str = "",
                    to_the_day: bool = False) -> list[Problem]:
    """A period lies between ``FIRST_YEAR`` and today, includes a year its quote states (when it states any),
    prints no year its quote does not (``stated``: the period as a row writes it, '2013'), and ends no later
    than the year its document was published (``published``: a year or a date; a plan's term is exempt; with
    ``to_the_day``, a period given by its first and last dates, no later than the date), and in
    that year when its quote counts 'since' its last year ('Since 1998, ... have been sent').

    Parameters
    ----------
    where, entry : str
    start, end : str or None
    quote : str
    published : int or str, optional
    by : str, default "its source"
    field : str, default "period"
    plan : bool, default False
    check_quote_years : bool, default True
    stated : str, default ""
    to_the_day : bool, default False

    Returns
    -------
    list of Problem
    """
    if not start or not end:
        return []
    today = date.today().isoformat()
    problems = []
    if start[:4] < f"{FIRST_YEAR}" or end > today:
        problems.append(Problem(where, entry, field, f"{start}..{end} is not between {FIRST_YEAR} and today"))
        return problems
    years = years_stated(quote) if check_quote_years else set()
    unsaid = sorted(set(map(int, _YEAR_RE.findall(stated))) - years) if check_quote_years else []
    if unsaid:
        problems.append(Problem(where, entry, field, f"{brief(stated, 40)} prints {unsaid[0]}, a year its quote "
                                                     "does not state"))
    elif years and not any(int(start[:4]) <= y <= int(end[:4]) for y in years):
        problems.append(Problem(where, entry, field, f"{start[:4]}..{end[:4]} includes no year its quote states "
                                                     f"({', '.join(map(str, sorted(years)))})"))
    if published and not plan:
        text = str(published)
        if (len(text) == 4 and int(end[:4]) > int(text)) or (len(text) > 4 and end[: len(text)] > text
                                                               and (to_the_day or end[:4] > text[:4])):
            problems.append(Problem(where, entry, field, f"ends {end} after {by} was published ({text})"))
        # 'Since 1998, ... have been'
        since = [int(y) for y in patterns.findall(r"\b[Ss]ince ((?:19|20)\d\d)\b", quote)]
        if since and max(years) == max(since) and int(end[:4]) < int(text[:4]):
            problems.append(Problem(where, entry, field, f"ends {end}, but its quote counts since {max(since)} up to "
                                                         f"when {by} was published ({text[:4]})"))
    return problems


def _finer_than_stated(where: str, f: dict) -> list[Problem]:
    """A period read from a figure's words (basis ``stated``) ends anywhere but a year's edge only in a month they
    name ('1992-06' from 'In 1992' does not), and anywhere but a month's edge only on a day they print."""
    for day, first in ((date.fromisoformat(f["period_start"]), True), (date.fromisoformat(f["period_end"]), False)):
        month, edge, quote = calendar.month_name[day.month], "starts" if first else "ends", f["quote"]
        if (day.month, day.day) != ((1, 1) if first else (12, 31)) and not patterns.search(
                rf"\b(?:{month}|{month[:3]}|{month[:4]})\b", quote):
            return [Problem(where, f["figure_id"], "period", f"{edge} in {month} {day.year}: no month its quote names")]
        if day.day != (1 if first else calendar.monthrange(day.year, day.month)[1]) and not patterns.search(
                rf"(?<!\d){day.day}(?:st|nd|rd|th)?(?!\d)", quote):
            return [Problem(where, f["figure_id"], "period", f"{edge} on {day}, a day its quote never prints")]
    return []


def paragraph_period_problems(where: str, entry: str, start: str | None, end: str | None, *, quote: str,
                              paragraph: str) -> list[Problem]:
    """A period whose quote states no year is dated by the words around it: it lies within the years its paragraph
    states, from the first to the last ('the 1990's' to 1999), when the paragraph states any.

    Parameters
    ----------
    where, entry : str
    start, end : str or None
        The period's first and last day, ISO 8601.
    quote, paragraph : str
        The entry's words and the paragraph they stand in.

    Returns
    -------
    list of Problem
    """
    span = None if not start or not end or years_stated(quote) else _years_spoken_of(paragraph)
    if span is None or span[0] <= int(start[:4]) and int(end[:4]) <= span[1]:
        return []
    return [Problem(where, entry, "period", f"{start[:4]}..{end[:4]}, but its quote states no year and its paragraph "
                                            f"speaks of {span[0]}..{span[1]} only")]


@functools.lru_cache(maxsize=256)  # a paragraph holds several figures
def _years_spoken_of(paragraph: str) -> tuple[int, int] | None:
    """The first and last year a paragraph states ('the 1990's' to 1999), or None when it states none."""
    years = years_stated(paragraph)
    if not years:
        return None
    return min(years), max(y + (9 if patterns.search(rf"\b{y}'?s\b", paragraph) else 0) for y in years)


# ---------------------------------------------------------------- the register

def register_problems(register) -> list[Problem]:
    """Every rule over the checked figure register (``figures.read_all`` runs them): ids, duplicates, time
    place, subject and caveats of each figure. (The audit's accounting of every numeric token of the report runs on the
    checked register in validate and in build, beside the report's arithmetic checks.)

    Parameters
    ----------
    register : Register

    Returns
    -------
    list of Problem
    """
    where = register.path
    figures, sources = register.figures, {s["id"]: s for s in register.sources}
    topics = {f["figure_id"]: register.vocabulary.indicators[f["indicator"]].get("topic") for f in figures}
    places = register.vocabulary.places()
    problems = identity_problems(where, [f["figure_id"] for f in figures])
    problems += identity_problems(register.sources_path, list(sources))
    problems += [Problem(register.sources_path, s["id"], "year", f"{s['year']} is not a year between {FIRST_YEAR} "
                                                                 "and today")
                 for s in register.sources if isinstance(s.get("year"), int)
                 and not FIRST_YEAR <= s["year"] <= date.today().year]
    problems += duplicate_problems(where, [(f["figure_id"], (f["indicator"], f["value"], f["low"], f["high"],
                                                              f["period_start"], f["period_end"], f["source_id"],
                                                              " ".join(f["quote"].split())))
                                           for f in figures], "quote")
    problems += id_period_problems(where, [(f["figure_id"], f["period_start"], f["period_end"]) for f in figures])
    for f in figures:
        source = sources[f["source_id"]]
        stated = f"{f['period_start']}/{f['period_end']}" if f.get("period_basis") == "stated" else ""
        problems += period_problems(where, f["figure_id"], f["period_start"], f["period_end"], quote=f["quote"],
                                    published=source.get("year"), by=f"source {source['id']}",
                                    plan=topics[f["figure_id"]] in PLAN_TOPICS, stated=stated)  # its words' years
        problems += _finer_than_stated(where, f) if stated and f["period_start"] else []
        context = " ".join(p.text for p in register.report.find_quotes(f["quote"]))
        problems += paragraph_period_problems(where, f["figure_id"], f["period_start"], f["period_end"],
                                              quote=f["quote"], paragraph=context)
        message = place_problem(f["geography"], f["quote"], context=context,  # the country's: not of other places
                                places=places if f["geography"] == COUNTRY else None) or \
            nations_problem(f["geography"], f["unit"], f["value"])
        if message:
            problems.append(Problem(where, f["figure_id"], "geography", message))
        named_by = register.vocabulary.indicators.get(f["indicator"], {}).get("named_by")
        if message := indicator_problem(f["indicator"], f"{f['quote']} {context}", named_by):
            problems.append(Problem(where, f["figure_id"], "indicator", message))
        problems += cited_source_problems(where, f, sources)  # the work its quote cites
    problems += actor_problems(where, figures, register.vocabulary.actors, register.report)  # named where printed
    return problems + caveat_problems(register)  # each caveat speaks of its own figure


# ---------------------------------------------------------------- a table row

def row_problems(where: str, entry: str, *, quote: str, values: dict[str, float | None], start: str | None = None,
                 end: str | None = None, published: str | None = None, geography: str | None = None,
                 context: str = "", places: Iterable[str] | None = None,
                 period_field: str = "period", to_the_day: bool = False) -> list[Problem]:
    """Every rule a row of a table of published figures obeys (the external tables, the TIP table): its
    values are numbers its quote states; its period includes a year the quote states, lies between
    ``FIRST_YEAR`` and today and ends no later than its publication; its place is named by the quote or
    the row's other words (``context``); its texts are clean.

    Parameters
    ----------
    where, entry : str
    quote : str
    values : dict of str to float or None
        ``value``, ``low`` and ``high``.
    start, end, published, geography : str, optional
    context : str, default ""
    places : iterable of str, optional
    period_field : str, default "period"
    to_the_day : bool, default False
        The period is given by its first and last dates: it ends no later than the day of publication.

    Returns
    -------
    list of Problem
    """
    problems = row_value_problems(where, entry, quote, values)
    problems += period_problems(where, entry, start, end, quote=quote, published=published or None,
                                by="the account reporting it", field=period_field, to_the_day=to_the_day)
    message = geography and place_problem(geography, quote, context=context, places=places)
    if message:
        problems.append(Problem(where, entry, "geography", message))
    return problems
