"""One passage, every number read: a quote that gives two rows or more of one declared source is a passage the
curator split into rows, so every number it prints is read by one of them, or is what its own words make of them.

A count it prints is a row's value, low or high ("13.4 million" is 13,400,000); a percentage is a row's share, or one
count it prints taken of another to the decimals printed (the 2019 census's "7,571,837 are male (48.7 percent)" of its
15,552,221), or printed as a change ("a 50 percent increase"); a year, and the day of a date ("March 3, 2008"), are
when, not how many. A row dropped from such a passage leaves its number unread, and is refused: the embassy's 65.6%
Cambodian sex workers left out of the cable paragraph that gives 18,256 sex workers and their 32.8% Vietnamese.
``analysis.external_rows`` runs it on the checked rows of every declared source, ``analysis.tip`` on the TIP table's.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction

from ..inputs import patterns
from ..inputs.errors import Problem
from ..register.rules import printed_numbers, years_only

_MONTHS = "|".join(m for m in [*calendar.month_name[1:], *calendar.month_abbr[1:]] if m)
# The day of a date, before or after its month's name, and its year: "March 3, 2008", "29 October 2004", "June 1st 2004".
_DAY = (rf"(?:\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b)"
        r"(?:,?\s+(?:19|20)\d\d\b)?")  # with its year
# A percentage printed as a change: "a 50 percent increase", "an increase of 72.82 percent".
_CHANGE = (r"(?:\d+(?:\.\d+)?\s*(?:%|percent|per cent)\s+(?:increase|rise|decrease|decline|drop|fall|more|less|fewer|higher|lower)"
           r"|\b(?:increase|rise|decrease|decline|drop|fall)\s+of\s+\d+(?:\.\d+)?\s*(?:%|percent|per cent))")


def unread_numbers(quote: str, read: set[Fraction]) -> list[str]:
    """The numbers ``quote`` prints that none of ``read`` (the values, lows and highs of the rows it gives) is and
    its own words do not account for (``row_passages``'s rule), as printed.

    Parameters
    ----------
    quote : str
    read : set of Fraction
        Every value, low and high of the rows the quote gives.

    Returns
    -------
    list of str
    """
    when = [m.span() for m in patterns.finditer(_DAY, quote)] + [m.span() for m in patterns.finditer(_CHANGE, quote)]
    years, scale = years_only(quote), Fraction(1_000_000) if patterns.search(r"\bmillion\b", quote) else Fraction(1)
    printed = [(offset, numbers) for offset, numbers in printed_numbers(quote)  # when, not how many: set aside
               if not any(a <= offset < b for a, b in when) and not (len(numbers) == 1 and numbers[0] in years)]
    counts = [numbers[0] for _, numbers in printed if len(numbers) == 1]
    unread = []
    for offset, numbers in printed:
        text = patterns.match(r"(?:\d{1,3}(?:, ?\d{3})+|\d+(?:\.\d+)?)(?:\s?%| percent| per cent)?|[A-Za-z]+",
                              quote[offset:]).group()
        if len(numbers) == 1:  # a count
            if numbers[0] not in read and numbers[0] * scale not in read:
                unread.append(text)
            continue
        places = len(patterns.match(r"[\d,]*\.?(\d*)", text).group(1))  # a percentage, to the decimals printed
        made = any(round(part / whole * 100, places) == round(numbers[0], places)
                   for part in counts for whole in counts if 0 < part < whole)
        if numbers[1] not in read and not made:
            unread.append(text)
    return unread


def _number(cell) -> Fraction | None:
    try:
        return Fraction(str(cell or "").replace(",", "")).limit_denominator(10**6)
    except ValueError:
        return None


def passage_number_problems(where: str, raws: list[dict], columns: list[str],
                            entry: Callable[[dict], str]) -> list[Problem]:
    """Every quote that gives two rows or more prints no number its rows do not read (``unread_numbers``); the
    passage's first row is named (``entry(row)``), on its quote.

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    raws : list of dict
        The data rows as read.
    columns : list of str
        The columns holding a row's value, low and high.
    entry : callable
        How a row is named.

    Returns
    -------
    list of Problem
    """
    passages: dict[str, list[dict]] = defaultdict(list)
    for raw in raws:
        if raw.get("quote", "").strip():
            passages[" ".join(raw["quote"].split())].append(raw)
    problems = []
    for quote, rows in passages.items():
        if len(rows) < 2:
            continue
        read = {value for row in rows for value in map(_number, (row.get(c) for c in columns)) if value is not None}
        printed = {n for _, numbers in printed_numbers(quote) for n in numbers}
        scale = Fraction(1_000_000) if patterns.search(r"\bmillion\b", quote) else Fraction(1)
        values = [_number(row.get(columns[0])) for row in rows]
        if len(set(values)) < len(values) or any(v is not None and v not in printed and v / scale not in printed
                                                 for v in values):
            continue  # a value its quote does not print, or one read twice: another rule's problem, not a second one
        unread = unread_numbers(quote, read)
        if unread:
            problems.append(Problem(where, entry(rows[0]), "quote", (
                f"its quote gives {len(rows)} rows but prints {', '.join(unread)}, which none of them reads: a "
                "passage split into rows has each of its numbers read by one of them")))
    return problems
