"""What a number counts, by the noun printed right after it: '92 cases' are cases, '244 victims' are persons.

A curator who gives a row of victims rescued the number of cases its quote prints beside them ("The 92 cases
saved 244 victims") is refused on the row's value, naming file, entry and field. Only the first word after a
printed number is read, past at most two of ``MODIFIERS`` ("20 trafficking offenders", "10 sex trafficking
cases"), and only the nouns of ``UNIT_NOUNS``. ``words_after`` gives the words after each number of a quote up to
the next, which the TIP and population rules read. A number printed bare (no noun after it: "10 for sex
trafficking", "at least 100 in 2016") counts what its sentence last names (``counted_among``: "18 cases led to
convictions, 10 for sex trafficking and eight for labor trafficking" prints eight cases). ``named_after_problem``: the words right after a row's number
that name another indicator of its table, where nothing up to the next number names its own ('18,256 sex workers'
is never a count of trafficking victims).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..inputs import patterns
from ..inputs.errors import brief
from ..source.parse import CARDINALS
from .subjects import indicator_problem

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
    for match in patterns.finditer(rf"(?<![\d,.]){digits}(?![\d]|[.,]\d)", quote):
        word = _NOUN_AFTER.match(quote, match.end())
        if word:
            found.append(word.group(2).casefold())
    return found


UNSTATED = ("not stated", "noun_unstated")  # the units of a row whose words name no unit


def unit_noun_problem(quote: str, value, unit: str) -> str | None:
    """A row in ``unit`` (cases or persons) whose quote prints its value only before a noun of the other unit, or
    one whose unit is not stated (``UNSTATED``) though its quote prints its value before a noun of a unit; a value
    printed after no noun is read by the noun its sentence last names (``counted_among``), named on the unit.

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
    if unit not in (*UNIT_NOUNS.values(), *UNSTATED) or not isinstance(value, (int, float)) or value != value \
            or value % 1:
        return None
    nouns = [n for n in nouns_after(quote, int(value)) if n in UNIT_NOUNS]
    if nouns and unit in UNSTATED:  # a unit its words state is never 'not stated'
        return f"{unit}, but its quote prints it as {int(value):,} {nouns[0]}: {UNIT_NOUNS[nouns[0]]}"
    if nouns and all(UNIT_NOUNS[n] != unit for n in nouns):
        return f"{int(value):,}, but its quote prints it as {int(value):,} {nouns[0]}, not {unit}"
    counted = [] if nouns else counted_among(quote, int(value))
    if counted and (unit in UNSTATED or all(UNIT_NOUNS[n] != unit for n, _ in counted)):
        noun, words = counted[0]
        return (f"{unit}, but its quote counts {int(value):,} among the {noun} its sentence names before it "
                f"({brief(' '.join(words.split()), 70)}): {UNIT_NOUNS[noun]}")
    return None


# A number printed bare: no noun after it, only a year, a part ('for sex trafficking') or the sentence's end.
_BARE = re.compile(r"\s*(?:$|[,.;:)\u2014\u2013-]|(?:in|for|to|and|of|from|during|between)\b)", re.IGNORECASE)
NUMBER_WORDS = {word: n for word, n in CARDINALS.items() if n <= 12}  # zero to twelve
_COUNT = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d]|[.,]\d)|\b(?:" + "|".join(NUMBER_WORDS) + r")\b",
                    re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]?\s+")


def counted_among(quote: str, value: int) -> list[tuple[str, str]]:
    """For each place ``quote`` prints ``value`` bare (digits or a number word with no noun after it: "10 for sex
    trafficking", "at least 100 in 2016"), the count noun its sentence last names before it, when that is a noun of
    ``UNIT_NOUNS``: the noun after an earlier number ("18 cases led to convictions, 10 for sex trafficking and eight
    for labor trafficking": 10 and eight are cases) or a noun standing alone ("a mounting number of traffickers
    convicted, from 43 in 2015 to at least 100 in 2016": traffickers). A year, or an earlier number printed bare, is
    passed over; an earlier number's other noun ('203 arrests ... up from 113') names none.

    Parameters
    ----------
    quote : str
    value : int

    Returns
    -------
    list of (str, str)
        The noun, and the words from it up to and including the printing.
    """
    found = []
    for match in _COUNT.finditer(quote):
        if printed_number(match.group()) != value or not _BARE.match(quote, match.end()):
            continue
        start = max([m.end() for m in _SENTENCE_END.finditer(quote, 0, match.start())], default=0)
        at, noun = _last_noun(quote, start, match.start())
        if noun in UNIT_NOUNS:
            found.append((noun, quote[at:match.end()]))
    return found


def printed_number(text: str) -> int:
    """The whole number a printing of one gives: digits with or without thousands commas, or a number word
    (``NUMBER_WORDS``: 'eight')."""
    folded = text.casefold()
    return NUMBER_WORDS[folded] if folded in NUMBER_WORDS else int(folded.replace(",", ""))


def _last_noun(quote: str, start: int, end: int) -> tuple[int, str | None]:
    """The last count noun of ``quote[start:end]``: a noun of ``UNIT_NOUNS`` standing there, or the noun after a
    number printed there (past its ``MODIFIERS``), whichever comes last, with where it stands; years and bare
    numbers name none."""
    slots = [(m.start(), m.group().casefold()) for m in patterns.finditer(r"[^\W\d_]+", quote[:end])
             if m.start() >= start and m.group().casefold() in UNIT_NOUNS]
    for number in _COUNT.finditer(quote, start, end):
        if patterns.fullmatch(r"(?:19|20)\d\d", number.group()) or _BARE.match(quote, number.end()):
            continue
        word = _NOUN_AFTER.match(quote, number.end())
        if word and word.end() <= end:
            slots.append((word.start(2), word.group(2).casefold()))
    return max(slots) if slots else (start, None)


NAMING_WORDS = 3  # the words right after a number that say what it counts ('18,256 sex workers (all venues)')
_PRINTED = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:, ?\d{3})+|\d+(?:\.\d+)?)(?!\d)(\s?%| percent| per cent)?")


def named_after_problem(indicator: str, quote: str, value, named_by: Mapping[str, Sequence[str] | None]) -> str | None:
    """A row whose quote prints its value right before words naming another indicator of its table (its first
    ``NAMING_WORDS`` words: '18,256 sex workers (all'), while nothing it prints after the value up to the next
    number names its own (``register.subjects``); a value printed twice needs one printing that holds.

    Parameters
    ----------
    indicator : str
        The row's indicator.
    quote : str
        Its quote.
    value : float or None
        Its value (a share is also read as the percentage its quote prints).
    named_by : mapping of str to sequence of str or None
        Every indicator of the table, with the phrases naming it (None: the words of its name).

    Returns
    -------
    str or None
    """
    if indicator not in named_by or not isinstance(value, (int, float)) or value != value:
        return None
    matches = list(_PRINTED.finditer(quote))
    printings = [after for m, after in zip(matches, words_after(quote, matches))
                 if abs(float(m.group(0)[: m.start(1) - m.start(0) if m.group(1) else None].replace(",", "")
                              .replace(" ", "")) / (100 if m.group(1) else 1) - value) < 1e-9]
    wrong = []
    for after in printings:
        window = " ".join(patterns.findall(r"[^\s()]+", after)[:NAMING_WORDS])
        others = [k for k in named_by if k != indicator and indicator_problem(k, window, named_by[k]) is None]
        if not others or indicator_problem(indicator, after, named_by[indicator]) is None:
            return None
        wrong.append((after, others[0]))
    if not wrong:
        return None
    return (f"{indicator}, but its quote prints {value:g} as {brief(' '.join(wrong[0][0].split()), 40)}: "
            f"{wrong[0][1]}, not {indicator}")
