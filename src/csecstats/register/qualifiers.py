"""A row's qualifier against the words its quote prints before its value (the phrase grammar's reading).

'over 400' is a lower bound and 'fewer than 50' an upper bound; 'about 2,000' is not exact, and a number
printed plainly ('Police rescued 345 trafficking victims in 2017 – up from 298 in 2016') is not approximate. A
curator who calls a hedged number exact, a plain one approximate, or a bound a plain count, is refused, naming
file, entry and field.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction

from ..inputs import patterns
from ..inputs.errors import brief
from .rules import printed_numbers

# 'up to' is left out of the second reading below: "the number was up to 20,000" also says it rose to it.
BOUND_WORDS = {"lower_bound": ("over", "more than", "at least", "in excess of"),
               "upper_bound": ("fewer than", "less than", "at most", "under")}
HEDGES = ("approximately", "about", "around", "some", "nearly", "almost", "roughly")


def qualifier_problem(quote: str, value: float | None, qualifier: str) -> str | None:
    """A lower or upper bound needs 'over'/'more than'/'at least'/'in excess of' or 'fewer than'/'less
    than'/'at most'/'under'/'up to' right before its value in the quote; a value the quote prints only after
    such words is that bound (or a range); one it prints only after 'about', 'approximately'... is not exact; and
    an approximate one is printed so somewhere: after such a word, in a sentence of an estimate ('estimated'),
    round to the thousand ('up to 20,000') or in words.
    A value the quote does not print (a midpoint, a sum) is ``rules.value_problem``'s business.

    Parameters
    ----------
    quote : str
        The row's own words.
    value : float or None
        Its value.
    qualifier : str
        Its qualifier (exact, approximate, lower_bound, upper_bound, range...).

    Returns
    -------
    str or None
        What is wrong, or None.
    """
    if value is None or value != value:
        return None
    before = words_before(quote, Fraction(value).limit_denominator(10**6))
    if not before:
        return None
    shown = f"{float(value):g}"
    for bound, words in BOUND_WORDS.items():
        said = words + (("up to",) if bound == "upper_bound" else ())
        if qualifier == bound and not any(b.endswith(w) for b in before for w in said):
            return (f"{bound}, but its quote prints {shown} without {', '.join(map(repr, said))} before it "
                    "(a count stated plainly is exact or approximate)")
        if qualifier not in (bound, "range") and all(any(b.endswith(w) for w in words) for b in before):
            return f"{qualifier}, but its quote prints {shown} as a {bound.replace('_', ' ')} ({brief(before[0][-30:])})"
    if qualifier == "exact" and all(any(b.endswith(w) for w in HEDGES) for b in before):
        return f"exact, but its quote hedges {shown} ({brief(before[0][-30:])}): approximate"
    if qualifier == "approximate" and not any(_rounded(quote, start, value) for start in _printings(quote, value)):
        return (f"approximate, but its quote prints {shown} plainly (after no {', '.join(map(repr, HEDGES[:3]))}..., "
                "in no estimate, neither round to the thousand nor in words): exact")
    return None


# A curator's words calling a row's number round ('A round 2,000 beside the unrounded 18,256', "officials' round
# number"): never 'round-the-clock' or 'year-round'.
ROUND = re.compile(r"(?<![\w-])round(?: number| figure|ed to| \d(?:[\d,.]*\d)?)", re.IGNORECASE)


def round_word_problem(said: str, qualifier: str) -> str | None:
    """A row whose caveat or note calls its number round (``ROUND``) is approximate, never exact: the embassy's
    'round 2,000' sex-trafficking victims, or the officials' 'up to 20,000' of 1992, called exact is refused.

    Parameters
    ----------
    said : str
        The curator's words of the row (its caveat and note).
    qualifier : str
        Its qualifier.

    Returns
    -------
    str or None
        What is wrong, or None.
    """
    found = ROUND.search(" ".join(str(said).split())) if qualifier == "exact" else None
    return f"exact, but its caveat or note calls its number round ({brief(found.group(0))}): approximate" if found else None


def _printings(quote: str, value: float) -> list[int]:
    """Where the quote prints ``value``."""
    target = Fraction(value).limit_denominator(10**6)
    return [start for start, numbers in printed_numbers(quote) if target in numbers]


def _rounded(quote: str, start: int, value: float) -> bool:
    """Whether the number printed at ``start`` is worded as approximate: hedged ('about 6,000'), in an estimate
    ('he estimated that the total ... was 18,256'), round to the thousand ('up to 20,000') or in words."""
    sentence = patterns.split(r"[.!?]\s", " ".join(quote[:start].casefold().split()))[-1]
    return (any(sentence.endswith(w) for w in HEDGES) or "estimat" in sentence or quote[start].isalpha()
            or value % 1000 == 0 and value != 0)


def words_before(quote: str, target: Fraction) -> list[str]:
    """The words before each place the quote prints ``target``, case-folded, spaces collapsed.

    Parameters
    ----------
    quote : str
    target : Fraction

    Returns
    -------
    list of str
    """
    return [" ".join(quote[:start].casefold().split()) for start, numbers in printed_numbers(quote)
            if target in numbers]


def tolerance_words_problem(tolerance: float | None, reason: str | None) -> str | None:
    """A tolerance is what its reason says: the limit it prints ('more than 2% apart ... disagree'), or else a
    percentage it prints; no larger than any difference it calls a disagreement ('7% apart'), no smaller than one
    it calls a revision of one count ('differ by 1.7%').

    Parameters
    ----------
    tolerance : float or None
        The declared tolerance (a share).
    reason : str or None
        Its ``tolerance_reason``.

    Returns
    -------
    str or None
    """
    if tolerance is None or not isinstance(reason, str):
        return None
    share = lambda text: float(text) / 100  # noqa: E731
    limit = [share(p) for p in patterns.findall(r"more than (\d+(?:\.\d+)?)% apart", reason)]
    printed = [share(p) for p in patterns.findall(r"(\d+(?:\.\d+)?)%", reason)]
    apart = [share(p) for p in patterns.findall(r"(?<!more than )(?<!\d)(\d+(?:\.\d+)?)% apart", reason)]
    within = [share(p) for p in patterns.findall(r"differ by (\d+(?:\.\d+)?)%", reason)]
    if not any(math.isclose(tolerance, p) for p in limit or printed):
        return f"{tolerance:g}, but its reason prints {', '.join(f'{p:.1%}' for p in limit or printed) or 'no share'}"
    if any(tolerance >= a for a in apart) or any(tolerance < w for w in within):
        return (f"{tolerance:g}, but its reason calls accounts {', '.join(f'{a:.1%}' for a in apart)} apart "
                f"disagreeing and {', '.join(f'{w:.1%}' for w in within)} apart one count")
    return None
