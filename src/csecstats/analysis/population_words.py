"""What a population account's words say: its status (census of which year and stage, or another account),
whom each number it prints counts, and that one census has one set of final results.

Read by ``analysis.population``, which checks every account of a source marked ``denominators: true`` with
these rules before any denominator is made.
"""
from __future__ import annotations

import re

from ..inputs import patterns
from ..inputs.errors import Problem
from ..register.breaks import MONTHS
from ..register.nouns import words_after

STAGES = ("preliminary", "provisional", "final")  # a census's results, in the order they come out
# status text -> (kind, stage): "census 2008 final results" -> census, final
STATUS_RE = re.compile(rf"census (\d{{4}})(?: ({'|'.join(STAGES)}) results)?(?: \(.*\))?")
NON_CENSUS = {"inter-censal population survey 2004": "survey", "other estimate (not a census)": "other"}
INTEGER_RE = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?!,?\d)")
MILLIONS_RE = re.compile(r"(?<![\d.,])(\d+)\.(\d+)(?![\d.])")


def status_of(text: str) -> tuple[str | None, int | None, str | None]:
    """(kind, census year, stage) of a status cell: ("census", 2008, "final"), ("survey", None, None); all
    None when the cell is neither.

    Parameters
    ----------
    text : str

    Returns
    -------
    tuple of (str or None, int or None, str or None)
    """
    if text in NON_CENSUS:
        return NON_CENSUS[text], None, None
    match = STATUS_RE.fullmatch(text)
    if not match:
        return None, None, None
    return "census", int(match.group(1)), match.group(2)


# The words printed after a population that name whom it counts (none: the total); "aged between 15 and 59".
GROUP_WORDS = {"male": ("male", "males", "men"), "female": ("female", "females", "women")}
AGED_RE = re.compile(r"\baged (?:between )?(\d+)(?: and | to |-)(\d+)")
COUNT_RE = re.compile(rf"{INTEGER_RE.pattern}|(?<![\d.,])\d+\.\d+(?![\d.])(?!\s*(?:%|percent))")


def groups_printed(quote: str) -> list[tuple[int, str]]:
    """Every population a quote prints, with whom the words after it (up to the next population it prints) say
    it counts: ``male``, ``female``, ``aged A-B``, or ``total`` when they name no group.

    "12,824,000, which broke down along gender lines to 6,197,000 males and 6,627,000 females" prints
    (12,824,000, total), (6,197,000, male) and (6,627,000, female); "9.6 million, or 61.7 percent, aged
    between 15 and 59" prints (9,600,000, aged 15-59) (a percentage is never a population).

    Parameters
    ----------
    quote : str

    Returns
    -------
    list of (int, str)
    """
    tokens = list(COUNT_RE.finditer(quote))
    found = []
    for token, after in zip(tokens, words_after(quote, tokens)):
        text = token.group()
        if "," in text or "." not in text:
            value = int(text.replace(",", ""))
        elif "million" in quote:
            whole, decimals = text.split(".")
            value = int(whole) * 1_000_000 + int(decimals) * 10 ** (6 - len(decimals))
        else:
            continue
        named = [g for g, words in GROUP_WORDS.items() if any(patterns.search(rf"\b{w}\b", after) for w in words)]
        named += [f"aged {a}-{b}" for a, b in AGED_RE.findall(after)]
        found.append((value, named[0] if len(named) == 1 else "total" if not named else " or ".join(named)))
    return found


def group_problems(where: str, rows: list[dict]) -> list[Problem]:
    """An account whose quote prints its value as counting another group than its ``population`` (the 2008
    census's 13,388,910 people given as its count of males, the capital's 2.3 million as its children aged 0-14).

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    rows : list of dict
        The accounts, each with ``entry``, ``value``, ``population`` and ``quote``.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in rows:
        said = [group for value, group in groups_printed(row["quote"]) if value == row["value"]]
        if said and row["population"] not in said:
            problems.append(Problem(where, row["entry"], "population", f"{row['population']!r}, but its quote prints "
                                                                       f"{row['value']:,} as {' and '.join(said)}"))
    return problems


def final_problems(where: str, rows: list[dict]) -> list[Problem]:
    """A census has one set of results at each stage (preliminary, provisional, final): the accounts calling
    themselves one stage's results for one place and group agree within their printed rounding (a provisional count
    called final disagrees with the final one, and the final 2.3 million called provisional with the provisional
    2,129,371).

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    rows : list of dict
        The accounts, each with ``entry``, ``status``, ``geography``, ``population``, ``value``, ``low`` and
        ``high`` (``quote_problems`` sets the last two).

    Returns
    -------
    list of Problem
    """
    first: dict[tuple, dict] = {}
    problems = []
    for row in rows:
        kind, census_year, stage = status_of(row["status"])
        if stage is None or "low" not in row:
            continue
        seen = first.setdefault((census_year, stage, row["geography"], row["population"]), row)
        if row["high"] < seen["low"] or row["low"] > seen["high"]:
            problems.append(Problem(where, row["entry"], "status", f"{row['status']!r}: {row['value']:,}, but "
                                    f"{seen['entry']} gives the same {stage} results as {seen['value']:,}"))
    return problems






def day_problems(where: str, rows: list[dict]) -> list[Problem]:
    """A reference date given to the day is a census night, or a day the account's own words (quote, caveat) print
    ('March 3, 2008', '3 March 2008', '2008-03-03'): an agency's fact sheet, not a census, dated to the census day
    it never names is refused.

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    rows : list of dict
        The accounts, each with ``entry``, ``status``, ``reference_date``, ``quote`` and ``caveat``.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in rows:
        day = patterns.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(row["reference_date"]))
        if not day or status_of(row["status"])[0] == "census":
            continue
        words = " ".join(str(row.get(k) or "") for k in ("quote", "caveat")).casefold()
        year, date = int(day.group(1)), int(day.group(3))
        month = next(name for name, number in MONTHS.items() if number == int(day.group(2)))
        if not (day.group(0) in words
                or patterns.search(rf"\b{month} {date}\b,? {year}|\b{date} {month},? {year}", words)):
            problems.append(Problem(where, row["entry"], "reference_date", (
                f"{day.group(0)}, a day neither a census night (its status: {row['status']!r}) nor printed by its "
                "words: give the year, or the month, the account gives")))
    return problems


def stage_words_problems(where: str, rows: list[dict]) -> list[Problem]:
    """A census account's stage (its status's preliminary, provisional or final results) is the one its own words
    (quote, address, publisher, caveat) print, where they print one: the final census's age groups, read from a page
    headed 'final census results', called provisional are refused. Words printing no stage leave it to the account.

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    rows : list of dict
        The accounts, each with ``entry``, ``status``, ``quote`` and, as read, ``url``, ``account``, ``caveat``.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in rows:
        stage = status_of(row["status"])[2]
        words = " ".join(str(row.get(k) or "") for k in ("quote", "url", "account", "caveat")).casefold()
        printed = [s for s in STAGES if patterns.search(rf"\b{s}\b", words)]
        if stage and printed and stage not in printed:
            problems.append(Problem(where, row["entry"], "status", f"{row['status']!r}, but its own words speak of "
                                                                   f"{' and '.join(printed)} results, never {stage}"))
    return problems


def one_status_problems(where: str, rows: list[dict]) -> list[Problem]:
    """One quote of one date is one account of one status: rows printing their numbers in the same quote for the
    same reference date share their status (the 2004 survey's females are never 'other estimate' beside its total
    and males); a row whose status differs from the one most of them give (the first, on a tie) is refused.

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    rows : list of dict
        The accounts, each with ``entry``, ``quote``, ``reference_date`` and ``status``.

    Returns
    -------
    list of Problem
    """
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((" ".join(str(row["quote"]).split()), str(row["reference_date"])), []).append(row)
    problems = []
    for group in groups.values():
        statuses = [r["status"] for r in group]
        held = max(dict.fromkeys(statuses), key=statuses.count)
        problems += [Problem(where, r["entry"], "status", f"{r['status']!r}, but the rows of its quote for "
                             f"{r['reference_date']} are of {held!r}: one quote, one account")
                     for r in group if r["status"] != held]
    return problems


def qualifier_problems(where: str, rows: list[dict]) -> list[Problem]:
    """A survey's or another body's estimate is approximate; a census count its quote prints to the person
    ('13,388,910') is exact.

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    rows : list of dict
        The accounts, each with ``entry``, ``status``, ``value``, ``qualifier`` and ``quote``.

    Returns
    -------
    list of Problem
    """
    problems = []
    for row in rows:
        kind = status_of(row["status"])[0]
        to_the_person = row["value"] % 1000 and f"{row['value']:,}" in INTEGER_RE.findall(row["quote"])
        if kind in ("survey", "other") and row["qualifier"] != "approximate":
            problems.append(Problem(where, row["entry"], "qualifier", f"{row['qualifier']}, but {row['status']!r} "
                                                                      "is an estimate: approximate"))
        elif kind == "census" and to_the_person and row["qualifier"] != "exact":
            problems.append(Problem(where, row["entry"], "qualifier", f"{row['qualifier']}, but its quote prints "
                                                                      f"the census count {row['value']:,} to the "
                                                                      "person: exact"))
    return problems


def parts_problems(where: str, rows: list[dict], sums: dict | None = None, declaration: str = "") -> list[Problem]:
    """An account's parts add up to its whole: one status's males and females of one date and place sum to its
    total, within their printed rounding (a census's 6,945,512 males beside 6,893,398 females are never the
    13,388,910 it counted), but where the declaration reviews the sum its parts make as printed (``sums``: the
    final 2019 account's 15,552,221, whose sexes make 15,552,211); a review whose sum the parts no longer make, or
    of no total whose parts disagree, is refused. Its age groups (disjoint bands) never sum to more than its total.

    Parameters
    ----------
    where : str
        The data file, named in each problem.
    rows : list of dict
        The accounts, each with ``entry``, ``status``, ``reference_date``, ``geography``, ``population``, ``value``,
        ``low`` and ``high`` (``quote_problems`` sets the last two).
    sums : dict, optional
        The declaration's ``sums``: total row id -> ``{parts: the sum its parts make, reason}``.
    declaration : str
        The declaration, named in a problem of its reviews.

    Returns
    -------
    list of Problem
    """
    sums = sums or {}
    reviewed = set()
    groups: dict[tuple, dict[str, dict]] = {}
    for row in rows:
        if "low" in row:
            key = (str(row["status"]), str(row["reference_date"]), row["geography"])
            groups.setdefault(key, {}).setdefault(row["population"], row)
    problems = []
    for parts in groups.values():
        total = parts.get("total")
        if total is None:
            continue
        sexes = [parts[g] for g in ("male", "female") if g in parts]
        made = sum(r["value"] for r in sexes)
        apart = sum(r["low"] for r in sexes) > total["high"] or sum(r["high"] for r in sexes) < total["low"]
        if len(sexes) == 2 and apart:
            reviewed.add(total["entry"])
            review = sums.get(total["entry"])
            if not (isinstance(review, dict) and review.get("parts") == made and str(review.get("reason") or "").strip()):
                problems.append(Problem(where, sexes[0]["entry"], "value", (
                    f"{sexes[0]['value']:,} {sexes[0]['population']} and {sexes[1]['value']:,} "
                    f"{sexes[1]['population']} make {made:,}, not the {total['value']:,} of {total['entry']} "
                    f"({total['status']!r})" + (f"; the declaration's review says {review.get('parts')!r}"
                                                if isinstance(review, dict) else ""))))
        ages = [r for g, r in parts.items() if g.startswith("aged ")]
        if len(ages) > 1 and sum(r["low"] for r in ages) > total["high"]:
            problems.append(Problem(where, ages[0]["entry"], "value", (
                f"its age groups ({', '.join(r['population'] for r in ages)}) make "
                f"{sum(r['value'] for r in ages):,}, more than the {total['value']:,} of {total['entry']}")))
    problems += [Problem(declaration, f"sums.{entry}", "parts", "reviews a total whose parts add up to it, or no "
                         "total of this table: a review that no longer holds") for entry in sums if entry not in reviewed]
    return problems

