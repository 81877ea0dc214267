"""Where a TIP figure sits in time: the period it covers, read from its words, and its comparability segment.

A period is stated ("2009", "April 2008-March 2009"), relative and resolved from the
period stated in the same quote ("the same period a year earlier"), inferred through a
reading declared in ``data/raw/breaks.yml``, or none; the TIP report's own April-March
reporting period is the other reading of an undated one. The breaks declared there place
each period inside regimes or across a regime's boundary: its ``segment``.
"""
from __future__ import annotations

import re

from ..inputs import patterns
from ..inputs.errors import Problem, brief
from ..register.breaks import Break, Period, parse_period, shift_years

# Relative period phrase -> years to shift the period stated in the same quote.
RELATIVE = {"the same period a year earlier": -1, "the year before": -1}
UNSTATED = ("not stated", "the reporting period")  # phrases that give no period: resolved only by a declared reading
# The other reading of an undated period: the TIP report's own reporting period, 1 April to 31 March before
# publication (the 2009 report counts 'between April 2008 and March 2009'). The declared reading (breaks.yml,
# period_readings: the calendar year each text points to) is the default; this one is kept beside it.
REPORTING_PERIOD = "April {before}-March {year}"


def reporting_period(report_year: int) -> Period | None:
    """The TIP report's own reporting period for a report year: April of the year before to March of it.

    Parameters
    ----------
    report_year : int
        The year the TIP report was published.

    Returns
    -------
    Period or None
        April of ``report_year - 1`` to March of ``report_year``.
    """
    return parse_period(REPORTING_PERIOD.format(before=report_year - 1, year=report_year))


def row_entry(row: dict) -> str:
    """The entry naming a TIP row in a problem: ``row 3 (convictions 2010 '2009')``.

    Parameters
    ----------
    row : dict
        A raw row of the TIP table, with its line number as ``_row``.

    Returns
    -------
    str
    """
    return (f"row {row['_row']} ({brief(row['indicator'], 40)[1:-1]} {brief(row['report_year'], 10)[1:-1]} "
            f"{brief(row['period_covered'], 46)})")


def resolve_period(row: dict, rows: list[dict], readings: dict) -> tuple[Period | None, str, str]:
    """(period, basis, how it was read): stated, relative (from the same quote), inferred (declared reading) or none.

    Parameters
    ----------
    row : dict
        The raw row whose ``period_covered`` is read.
    rows : list of dict
        Every raw row of the table: a relative phrase is read against a period stated in the same quote.
    readings : dict
        The declared period readings, by (report year, stated text).

    Returns
    -------
    tuple of (Period or None, str, str)
        The period, its basis (``stated``, ``relative``, ``inferred`` or ``none``) and how it was read.
    """
    stated = row["period_covered"].strip()
    period = parse_period(stated)
    if period:
        return period, "stated", ""
    if stated in RELATIVE:
        anchors = {r["period_covered"].strip() for r in rows if r["quote"] == row["quote"]
                   and r["report_year"] == row["report_year"] and parse_period(r["period_covered"])}
        if len(anchors) == 1:
            anchor = anchors.pop()
            return (shift_years(parse_period(anchor), RELATIVE[stated]), "relative",
                    f"'{stated}' read against '{anchor}', stated in the same quote")
        return None, "relative", ""
    reading = readings.get((int(row["report_year"]), stated))
    if reading:
        return reading["period"], "inferred", f"read as {reading['text']}: {reading['reason']}"
    return None, "none", ""


def period_problems(where: str, row: dict, period: Period | None, basis: str) -> list[Problem]:
    """A period must parse, resolve, or be one of the phrases that state none (and then print no year unless a
    period reading places it: 'not stated (context 2021)' is dated); it cannot end after its report.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    row : dict
        The raw row.
    period : Period or None
        The period ``resolve_period`` found.
    basis : str
        Its basis, as ``resolve_period`` gave it.

    Returns
    -------
    list of Problem
        Empty when the period is acceptable.
    """
    stated = row["period_covered"].strip()
    if basis == "relative" and period is None:
        return [Problem(where, row_entry(row), "period_covered",
                        f"'{stated}' needs exactly one period stated in the same quote to be read against")]
    if basis == "none" and not stated.startswith(UNSTATED):
        return [Problem(where, row_entry(row), "period_covered",
                        f"expected 'YYYY', 'Month YYYY-Month YYYY', a relative phrase ({', '.join(RELATIVE)}) "
                        f"or one starting {' / '.join(UNSTATED)}; found {stated!r:.50}")]
    # it dates itself, yet no reading does
    if basis == "none" and (years := patterns.findall(r"\b(?:19|20)\d\d\b", stated)):
        return [Problem(where, row_entry(row), "period_covered", (
            f"{stated!r:.50} prints {years[0]}, but no period reading of the {row['report_year']} report "
            "(breaks.yml period_readings) places it: a period that names a year is placed in time"))]
    if period and period.end.year > int(row["report_year"]):
        return [Problem(where, row_entry(row), "period_covered", f"ends after the report year {row['report_year']}")]
    return []


def regimes(period: Period | None, report_year: int, breaks: list[Break]) -> tuple[list[str], list[str]]:
    """(breaks the row lies inside, breaks whose boundary its period straddles).

    Parameters
    ----------
    period : Period or None
        The period the row covers (None: only report-year breaks can hold it).
    report_year : int
        The year of the report the row comes from.
    breaks : list of Break
        The breaks declared in ``breaks.yml``.

    Returns
    -------
    tuple of (list of str, list of str)
        The ids of the breaks the row lies inside, and of those whose boundary its period straddles.
    """
    inside, straddles = [], []
    for brk in breaks:
        if brk.scope == "report":
            hit = (brk.start is None or report_year >= brk.start) and (brk.end is None or report_year <= brk.end)
        elif period is None:
            continue
        elif brk.scope == "counting":
            hit = period.kind == brk.start
        else:
            # Part of the period before the regime and part inside it (or inside and after): neither side.
            if ((brk.start is not None and period.start < brk.start <= period.end)
                    or (brk.end is not None and period.start <= brk.end < period.end)):
                straddles.append(brk.id)
                continue
            hit = (brk.start is None or period.start >= brk.start) and (brk.end is None or period.end <= brk.end)
        inside += [brk.id] if hit else []
    return inside, straddles


def segment_of(inside: list[str], straddles: list[str], dated: bool) -> str:
    """The comparability segment: the regimes a row lies in; a straddled boundary is a segment of its own.

    Parameters
    ----------
    inside, straddles : list of str
        The break ids ``regimes`` gave.
    dated : bool
        Whether the row has a period (an undated row is segment ``undated``).

    Returns
    -------
    str
        The regimes joined by ``+``, ``baseline`` when there is none.
    """
    if not dated:
        return "undated"
    parts = inside + [f"across_{b}" for b in straddles]
    return "+".join(parts) or "baseline"


# A year a sentence prints a count in ('in 2013', 'In 2021,', 'April 2008') ...
_DATED = re.compile(r"\b(?:in|january|february|march|april|may|june|july|august|september|october|november|"
                    r"december)\s+((?:19|20)\d\d)\b", re.IGNORECASE)
# ... unless words before it in the sentence set it against another ('up from 43 in 2015', 'compared to 69
# prosecutions in 2015', 'a decline from 44 convictions in 2012', '(66 in 2019)'): then it is the comparison's.
_AGAINST = re.compile(r"\b(?:from|compared|than|before|earlier|previous|prior)\b|\(", re.IGNORECASE)


def own_years(quote: str) -> dict[int, str]:
    """The years a quote dates its own counts in: each it prints after 'in' or a month, unless words before it in
    its sentence set it against another count (``_AGAINST``), with the words of the sentence up to it.

    Parameters
    ----------
    quote : str

    Returns
    -------
    dict of int to str
    """
    found: dict[int, str] = {}
    for sentence in patterns.split(r"(?<=[.!?])\s+", quote):
        for match in _DATED.finditer(sentence):
            if not _AGAINST.search(sentence, 0, match.start()):
                found.setdefault(int(match.group(1)), sentence[:match.end()])
    return found


def own_year_problems(where: str, raw: list[dict]) -> list[Problem]:
    """A row whose period states no year, and no earlier period read against another (``RELATIVE``), from a
    quote that dates its own counts ("investigated 35 cases of suspected trafficking in 2013. Of these, just 18
    cases led to convictions, 10 for sex trafficking ..."; ``own_years``): its period leaves out the year its
    words state, and is refused on it.

    Parameters
    ----------
    where : str
        The TIP table's path, as problems name it.
    raw : list of dict
        Its rows, every cell a string.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in raw:
        stated = row["period_covered"].strip()
        if stated in RELATIVE or patterns.search(r"\b(?:19|20)\d\d\b", stated):
            continue
        if years := own_years(row["quote"]):
            year, words = next(iter(years.items()))
            problems.append(Problem(where, row_entry(row), "period_covered", (
                f"{stated!r:.40} states no year, but its quote dates its counts in {year} "
                f"('{' '.join(words.split()[-8:])}'), setting no earlier figure against them")))
    return problems
