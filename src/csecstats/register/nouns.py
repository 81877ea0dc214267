"""What a number counts, by the noun printed right after it: '92 cases' are cases, '244 victims' are persons.

A curator who gives a row of victims rescued the number of cases its quote prints beside them ("The 92 cases
saved 244 victims") is refused on the row's value, naming file, entry and field. Only the first word after a
printed number is read, past at most two of ``MODIFIERS`` ("20 trafficking offenders", "10 sex trafficking
cases"), and only the nouns of ``UNIT_NOUNS``. ``words_after`` gives the words after each number of a quote up to
the next, which the TIP and population rules read.
"""
from __future__ import annotations

import re

# The noun right after a number -> the unit it counts in.
UNIT_NOUNS = {"case": "cases", "cases": "cases",
              **dict.fromkeys(("victim", "victims", "person", "persons", "people", "suspects", "traffickers",
                               "offenders", "individuals", "children", "women", "men", "prostitutes"), "persons")}
# Words that may stand between a number and its noun ("20 trafficking offenders", "10 sex trafficking cases").
MODIFIERS = ("trafficking", "suspected", "potential", "sex", "human", "reported", "confirmed")
_NOUN_AFTER = re.compile(r"\s+((?:(?:" + "|".join(MODIFIERS) + r")\s+){0,2})([^\W\d_]+)", re.IGNORECASE)


def words_after(quote: str, numbers: list[re.Match]) -> list[str]:
    """For each of the numbers a quote prints (matches of one pattern over ``quote``, in order), its words: what
    stands after it up to the next of them (or the end of the quote), case-folded.

    Parameters
    ----------
    quote : str
    numbers : list of re.Match

    Returns
    -------
    list of str
    """
    ends = [number.start() for number in numbers[1:]] + [len(quote)]
    return [quote[number.end():end].casefold() for number, end in zip(numbers, ends)]


def nouns_after(quote: str, value: int) -> list[str]:
    """The word right after each place ``quote`` prints the whole number ``value`` ('92' or '1,074'), past at most
    two ``MODIFIERS``, case-folded.

    Parameters
    ----------
    quote : str
    value : int

    Returns
    -------
    list of str
    """
    digits = rf"{value:,}".replace(",", ",?")
    found = []
    for match in re.finditer(rf"(?<![\d,.]){digits}(?![\d]|[.,]\d)", quote):
        word = _NOUN_AFTER.match(quote, match.end())
        if word:
            found.append(word.group(2).casefold())
    return found


def unit_noun_problem(quote: str, value, unit: str) -> str | None:
    """A row in ``unit`` (cases or persons) whose quote prints its value only before a noun of the other unit.

    Parameters
    ----------
    quote : str
        The row's words.
    value : float or None
        Its value (only a whole number is read).
    unit : str
        Its unit.

    Returns
    -------
    str or None
    """
    if unit not in UNIT_NOUNS.values() or not isinstance(value, (int, float)) or value != value or value % 1:
        return None
    nouns = [n for n in nouns_after(quote, int(value)) if n in UNIT_NOUNS]
    if nouns and all(UNIT_NOUNS[n] != unit for n in nouns):
        return f"{int(value):,}, but its quote prints it as {int(value):,} {nouns[0]}, not {unit}"
    return None
