"""Numbers as the report prints them, and what a print says about the number behind it.

Pure: standard library only. ``NUMERAL`` and ``PERCENT_RE`` are how the report writes
digits ("1903", "14,000", and "14, 000" with a stray space after the comma) and percentages
("66%", "12.5 percent"); ``format_like_report`` prints a count that way; ``rounding_interval``
gives the values a printed number may have been rounded from (half a unit of its last printed
digit, or the shares nearer to a small fraction than to its neighbours). ``source.parse``
reads number phrases with them.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction

# ASCII digits only: \d would also accept other scripts' digits.
NUMERAL = r"(?:0|[1-9][0-9]{0,2}(?:, ?[0-9]{3})+|[1-9][0-9]*)"
PERCENT_RE = re.compile(rf"(?P<num>{NUMERAL}(?:\.[0-9]+)?)(?:%| %| percent| per cent)")


def format_like_report(n: int, *, stray_space: bool = False) -> str:
    """Print a non-negative integer as the report does: 14000 -> '14,000' or '14, 000'.

    Parameters
    ----------
    n : int
        A non-negative whole number.
    stray_space : bool, default False
        Print the space the report sometimes sets after a thousands comma.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When ``n`` is not a non-negative int.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"need a non-negative int, got {n!r}")
    text = f"{n:,}"
    return text.replace(",", ", ") if stray_space else text


def rounding_interval(printed: str, value: Fraction | float, kind: str) -> tuple[float, float] | None:
    """The values a printed number may have been rounded from, or None when its print implies none.

    - a percentage: half a unit of its last printed digit ("66%" -> 65.5%-66.5%);
    - a fraction n/d: the shares nearer to n/d than to any other fraction with a denominator of
      at most d + 1 ("one third" -> 7/24-5/12: a quarter or a half would have been said instead);
    - a round count (k trailing zeros, k >= 1): half of 10**k ("2,000" -> 1,500-2,500);
      a count printed to the unit implies no rounding (None).

    Parameters
    ----------
    printed : str
    value : Fraction or float
    kind : str

    Returns
    -------
    tuple of (float, float) or None
    """
    text = " ".join(str(printed).split()).lower()
    percent = PERCENT_RE.fullmatch(text)
    if kind == "share" and percent:
        decimals = len(percent["num"].partition(".")[2])
        half = Fraction(1, 2 * 100 * 10 ** decimals)
        return float(max(Fraction(0), Fraction(value) - half)), float(min(Fraction(1), Fraction(value) + half))
    if kind == "share":
        share = Fraction(value).limit_denominator(10**6)  # a float such as 1/3 back to its fraction
        return _fraction_interval(share) if share.denominator <= 12 else None  # "n/d" with a large d is precise
    number = int(value)
    if kind != "count" or number == 0 or number != value:
        return None
    zeros = len(str(number)) - len(str(number).rstrip("0"))
    if zeros == 0:
        return None
    half = 10 ** zeros // 2
    return float(number - half), float(number + half)


def _fraction_interval(share: Fraction) -> tuple[float, float]:
    """Midpoints to the neighbours of ``share`` among fractions with denominator <= its own + 1."""
    below = [Fraction(math.floor(share * q - Fraction(1, 10 * q * q)), q) for q in range(1, share.denominator + 2)]
    above = [Fraction(math.ceil(share * q + Fraction(1, 10 * q * q)), q) for q in range(1, share.denominator + 2)]
    low = (max(f for f in below if f < share) + share) / 2 if share > 0 else share
    high = (min(f for f in above if f > share) + share) / 2 if share < 1 else share
    return float(low), float(high)
