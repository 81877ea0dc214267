"""Rules on the periods of one declared source's rows (a declaration whose ``period`` has a ``start`` and an
``end``): a period bound on a day inside a month is printed by its page (``day_problems``); a period lasts a year
unless its row says it is part of one (``length_problems``); a row whose quote counts within another row's number of
its page covers that row's period, and a number it so refers to is one a row of its page gives
(``referred_problems``). ``analysis.external_rows`` runs them on the checked rows.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from ..inputs import patterns
from ..inputs.errors import Problem
from ..register.breaks import MONTHS
from ..tables.sources import Source
from .row_pages import row_entry


_MONTH_NAMES = list(MONTHS)  # january ... december, the breaks' month names


def _printed_day(day: int, month: int) -> re.Pattern:
    """'December 25', '25 December', 'Dec. 25', '25 Dec' for one day of one month."""
    name = rf"(?:{_MONTH_NAMES[month - 1]}|{_MONTH_NAMES[month - 1][:3]}\.?)"
    return patterns.compiled(rf"\b{name}\s+0?{day}(?!\d)|(?<!\d)0?{day}(?:st|nd|rd|th)?\s+{name}\b", re.IGNORECASE)


def day_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """A period bound on a day inside a month (not a month's first day for a start, nor its last for an end: '25
    December') is a day its page prints: a row read from the same address (the declaration's ``addresses``) prints
    it in a cell, so a year's count given the police's 25 December end is refused where no word of its page says so.

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
    period, addresses = source.spec.get("period") or {}, source.spec.get("addresses", [])
    if sorted(period) != ["end", "start"] or not addresses:
        return []
    pages: dict[tuple, list[str]] = {}
    for raw in raws:
        pages.setdefault(tuple(raw.get(a, "") for a in addresses), []).extend(
            v for k, v in raw.items() if isinstance(v, str) and k not in period.values())
    problems = []
    for raw in raws:
        page = " ".join(pages[tuple(raw.get(a, "") for a in addresses)])
        for bound, column in sorted(period.items()):
            match = patterns.fullmatch(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", raw.get(column, "").strip())
            if not match:
                continue
            year, month, day = map(int, match.groups())
            edge = 1 if bound == "start" else calendar.monthrange(year, month)[1]
            if 1 <= month <= 12 and day != edge and not _printed_day(day, month).search(page):
                problems.append(Problem(where, row_entry(source.spec, raw), column, (
                    f"{raw[column]}, a day inside its month, but no row of its page prints "
                    f"{day} {_MONTH_NAMES[month - 1].title()}")))
    return problems


# How a row's words say its period is part of a year, and how many months ('first nine months only', 'half').
_MONTH_COUNTS = {"three": 3, "six": 6, "nine": 9, "half": 6}
_PART_YEAR = re.compile(r"\b(?:first|last) (three|six|nine|\d{1,2}) months\b|\b(half)\b", re.IGNORECASE)


def length_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """A row's period (the declaration's ``period`` ``start`` and ``end``) lasts a year, to a month, unless its own
    words say it is part of one ('first nine months only', 'first six months'), and then as many months as they
    say: the police's 124 arrests 'in 2016' given one day (its start moved to its end) are refused.

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
    period, problems = source.spec.get("period") or {}, []
    for raw in raws if sorted(period) == ["end", "start"] else []:
        try:
            start, end = (dt.date.fromisoformat(raw.get(period[b], "").strip()) for b in ("start", "end"))
        except ValueError:
            continue  # not a day: the schema names it
        days = (end - start).days + 1
        words = " ".join(v for k, v in raw.items() if isinstance(v, str) and k not in period.values())
        said = {int(m) if m.isdigit() else _MONTH_COUNTS[m.casefold()] for p in _PART_YEAR.findall(words) for m in p
                if m}
        if ((months := round(days / 30.44)) != 12 or said) and months not in said:
            problems.append(Problem(where, row_entry(source.spec, raw), period["start"], (
                f"{raw[period['start']]} to {raw[period['end']]}, {f'{months} months' if months else f'{days} day' + 's' * (days > 1)}, "
                f"but its words say it is {' or '.join(map(str, sorted(said))) + ' months' if said else 'a year'}: a "
                "period lasts a year unless its row says it is part of one ('first six months')")))
    return problems


def referred_problems(source: Source, where: str, raws: list[dict]) -> list[Problem]:
    """A row whose quote counts within another row's number of its page ('The 92 cases saved 244 victims': 'the'
    and the other's value) covers that row's period: the victims the police's 92 cases saved are of the same
    25 December to 25 December (every period column its declaration names); and a number a quote so refers back to
    (not its own, nor a year) is one another row of its page gives: the 92 cases made 93, value and quote, while
    the victims' row still counts within 'the 92', is refused.

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
    period, addresses = source.spec.get("period") or {}, source.spec.get("addresses", [])
    if not period or not addresses:
        return []
    problems = []
    for raw in raws:
        page = [r for r in raws if r is not raw and all(r.get(a) == raw.get(a) for a in addresses)]
        for other in page:
            value = str(other.get("value", "")).strip()
            if not value.isdigit() or value == str(raw.get("value", "")).strip():
                continue
            printed = rf"(?:{int(value):,}|{value})".replace(",", ", ?")
            if not patterns.search(rf"\b[Tt]he {printed} [a-z]", raw.get("quote", "")):
                continue
            for bound, column in sorted(period.items()):
                if raw.get(column, "").strip() != other.get(column, "").strip():
                    problems.append(Problem(where, row_entry(source.spec, raw), column, (
                        f"{raw.get(column)}, but its quote counts within the {int(value):,} of "
                        f"{row_entry(source.spec, other)}, whose {bound} is {other.get(column)}")))
        given = {int(v) for r in page if (v := str(r.get("value", "")).strip().replace(",", "")).isdigit()}
        own = str(raw.get("value", "")).strip().replace(",", "")
        for number in _REFERRED.findall(raw.get("quote", "")):
            count = int(number.replace(",", "").replace(" ", ""))
            if str(count) != own and not 1900 <= count <= 2099 and count not in given:
                problems.append(Problem(where, row_entry(source.spec, raw), "quote", (
                    f"counts within 'the {number}', but no other row of its page gives {count:,}: the number a quote "
                    "refers back to is one its page counts")))
    return list(dict.fromkeys(problems))


# A number a quote refers back to ('The 92 cases saved 244 victims'): 'the' and a number, then a word.
_REFERRED = re.compile(r"\b[Tt]he (\d{1,3}(?:, ?\d{3})+|\d+) (?=[a-z])")
