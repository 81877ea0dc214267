"""Regular expressions made from the inputs' own words, compiled once per process.

Many rules build a pattern from what they check: a number as a report prints it ('2,?750'), a name an origin
gives, a word a method is described by. Python's ``re`` functions compile such a pattern into a cache of the
``re`` module's own, whose size is its implementation's detail, and which other libraries change: NumPy's
``f2py``, imported by SciPy, sets it to 50 entries for the whole process (numpy/numpy#31104). A build then
compiled ~360 of its patterns again each time it ran in one process (the test suite, a notebook), ~0.1 s a
build. The functions here take the arguments of ``re``'s own and keep their compiled patterns in a cache of
their own (4,096 patterns, the least recently used dropped first).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

CACHED = 4096


@functools.lru_cache(maxsize=CACHED)
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, once per process for each pattern and flags.

    Parameters
    ----------
    pattern : str
        A regular expression.
    flags : int, default 0
        ``re`` flags.

    Returns
    -------
    re.Pattern
    """
    return re.compile(pattern, flags)


def search(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
    """``re.search``, the pattern compiled once (``compiled``)."""
    return compiled(pattern, flags).search(string)


def match(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
    """``re.match``, the pattern compiled once (``compiled``)."""
    return compiled(pattern, flags).match(string)


def fullmatch(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
    """``re.fullmatch``, the pattern compiled once (``compiled``)."""
    return compiled(pattern, flags).fullmatch(string)


def finditer(pattern: str, string: str, flags: int = 0) -> Iterator[re.Match[str]]:
    """``re.finditer``, the pattern compiled once (``compiled``)."""
    return compiled(pattern, flags).finditer(string)


def findall(pattern: str, string: str, flags: int = 0) -> list:
    """``re.findall``, the pattern compiled once (``compiled``)."""
    return compiled(pattern, flags).findall(string)


def split(pattern: str, string: str, maxsplit: int = 0, flags: int = 0) -> list[str]:
    """``re.split``, the pattern compiled once (``compiled``)."""
    return compiled(pattern, flags).split(string, maxsplit)


def sub(pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
    """``re.sub``, the pattern compiled once (``compiled``)."""
    return compiled(pattern, flags).sub(repl, string, count)
